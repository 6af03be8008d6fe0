import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useEffect, useState } from 'react';
import type { FeedbackList, FeedbackRecord, FeedbackState } from '../../../core/api/contract/feedback';
import type { Loop } from '../../../core/api/contract/loops';
import { fieldErrorsFromApi, type FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { formatTime } from '../../components/format';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { api } from '../../api/transport';
import { useApp } from '../../stores/app';
import { usePrinciples } from '../../stores/principles';
import { useTeam } from '../../stores/team';
import { CoachingPanel } from './CoachingPanel';
import { FeedbackReadout, versionLabel } from './FeedbackReadout';

export const STATE_LABELS: Record<FeedbackState, string> = {
  submitted: 'Submitted',
  owed: 'Owed',
  overdue: 'Overdue',
  'not-due-yet': 'Not due yet',
  'not-needed': 'Not needed',
};

/** The loop's feedback: who owes what, the way to my own form, the debrief's door and, when allowed, the feedback itself. */
export function LoopFeedback({ loop }: { loop: Loop }) {
  const { go, notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const members = useTeam((s) => s.members);
  const principles = usePrinciples((s) => s.all);
  const status = useApiQuery('feedback.status', { loopId: loop.id });
  const people = status.data ?? null;
  const recordView = useApiMutation('feedback.recordView');
  const openDebrief = useApiMutation('debrief.open');
  const [list, setList] = useState<FeedbackList | null>(null);
  const [reading, setReading] = useState(false);
  const [earlyOpen, setEarlyOpen] = useState(false);
  const [earlyReason, setEarlyReason] = useState('');
  const [adminOpen, setAdminOpen] = useState(false);
  const [adminReason, setAdminReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (status.error) notify('error', status.error.message);
  }, [status.error, notify]);

  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? 'Unknown';
  const principleName = (id: string) => principles.find((p) => p.id === id)?.name ?? 'Archived principle';
  const interviewers = people?.filter((p) => p.part === 'interviewer') ?? [];
  const submitted = interviewers.filter((p) => p.state === 'submitted').length;
  const allIn = interviewers.length > 0 && submitted === interviewers.length;
  const mine = people?.find((p) => p.memberId === me);
  const isBarRaiser = me !== null && me === loop.barRaiserId;
  const isAdmin = members.find((m) => m.id === me)?.capabilities.includes('admin') ?? false;
  const debriefOpen = loop.status !== 'interviewing';

  async function read(earlyAccessReason = '') {
    setBusy(true);
    // The viewing is recorded first (an early look must be on file before the read shows anything early).
    const recorded = await recordView({ loopId: loop.id, earlyAccessReason });
    const r = recorded.ok ? await api.call('feedback.list', { loopId: loop.id, earlyAccessReason }) : recorded;
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsFromApi(r.error));
      notify('error', r.error.message);
      return;
    }
    setErrors({});
    setList(r.value);
    if (r.value.visibility === 'full') setAdminOpen(false);
  }

  async function openEarly() {
    if (!earlyReason.trim()) {
      setErrors({ earlyReason: 'Say why the debrief starts before all feedback is in.' });
      return;
    }
    setBusy(true);
    const r = await openDebrief({ loopId: loop.id, earlyReason });
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsFromApi(r.error));
      if (!r.error.issues?.length) notify('error', r.error.message);
      return;
    }
    go(to.debrief(loop.id));
  }

  return (
    <section className="loop-feedback" aria-labelledby="loop-feedback-title">
      <h2 id="loop-feedback-title">Feedback</h2>
      {people === null ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <>
          <p className="feedback-count">
            <strong>
              {submitted} of {interviewers.length} submitted
            </strong>
            {allIn ? ' — all feedback is in.' : ''}
          </p>
          <table className="grid feedback-status" aria-label="Feedback status">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Part</th>
                <th scope="col">State</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={`${p.part}-${p.memberId}`}>
                  <th scope="row">{p.name}</th>
                  <td>{p.part === 'shadow' ? 'Shadow (training)' : p.part === 'trainee' ? `${p.slotTitle ?? 'Interview'} (reverse shadow, training)` : (p.slotTitle ?? 'Interviewer')}</td>
                  <td>
                    <span className={`badge badge-fb-${p.state}`}>{STATE_LABELS[p.state]}</span>
                  </td>
                  <td className={p.state === 'overdue' ? 'overdue' : undefined}>{p.dueAt ? formatTime(p.dueAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <div className="actions">
        {mine && mine.state !== 'not-needed' && (
          <Link
            to={to.feedback(loop.id)}
            className={mine.state === 'submitted' ? 'button' : 'primary'}
          >
            {mine.state === 'submitted' ? 'Open my feedback' : 'Write my feedback'}
          </Link>
        )}
        {(debriefOpen || allIn) && (
          <Link to={to.debrief(loop.id)} className={allIn && !debriefOpen ? 'primary' : 'button'}>
            Open debrief
          </Link>
        )}
        {isBarRaiser && !debriefOpen && people !== null && !allIn && !earlyOpen && (
          <button type="button" onClick={() => setEarlyOpen(true)}>
            Open the debrief early…
          </button>
        )}
      </div>
      {earlyOpen && (
        <div className="early-box">
          <Field
            label="Why open the debrief early?"
            value={earlyReason}
            onChange={(v) => {
              setEarlyReason(v);
              setErrors({});
            }}
            error={errors.earlyReason}
            multiline
            rows={2}
            hint={`Feedback is missing from ${interviewers.length - submitted} of ${interviewers.length} interviewers. The reason is kept in the activity log and shown in the debrief.`}
          />
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void openEarly()}>
              Open the debrief early
            </button>
            <button type="button" onClick={() => setEarlyOpen(false)}>
              Not yet
            </button>
          </div>
        </div>
      )}

      <div className="read-feedback">
        <button
          type="button"
          aria-expanded={reading}
          onClick={() => {
            const next = !reading;
            setReading(next);
            if (next) void read();
          }}
        >
          {reading ? 'Hide the feedback' : 'Read the feedback'}
        </button>
        {reading && list && (
          <div className="feedback-reading" role="region" aria-label="Submitted feedback">
            {list.visibility === 'counts' ? (
              <>
                <p>{list.reason}</p>
                <p>
                  <strong>
                    {list.submitted} of {list.expected} submitted
                  </strong>
                </p>
                {isAdmin &&
                  (adminOpen ? (
                    <div className="early-box">
                      <Field
                        label="Reason for reading early"
                        value={adminReason}
                        onChange={(v) => {
                          setAdminReason(v);
                          setErrors({});
                        }}
                        error={errors.earlyAccessReason}
                        multiline
                        rows={2}
                        hint="You have not submitted your own feedback. Reading early is logged with this reason, and the debrief will flag feedback written after reading others'."
                      />
                      <div className="actions">
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() =>
                            adminReason.trim()
                              ? void read(adminReason)
                              : setErrors({ earlyAccessReason: 'Say why you need to read the feedback before submitting your own.' })
                          }
                        >
                          Read the feedback early
                        </button>
                        <button type="button" onClick={() => setAdminOpen(false)}>
                          Cancel
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button type="button" onClick={() => setAdminOpen(true)}>
                      Read early (admin)
                    </button>
                  ))}
              </>
            ) : (
              <>
                <p className="muted">
                  {list.reason} {list.submitted} of {list.expected} submitted.
                </p>
                {list.items.length === 0 && <p className="empty">No feedback submitted yet.</p>}
                {list.items.map((f) => (
                  <AuthorFeedback key={f.id} record={f} history={list.history} nameOf={nameOf} principleName={principleName} />
                ))}
                {list.training.length > 0 && (
                  <section className="training-feedback" aria-labelledby="training-title">
                    <h3 id="training-title">Training feedback (does not count)</h3>
                    {list.training.map((f) => (
                      <AuthorFeedback key={f.id} record={f} history={[]} nameOf={nameOf} principleName={principleName} />
                    ))}
                  </section>
                )}
              </>
            )}
          </div>
        )}
      </div>
      <CoachingPanel loopId={loop.id} principleName={principleName} nameOf={nameOf} />
    </section>
  );
}

function AuthorFeedback({
  record,
  history,
  nameOf,
  principleName,
}: {
  record: FeedbackRecord;
  history: FeedbackRecord[];
  nameOf(id: string): string;
  principleName(id: string): string;
}) {
  const earlier = history.filter((h) => h.authorId === record.authorId && h.kind === record.kind).sort((a, b) => b.version - a.version);
  return (
    <div className="author-feedback">
      <FeedbackReadout
        record={record}
        title={`${nameOf(record.authorId)}${record.kind === 'training' ? ' (training)' : ''}`}
        headingLevel={4}
        principleName={principleName}
      />
      {earlier.map((h) => (
        <details key={h.id} className="earlier-version">
          <summary>
            {nameOf(record.authorId)}: {versionLabel(h)}
          </summary>
          <FeedbackReadout record={h} title={versionLabel(h)} headingLevel={4} principleName={principleName} />
        </details>
      ))}
    </div>
  );
}
