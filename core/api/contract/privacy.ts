import { z } from 'zod';
import type { Candidate } from './candidates';
import { LIMITS } from './limits';
import { id, requiredLine } from './fields';

/** What an erased candidate is called from then on; their status and dates stay for the numbers. */
export const ERASED_CANDIDATE_NAME = 'Erased candidate';
/** What replaces the candidate's name, name parts and email wherever free text mentions them. */
export const ERASED_MARK = '[erased]';

export const RETENTION_MAX_MONTHS = 120;

export const EraseCandidateInput = z.strictObject({
  id: id(),
  /** Typed by the user as a safeguard: must equal the candidate's name. */
  confirmName: requiredLine('Confirm name', LIMITS.personName),
});

export const RetentionInput = z.strictObject({
  months: z
    .number({ error: 'months must be a number' })
    .int({ error: 'months must be a whole number' })
    .min(1, { error: 'months must be at least 1' })
    .max(RETENTION_MAX_MONTHS, { error: `months must be at most ${RETENTION_MAX_MONTHS}` }),
});

/** How many stored texts the erasure rewrote, per kind; ratings and votes are kept as they were. */
export interface ErasureCounts {
  loops: number;
  feedback: number;
  ratings: number;
  debriefs: number;
  revotes: number;
  decisions: number;
  activity: number;
}

export interface ErasureResult {
  candidate: Candidate;
  redacted: ErasureCounts;
}

export interface RetentionItem {
  id: string;
  name: string;
  /** The latest change to the candidate or any of their loops. */
  lastActivityAt: string;
}
