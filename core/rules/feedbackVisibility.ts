/**
 * Blind until you submit (SPEC §6.1). The API applies this to every method
 * that reveals feedback (ratings, votes, text); the UI only mirrors it.
 *
 * - No viewer, or someone outside the loop: counts only.
 * - An interviewer, shadow or reverse-shadow trainee of the loop: counts until they have submitted
 *   their own feedback, then full. This holds for a hiring manager or bar
 *   raiser who also sits in a slot (as interviewer or shadow).
 * - The hiring manager and the bar raiser with no slot in the loop: full at once.
 * - An admin: full only with early access (a reason the caller records in the
 *   activity log); otherwise the same rules as anyone else.
 *
 * Pure and deterministic.
 */

import type { LoopRoles, Visibility } from './feedbackTypes';

export interface VisibilityInput {
  viewerId: string | null;
  roles: LoopRoles;
  /** Authors of submitted (non-draft) feedback in this loop; only asked whether the viewer is one. */
  submittedAuthorIds: Pick<ReadonlySet<string>, 'has'>;
  viewerIsAdmin: boolean;
  /** The admin asked for early access and gave a reason. Ignored for non-admins. */
  adminEarlyAccess: boolean;
}

export const VISIBILITY_REASONS = {
  signedOut: 'Sign in to see feedback.',
  submitFirst: "Submit your own feedback to see the others'.",
  submitted: "You have submitted your feedback, so you can read the others'.",
  hiringManager: 'As the hiring manager, you can read all submitted feedback.',
  barRaiser: 'As the bar raiser, you can read all submitted feedback.',
  adminEarly: 'Opened early by an admin; the reason is kept in the activity log.',
  outsider: 'Only the people in this loop can read its feedback.',
} as const;

export function feedbackVisibility(input: VisibilityInput): Visibility {
  const { viewerId, roles } = input;
  if (viewerId === null) return counts(VISIBILITY_REASONS.signedOut);

  const hasSlot = roles.interviewerIds.includes(viewerId) || roles.shadowIds.includes(viewerId) || (roles.traineeIds ?? []).includes(viewerId);
  const earlyAccess = input.viewerIsAdmin && input.adminEarlyAccess;

  if (hasSlot) {
    if (input.submittedAuthorIds.has(viewerId)) return full(VISIBILITY_REASONS.submitted);
    return earlyAccess ? full(VISIBILITY_REASONS.adminEarly) : counts(VISIBILITY_REASONS.submitFirst);
  }
  if (viewerId === roles.hiringManagerId) return full(VISIBILITY_REASONS.hiringManager);
  if (viewerId === roles.barRaiserId) return full(VISIBILITY_REASONS.barRaiser);
  return earlyAccess ? full(VISIBILITY_REASONS.adminEarly) : counts(VISIBILITY_REASONS.outsider);
}

/**
 * True when this viewer sees full feedback only because of admin early
 * access — the case the caller must record in the activity log (who looked at
 * what before submitting).
 */
export function usesEarlyAccess(input: VisibilityInput): boolean {
  if (!input.viewerIsAdmin || !input.adminEarlyAccess) return false;
  return feedbackVisibility(input).level === 'full' && feedbackVisibility({ ...input, adminEarlyAccess: false }).level === 'counts';
}

/** Everyone with a role in the loop: hiring manager, bar raiser, interviewers and shadows. */
export function loopParticipantIds(roles: LoopRoles): Set<string> {
  const ids = new Set<string>();
  if (roles.hiringManagerId !== null) ids.add(roles.hiringManagerId);
  if (roles.barRaiserId !== null) ids.add(roles.barRaiserId);
  for (const id of roles.interviewerIds) ids.add(id);
  for (const id of roles.shadowIds) ids.add(id);
  for (const id of roles.traineeIds ?? []) ids.add(id);
  return ids;
}

function full(reason: string): Visibility {
  return { level: 'full', reason };
}

function counts(reason: string): Visibility {
  return { level: 'counts', reason };
}
