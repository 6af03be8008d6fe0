import type { TeamMember } from '../api/contract/team';
import type { ReadableDB, WritableDB } from '../../db/handles';

/** The actor before anyone has chosen who "me" is on this machine. */
export const LOCAL_ACTOR = 'local';

export interface ActivityNote {
  entity: string;
  entityId: string;
  summary: string;
  /**
   * Repeats of the same change by the same person (a draft's autosaves) within this many minutes of the last
   * one update that one row instead of adding another: one row per editing session.
   */
  foldWithinMinutes?: number;
}

export interface ReadContext {
  db: ReadableDB;
  actor: string;
  now: string;
  dataFile: string;
  /** The workspace key when the database is encrypted (db/cipher.ts): copies of the file open with it too. */
  dataKey?: Buffer | null;
  /**
   * "Me"'s member row (null when no one is chosen or the row is gone), when the context reads it at most once
   * per call: the access check and `requireMe` then share that reading. Absent, each reads it itself.
   */
  readonly actorMember?: MemberBasics | null;
}

/** A team member without the training counts: what access checks and "me" need. */
export type MemberBasics = Omit<TeamMember, 'training'>;

export interface WriteContext extends Omit<ReadContext, 'db'> {
  db: WritableDB;
  /** Records the mutation in the activity log, in the same transaction as the change. */
  log(note: ActivityNote): void;
  /**
   * Runs `fn` once the transaction has committed, for work that cannot run inside
   * one (VACUUM, a WAL checkpoint). Dropped if the write rolls back; a failure in
   * `fn` is reported as an internal error but cannot undo the committed write.
   */
  afterCommit(fn: () => void): void;
}
