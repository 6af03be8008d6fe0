import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useEffect } from 'react';
import { RATING_LABELS, RATING_LEVELS } from '../../../core/api/contract/principles';
import { api } from '../../api/transport';
import { download } from '../../components/download';
import { formatTime } from '../../components/format';
import { Loading } from '../../data/QueryState';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { useAccess } from '../../components/useAccess';
import { CandidateName } from '../../components/candidateName';

export function KitView({ loopId, slotId }: { loopId: string; slotId: string }) {
  const { notify, settings } = useApp();
  const { may, why } = useAccess();
  const me = settings?.me ?? null;
  // What "me" owes: only open, unsubmitted feedback is listed there, so a link from it never leads to a closed form.
  const owed = useApiQuery('feedback.owed', undefined, { enabled: me !== null }).data ?? [];
  const hiringManagerId = useApiQuery('loops.get', { id: loopId }).data?.loop.hiringManagerId ?? null;
  const kits = useApiQuery('kits.get', { loopId, slotId });
  const swapQuestion = useApiMutation('kits.swap');
  useEffect(() => {
    if (kits.error) notify('error', kits.error.message);
  }, [kits.error, notify]);
  const kit = kits.data?.[0] ?? null;

  async function swap(principleId: string, questionId: string) {
    const r = await swapQuestion({ loopId, slotId, principleId, questionId });
    if (!r.ok) notify('error', r.error.message);
  }

  async function exportPdf() {
    const r = await api.call('kits.pdf', { loopId, slotId });
    if (r.ok) download(r.value.fileName, r.value.base64);
    else notify('error', r.error.message);
  }

  if (!kit) return <Loading />;
  // An interviewer swaps in their own slot only: the loop as this kit sees it names just this slot's interviewer.
  const slotLoop = { hiringManagerId, barRaiserId: null, interviewerIds: kit.interviewerId ? [kit.interviewerId] : [] };
  const maySwap = may('kits.swap', { loop: slotLoop });
  const mine = me !== null && kit.interviewerId === me ? owed.find((o) => o.loopId === loopId && o.slotId === slotId) : undefined;
  return (
    <article className="single kit" aria-labelledby="kit-title">
      <div className="actions no-print">
        <Link to={to.loop(loopId)} className="link">
          ← Back to the loop
        </Link>
        {mine && (
          <Link to={to.feedback(loopId)} className="primary">
            Write feedback{mine.state === 'overdue' ? ' (overdue)' : ''}
          </Link>
        )}
        <button type="button" onClick={() => window.print()}>
          Print kit
        </button>
        <button type="button" onClick={() => void exportPdf()}>
          Export PDF
        </button>
      </div>
      <h1 id="kit-title">Interview kit: {kit.slotTitle}</h1>
      <p className="kit-meta">
        Candidate <strong>
          <CandidateName name={kit.candidateName} />
        </strong> · Role <strong>{kit.roleTitle}</strong> · Interviewer{' '}
        <strong>{kit.interviewerName ?? 'not assigned'}</strong> · {kit.durationMinutes} minutes
        {kit.startsAt ? ` · ${formatTime(kit.startsAt)}` : ''}
      </p>
      {!maySwap && <p className="field-hint access-hint no-print">Swapping questions: {why('kits.swap', { loop: slotLoop })}</p>}
      <p className="kit-guide">
        Ask for real past behaviour (“Tell me about a time…”) and note what the candidate did, not your impressions. Rate each
        principle against its anchors afterwards, before you see anyone else's feedback.
      </p>
      {kit.principles.map((p) => (
        <section key={p.principleId} className="kit-principle" aria-label={p.name}>
          <h2>{p.name}</h2>
          {p.summary && <p className="kit-summary">{p.summary}</p>}
          {p.anchors.some(Boolean) && (
            <dl className="anchors-list">
              {RATING_LEVELS.map((level, i) =>
                p.anchors[i] ? (
                  <div key={level}>
                    <dt>
                      {level} — {RATING_LABELS[level]}
                    </dt>
                    <dd>{p.anchors[i]}</dd>
                  </div>
                ) : null,
              )}
            </dl>
          )}
          <h3>Questions</h3>
          {p.questions.length === 0 && <p className="empty">No unused question for this principle. Add behavioural questions to the bank.</p>}
          <ol className="kit-questions">
            {p.questions.map((q, i) => (
              <li key={q.id}>
                <p>
                  {q.text} {q.kind === 'hypothetical' && <span className="badge badge-hypothetical">Hypothetical</span>}
                </p>
                {q.probes.length > 0 && (
                  <ul className="probes">
                    {q.probes.map((probe) => (
                      <li key={probe}>{probe}</li>
                    ))}
                  </ul>
                )}
                {maySwap && (
                  <button
                    type="button"
                    className="quiet no-print"
                    aria-label={`Swap question ${i + 1} for ${p.name}`}
                    onClick={() => void swap(p.principleId, q.id)}
                  >
                    Swap
                  </button>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </article>
  );
}
