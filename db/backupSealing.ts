import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isEncryptedBackup, writeEncryptedBackup, ENCRYPTED_SUFFIX } from './backupCipher';
import { backupBytes, COMPRESSED_SUFFIX, removeWithSidecars, sqliteHeader } from './backupCompression';
import { backupsDir, fsyncFolder, listBackups } from './backups';
import { releaseBuffer } from './bufferRelease';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Restore uploads and the plain working copies of a restore or a scrub: only ever transient. */
const TRANSIENT = /^(?:upload-.*\.sqlite|principled-.*\.(?:unpacked|scrub))(?:-wal|-shm|-journal)?$/;

/**
 * Whether a backup holds plain SQLite pages, compressed or not (told by its first bytes: a file VACUUM INTO
 * wrote under the key starts with its salt, a sealed one with its header line).
 */
export function isPlainBackup(path: string): boolean {
  if (isEncryptedBackup(path)) return false;
  const header = sqliteHeader(path);
  return header !== null && header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
}

/** The name a backup is sealed under: the database's name, then .zst.enc. */
export const sealedName = (name: string) => `${name.replace(/\.zst$/, '')}${COMPRESSED_SUFFIX}${ENCRYPTED_SUFFIX}`;

/**
 * Every backup in the folder that still holds plain pages (taken before the workspace was encrypted, pre-migration
 * and before-restore copies included) sealed under `key` (.sqlite.zst.enc, backupCipher.ts), the plain file then
 * removed. One at a time, each crash-safe: the sealed copy is written as .part (synced), renamed into place and the
 * folder synced before the plain file goes, so a crash leaves the plain file, or both; the next pass removes a
 * plain file whose sealed copy is in place, and the .part is a leftover the next start removes. The plain bytes
 * are read into memory only. `transientToo` also removes restore uploads and plain working copies a crash left
 * (only at a start, holding the folder's lock, when no restore or scrub can be using them).
 * Returns the names sealed or removed.
 */
export async function sealPlainBackups(dataFile: string, key: Buffer, transientToo = false): Promise<string[]> {
  const dir = backupsDir(dataFile);
  const done: string[] = [];
  for (const { name } of listBackups(dataFile)) {
    const path = join(dir, name);
    if (!isPlainBackup(path)) continue;
    const target = join(dir, sealedName(name));
    if (!existsSync(target)) {
      const part = `${target}.part`;
      try {
        const plain = backupBytes(path, key);
        try {
          await writeEncryptedBackup(plain, part, key);
        } finally {
          releaseBuffer(plain);
        }
        renameSync(part, target);
      } finally {
        rmSync(part, { force: true });
      }
      fsyncFolder(dir);
    }
    removeWithSidecars(path);
    fsyncFolder(dir);
    done.push(name);
  }
  if (transientToo) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // No backups folder yet.
    }
    for (const name of names.filter((n) => TRANSIENT.test(n))) {
      rmSync(join(dir, name), { force: true });
      done.push(name);
    }
  }
  return done;
}
