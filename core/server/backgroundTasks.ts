/**
 * The long work the background worker does. Each task opens its own read-only
 * connection on the workspace file (WAL lets it read beside the writer), so the
 * thread that answers API calls only hands work over and takes results back.
 * Results cross to the main thread by structured clone: plain data only.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFormat, ImportKind, WorkProgress } from '../api/contract/transfer';
import type { PlannedRow } from '../rules/importRows';
import { backupsDir, dailyBackup, takeBackup, type BackupInfo } from '../../db/backups';
import type { BackupFile } from '../../db/backupRetention';
import type { ReadableDB } from '../../db/handles';
import { ApiFailure } from './apiFailure';
import { planFile } from './importPlan';
import { documentForVersion, readWorkspaceDocument, type Tables } from './workspaceDocument';

export type Progress = (progress: WorkProgress) => void;

/** A read-only connection for one task; the writer's busy moments are waited out, not failed on. */
function readOnly<T>(file: string, work: (db: ReadableDB) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
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

export const tasks = {
  /** Parse and check an import file against the workspace as it is now. */
  planImport(input: { file: string; kind: ImportKind; format: ImportFormat; content: string }, progress: Progress): PlannedRow[] {
    progress({ stage: 'Reading the file', done: 0, total: 0 });
    return readOnly(input.file, (db) =>
      planFile(db, input.kind, input.format, input.content, (done, total) => progress({ stage: 'Checking rows', done, total })),
    );
  },

  /** Every table from one read transaction: a consistent snapshot even while the app writes. */
  exportWorkspace(input: { file: string; now: string }, progress: Progress): string {
    const document = readOnly(input.file, (db) =>
      db.transaction(() => readWorkspaceDocument(db, input.now, (done, total) => progress({ stage: 'Reading tables', done, total })))(),
    );
    progress({ stage: 'Writing the file', done: 0, total: 0 });
    return JSON.stringify(document);
  },

  /** A workspace export checked and upgraded to `currentVersion`, ready to be written. */
  readWorkspaceDocument(input: { json: string; currentVersion: number }, progress: Progress): { exportedAt: string; tables: Tables } {
    progress({ stage: 'Reading the file', done: 0, total: 0 });
    return documentForVersion(input.json, input.currentVersion);
  },

  async backup(input: { file: string; kind: BackupFile['kind']; now: string }, progress: Progress): Promise<BackupInfo> {
    const db = new Database(input.file, { readonly: true, fileMustExist: true });
    try {
      return await takeBackup(db, input.file, input.kind, input.now, '', backupProgress(progress));
    } finally {
      db.close();
    }
  },

  async dailyBackup(input: { file: string; now: string }, progress: Progress): Promise<BackupInfo | null> {
    const db = new Database(input.file, { readonly: true, fileMustExist: true });
    try {
      return await dailyBackup(db, input.file, input.now, backupProgress(progress));
    } finally {
      db.close();
    }
  },

  /** A backup file as base64, for saving a copy elsewhere. */
  readBackup(input: { file: string; name: string }): string {
    try {
      return readFileSync(join(backupsDir(input.file), input.name)).toString('base64');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiFailure('NOT_FOUND', `No backup called ${input.name}`);
      throw error;
    }
  },
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<T extends TaskName> = Parameters<Tasks[T]>[0];
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<Tasks[T]>>;
