/**
 * Debrief flags (SPEC §7): what the bar raiser should raise before the
 * discussion. The caller passes the submitted, non-shadow feedback of one
 * loop (shadow feedback never enters the decision).
 *
 * Order is deterministic: by flag kind as in DEBRIEF_FLAG_ORDER, then
 * - principles (rating spread) in order of first appearance in the feedback
 *   (feedback order, then each feedback's ratings order);
 * - focus principles in the order given;
 * - authors in feedback order.
 * Each author is flagged at most once per kind, each principle once.
 *
 * Pure: lateness compares the timestamps given; the clock is never read.
 */

import type { DebriefFlag, DebriefFlagId, FeedbackSummaryForFlags, Rating } from './feedbackTypes';
import { isLate } from './feedbackDue';

export const DEBRIEF_FLAG_ORDER: readonly DebriefFlagId[] = [
  'strong-no-hire',
  'rating-spread',
  'focus-unrated',
  'late-feedback',
  'written-after-seeing-others',
];

/** Ratings of one principle this far apart (max − min) or more are flagged. */
export const RATING_SPREAD_THRESHOLD = 2;

export interface DebriefFlagsInput {
  feedback: readonly FeedbackSummaryForFlags[];
  focusPrincipleIds: readonly string[];
  /** The feedback due time setting, in hours after the interview ends. */
  dueHours: number;
}

export function debriefFlags(input: DebriefFlagsInput): DebriefFlag[] {
  return [
    ...strongNoHire(input),
    ...ratingSpread(input),
    ...focusUnrated(input),
    ...lateFeedback(input),
    ...writtenAfterSeeingOthers(input),
  ];
}

function strongNoHire({ feedback }: DebriefFlagsInput): DebriefFlag[] {
  return perAuthor(feedback, (f) => f.vote === 'strong_no_hire').map((authorId) => ({
    flag: 'strong-no-hire',
    message: 'Voted strong no hire: understand the evidence behind it before deciding.',
    authorId,
  }));
}

function ratingSpread({ feedback }: DebriefFlagsInput): DebriefFlag[] {
  const byPrinciple = new Map<string, Rating[]>();
  for (const f of feedback) {
    for (const r of f.ratings) {
      const list = byPrinciple.get(r.principleId) ?? [];
      if (r.rating !== null) list.push(r.rating);
      byPrinciple.set(r.principleId, list);
    }
  }
  const flags: DebriefFlag[] = [];
  for (const [principleId, ratings] of byPrinciple) {
    if (ratings.length < 2) continue;
    const min = Math.min(...ratings);
    const max = Math.max(...ratings);
    if (max - min < RATING_SPREAD_THRESHOLD) continue;
    flags.push({
      flag: 'rating-spread',
      message: `Ratings for this principle range from ${min} to ${max}: compare the evidence side by side.`,
      principleId,
    });
  }
  return flags;
}

function focusUnrated({ feedback, focusPrincipleIds }: DebriefFlagsInput): DebriefFlag[] {
  const rated = new Set<string>();
  for (const f of feedback) {
    for (const r of f.ratings) if (r.rating !== null) rated.add(r.principleId);
  }
  const seen = new Set<string>();
  const flags: DebriefFlag[] = [];
  for (const principleId of focusPrincipleIds) {
    if (seen.has(principleId) || rated.has(principleId)) continue;
    seen.add(principleId);
    flags.push({
      flag: 'focus-unrated',
      message: 'Nobody rated this focus principle: the loop has no evidence for it.',
      principleId,
    });
  }
  return flags;
}

function lateFeedback({ feedback, dueHours }: DebriefFlagsInput): DebriefFlag[] {
  return perAuthor(feedback, (f) => isLate(f.submittedAt, f.interviewEndedAt, dueHours)).map((authorId) => ({
    flag: 'late-feedback',
    message: `Submitted more than ${formatHours(dueHours)} after the interview ended: details may have been forgotten.`,
    authorId,
  }));
}

function writtenAfterSeeingOthers({ feedback }: DebriefFlagsInput): DebriefFlag[] {
  return perAuthor(feedback, (f) => f.sawOthersBeforeSubmitting).map((authorId) => ({
    flag: 'written-after-seeing-others',
    message: "Written after its author read others' feedback, so it may not be independent.",
    authorId,
  }));
}

/** Authors (once each, in feedback order) with at least one feedback matching `test`. */
function perAuthor(feedback: readonly FeedbackSummaryForFlags[], test: (f: FeedbackSummaryForFlags) => boolean): string[] {
  const authors: string[] = [];
  for (const f of feedback) {
    if (test(f) && !authors.includes(f.authorId)) authors.push(f.authorId);
  }
  return authors;
}

function formatHours(hours: number): string {
  const h = Number.isFinite(hours) && hours > 0 ? hours : 0;
  return h === 1 ? '1 hour' : `${h} hours`;
}
