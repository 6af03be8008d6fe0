import type Database from 'better-sqlite3-multiple-ciphers';
import { dirname } from 'node:path';
import { openKeyed, type DatabaseKey } from './cipher';
import { installActivityChain } from './activityChain';
import { asWritable, type ReadableDB, type WritableDB } from './handles';
import { migrate, PAGE_SIZE } from './migrations';
import { createPrivateFile, ensurePrivateDir, makePrivate } from './privateFiles';

export const DATABASE_FILE_NAME = 'principled.sqlite';

/**
 * Opens (creating if needed) and migrates a workspace database. `:memory:` works for tests. With a key, every
 * page of the file, its WAL and its backups is encrypted (db/cipher.ts); a new file is created encrypted.
 */
export function openDatabase(file: string, key: DatabaseKey = null): WritableDB {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    // SQLite gives the -wal and -shm it creates the main file's mode, so the file is made 0600 before SQLite
    // creates it; sidecars an older version left are tightened here.
    createPrivateFile(file);
    for (const extra of ['-wal', '-shm']) makePrivate(file + extra);
  }
  const db = openKeyed(file, key);
  try {
    configure(db);
    migrate(db);
    installActivityChain(asWritable(db));
  } catch (error) {
    db.close();
    throw error;
  }
  return asWritable(db);
}

/**
 * A second writer on a workspace the app has open (so created and migrated): the background worker's, for
 * the writing step of an import. Same settings as the app's own connection; the workspace makes sure the two
 * never write at the same moment (see `writeInBackground` in core/server/workspace.ts).
 */
export function openSecondWriter(file: string, key: DatabaseKey): WritableDB {
  const db = openKeyed(file, key, { fileMustExist: true });
  try {
    configure(db);
    installActivityChain(asWritable(db));
  } catch (error) {
    db.close();
    throw error;
  }
  return asWritable(db);
}

/**
 * The connection reads run on: opened read-only on a workspace the app has open (so created, migrated and in
 * WAL mode), so a read cannot write by construction. WAL lets it read while the writer writes; each read
 * transaction sees everything committed before it began.
 */
export function openReader(file: string, key: DatabaseKey = null): ReadableDB {
  const db = openKeyed(file, key, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Screens read indexes and rows all over a large file: SQLite's default 2 MB page cache sent most reads
    // of a large workspace back to the file (kits and debriefs ran ~1.3x slower than on a 16 MB cache).
    db.pragma('cache_size = -16000');
  } catch (error) {
    db.close();
    throw error;
  }
  return db as ReadableDB;
}

function configure(db: Database.Database): void {
  // Takes effect on a new, empty file only; an existing one is moved to it by migration 65's VACUUM.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed, not left in free pages: erasure depends on it.
  db.pragma('secure_delete = ON');
}
