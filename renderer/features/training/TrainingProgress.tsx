import { useState } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import type { TrainingProgress as Progress } from '../../../core/api/contract/training';
import type { PathProgress, TrainingPath } from '../../../core/rules/training/paths';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { formatTime } from '../../components/format';
import { useAccess, useMe } from '../../components/useAccess';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';

const PATH_TITLE: Record<TrainingPath, string> = { interviewer: 'Interviewer path', bar_raiser: 'Bar-raiser path' };

type Action = { path: TrainingPath; kind: 'certify' | 'revoke' };

/** A member's place on both training paths, with Certify and Revoke for whoever may; shown on their Team record. */
export function TrainingProgress({ memberId }: { memberId: string }) {
  const progress = useApiQuery('training.progress', { memberId });
  const [action, setAction] = useState<Action | null>(null);
  const data = progress.data;
  if (!data) return <p>{progress.error ? progress.error.message : 'Loading training…'}</p>;
  return (
    <section className="training-paths" aria-labelledby="training-paths-title">
      <h3 id="training-paths-title">Training paths</h3>
      <p className="field-hint">Every count comes from loops that have started; certifications are recorded decisions.</p>
      <CoachingLine memberId={memberId} />
      <PathCard progress={data.interviewer} data={data} onAction={setAction} action={action} onDone={() => setAction(null)} />
      <PathCard progress={data.barRaiser} data={data} onAction={setAction} action={action} onDone={() => setAction(null)} />
      {data.history.length > 0 && (
        <>
          <h4>Certification history</h4>
          <ol className="certification-history">
            {data.history.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{formatTime(e.at)}</time> {e.actorName}{' '}
                {e.kind === 'sign' ? 'signed off' : 'revoked'} ({PATH_TITLE[e.path].toLowerCase()}): {e.reason}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** How much of the trainee's training feedback a coach has reviewed; nothing until they have written any. */
function CoachingLine({ memberId }: { memberId: string }) {
  const coaching = useApiQuery('coaching.progress', { memberId }).data;
  if (!coaching || coaching.trainingSessions === 0) return null;
  const { trainingSessions: n, reviewedSessions: reviewed } = coaching;
  return (
    <p className="coaching-progress">
      Coaching: {reviewed} of {n} training session{n === 1 ? '' : 's'} reviewed by a coach
      {reviewed < n ? `; ${n - reviewed} still waiting for notes` : ''}.
    </p>
  );
}

/** Who has signed the bar-raiser path since its latest revocation (the history is newest first). */
function liveSigners(data: Progress): string[] {
  const events = data.history.filter((e) => e.path === 'bar_raiser');
  const revoked = events.findIndex((e) => e.kind === 'revoke');
  return (revoked === -1 ? events : events.slice(0, revoked)).filter((e) => e.kind === 'sign').map((e) => e.actorId);
}

function PathCard({
  progress,
  data,
  action,
  onAction,
  onDone,
}: {
  progress: PathProgress;
  data: Progress;
  action: Action | null;
  onAction(a: Action): void;
  onDone(): void;
}) {
  const { may } = useAccess();
  const me = useMe();
  const path = progress.path;
  const isSelf = me?.id === data.memberId;
  const caps = me?.capabilities ?? [];
  const signedAlready = path === 'bar_raiser' && me !== null && liveSigners(data).includes(me.id);
  const qualified = path === 'interviewer' ? caps.includes('interviewer') || caps.includes('bar_raiser') : caps.includes('bar_raiser') || caps.includes('founder');
  const canCertify = progress.readyToCertify && may('training.certify') && !isSelf && qualified && !signedAlready;
  const done = progress.stage === 'trained' || progress.stage === 'certified';
  const hasSignOffs = path === 'bar_raiser' && data.barRaiser.signedBy.length > 0;
  const canRevoke = may('training.revoke') && (done || hasSignOffs);
  const open = action?.path === path ? action : null;
  return (
    <div className="path-card" aria-label={PATH_TITLE[path]} role="group">
      <h4>
        {PATH_TITLE[path]}: <span className="path-stage">{progress.stageLabel}</span>
      </h4>
      <ul className="path-steps">
        {progress.steps.map((s) => (
          <li key={s.id} className={s.done ? 'done' : ''}>
            {s.label}: {s.have} of {s.need}
            {s.done ? ' ✓' : ''}
          </li>
        ))}
      </ul>
      {path === 'bar_raiser' && data.barRaiser.signedBy.length > 0 && progress.stage !== 'certified' && (
        <p>Signed off by {data.barRaiser.signedBy.join(' and ')}.</p>
      )}
      {progress.needs.length > 0 && <p className="path-needs">Still needs: {progress.needs.join('; ')}.</p>}
      {!open && (canCertify || canRevoke) && (
        <div className="actions">
          {canCertify && (
            <button type="button" onClick={() => onAction({ path, kind: 'certify' })}>
              {path === 'bar_raiser' ? 'Sign off as bar raiser' : 'Certify as interviewer'}
            </button>
          )}
          {canRevoke && (
            <button type="button" className="quiet" onClick={() => onAction({ path, kind: 'revoke' })}>
              {done ? 'Revoke certification' : 'Revoke sign-offs'}
            </button>
          )}
        </div>
      )}
      {open && <ReasonForm memberId={data.memberId} name={data.name} action={open} onDone={onDone} />}
    </div>
  );
}

function ReasonForm({ memberId, name, action, onDone }: { memberId: string; name: string; action: Action; onDone(): void }) {
  const certify = useApiMutation('training.certify');
  const revoke = useApiMutation('training.revoke');
  const notify = useApp((s) => s.notify);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const certifying = action.kind === 'certify';
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError('Reason is required');
    setSaving(true);
    const result = await (certifying ? certify : revoke)({ memberId, path: action.path, reason });
    setSaving(false);
    if (!result.ok) return setError(result.error.issues?.[0]?.message ?? result.error.message);
    notify('info', certifying ? `Signed ${name} off` : `Revoked ${name}'s ${action.path === 'interviewer' ? 'interviewer' : 'bar-raiser'} certification`);
    onDone();
  };
  return (
    <form className="early-box" aria-label={certifying ? `Certify ${name}` : `Revoke ${name}'s certification`} onSubmit={(e) => void submit(e)}>
      <Field
        label={certifying ? 'Why you sign them off' : 'Reason for revoking'}
        value={reason}
        onChange={(v) => {
          setReason(v);
          setError(undefined);
        }}
        multiline
        rows={2}
        max={LIMITS.reason}
        autoFocus
        hint="Recorded with your name and today's date, and in the activity log."
      />
      <FormError message={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {certifying ? 'Confirm sign-off' : 'Confirm revoking'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
