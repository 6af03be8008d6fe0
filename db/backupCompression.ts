import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { constants, createZstdCompress, createZstdDecompress, zstdDecompressSync } from 'node:zlib';
import type Database from 'better-sqlite3-multiple-ciphers';
import { createPrivateFile, copyPrivateFile } from './privateFiles';
import { isEncryptedBackupBytes, readEncryptedBackup, readStart } from './backupCipher';
import { openKeyed, serializedCopy, WrongKeyError, type DatabaseKey } from './cipher';
import { memoryDatabase } from './memoryDatabase';

/**
 * Backups are zstd frames of the SQLite file (a fifth or less of its size). What a file holds is told by its
 * first bytes, never by its name alone: backups from before compression, and files copied in by hand, are plain.
 */
export const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
export const COMPRESSED_SUFFIX = '.zst';
/** Level 3: the large workspace (1.2 GB) packs to about a fifth in seconds, in the background worker. */
const LEVEL = 3;
/** A plain copy made to be read (SQLite needs a file); removed when done, and by an erasure if a crash left it. */
export const UNPACKED_SUFFIX = '.unpacked';

export function isCompressed(path: string): boolean {
  return readStart(path, ZSTD_MAGIC.length).equals(ZSTD_MAGIC);
}

/** Streamed, so a 1 GB database never sits in memory; the target is created private (0600) before any byte. */
export async function compressFile(source: string, target: string): Promise<void> {
  createPrivateFile(target);
  await pipeline(
    createReadStream(source),
    createZstdCompress({ params: { [constants.ZSTD_c_compressionLevel]: LEVEL } }),
    createWriteStream(target),
  );
}

/** A backup as a SQLite file at `target` (private), whether it was compressed or plain. */
export async function unpackFile(source: string, target: string): Promise<void> {
  if (!isCompressed(source)) {
    copyPrivateFile(source, target);
    return;
  }
  createPrivateFile(target);
  await pipeline(createReadStream(source), createZstdDecompress(), createWriteStream(target));
}

/**
 * The whole of a backup of an encrypted workspace as plain SQLite bytes, in memory only, whatever its format: an
 * encrypted backup (backupCipher.ts), one VACUUM INTO wrote under the key, or a plain or zstd one from before the
 * workspace was encrypted.
 */
export function backupBytes(path: string, key: Buffer): Buffer {
  const start = readStart(path, 64);
  if (isEncryptedBackupBytes(start)) return readEncryptedBackup(path, key);
  if (start.subarray(0, 4).equals(ZSTD_MAGIC)) return zstdDecompressSync(readFileSync(path));
  try {
    return serializedCopy(path, key);
  } catch (error) {
    if (error instanceof WrongKeyError) return readFileSync(path);
    throw error;
  }
}

/**
 * A connection on a backup of an encrypted workspace, for reading: the file itself when it is keyed (VACUUM
 * INTO's copies), else its plain bytes in a memory database — never a plain file.
 */
export function openBackupCopy(path: string, key: Buffer): Database.Database {
  const start = readStart(path, 64);
  if (!isEncryptedBackupBytes(start) && !start.subarray(0, 4).equals(ZSTD_MAGIC)) {
    try {
      return openKeyed(path, key, { readonly: true, fileMustExist: true });
    } catch (error) {
      if (!(error instanceof WrongKeyError)) throw error;
    }
  }
  return memoryDatabase(backupBytes(path, key));
}

/**
 * Runs `work` on a read connection to a backup's content. Plaintext workspace: on the backup, or on a private
 * unpacked copy (withPlainCopy). Encrypted workspace: see openBackupCopy.
 */
export async function withBackupDatabase<T>(path: string, key: DatabaseKey, work: (db: Database.Database) => T): Promise<T> {
  if (key) {
    const db = openBackupCopy(path, key);
    try {
      return work(db);
    } finally {
      db.close();
    }
  }
  return withPlainCopy(path, (plain) => {
    const db = openKeyed(plain, null, { readonly: true, fileMustExist: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  });
}

/** The whole of a backup as SQLite bytes (for a download: the caller gets a database, not a frame). */
export function plainBytes(bytes: Buffer): Buffer {
  return bytes.subarray(0, 4).equals(ZSTD_MAGIC) ? zstdDecompressSync(bytes) : bytes;
}

/**
 * The SQLite header (100 bytes) of a backup, compressed or not, reading only its first blocks: enough to tell
 * the schema version without unpacking the file. Null when the file is too short or not a frame.
 */
export function sqliteHeader(path: string): Buffer | null {
  try {
    // A frame's first block (128 KB of the file) packs to well under this.
    const start = readStart(path, 1 << 18);
    const plain = start.subarray(0, 4).equals(ZSTD_MAGIC) ? zstdDecompressSync(start, { finishFlush: constants.ZSTD_e_flush }) : start;
    return plain.length >= 100 ? plain.subarray(0, 100) : null;
  } catch {
    return null;
  }
}

/** user_version, from the header (bytes 60–63, big-endian), as the backup's schema version. */
export function headerSchemaVersion(header: Buffer): number {
  return header.readUInt32BE(60);
}

export const removeWithSidecars = (path: string) => {
  for (const extra of ['', '-wal', '-shm', '-journal']) rmSync(path + extra, { force: true });
};

/**
 * Runs `work` on a plain SQLite file with the backup's content: the backup itself when it is plain, else a
 * private unpacked copy beside it, removed (with any sidecar SQLite left) afterwards. For the background worker.
 */
export async function withPlainCopy<T>(path: string, work: (plain: string) => T | Promise<T>): Promise<T> {
  if (!isCompressed(path)) return work(path);
  const plain = `${path}.${randomUUID().slice(0, 8)}${UNPACKED_SUFFIX}`;
  try {
    await unpackFile(path, plain);
    return await work(plain);
  } finally {
    removeWithSidecars(plain);
  }
}
