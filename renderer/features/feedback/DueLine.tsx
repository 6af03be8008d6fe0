import { useEffect, useState } from 'react';
import type { LoopStatus } from '../../../core/api/contract/loops';
import { feedbackSettled, feedbackState } from '../../../core/rules/feedbackDue';
import { formatTime } from '../../components/format';
import { useApp } from '../../stores/app';

/** The current time, refreshed every `everyMs`, for due and overdue states. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** When my feedback is due, or was submitted, against the loop's state: owed, overdue, not due yet. */
export function DueLine({ loopStatus, dueAt, submittedAt }: { loopStatus: LoopStatus | null; dueAt: string | null; submittedAt: string | null }) {
  const now = useNow();
  const dueHours = useApp((s) => s.settings?.feedbackDueHours ?? 24);
  if (submittedAt) {
    const late = dueAt !== null && submittedAt > dueAt;
    return (
      <p className="due-line">
        Submitted {formatTime(submittedAt)}
        {dueAt ? (late ? ` · after it was due (${formatTime(dueAt)})` : ` · due ${formatTime(dueAt)}`) : ''}
      </p>
    );
  }
  // After the decision nothing is owed; the notice below says why the form is closed.
  if (loopStatus === null || feedbackSettled(loopStatus)) return null;
  if (!dueAt) return <p className="due-line">The interview is not scheduled yet, so there is no due time.</p>;
  const state = feedbackState({ submitted: false, dueAt, now: new Date(now).toISOString(), dueHours, loopStatus });
  if (state === 'overdue') {
    return (
      <p className="due-line overdue">
        <span className="badge badge-overdue">Overdue</span> Was due {formatTime(dueAt)}
      </p>
    );
  }
  return (
    <p className="due-line">
      {state === 'not-due-yet' ? <span className="badge">Not due yet</span> : <span className="badge badge-owed">Owed</span>} Due{' '}
      {formatTime(dueAt)}
    </p>
  );
}
