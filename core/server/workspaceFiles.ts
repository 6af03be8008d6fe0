import type Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withBackupDatabase } from '../../db/backupCompression';
import { backupsDir, listBackups } from '../../db/backups';
import { asWritable, type ReadableDB, type WritableDB } from '../../db/handles';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { openDatabase, openReader } from '../../db/open';
import { makePrivate } from '../../db/privateFiles';
import { openKeyed, WrongKeyError, type DatabaseKey } from '../../db/cipher';
import { hasAnyMember } from '../../db/queries/team';
import type { MethodName } from '../api/contract/methods';
import { ApiFailure } from './apiFailure';
import { assertMayCall } from './access';

// The workspace's file-level pieces: its pair of connections, the look at a file
// before it is opened, moving a damaged one aside, and who may start afresh.

/** Services that change nothing: no event follows them (a download would otherwise refresh every screen). */
export const READ_ONLY_SERVICES = new Set<MethodName>([
  'backups.list',
  'backups.download',
  'recovery.status',
  'transfer.preview',
  'science.calibration',
  'activity.verify',
  'science.calibrationPdf',
  'sync.status',
  'sync.conflicts',
  'privacy.lockState',
  'privacy.activity',
]);

/** Open: the writer, and the read-only connection read methods run on (see ARCHITECTURE.md, "Reads and writes"). */
export type Open = { state: 'ok'; db: WritableDB; reader: ReadableDB };
export type Mode = Open | { state: 'recovery'; reason: string; damagedFile: string | null } | { state: 'newer'; reason: string };

export function openBoth(file: string, key: DatabaseKey): Open {
  const db = openDatabase(file, key);
  try {
    return { state: 'ok', db, reader: openReader(file, key) };
  } catch (error) {
    db.close();
    throw error;
  }
}

export function closeBoth(open: Open): void {
  open.reader.close();
  open.db.close();
}

export const stamp = (iso: string) => iso.replace(/[:.]/g, '-');

export function moveAside(file: string, suffix: string): string {
  const aside = `${file}.${suffix}`;
  renameSync(file, aside);
  makePrivate(aside);
  for (const extra of ['-wal', '-shm']) if (existsSync(file + extra)) renameSync(file + extra, aside + extra);
  return aside;
}

export function removeSidecars(file: string): void {
  for (const extra of ['-wal', '-shm']) rmSync(file + extra, { force: true });
}

/**
 * Starting fresh throws the old workspace away, so it is for founders and
 * admins — but the damaged file cannot say who anyone is. The newest backup
 * that opens and has a team can: "me" there must be a founder or admin in it.
 * With no such backup there is nobody to protect. A compressed backup is unpacked
 * to be read (an encrypted one, in memory): the background worker runs this.
 */
export async function assertMayStartFresh(file: string, key: DatabaseKey): Promise<void> {
  for (const backup of listBackups(file)) {
    const verdict = await withBackupDatabase(join(backupsDir(file), backup.name), key, (db): 'decided' | 'unknown' => {
      try {
        const copy = asWritable(db);
        // A copy from before anyone joined (the day's first backup of a new workspace) cannot say who may.
        if (!hasAnyMember(copy)) return 'unknown';
        assertMayCall(copy, 'recovery.startFresh', {});
        return 'decided';
      } catch (error) {
        if (error instanceof ApiFailure) {
          throw new ApiFailure('FORBIDDEN', `${error.message} (Checked against the newest backup, ${backup.name}: restore it instead, or ask a founder or admin.)`);
        }
        // Unreadable: try the next older one.
        return 'unknown';
      }
    }).catch((error: unknown): 'unknown' => {
      if (error instanceof ApiFailure) throw error;
      return 'unknown';
    });
    if (verdict === 'decided') return;
  }
}

export type Probe = { state: 'usable'; version: number } | { state: 'damaged'; reason: string } | { state: 'newer'; version: number };

/**
 * A look at the file before anything touches it: does it open, can its schema be
 * read, which version is it? After an unclean shutdown it also runs quick_check,
 * which reads every page: seconds on a large workspace, so not on every start.
 */
export function probe(file: string, deep: boolean, key: DatabaseKey): Probe {
  let db: Database.Database | null = null;
  try {
    db = openKeyed(file, key, { fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (deep) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') return { state: 'damaged', reason: `the integrity check failed (${String(check)})` };
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    return version > LATEST_SCHEMA_VERSION ? { state: 'newer', version } : { state: 'usable', version };
  } catch (error) {
    // Not damage: the key is wrong. Moving the file aside would make a wrong passphrase look like a lost workspace.
    if (error instanceof WrongKeyError) throw error;
    return { state: 'damaged', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}
