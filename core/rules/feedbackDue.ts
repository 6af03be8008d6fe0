/**
 * When feedback is due, and whether a given piece of feedback is owed (SPEC §6
 * "Due"): feedback is due `dueHours` after the interview ends, and overdue
 * from that moment on.
 *
 * Pure and deterministic: "now" always comes in as an ISO timestamp; the
 * clock is never read. Timestamps are compared as instants (Date.parse), so
 * "…Z" and "…+02:00" forms mix safely.
 */

import type { LoopStatus } from '../api/contract/loops';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export type FeedbackState = 'submitted' | 'owed' | 'overdue' | 'not-due-yet' | 'not-needed';

/** Once the hire is decided (or the loop closed or cancelled) nobody owes feedback any more. */
const FEEDBACK_SETTLED: ReadonlySet<LoopStatus> = new Set(['decided', 'closed', 'cancelled']);

export function feedbackSettled(loopStatus: LoopStatus): boolean {
  return FEEDBACK_SETTLED.has(loopStatus);
}

/**
 * The moment feedback for a slot becomes overdue: slot start + duration +
 * `dueHours`, as an ISO timestamp in UTC (`toISOString`). Null when the slot
 * is unscheduled or its start is not a valid timestamp. A negative or
 * non-finite duration or due time counts as 0.
 */
export function feedbackDueAt(slotStartsAt: string | null, durationMinutes: number, dueHours: number): string | null {
  const endMs = interviewEndMs(slotStartsAt, durationMinutes);
  if (endMs === null) return null;
  return new Date(endMs + nonNegative(dueHours) * HOUR_MS).toISOString();
}

/**
 * When the interview ends (slot start + duration), as an ISO timestamp in
 * UTC; null when unscheduled or invalid. The debrief flags use this as
 * `interviewEndedAt`.
 */
export function interviewEndsAt(slotStartsAt: string | null, durationMinutes: number): string | null {
  const endMs = interviewEndMs(slotStartsAt, durationMinutes);
  return endMs === null ? null : new Date(endMs).toISOString();
}

/**
 * Where one interviewer's feedback stands at `now`:
 * - `submitted` once submitted, whatever the time;
 * - `not-due-yet` before the interview has ended (interview end = dueAt − dueHours);
 * - `owed` from the end of the interview until the due time;
 * - `overdue` from the due time on (at exactly `dueAt` it is overdue);
 * - an unscheduled slot (`dueAt` null) or an unreadable timestamp has no
 *   clock to go by, so its feedback is simply `owed`;
 * - `not-needed` when unsubmitted and the loop is decided, closed or
 *   cancelled: a late nudge after the decision helps nobody.
 *
 * `dueHours` is the due time setting that produced `dueAt` (see
 * `feedbackDueAt`); it is needed to know when the interview ended.
 */
export function feedbackState(input: {
  submitted: boolean;
  dueAt: string | null;
  now: string;
  dueHours: number;
  loopStatus: LoopStatus;
}): FeedbackState {
  if (input.submitted) return 'submitted';
  if (feedbackSettled(input.loopStatus)) return 'not-needed';
  if (input.dueAt === null) return 'owed';
  const dueMs = Date.parse(input.dueAt);
  const nowMs = Date.parse(input.now);
  if (Number.isNaN(dueMs) || Number.isNaN(nowMs)) return 'owed';
  if (nowMs >= dueMs) return 'overdue';
  const endedMs = dueMs - nonNegative(input.dueHours) * HOUR_MS;
  return nowMs >= endedMs ? 'owed' : 'not-due-yet';
}

/** True when `at` is after `endedAt` + `dueHours`; false when either timestamp is missing or invalid. */
export function isLate(at: string, endedAt: string | null, dueHours: number): boolean {
  if (endedAt === null) return false;
  const atMs = Date.parse(at);
  const endMs = Date.parse(endedAt);
  if (Number.isNaN(atMs) || Number.isNaN(endMs)) return false;
  return atMs > endMs + nonNegative(dueHours) * HOUR_MS;
}

function interviewEndMs(slotStartsAt: string | null, durationMinutes: number): number | null {
  if (slotStartsAt === null) return null;
  const startMs = Date.parse(slotStartsAt);
  if (Number.isNaN(startMs)) return null;
  return startMs + nonNegative(durationMinutes) * MINUTE_MS;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}
