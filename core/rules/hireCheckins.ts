/**
 * Quality of hire (SPEC §12): each hire gets a 90-day and a 1-year check-in by
 * their manager, rating the principles the loop assessed on the same 1–4 scale
 * and anchors as feedback. A check-in opens a little before its date (a manager
 * plans a review ahead) and is overdue a month after it.
 *
 * Pure and deterministic: "now" always comes in as an ISO timestamp.
 */

export const CHECKIN_KINDS = ['day90', 'year1'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

/** Days after the hire decision each check-in falls on. */
export const CHECKIN_DAYS: Readonly<Record<CheckinKind, number>> = { day90: 90, year1: 365 };
export const CHECKIN_LABELS: Readonly<Record<CheckinKind, string>> = { day90: '90-day check-in', year1: '1-year check-in' };
/** A check-in can be recorded from this many days before its date. */
export const CHECKIN_OPENS_DAYS_BEFORE = 14;
/** …and is overdue this many days after it. */
export const CHECKIN_OVERDUE_DAYS_AFTER = 30;

export type CheckinState = 'upcoming' | 'due' | 'overdue' | 'done';

const DAY_MS = 86_400_000;

/** The date a check-in falls on: the hire decision plus 90 or 365 days, as an ISO timestamp; null if hiredAt is unreadable. */
export function checkinDueAt(hiredAt: string, kind: CheckinKind): string | null {
  const at = Date.parse(hiredAt);
  return Number.isNaN(at) ? null : new Date(at + CHECKIN_DAYS[kind] * DAY_MS).toISOString();
}

export function checkinState(input: { hiredAt: string; kind: CheckinKind; now: string; done: boolean }): CheckinState {
  if (input.done) return 'done';
  const due = checkinDueAt(input.hiredAt, input.kind);
  const now = Date.parse(input.now);
  if (due === null || Number.isNaN(now)) return 'upcoming';
  const dueMs = Date.parse(due);
  if (now < dueMs - CHECKIN_OPENS_DAYS_BEFORE * DAY_MS) return 'upcoming';
  return now >= dueMs + CHECKIN_OVERDUE_DAYS_AFTER * DAY_MS ? 'overdue' : 'due';
}

/** States in which a check-in can be recorded now. */
export function checkinOpen(state: CheckinState): boolean {
  return state === 'due' || state === 'overdue';
}

export interface CheckinRatingInput {
  principleId: string;
  /** 1–4, or null: the manager could not judge this principle yet. */
  rating: number | null;
}

export interface CheckinIssue {
  path: string;
  message: string;
}

/**
 * What is wrong with a check-in's ratings: every principle the loop assessed
 * appears exactly once, no other principle does, and at least one is rated.
 */
export function checkinIssues(ratings: readonly CheckinRatingInput[], principleIds: readonly string[]): CheckinIssue[] {
  const issues: CheckinIssue[] = [];
  const seen = new Set<string>();
  // Ratings are named by their principle, as everywhere in the API (core/api/contract/issues.ts).
  ratings.forEach((r) => {
    if (!principleIds.includes(r.principleId)) issues.push({ path: `ratings.${r.principleId}.principleId`, message: 'This principle was not assessed in the loop' });
    else if (seen.has(r.principleId)) issues.push({ path: `ratings.${r.principleId}.principleId`, message: 'Rate each principle once' });
    seen.add(r.principleId);
  });
  const missing = principleIds.filter((p) => !seen.has(p));
  if (missing.length) issues.push({ path: 'ratings', message: `Every principle the loop assessed needs a rating or "not observed" (${missing.length} missing)` });
  if (ratings.length > 0 && ratings.every((r) => r.rating === null)) {
    issues.push({ path: 'ratings', message: 'Rate at least one principle' });
  }
  return issues;
}
