import { z } from 'zod';
import { VOTES, type Evidence, type Vote } from '../../rules/feedbackTypes';
import type { PracticeAnswers, PracticeComparison } from '../../rules/training/practiceComparison';
import { EvidenceInput } from './feedback';
import { id, optionalText, requiredLine } from './fields';
import { LIMITS } from './limits';

const rating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'Rating must be 1, 2, 3 or 4' });
const vote = z.enum(VOTES, { error: `vote must be one of ${VOTES.join(', ')}` });

/** One submitted feedback of a decided loop becomes a practice write-up, with the candidate's data removed. */
export const PracticeFromLoopInput = z.strictObject({ loopId: id('Loop'), feedbackId: id('Feedback') });

/** A practice write-up written by a bar raiser: the evidence, and their own ratings and vote as the answer. */
export const PracticeWriteInput = z.strictObject({
  title: requiredLine('Title', LIMITS.shortText),
  principles: z
    .array(z.strictObject({ principleId: id('Principle'), rating, evidence: EvidenceInput }), { error: 'principles must be a list' })
    .min(1, { error: 'Write evidence for at least one principle' })
    .max(8, { error: 'At most 8 principles' }),
  vote,
  reasonToHire: optionalText('Top reason to hire', LIMITS.reason).default(''),
  reasonNotToHire: optionalText('Top reason not to hire', LIMITS.reason).default(''),
});

export const PracticeRateInput = z.strictObject({
  id: id('Practice'),
  ratings: z
    .array(z.strictObject({ principleId: id('Principle'), rating }), { error: 'ratings must be a list' })
    .max(8, { error: 'At most 8 principles' }),
  vote,
});

/**
 * A practice write-up as a trainee reads it: evidence per principle and the reasons, with the candidate's
 * name and email replaced; never the loop, the candidate, the interviewers or the dates of the interviews.
 */
export interface PracticeItem {
  id: string;
  source: 'loop' | 'written';
  /** The role's title for one made from a loop; the bar raiser's title for a written one. */
  title: string;
  principles: { principleId: string; name: string; evidence: Evidence }[];
  reasonToHire: string;
  reasonNotToHire: string;
  createdAt: string;
}

export interface PracticeSummary {
  id: string;
  source: PracticeItem['source'];
  title: string;
  principleNames: string[];
  createdAt: string;
  /** "me" has rated it. */
  rated: boolean;
}

export interface PracticeAttempt {
  ratings: { principleId: string; rating: 1 | 2 | 3 | 4 }[];
  vote: Vote;
  ratedAt: string;
}

/** The item as "me" sees it: the panel's answers and the comparison only once I have rated it. */
export interface PracticeView {
  item: PracticeItem;
  attempt: PracticeAttempt | null;
  answers: PracticeAnswers | null;
  comparison: PracticeComparison | null;
}
