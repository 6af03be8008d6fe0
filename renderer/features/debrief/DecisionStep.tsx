import type { Debrief, Decision } from '../../../core/api/contract/feedback';
import type { LoopDetail } from '../../../core/api/contract/loops';
import { formatDay } from '../../components/format';
import { DecideForm } from './DecideForm';
import { Reopen } from './ReopenForm';
import { VerdictForm } from './VerdictForm';

// The decision step of the debrief: the hiring manager decides, the bar raiser concurs or vetoes, and a final decision can be reopened.

export interface DecisionProps {
  debrief: Debrief;
  detail: LoopDetail;
  mayDecide: boolean;
  mayVerdict: boolean;
  mayReopen: boolean;
  nameOf(id: string | null): string;
  principleName(id: string): string;
}

function decisionText(d: Decision, nameOf: (id: string | null) => string): string {
  const what =
    d.decision === 'hire'
      ? 'Hire'
      : `No hire (${d.recycle === 'no_recycle' ? `no recycle${d.cooldownUntil ? ` until ${formatDay(d.cooldownUntil)}` : ''}` : 'recycle — consider for another role'})`;
  return `${nameOf(d.hiringManagerId)} decided: ${what}. ${d.rationale}`;
}

/** The final outcome in one sentence, as the packet and the candidate's history tell it. */
export function outcomeText(d: Decision, nameOf: (id: string | null) => string, principleName: (id: string) => string): string {
  if (d.outcome === 'pending') return `Outcome: pending — waiting for the bar raiser`;
  if (d.verdict === 'veto' && d.decision === 'hire') {
    const cited = d.citedPrincipleIds.map(principleName).join(', ');
    return `Outcome: No hire — vetoed by ${nameOf(d.barRaiserId)}: ${d.verdictRationale}${cited ? ` (evidence cited: ${cited})` : ''}`;
  }
  const concur = d.barRaiserId ? `; ${nameOf(d.barRaiserId)} concurred${d.verdictRationale ? `: ${d.verdictRationale}` : ''}` : '';
  if (d.outcome === 'hire') return `Outcome: Hire — decided by ${nameOf(d.hiringManagerId)}: ${d.rationale}${concur}`;
  const recycle = d.recycle === 'no_recycle' ? `no recycle${d.cooldownUntil ? ` until ${formatDay(d.cooldownUntil)}` : ''}` : 'recycle';
  return `Outcome: No hire (${recycle}) — decided by ${nameOf(d.hiringManagerId)}: ${d.rationale}${concur}`;
}

export function DecisionStep({ debrief, detail, mayDecide, mayVerdict, mayReopen, nameOf, principleName }: DecisionProps) {
  const { loop } = detail;
  const d = debrief.decision;
  const open = loop.status === 'debrief';
  return (
    <div className="decision-step">
      {d === null && open && mayDecide && <DecideForm loopId={loop.id} />}
      {d === null && open && !mayDecide && (
        <p>
          Waiting for the hiring manager, <strong>{nameOf(loop.hiringManagerId)}</strong>, to decide.
        </p>
      )}
      {d === null && !open && <p className="muted">No decision recorded. The loop is {loop.status}.</p>}
      {d && (
        <>
          <p className="decision-line">{decisionText(d, nameOf)}</p>
          {debrief.lateFeedback.map((f) => (
            <p key={f.feedbackId} className="notice-inline" role="note">
              {f.text}
            </p>
          ))}
          {d.outcome === 'pending' ? (
            mayVerdict ? (
              <VerdictForm
                loopId={loop.id}
                decision={d}
                principles={[...new Set(loop.slots.flatMap((s) => s.principleIds))].map((id) => ({ id, name: principleName(id) }))}
              />
            ) : (
              <p>
                Waiting for the bar raiser, <strong>{nameOf(loop.barRaiserId)}</strong>, to concur or veto.
              </p>
            )
          ) : (
            <p className={`outcome outcome-${d.outcome}`}>{outcomeText(d, nameOf, principleName)}</p>
          )}
          {mayReopen && <Reopen loopId={loop.id} />}
        </>
      )}
    </div>
  );
}
