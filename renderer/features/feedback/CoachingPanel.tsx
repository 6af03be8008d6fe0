import { useState } from 'react';
import type { CoachingSessionSummary, CoachingState } from '../../../core/api/contract/coaching';
import { EVIDENCE_RULES } from '../../../core/rules/evidenceLinter';
import { fieldErrorsFromApi, type FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { formatTime } from '../../components/format';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { FeedbackReadout } from './FeedbackReadout';

const STATE_WORDS: Record<CoachingState, string> = {
  'awaiting-trainee': 'Waiting for the trainee’s write-up',
  'awaiting-panel': 'Waiting for the panel’s feedback',
  ready: 'Ready for coaching',
  reviewed: 'Reviewed',
};

const ruleTitle = (id: string) => EVIDENCE_RULES.find((r) => r.id === id)?.title ?? id;

/** Training sessions in this loop that "me" takes part in: the coach's review, the trainee's notes. */
export function CoachingPanel({ loopId, principleName, nameOf }: { loopId: string; principleName(id: string): string; nameOf(id: string): string }) {
  const sessions = useApiQuery('coaching.forLoop', { loopId }).data ?? [];
  if (sessions.length === 0) return null;
  return (
    <section className="coaching" aria-label="Coaching">
      <h3>Coaching</h3>
      {sessions.map((s) => (
        <CoachingSessionView key={s.traineeId} summary={s} principleName={principleName} nameOf={nameOf} />
      ))}
    </section>
  );
}

function CoachingSessionView({
  summary,
  principleName,
  nameOf,
}: {
  summary: CoachingSessionSummary;
  principleName(id: string): string;
  nameOf(id: string): string;
}) {
  const { notify } = useApp();
  const session = useApiQuery('coaching.session', { loopId: summary.loopId, traineeId: summary.traineeId }).data;
  const leaveNote = useApiMutation('coaching.note');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const part = summary.part === 'reverse_shadow' ? `reverse shadow in ${summary.slotTitle ?? 'an interview'}` : 'shadow';
  const heading = summary.viewerIs === 'coach' ? `${summary.traineeName} (${part})` : `Your coaching (${part}) from ${summary.coachName ?? 'no coach yet'}`;

  async function send() {
    setBusy(true);
    const result = await leaveNote({ loopId: summary.loopId, traineeId: summary.traineeId, note });
    setBusy(false);
    if (!result.ok) {
      setErrors(fieldErrorsFromApi(result.error));
      notify('error', result.error.message);
      return;
    }
    setErrors({});
    setNote('');
    notify('info', 'Coaching note saved');
  }

  return (
    <article className="coaching-session" aria-label={`Coaching: ${summary.traineeName}`}>
      <h4>{heading}</h4>
      <p>
        <span className="badge">{STATE_WORDS[summary.state]}</span>
      </p>
      {session?.writeUp && summary.viewerIs === 'coach' && (
        <div className="coaching-compare">
          <div>
            <FeedbackReadout record={session.writeUp} title={`${summary.traineeName}’s write-up (training)`} headingLevel={4} principleName={principleName} />
            <h5>Evidence linter</h5>
            {session.findings.every((f) => f.findings.length === 0) ? (
              <p>No findings.</p>
            ) : (
              <ul className="coaching-findings" aria-label="Evidence linter findings">
                {session.findings.flatMap((f) =>
                  f.findings.map((x, i) => (
                    <li key={`${f.principleId}-${i}`}>
                      {principleName(f.principleId)}: {ruleTitle(x.rule)} — {x.message}
                    </li>
                  )),
                )}
              </ul>
            )}
          </div>
          <section aria-label="The panel">
            <h5>The panel</h5>
            {session.panel.length === 0 && <p className="empty">No panel feedback to read yet.</p>}
            {session.panel.map((r) => (
              <FeedbackReadout key={r.id} record={r} title={nameOf(r.authorId)} headingLevel={4} principleName={principleName} />
            ))}
          </section>
        </div>
      )}
      <h5>Coaching notes</h5>
      {(session?.coachingNotes.length ?? 0) === 0 ? (
        <p className="empty">No coaching notes yet.</p>
      ) : (
        <ul className="coaching-notes">
          {session?.coachingNotes.map((n) => (
            <li key={n.id}>
              <p className="coaching-note">{n.note}</p>
              <small>
                {n.coachName}, {formatTime(n.createdAt)}
              </small>
            </li>
          ))}
        </ul>
      )}
      {session?.mayNote && (
        <div className="coaching-form">
          <Field label={`Coaching note for ${summary.traineeName}`} value={note} onChange={setNote} error={errors.note} multiline rows={3} />
          <button type="button" className="primary" disabled={busy || note.trim() === ''} onClick={() => void send()}>
            Save coaching note
          </button>
        </div>
      )}
    </article>
  );
}
