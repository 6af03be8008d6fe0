import type Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { backupsToKeep, type BackupFile } from './backupRetention';
import { releaseBuffer } from './bufferRelease';
import { openKeyed, type DatabaseKey } from './cipher';
import { ENCRYPTED_SUFFIX, writeEncryptedBackup } from './backupCipher';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { COMPRESSED_SUFFIX, compressFile, openBackupCopy } from './backupCompression';
import { createPrivateFile, ensurePrivateDir, makeFolderPrivate } from './privateFiles';

export const BACKUP_DIR_NAME = 'backups';

export interface BackupInfo extends BackupFile {
  size: number;
}

export const backupsDir = (dataFile: string) => join(dirname(dataFile), BACKUP_DIR_NAME);

const stamp = (iso: string) => iso.replace(/[:.]/g, '-');
const NAME = /^principled-(daily|pre-migration|before-restore|manual)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-v\d+)?\.sqlite(?:\.zst(?:\.enc)?)?$/;

function parseName(name: string): Omit<BackupFile, 'name'> | null {
  const m = NAME.exec(name);
  if (!m?.[1] || !m[2]) return null;
  const t = m[2];
  // 2026-11-26T07-19-34-123Z back to 2026-11-26T07:19:34.123Z
  const takenAt = `${t.slice(0, 13)}:${t.slice(14, 16)}:${t.slice(17, 19)}.${t.slice(20, 23)}Z`;
  return { kind: m[1] as BackupFile['kind'], takenAt };
}

/** The names in the backups folder; none before the first backup made it. */
function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function listBackups(dataFile: string): BackupInfo[] {
  const dir = backupsDir(dataFile);
  return namesIn(dir)
    .flatMap((name) => {
      const parsed = parseName(name);
      return parsed ? [{ name, ...parsed, size: statSync(join(dir, name)).size }] : [];
    })
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/**
 * Removes what a backup being written leaves if the app is killed meanwhile (`*.part`, as large as the
 * database). Only while holding the folder's lock, so no other copy of the app can be writing one.
 */
export function removeLeftoverParts(dataFile: string): string[] {
  const dir = backupsDir(dataFile);
  const removed = namesIn(dir).filter((name) => name.startsWith('principled-') && name.endsWith('.part'));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

export type BackupProgress = (info: { totalPages: number; remainingPages: number }) => number;

/**
 * A consistent copy of a live database through SQLite's online backup API, then zstd-compressed (the name ends
 * .sqlite.zst). Both steps are heavy on a large workspace: the background worker runs this, never the API thread.
 *
 * An encrypted workspace (`key`, with `db` keyed on it) is backed up compressed, then sealed (.sqlite.zst.enc,
 * see backupCipher.ts): the plain pages are read into memory in one read transaction (serialize reads them
 * through the cipher) and only the sealed stream reaches the disk. The database's size in memory is the price:
 * SQLite3MC offers no way to read a keyed database's pages as a stream (bench/README.md, "Encryption at rest").
 */
export async function takeBackup(
  db: Database.Database,
  dataFile: string,
  kind: BackupFile['kind'],
  now: string,
  suffix = '',
  progress?: BackupProgress,
  key: DatabaseKey = null,
): Promise<BackupInfo> {
  const dir = backupsDir(dataFile);
  ensurePrivateDir(dir);
  const plainName = `principled-${kind}-${stamp(now)}${suffix}.sqlite`;
  if (key) {
    const name = `${plainName}${COMPRESSED_SUFFIX}${ENCRYPTED_SUFFIX}`;
    const part = join(dir, `${name}.part`);
    try {
      const plain = db.serialize();
      try {
        await writeEncryptedBackup(plain, part, key);
      } finally {
        releaseBuffer(plain);
      }
      renameSync(part, join(dir, name));
      fsyncFolder(dir);
    } finally {
      rmSync(part, { force: true });
    }
    return { name, kind, takenAt: now, size: statSync(join(dir, name)).size };
  }
  const name = `${plainName}${COMPRESSED_SUFFIX}`;
  // Written under temporary names and renamed when complete, so a backup cut short never looks like one.
  const part = join(dir, `${plainName}.part`);
  const packed = join(dir, `${name}.part`);
  createPrivateFile(part);
  try {
    await db.backup(part, progress ? { progress } : undefined);
    await compressFile(part, packed);
    renameSync(packed, join(dir, name));
  } finally {
    rmSync(part, { force: true });
    rmSync(packed, { force: true });
  }
  return { name, kind, takenAt: now, size: statSync(join(dir, name)).size };
}

/** The rename that completes a backup survives a power cut (Windows cannot flush a folder: NTFS journals it). */
export function fsyncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // See above.
  }
}

/** The name a backup's database is saved under when it leaves the app (a download gets the database itself). */
export const databaseFileName = (name: string) => name.replace(/\.zst(?:\.enc)?$/, '');

/** At most one automatic backup a day, then the old ones pruned (see backupsToKeep). */
export async function dailyBackup(db: Database.Database, dataFile: string, now: string, progress?: BackupProgress, key: DatabaseKey = null): Promise<BackupInfo | null> {
  // At every start, so backups an older version left readable by others are tightened.
  makeFolderPrivate(backupsDir(dataFile));
  const existing = listBackups(dataFile);
  if (existing.some((b) => b.kind === 'daily' && b.takenAt.slice(0, 10) === now.slice(0, 10))) return null;
  const made = await takeBackup(db, dataFile, 'daily', now, '', progress, key);
  pruneBackups(dataFile, now);
  return made;
}

/** Removes the backups the retention rule no longer keeps (see backupsToKeep). */
export function pruneBackups(dataFile: string, now: string): void {
  const existing = listBackups(dataFile);
  const keep = backupsToKeep(existing, now);
  for (const b of existing) if (!keep.has(b.name)) unlinkSync(join(backupsDir(dataFile), b.name));
}

export type BackupCheck = { ok: true; schemaVersion: number } | { ok: false; reason: string };

/**
 * Before a file replaces the workspace: it opens, passes integrity_check, and is not from a newer version. With
 * a key, any backup of the workspace (an encrypted one is read in memory); without, a plain database file.
 */
export function checkBackupFile(file: string, key: DatabaseKey): BackupCheck {
  let db: Database.Database | null = null;
  try {
    db = key ? openBackupCopy(file, key) : openKeyed(file, null, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, reason: `The file is damaged (integrity check: ${String(integrity)}).` };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      return { ok: false, reason: `The file comes from a newer version of Principled (schema ${version}).` };
    }
    if (version === 0) return { ok: false, reason: 'The file is not a Principled workspace.' };
    return { ok: true, schemaVersion: version };
  } catch (error) {
    return { ok: false, reason: `The file cannot be opened as a database: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    db?.close();
  }
}
