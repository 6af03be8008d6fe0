import { useState } from 'react';
import type { Debrief } from '../../../core/api/contract/feedback';
import type { Loop } from '../../../core/api/contract/loops';
import { VOTE_LABELS } from '../../../core/rules/feedbackTypes';
import { useMay } from '../../components/useAccess';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

/**
 * On a decided loop's debrief, bar raisers, founders and admins turn one interviewer's write-up into a
 * calibration-practice write-up (issue 13 item 4). The server removes the candidate; the button says so.
 */
export function AddToPractice({ loop, debrief, nameOf }: { loop: Loop; debrief: Debrief; nameOf(id: string): string }) {
  const may = useMay();
  const add = useApiMutation('practice.fromLoop');
  const notify = useApp((s) => s.notify);
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const decided = (loop.status === 'decided' || loop.status === 'closed') && debrief.decision !== null;
  if (!decided || !may('practice.fromLoop')) return null;
  const writeUps = debrief.feedback.filter((f) => f.kind === 'interview' && f.status === 'submitted' && f.vote !== null);
  if (writeUps.length === 0) return null;

  async function addOne(feedbackId: string, author: string) {
    setBusy(feedbackId);
    const r = await add({ loopId: loop.id, feedbackId });
    setBusy(null);
    // Already in the library is what the button would have achieved: mark it added rather than fail.
    if (r.ok || r.error.code === 'CONFLICT') setAdded((s) => new Set(s).add(feedbackId));
    if (r.ok) notify('info', `Added ${author}’s write-up to the practice library, without the candidate`);
    else notify(r.error.code === 'CONFLICT' ? 'info' : 'error', r.error.message);
  }

  return (
    <section className="add-to-practice no-print" aria-labelledby="add-to-practice-title">
      <h2 id="add-to-practice-title">Add to practice</h2>
      <p className="muted">
        A write-up in the calibration-practice library lets trainees rate the same evidence blind, then compare with the panel and the decision. The
        candidate’s name, email, phone and links are removed; the loop, the interviewers and the dates are never shown.
      </p>
      <ul className="plain">
        {writeUps.map((f) => {
          const author = nameOf(f.authorId);
          const done = added.has(f.id);
          return (
            <li key={f.id}>
              {author} ({f.vote ? VOTE_LABELS[f.vote] : 'no vote'}){' '}
              {done ? (
                <span className="badge">In the practice library</span>
              ) : (
                <button type="button" disabled={busy !== null} onClick={() => void addOne(f.id, author)}>
                  Add {author}’s write-up to practice
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
