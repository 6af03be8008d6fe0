import type Database from 'better-sqlite3-multiple-ciphers';
import { openKeyed, type DatabaseKey } from './cipher';
import { chainShape, installActivityChain } from './activityChain';
import { installChainV74 } from './activityChainV74';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ErasureCopy } from '../core/api/contract/privacy';
import { backupBytes, COMPRESSED_SUFFIX, compressFile, headerSchemaVersion, isCompressed, removeWithSidecars, sqliteHeader, UNPACKED_SUFFIX, unpackFile, withBackupDatabase } from './backupCompression';
import { ENCRYPTED_SUFFIX, encryptedBackupStart, isEncryptedBackup, writeEncryptedBackup } from './backupCipher';
import { memoryDatabase } from './memoryDatabase';
import { releaseBuffer } from './bufferRelease';
import { backupsDir, listBackups } from './backups';
import { asWritable, type WritableDB } from './handles';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { eraseCandidateData, erasedCandidateIds } from './queries/privacy';

/** Restore uploads: written only to be checked and copied in, so never kept. */
const UPLOAD = /^upload-.*\.sqlite(?:-wal|-shm|-journal)?$/;
/** A scrub's working copies, and backups unpacked to be read; a crash can leave them behind. */
const SCRUB_SUFFIX = /\.(?:scrub|unpacked)(?:-wal|-shm|-journal)?$/;

type Found = { state: 'holds'; scrubbable: boolean } | { state: 'absent' } | { state: 'unreadable'; reason: string };

/**
 * A compressed backup, without unpacking it (this runs on the API thread, for the erasure's plan): its schema
 * from the header; whether it holds the candidate is known only once unpacked, so one of this schema is planned
 * for a scrub and the scrub, in the background worker, keeps it untouched if it does not hold them.
 */
function inspectCompressed(file: string): Found {
  const header = sqliteHeader(file);
  if (!header) return { state: 'unreadable', reason: 'The compressed file does not hold a database.' };
  return { state: 'holds', scrubbable: headerSchemaVersion(header) === LATEST_SCHEMA_VERSION };
}

/**
 * An encrypted backup, opening only its first chunk (for the erasure's plan, on the API thread): its schema
 * from the SQLite header, as for a compressed one.
 */
function inspectEncrypted(file: string, key: DatabaseKey): Found {
  const start = key ? encryptedBackupStart(file, key) : null;
  if (!start || start.length < 100) return { state: 'unreadable', reason: 'The encrypted backup does not open with this workspace key.' };
  return { state: 'holds', scrubbable: headerSchemaVersion(start) === LATEST_SCHEMA_VERSION };
}

/** Whether an open copy holds any of the candidates not yet erased in it, and whether it is of this schema. */
function inspectDb(db: Database.Database, ids: readonly string[]): Found {
  const version = db.pragma('user_version', { simple: true }) as number;
  const erased = new Set(version === LATEST_SCHEMA_VERSION ? erasedCandidateIds(asWritable(db)) : []);
  const pending = ids.filter((id) => !erased.has(id));
  if (!pending.length) return { state: 'absent' };
  const has = db.prepare('SELECT 1 FROM candidates WHERE id = ?');
  if (!pending.some((id) => has.get(id))) return { state: 'absent' };
  return { state: 'holds', scrubbable: version === LATEST_SCHEMA_VERSION };
}

/** Whether a copy holds any of the candidates not yet erased in it, and whether it is of this schema. */
function inspect(file: string, ids: readonly string[], key: DatabaseKey): Found {
  if (isEncryptedBackup(file)) return inspectEncrypted(file, key);
  if (isCompressed(file)) return inspectCompressed(file);
  let db: Database.Database | null = null;
  try {
    db = openKeyed(file, key, { readonly: true, fileMustExist: true });
    return inspectDb(db, ids);
  } catch (error) {
    return { state: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * Every file the app wrote under the data folder that may hold a copy of the
 * candidates `ids`, apart from the live database: each backup, restore upload,
 * temporary file and damaged database moved aside, with what an erasure does to it.
 */
export function planCopies(dataFile: string, ids: readonly string[], key: DatabaseKey): (ErasureCopy & { path: string })[] {
  const dir = backupsDir(dataFile);
  const plan: (ErasureCopy & { path: string })[] = [];
  const backups = new Map(listBackups(dataFile).map((b) => [b.name, b]));
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // No backups folder yet.
  }
  const present = new Set(names);
  for (const name of names) {
    const path = join(dir, name);
    // A file's own WAL and shared-memory files (left by opening it) go with it.
    const main = name.replace(/-(?:wal|shm|journal)$/, '');
    if (main !== name && present.has(main)) continue;
    const backup = backups.get(name);
    if (backup) {
      const found = inspect(path, ids, key);
      const item = { name, path, kind: backup.kind, size: backup.size };
      if (found.state === 'absent') plan.push({ ...item, action: 'keep', reason: 'Does not hold the candidate.' });
      else if (found.state === 'unreadable') plan.push({ ...item, action: 'remove', reason: `Cannot be read, so cannot be scrubbed: ${found.reason}` });
      else if (found.scrubbable) plan.push({ ...item, action: 'scrub', reason: '' });
      else plan.push({ ...item, action: 'remove', reason: 'Made by an older version of Principled, so it cannot be scrubbed.' });
    } else if (UPLOAD.test(name)) {
      plan.push({ name, path, kind: 'upload', size: sizeOf(path), action: 'remove', reason: 'A file uploaded for a restore.' });
    } else if (name.startsWith('principled-') && (name.endsWith('.part') || SCRUB_SUFFIX.test(name))) {
      plan.push({ name, path, kind: 'temporary', size: sizeOf(path), action: 'remove', reason: 'A temporary file left by a backup or a scrub.' });
    }
  }
  // A damaged database moved aside is kept for rescue, but it cannot be scrubbed: an erasure removes it.
  const base = basename(dataFile);
  for (const name of readdirSync(dirname(dataFile)).sort()) {
    if (!name.startsWith(`${base}.damaged-`)) continue;
    const path = join(dirname(dataFile), name);
    plan.push({ name, path, kind: 'damaged', size: sizeOf(path), action: 'remove', reason: 'A damaged database moved aside: it cannot be scrubbed.' });
  }
  return plan;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The triggers of whichever chain a backup's copy holds (none before migration 74, 74's shape before 77). */
function installChainOf(db: WritableDB): void {
  const chain = chainShape(db);
  if (chain === 'slim') installActivityChain(db);
  else if (chain === 'v74') installChainV74(db);
}

/**
 * Applies the erasure of `ids` inside one backup. The backup itself is never
 * opened for writing: a plain copy of it is erased and VACUUMed INTO a fresh file
 * (so no free page keeps old text), which is compressed, synced and renamed over
 * the backup with the backup's file mode (a plain backup from before compression
 * comes back compressed, under its name plus .zst). A crash at any point leaves
 * the backup as it was, and only .scrub and .unpacked files the next scrub removes.
 * An encrypted workspace's backups are scrubbed in memory instead (scrubInMemory).
 * Heavy on a large workspace: the background worker runs it.
 * Returns the backup's path afterwards; false when the copy did not hold any of `ids` and was left as it was.
 */
export async function scrubBackup(path: string, ids: readonly string[], now: string, key: DatabaseKey): Promise<string | false> {
  if (key) return scrubInMemory(path, ids, now, key);
  const work = `${path}.work${UNPACKED_SUFFIX}`;
  const out = `${path}.out.scrub`;
  const packed = `${path}.scrub`;
  for (const f of [work, out, packed]) removeWithSidecars(f);
  try {
    await unpackFile(path, work);
    if (inspect(work, ids, key).state === 'absent') return false;
    const db = openKeyed(work, key) as WritableDB;
    try {
      db.pragma('journal_mode = DELETE');
      // The erasure's redactions re-anchor the copy's log chain, as they do in the workspace: not tampering.
      installChainOf(db);
      db.transaction(() => {
        for (const id of ids) eraseCandidateData(db, id, now);
      }).immediate();
      db.prepare('VACUUM INTO ?').run(out);
    } finally {
      db.close();
      removeWithSidecars(work);
    }
    await compressFile(out, packed);
    removeWithSidecars(out);
    fsyncPath(packed);
    return replaceBackup(path, packed, path.endsWith(COMPRESSED_SUFFIX) ? path : `${path}${COMPRESSED_SUFFIX}`);
  } finally {
    for (const f of [work, out, packed]) removeWithSidecars(f);
  }
}

/** The scrubbed copy `packed` (synced) put in place of the backup at `path`, under `target`, with its file mode. */
function replaceBackup(path: string, packed: string, target: string): string {
  chmodSync(packed, statSync(path).mode & 0o777);
  // A WAL left beside the old file must never be replayed onto the new one.
  for (const extra of ['-wal', '-shm', '-journal']) rmSync(path + extra, { force: true });
  renameSync(packed, target);
  if (target !== path) rmSync(path, { force: true });
  fsyncPath(dirname(path));
  return target;
}

/**
 * scrubBackup for an encrypted workspace: whatever the backup's format, its plain bytes are erased in a memory
 * database, VACUUMed there (so no free page keeps old text) and written back compressed and sealed
 * (.sqlite.zst.enc, backupCipher.ts). The only file written is the sealed one.
 */
async function scrubInMemory(path: string, ids: readonly string[], now: string, key: Buffer): Promise<string | false> {
  const packed = `${path}.scrub`;
  rmSync(packed, { force: true });
  try {
    const db = memoryDatabase(backupBytes(path, key)) as WritableDB;
    let plain: Buffer;
    try {
      if (inspectDb(db, ids).state === 'absent') return false;
      // The erasure's redactions re-anchor the copy's log chain, as they do in the workspace: not tampering.
      installChainOf(db);
      db.transaction(() => {
        for (const id of ids) eraseCandidateData(db, id, now);
      }).immediate();
      db.exec('VACUUM');
      plain = db.serialize();
    } finally {
      db.close();
    }
    try {
      await writeEncryptedBackup(plain, packed, key);
    } finally {
      releaseBuffer(plain);
    }
    const base = path.replace(/\.zst(?:\.enc)?$/, '');
    return replaceBackup(path, packed, `${base}${COMPRESSED_SUFFIX}${ENCRYPTED_SUFFIX}`);
  } finally {
    rmSync(packed, { force: true });
  }
}

/**
 * Brings every copy under the data folder in line with the erasures listed in
 * the live database `db`: scrubs each backup that holds an erased candidate,
 * removes what cannot be scrubbed, and removes uploads and temporary files.
 * The background worker runs it, so the app keeps answering while a large
 * workspace's backups are unpacked and rewritten one by one.
 */
export async function scrubCopies(dataFile: string, ids: readonly string[], now: string, key: DatabaseKey): Promise<ErasureCopy[]> {
  // Nothing erased, nothing to scrub: copies such as a damaged file stay for rescue.
  if (ids.length === 0) return [];
  const done: ErasureCopy[] = [];
  for (const { path, ...copy } of planCopies(dataFile, ids, key)) {
    if (copy.action === 'scrub') {
      try {
        const scrubbed = await scrubBackup(path, ids, now, key);
        // A compressed copy is planned for a scrub before it is unpacked; one that did not hold the candidate stays as it was.
        if (scrubbed === false) done.push({ ...copy, action: 'keep', reason: 'Does not hold the candidate.' });
        else done.push({ ...copy, size: sizeOf(scrubbed) });
        continue;
      } catch (error) {
        // A copy that cannot be scrubbed cannot be kept either.
        removeWithSidecars(path);
        done.push({ ...copy, action: 'remove', size: 0, reason: `Scrubbing failed, so it was removed: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
    }
    if (copy.action === 'remove') removeWithSidecars(path);
    done.push(copy);
  }
  return done;
}

/**
 * Every erasure known before a restore replaces the database: those the live
 * database lists (when it is open) and those any backup or damaged file lists.
 * A restored copy holds only the erasures made before it was taken, so these
 * are applied to it again. Files that cannot be read are passed over. Compressed
 * backups are unpacked to be read: the background worker runs it.
 */
export async function collectErasedIds(dataFile: string, liveIds: readonly string[], key: DatabaseKey): Promise<string[]> {
  const ids = new Set(liveIds);
  const files = [
    ...listBackups(dataFile).map((b) => join(backupsDir(dataFile), b.name)),
    ...readdirSync(dirname(dataFile))
      .filter((name) => name.startsWith(`${basename(dataFile)}.damaged-`) && !/-(?:wal|shm)$/.test(name))
      .map((name) => join(dirname(dataFile), name)),
  ];
  for (const file of files) {
    await withBackupDatabase(file, key, (db) => {
      for (const id of erasedCandidateIds(asWritable(db))) ids.add(id);
    }).catch(() => {
      // A damaged or foreign file adds nothing.
    });
  }
  return [...ids].sort();
}
