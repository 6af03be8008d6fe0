/**
 * What stops feedback from being submitted (SPEC §6 "Submit"): the overall
 * vote, and every assigned principle either rated 1–4 with evidence or marked
 * not assessed with a reason. The renderer shows these live next to the
 * fields; the API refuses a submit while any remain.
 *
 * Paths (the one scheme of contract/issues.ts, where the API names zod's
 * findings for a rating by its principle too):
 * - `vote`
 * - `ratings.<principleId>.rating` — unrated (or missing), out of range, or
 *   rated while also marked not assessed
 * - `ratings.<principleId>.evidence` — rated, but every evidence field is blank
 * - `ratings.<principleId>.notAssessedReason` — not assessed without a reason
 * - `ratings.<principleId>` — not assigned to this interview, or listed twice
 *
 * Messages are for the user and never name the principle (the field does).
 * Order: vote, then assigned principles in the order given, then ratings of
 * unassigned principles in content order. Pure and deterministic.
 */

import type { Evidence, FeedbackContent, PrincipleRating } from './feedbackTypes';

export interface FieldIssue {
  path: string;
  message: string;
}

const MESSAGES = {
  vote: 'Choose your overall vote.',
  unrated: 'Rate this principle, or mark it not assessed with a reason.',
  outOfRange: 'Choose a rating from 1 to 4.',
  ratedAndNotAssessed: 'A principle marked not assessed cannot also have a rating; clear one of them.',
  evidence: 'Write the evidence behind this rating.',
  reason: 'Say why this principle was not assessed.',
  duplicate: 'This principle is rated more than once; keep one rating.',
  unassigned: 'This principle is not assigned to this interview.',
} as const;

export function feedbackIssues(content: FeedbackContent, assignedPrincipleIds: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (content.vote === null) issues.push({ path: 'vote', message: MESSAGES.vote });

  const byPrinciple = new Map<string, PrincipleRating[]>();
  for (const r of content.ratings) {
    const list = byPrinciple.get(r.principleId);
    if (list) list.push(r);
    else byPrinciple.set(r.principleId, [r]);
  }

  const assigned = new Set<string>();
  for (const id of assignedPrincipleIds) {
    if (assigned.has(id)) continue;
    assigned.add(id);
    const entries = byPrinciple.get(id) ?? [];
    if (entries.length > 1) issues.push({ path: `ratings.${id}`, message: MESSAGES.duplicate });
    issues.push(...ratingIssues(id, entries[0]));
  }

  const reported = new Set<string>();
  for (const r of content.ratings) {
    if (assigned.has(r.principleId) || reported.has(r.principleId) || isBlank(r)) continue;
    reported.add(r.principleId);
    issues.push({ path: `ratings.${r.principleId}`, message: MESSAGES.unassigned });
  }
  return issues;
}

/** True when at least one of situation / task / action / result has text. */
export function hasEvidence(evidence: Evidence): boolean {
  return [evidence.situation, evidence.task, evidence.action, evidence.result].some((t) => t.trim() !== '');
}

function ratingIssues(id: string, r: PrincipleRating | undefined): FieldIssue[] {
  const path = (field: string): string => `ratings.${id}.${field}`;
  if (r === undefined) return [{ path: path('rating'), message: MESSAGES.unrated }];
  if (r.notAssessed) {
    const issues: FieldIssue[] = [];
    if (r.rating !== null) issues.push({ path: path('rating'), message: MESSAGES.ratedAndNotAssessed });
    if (r.notAssessedReason.trim() === '') issues.push({ path: path('notAssessedReason'), message: MESSAGES.reason });
    return issues;
  }
  if (r.rating === null) return [{ path: path('rating'), message: MESSAGES.unrated }];
  // The type says 1–4, but the API receives data from outside; check anyway.
  const rating: number = r.rating;
  if (!Number.isInteger(rating) || rating < 1 || rating > 4) return [{ path: path('rating'), message: MESSAGES.outOfRange }];
  return hasEvidence(r.evidence) ? [] : [{ path: path('evidence'), message: MESSAGES.evidence }];
}

/**
 * An entry that carries nothing (no rating, not marked not assessed, no
 * reason, no evidence) — e.g. a draft row left over from a principle that was
 * later moved to another interview. It is ignored rather than blocking.
 */
function isBlank(r: PrincipleRating): boolean {
  return r.rating === null && !r.notAssessed && r.notAssessedReason.trim() === '' && !hasEvidence(r.evidence);
}
