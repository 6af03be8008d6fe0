// What a hand edit of a candidate may change (SPEC §4, §7). A candidate's
// outcome follows decisions only, and a no-recycle cooldown protects the
// candidate and the company alike: once set it is not quietly shortened.
//
// Pure: the candidate editor shows these messages live; the API enforces them.

import type { CandidateStatus } from '../api/contract/candidates';
import type { FieldIssue } from './feedbackCompleteness';

/** Statuses only a decision sets (and a reopened decision undoes). */
export const DECIDED_STATUSES: readonly CandidateStatus[] = ['hired', 'rejected'];

export function statusChangeIssue(from: CandidateStatus, to: CandidateStatus): FieldIssue | null {
  if (from === to) return null;
  if (DECIDED_STATUSES.includes(to)) {
    return { path: 'status', message: `${to === 'hired' ? 'Hired' : 'Rejected'} is set by a decision in the debrief, not by hand.` };
  }
  if (DECIDED_STATUSES.includes(from)) {
    return { path: 'status', message: `This candidate was ${from} by a decision; reopen that decision to change it.` };
  }
  return null;
}

/** A date in the past (or today) cannot start a cooldown. Dates are YYYY-MM-DD; today is the caller's UTC day. */
export function cooldownDateIssue(date: string | null, today: string, path = 'cooldownUntil'): FieldIssue | null {
  if (date === null || date > today) return null;
  return { path, message: 'The cooldown must end after today.' };
}

export interface CooldownChange {
  from: string | null;
  to: string | null;
  today: string;
  /** The caller is a founder or admin. */
  admin: boolean;
  reason: string;
}

/**
 * Setting or lengthening a cooldown is an ordinary edit; clearing or shortening
 * one that is still running needs a founder or admin and a reason, kept in the log.
 */
export function cooldownChangeIssue(c: CooldownChange): FieldIssue | null {
  if (c.to === c.from) return null;
  const dateIssue = cooldownDateIssue(c.to, c.today);
  if (dateIssue) return dateIssue;
  const running = c.from !== null && c.from > c.today;
  const weakens = running && (c.to === null || (c.from !== null && c.to < c.from));
  if (!weakens) return null;
  if (!c.admin) return { path: 'cooldownUntil', message: 'Only founders and admins can clear or shorten a cooldown.' };
  if (!c.reason.trim()) return { path: 'cooldownReason', message: 'Say why the cooldown is cleared or shortened.' };
  return null;
}
