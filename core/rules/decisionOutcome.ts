/**
 * The hiring decision (SPEC §7): the hiring manager decides hire or no hire;
 * the bar raiser concurs or vetoes. A veto turns a hire into a no hire and
 * needs a rationale that cites evidence.
 *
 * Decision (a judgement the spec leaves open): the decision is complete only
 * when both have spoken. Until the bar raiser records a verdict the outcome
 * is `pending`, whatever the hiring manager said — even a no hire, which a
 * veto could not change, waits for the bar raiser, who leads the debrief and
 * guards the process; the candidate's status changes only on a complete
 * decision.
 *
 * Pure and dependency-free; runs in the renderer and in the API.
 */

import type { BarRaiserVerdict, HiringDecision, Recycle } from './feedbackTypes';
import type { FieldIssue } from './feedbackCompleteness';
import { cooldownDateIssue } from './candidateChanges';

/** A veto rationale shorter than this (after trimming) is too thin to cite evidence. */
export const VETO_RATIONALE_MIN_CHARS = 20;

export interface DecisionOutcome {
  /** `pending` until the bar raiser has concurred or vetoed. */
  outcome: HiringDecision | 'pending';
  /** True only when a veto overturned a hire; a veto of a no hire changes nothing and is false. */
  vetoed: boolean;
}

export function decisionOutcome(hm: HiringDecision, br: BarRaiserVerdict | null): DecisionOutcome {
  if (br === null) return { outcome: 'pending', vetoed: false };
  if (br === 'veto' && hm === 'hire') return { outcome: 'no_hire', vetoed: true };
  return { outcome: hm, vetoed: false };
}

/** The candidate's status once the decision is complete. */
export function candidateStatusAfter(outcome: HiringDecision): 'hired' | 'rejected' {
  return outcome === 'hire' ? 'hired' : 'rejected';
}

/**
 * Why a veto cannot be recorded yet; empty when it can. Paths: `rationale`
 * (at least VETO_RATIONALE_MIN_CHARS characters once trimmed and with runs of
 * whitespace counted once) and `citedPrincipleIds` (at least one principle
 * whose evidence the veto rests on; blank ids do not count).
 */
export function vetoIssues(rationale: string, citedPrincipleIds: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const text = rationale.trim().replace(/\s+/g, ' ');
  if (text === '') {
    issues.push({ path: 'rationale', message: 'Explain the veto: what in the evidence falls below the bar.' });
  } else if (text.length < VETO_RATIONALE_MIN_CHARS) {
    issues.push({
      path: 'rationale',
      message: `Write a fuller rationale (at least ${VETO_RATIONALE_MIN_CHARS} characters) that points to the evidence.`,
    });
  }
  if (!citedPrincipleIds.some((id) => id.trim() !== '')) {
    issues.push({ path: 'citedPrincipleIds', message: 'Cite at least one principle whose evidence supports the veto.' });
  }
  return issues;
}

/**
 * Why the bar raiser's verdict cannot be recorded yet; empty when it can. A
 * rationale is always required (SPEC §7): a concurrence says why too; a veto
 * must also meet vetoIssues.
 */
export function verdictIssues(verdict: BarRaiserVerdict, rationale: string, citedPrincipleIds: readonly string[]): FieldIssue[] {
  if (verdict === 'veto') return vetoIssues(rationale, citedPrincipleIds);
  return rationale.trim() ? [] : [{ path: 'rationale', message: 'Say why you concur: what in the evidence supports the decision.' }];
}

export interface DecisionChoice {
  decision: HiringDecision;
  recycle: Recycle | null;
  cooldownUntil: string | null;
}

/**
 * Why the hiring manager's decision cannot be recorded yet; empty when it can. A no hire says whether the
 * candidate may be considered for another role (`recycle`); no recycle needs the day the cooldown ends
 * (`cooldownUntil`, YYYY-MM-DD), after `today`. A hire ignores both.
 */
export function decideIssues(d: DecisionChoice, today: string): FieldIssue[] {
  if (d.decision !== 'no_hire') return [];
  if (d.recycle === null) return [{ path: 'recycle', message: 'Choose recycle or no recycle.' }];
  if (d.recycle === 'recycle') return [];
  if (d.cooldownUntil === null || d.cooldownUntil.trim() === '') return [{ path: 'cooldownUntil', message: 'Give the date the cooldown ends.' }];
  const past = cooldownDateIssue(d.cooldownUntil, today);
  return past ? [past] : [];
}
