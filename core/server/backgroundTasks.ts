/**
 * The long work the background worker does. Each task opens its own connection
 * on the workspace file (WAL lets it read beside the writer), so the thread that
 * answers API calls only hands work over and takes results back. Results cross
 * to the main thread by structured clone: plain data only, and small — taking a
 * large value back holds the API thread for as long as the copy takes (a whole
 * export, ~100 MB, held it for seconds), so large results go back in pieces.
 *
 * Imports write here too, on a second writer connection, once the API thread has
 * said it may (`ask({ kind: 'write' })`): the API thread then holds its own
 * writes back until the import has committed, and keeps answering reads.
 */
import { isEncryptedWith, openKeyed, type DatabaseKey } from '../../db/cipher';
import { memoryDatabase, writeKeyedFile } from '../../db/memoryDatabase';
import { constants } from 'node:buffer';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Calibration } from '../api/contract/science';
import type { ImportFormat, ImportKind, ImportMode, ImportPreview, ImportResult, WorkProgress, WorkspaceImportResult } from '../api/contract/transfer';
import { backupBytes, plainBytes, removeWithSidecars, unpackFile } from '../../db/backupCompression';
import { backupsDir, checkBackupFile, dailyBackup, takeBackup, type BackupCheck, type BackupInfo } from '../../db/backups';
import type { BackupFile } from '../../db/backupRetention';
import { collectErasedIds, scrubCopies } from '../../db/backupScrub';
import { sealPlainBackups } from '../../db/backupSealing';
import { readChain, readLoggedRows, chainHash } from '../../db/activityChain';
import { verifyChain, type ChainReport } from '../rules/logChain';
import type { ErasureCopy } from '../api/contract/privacy';
import type { ReadableDB, WritableDB } from '../../db/handles';
import { openSecondWriter } from '../../db/open';
import { buildPendingSearch, searchPending } from '../../db/searchPending';
import { ApiFailure } from './apiFailure';
import type { WriteContext } from './context';
import { keptCalibrationReport } from './calibrationReport';
import type { FactsToStore } from './calibrationFacts';
import type { SnapshotChoice, SnapshotKeys } from './sync/importer';
import type { BuiltSnapshot, SnapshotWriter } from './sync/snapshotFile';
import type { Checked } from './sync/syncResult';

export type Progress = (progress: WorkProgress) => void;

/** What a task asks the API thread: may it write now (answered with the time to log), or take this piece of the result. */
export type WorkerQuestion = { kind: 'write' } | { kind: 'piece'; text: string };
export type WorkerAnswer = { now: string } | null;

export interface TaskContext {
  /** The workspace key: every connection a task opens on the file or a copy of it is keyed with it. */
  key: DatabaseKey;
  progress: Progress;
  ask(question: WorkerQuestion): Promise<WorkerAnswer>;
  /** Throws once the API thread has given up on the task (the workspace closed): a write then rolls back. */
  stopIfCancelled(): void;
}

/**
 * Characters per piece of a large text result: one piece is copied to the API thread in a few milliseconds,
 * and the next is sent only once it has been taken, so calls waiting on that thread go in between.
 */
export const PIECE_CHARS = 1 << 20;

/**
 * A workspace too large for the one string the contract hands back (V8 caps a string at ~512 M characters;
 * the large benchmark workspace makes ~1 GB of JSON and a 1.25 GB backup ~1.7 G characters of base64). Said
 * plainly instead of INTERNAL; the real fix is to write the file to disk from the worker (see bench/README.md).
 */
export function tooLargeForOneString(what: string, characters: number | null, limit: number = constants.MAX_STRING_LENGTH): ApiFailure | null {
  if (characters !== null && characters <= limit) return null;
  const mb = (n: number) => `${Math.round(n / 1e6).toLocaleString('en')} MB`;
  return new ApiFailure(
    'CONFLICT',
    `This workspace is too large for ${what} as one piece (${characters === null ? '' : `about ${mb(characters)}; `}at most ${mb(limit)}). ` +
      'Nothing was changed. Its backups, in the backups folder shown in Settings, hold all of it.',
  );
}

async function sendInPieces(text: string, context: TaskContext, stage: string): Promise<void> {
  for (let at = 0; at < text.length; at += PIECE_CHARS) {
    context.progress({ stage, done: at, total: text.length });
    await context.ask({ kind: 'piece', text: text.slice(at, at + PIECE_CHARS) });
  }
}

/**
 * One write, done here: `body` runs in the worker's own write transaction (runWrite, with its activity rows),
 * once the API thread has said no write of its own can start before this one has committed.
 */
async function writeHere<T>(
  file: string,
  method: 'transfer.import' | 'transfer.importWorkspace',
  context: TaskContext,
  prepare: (db: WritableDB) => (ctx: WriteContext) => T,
): Promise<T> {
  const { runWrite } = await import('./dispatch');
  const db = openSecondWriter(file, context.key);
  try {
    const body = prepare(db);
    const answer = await context.ask({ kind: 'write' });
    const now = answer?.now ?? new Date().toISOString();
    return runWrite(method, { db, dataFile: file, clock: () => new Date(now) }, (ctx) => {
      const value = body(ctx);
      // Given up on while writing (the workspace closed): roll back rather than commit what nobody will hear of.
      context.stopIfCancelled();
      return value;
    });
  } finally {
    db.close();
  }
}

/** A read-only connection for one task; the writer's busy moments are waited out, not failed on. */
function readOnly<T>(file: string, key: DatabaseKey, work: (db: ReadableDB) => T): T {
  const db = openKeyed(file, key, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return work(db as ReadableDB);
  } finally {
    db.close();
  }
}

const backupProgress = (progress: Progress) => (info: { totalPages: number; remainingPages: number }) => {
  progress({ stage: 'Copying the database', done: info.totalPages - info.remainingPages, total: info.totalPages });
  // Pages per step: large enough that a 2 GB file is not a million steps.
  return 2_000;
};

/** What the last calibration build left to store (calibrationFacts takes it). */
let pendingCalibrationFacts: (() => FactsToStore) | null = null;

// The modules of imports, exports and snapshots (the API's handlers and contract, sync) are loaded by the first task
// that needs them, not with the worker: it starts with the workspace, and a first report or backup need not wait
// ~0.4 s (from source; ~0.15 s bundled) for modules it never uses.
export const tasks = {
  /** What importing a file would do, row by row, against the workspace as it is now: shaped here, as the preview a person sees. */
  async previewImport(input: { file: string; kind: ImportKind; format: ImportFormat; content: string }, { progress, key }: TaskContext): Promise<ImportPreview> {
    progress({ stage: 'Reading the file', done: 0, total: 0 });
    const [{ previewOf }, { planFile }] = await Promise.all([import('./handlers/transfer'), import('./importPlan')]);
    return previewOf(
      readOnly(input.file, key, (db) => planFile(db, input.kind, input.format, input.content, (done, total) => progress({ stage: 'Checking rows', done, total }))),
    );
  },

  /**
   * Checks the file, then writes its new rows in one transaction. Checked before the write lock is taken,
   * so the API thread's writes wait only for the writing; checked again inside the write if another
   * connection committed meanwhile, so the rows written are checked against what is there.
   */
  async importRows(
    input: { file: string; kind: ImportKind; format: ImportFormat; content: string; mode: ImportMode },
    context: TaskContext,
  ): Promise<ImportResult> {
    const { progress } = context;
    progress({ stage: 'Reading the file', done: 0, total: 0 });
    const [{ applyImport }, { planFile }] = await Promise.all([import('./handlers/transfer'), import('./importPlan')]);
    return writeHere(input.file, 'transfer.import', context, (db) => {
      const plan = () => planFile(db, input.kind, input.format, input.content, (done, total) => progress({ stage: 'Checking rows', done, total }));
      // data_version changes when another connection has committed since this one last read.
      const version = () => db.pragma('data_version', { simple: true }) as number;
      const checkedAt = version();
      const rows = plan();
      return (ctx) => {
        progress({ stage: 'Writing rows', done: 0, total: 0 });
        return applyImport(version() === checkedAt ? rows : plan(), input, ctx);
      };
    });
  },

  /** Every table from one read transaction: a consistent snapshot even while the app writes; sent back in pieces. */
  async exportWorkspace(input: { file: string; now: string }, context: TaskContext): Promise<void> {
    const { readWorkspaceDocument } = await import('./workspaceDocument');
    const document = readOnly(input.file, context.key, (db) =>
      db.transaction(() =>
        readWorkspaceDocument(db, input.now, (done, total) => context.progress({ stage: 'Reading tables', done, total }), {
          characters: constants.MAX_STRING_LENGTH,
          tooLarge: () => tooLargeForOneString('an export', null) ?? new Error('export too large'),
        }),
      )(),
    );
    context.progress({ stage: 'Writing the file', done: 0, total: 0 });
    let json: string;
    try {
      json = JSON.stringify(document);
    } catch (error) {
      // JSON.stringify fails with a RangeError past the longest string V8 makes, without saying how long.
      if (error instanceof RangeError) throw tooLargeForOneString('an export', null) ?? error;
      throw error;
    }
    await sendInPieces(json, context, 'Writing the file');
  },

  /** A workspace export checked, upgraded to `currentVersion` and loaded into the (empty) workspace. */
  async importWorkspace(input: { file: string; json: string; currentVersion: number }, context: TaskContext): Promise<WorkspaceImportResult> {
    context.progress({ stage: 'Reading the file', done: 0, total: 0 });
    const [{ loadWorkspace }, { documentForVersion }] = await Promise.all([import('./handlers/transfer'), import('./workspaceDocument')]);
    return writeHere(input.file, 'transfer.importWorkspace', context, () => {
      const document = documentForVersion(input.json, input.currentVersion);
      return (ctx) => {
        context.progress({ stage: 'Writing tables', done: 0, total: 0 });
        return loadWorkspace(document, ctx);
      };
    });
  },

  /**
   * Copied and compressed here; `suffix` names the schema a pre-migration copy holds. `sealWith` (hex): the key a
   * plaintext workspace is about to be encrypted with, so the backup taken first is sealed under it, never plain.
   */
  async backup(input: { file: string; kind: BackupFile['kind']; now: string; suffix?: string; sealWith?: string }, { progress, key }: TaskContext): Promise<BackupInfo> {
    const db = openKeyed(input.file, key, { readonly: true, fileMustExist: true });
    try {
      const sealKey = input.sealWith === undefined ? key : Buffer.from(input.sealWith, 'hex');
      return await takeBackup(db, input.file, input.kind, input.now, input.suffix ?? '', backupProgress(progress), sealKey);
    } finally {
      db.close();
    }
  },

  /** An encrypted workspace's backups that still hold plain pages, sealed under its key (see sealPlainBackups). */
  sealBackups(input: { file: string; transientToo: boolean }, { key }: TaskContext): Promise<string[]> {
    if (!key) return Promise.resolve([]);
    return sealPlainBackups(input.file, key, input.transientToo);
  },

  async dailyBackup(input: { file: string; now: string }, { progress, key }: TaskContext): Promise<BackupInfo | null> {
    const db = openKeyed(input.file, key, { readonly: true, fileMustExist: true });
    try {
      return await dailyBackup(db, input.file, input.now, backupProgress(progress), key);
    } finally {
      db.close();
    }
  },

  /** The calibration statistics, from one read transaction: seconds at ten years, so never on the API thread. */
  calibration(input: { file: string; reader: string }, { progress, key }: TaskContext): { report: Calibration; toStore: boolean } {
    progress({ stage: 'Reading ratings', done: 0, total: 0 });
    const { report, store } = readOnly(input.file, key, (db) => db.transaction(() => keptCalibrationReport(db, new Date(), input))());
    // The bytes to store are made by the next task, once the report is out (encoding them took ~0.5 s at `large`).
    pendingCalibrationFacts = store;
    return { report, toStore: store !== null };
  },

  /** The facts the last calibration build read, as bytes to store in the workspace (null: none, or taken already). */
  calibrationFacts(_input: Record<string, never>): FactsToStore | null {
    const store = pendingCalibrationFacts;
    pendingCalibrationFacts = null;
    return store?.() ?? null;
  },

  /**
   * A team snapshot file (docs/sync.md, "Growth"), from one read transaction: tens of seconds at ten years, so
   * never on the API thread. The sync cycle publishes it once the batches up to its number are in the folder.
   */
  async buildSnapshot(input: { file: string; writer: SnapshotWriter; createdAt: number; targetBytes?: number }, { progress, key }: TaskContext): Promise<BuiltSnapshot> {
    const { buildSnapshotFile } = await import('./sync/snapshotFile');
    return readOnly(input.file, key, (db) =>
      buildSnapshotFile(db, input.writer, input.createdAt, { targetBytes: input.targetBytes, onSection: (done) => progress({ stage: 'Writing the snapshot', done, total: 0 }) }),
    );
  },

  /** The log against this device's hash chain, from one read transaction: every row is read and hashed. */
  verifyLog(input: { file: string }, { progress, key }: TaskContext): ChainReport {
    progress({ stage: 'Checking the log', done: 0, total: 0 });
    return readOnly(input.file, key, (db) => db.transaction(() => verifyChain(readChain(db), readLoggedRows(db), chainHash))());
  },

  /**
   * A joining device's first data: a team snapshot checked, then applied on this worker's own writer connection
   * once the API thread has said it may write (a minute at ten years: the API thread's writes wait meanwhile,
   * its reads are answered). The activity row of the join is the API thread's, after this has committed.
   */
  async applySnapshot(input: { file: string; folder: string; choice: SnapshotChoice; keys: SnapshotKeys }, context: TaskContext): Promise<Checked<{ rows: number }, string>> {
    const { applySnapshotFile } = await import('./sync/importer');
    const db = openSecondWriter(input.file, context.key);
    try {
      return await applySnapshotFile(
        db,
        input.folder,
        input.choice,
        input.keys,
        async () => {
          await context.ask({ kind: 'write' });
          context.stopIfCancelled();
        },
        (done, total) => context.progress({ stage: 'Applying the snapshot', done, total }),
      );
    } finally {
      db.close();
    }
  },

  /**
   * The search indexes a snapshot's load left to build (db/searchPending.ts), on this worker's own writer
   * connection once the API thread has said it may write: its writes wait meanwhile, its reads are answered.
   */
  async buildSearch(input: { file: string }, context: TaskContext): Promise<string[]> {
    const db = openSecondWriter(input.file, context.key);
    try {
      if (!searchPending(db)) return [];
      await context.ask({ kind: 'write' });
      context.stopIfCancelled();
      return db.transaction(() => buildPendingSearch(db))();
    } finally {
      db.close();
    }
  },

  /** A backup file as base64 of the SQLite file (unpacked when compressed), for saving a copy elsewhere. */
  readBackup(input: { file: string; name: string }, { key }: TaskContext): string {
    try {
      const path = join(backupsDir(input.file), input.name);
      // An encrypted backup is handed over as a plain database (the copy leaves the app; a passphrase can seal it).
      const bytes = key ? backupBytes(path, key) : plainBytes(readFileSync(path));
      const tooLarge = tooLargeForOneString('a download', Math.ceil(bytes.length / 3) * 4);
      if (tooLarge) throw tooLarge;
      return bytes.toString('base64');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiFailure('NOT_FOUND', `No backup called ${input.name}`);
      throw error;
    }
  },

  /**
   * A backup or an upload, compressed or plain, unpacked to `target` (a private file beside the workspace, so
   * the restore renames it into place) and checked there (integrity_check reads every page). Refused: removed.
   * An encrypted workspace's target is keyed: anything not already under its key (an encrypted backup, a plain
   * or compressed one, a plain upload) is read into memory and written to the target under the key, so no plain
   * copy is made on disk.
   */
  async unpackForRestore(input: { source: string; target: string }, { key }: TaskContext): Promise<BackupCheck> {
    removeWithSidecars(input.target);
    try {
      if (key && !isEncryptedWith(input.source, key)) {
        const db = memoryDatabase(backupBytes(input.source, key));
        try {
          writeKeyedFile(db, input.target, key);
        } finally {
          db.close();
        }
      } else {
        await unpackFile(input.source, input.target);
      }
    } catch (error) {
      removeWithSidecars(input.target);
      return { ok: false, reason: `The file cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    const check = checkBackupFile(input.target, key);
    // Opening it read-only may leave a -shm beside it; the copy moves into place without one.
    for (const extra of ['-wal', '-shm', '-journal']) rmSync(input.target + extra, { force: true });
    if (!check.ok) removeWithSidecars(input.target);
    return check;
  },

  /** The erasure applied to every copy under the data folder (see scrubCopies). */
  scrubCopies(input: { file: string; ids: string[]; now: string }, { key }: TaskContext): Promise<ErasureCopy[]> {
    return scrubCopies(input.file, input.ids, input.now, key);
  },

  /** Every erasure known to the live database (`liveIds`) and to any backup or damaged file. */
  erasedIds(input: { file: string; liveIds: string[] }, { key }: TaskContext): Promise<string[]> {
    return collectErasedIds(input.file, input.liveIds, key);
  },

  async mayStartFresh(input: { file: string }, { key }: TaskContext): Promise<void> {
    const { assertMayStartFresh } = await import('./workspaceFiles');
    return assertMayStartFresh(input.file, key);
  },
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<T extends TaskName> = Parameters<Tasks[T]>[0];
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<Tasks[T]>>;
