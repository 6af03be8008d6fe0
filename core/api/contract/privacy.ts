import { z } from 'zod';
import type { Candidate } from './candidates';
import { LIMITS } from './limits';
import { id, requiredLine } from './fields';

export { ERASED_CANDIDATE_NAME, ERASED_MARK } from './erasedNames';

export const RETENTION_MAX_MONTHS = 120;

export const EraseCandidateInput = z.strictObject({
  id: id(),
  /** Typed by the user as a safeguard: must equal the candidate's name, or their id when `sealed` (the name is not readable on this device). */
  confirmName: requiredLine('Confirm name', LIMITS.personName),
});

export const RetentionInput = z.strictObject({
  months: z
    .number({ error: 'months must be a number' })
    .int({ error: 'months must be a whole number' })
    .min(1, { error: 'months must be at least 1' })
    .max(RETENTION_MAX_MONTHS, { error: `months must be at most ${RETENTION_MAX_MONTHS}` }),
});

/** How many stored rows the erasure rewrote, per kind; ratings and votes are kept as they were. */
export interface ErasureCounts {
  loops: number;
  feedback: number;
  ratings: number;
  debriefs: number;
  revotes: number;
  decisions: number;
  /** Coaching notes on trainees' write-ups for the candidate's loops. */
  coachingNotes: number;
  /** Quality-of-hire check-ins removed (not rewritten): they are about the person's work. */
  checkins: number;
  activity: number;
}

export const ErasurePlanInput = z.strictObject({ candidateId: id() });

/**
 * A file under the data folder that may hold a copy of the candidate: a backup
 * (by kind), a file uploaded for a restore, a temporary file left by a backup
 * or a scrub cut short, or a damaged database moved aside.
 */
export interface ErasureCopy {
  name: string;
  kind: 'daily' | 'pre-migration' | 'before-restore' | 'manual' | 'upload' | 'temporary' | 'damaged';
  size: number;
  /**
   * scrub: the same erasure is applied inside the copy, which is then rewritten;
   * remove: the copy cannot be scrubbed (an older schema, damaged, an upload or a
   * temporary file) and is deleted; keep: the copy does not hold the candidate.
   */
  action: 'scrub' | 'remove' | 'keep';
  /** Why, in words, for remove and keep. */
  reason: string;
}

export interface ErasurePlan {
  /** The candidate's loops: unsaved drafts kept on this machine under these ids are forgotten too. */
  loopIds: string[];
  /** Rows whose free text would be replaced by "[erased]", per kind (the log is counted by the erasure itself). */
  texts: Omit<ErasureCounts, 'activity'>;
  copies: ErasureCopy[];
}

export interface ErasureResult {
  candidate: Candidate;
  redacted: ErasureCounts;
  /** What happened to each copy under the data folder (scrubbed, removed or kept), once the erasure committed. */
  copies: ErasureCopy[];
}

export interface RetentionItem {
  id: string;
  name: string;
  /** The latest change to the candidate or any of their loops. */
  lastActivityAt: string;
}

/** A workspace passphrase: long, since it alone stands between the file and anyone who copies it. */
export const WORKSPACE_PASSPHRASE_MIN = 12;
const WORKSPACE_PASSPHRASE_MAX = 1024;

export const EncryptWorkspaceInput = z
  .strictObject({
    passphrase: z
      .string({ error: 'passphrase must be text' })
      .min(WORKSPACE_PASSPHRASE_MIN, { error: `passphrase must be at least ${WORKSPACE_PASSPHRASE_MIN} characters` })
      .max(WORKSPACE_PASSPHRASE_MAX, { error: 'passphrase is too long' }),
    confirm: z.string({ error: 'confirm must be text' }).max(WORKSPACE_PASSPHRASE_MAX, { error: 'confirm is too long' }),
  })
  .refine((v) => v.passphrase === v.confirm, { error: 'The two passphrases differ', path: ['confirm'] });

/** The passphrase the workspace was encrypted with; none when its key is sealed by the OS key store. */
export const AppUnlockInput = z.strictObject({
  passphrase: z
    .string({ error: 'passphrase must be text' })
    .min(1, { error: 'passphrase is required' })
    .max(WORKSPACE_PASSPHRASE_MAX, { error: 'passphrase is too long' })
    .optional(),
});

export { DEFAULT_LOCK_AFTER_MINUTES, LOCK_AFTER_MAX_MINUTES } from './lockTimes';

export interface LockState {
  locked: boolean;
  /** How the workspace key is sealed; null for a plaintext workspace, which has nothing to lock the data with. */
  sealedBy: 'passphrase' | 'keychain' | null;
  /** The idle time after which the app locks (0 never), or null while locked (the setting lives in the database). */
  lockAfterMinutes: number | null;
}
