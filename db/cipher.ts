import Database from 'better-sqlite3-multiple-ciphers';

/**
 * The encrypted database at rest (issue 12 item 3). A workspace key is 32 random bytes, given to SQLite3 Multiple
 * Ciphers as a raw key (no passphrase stretching on each open: the key file does that once, see
 * core/server/workspaceKey.ts). Cipher: SQLite3MC's `sqlcipher` scheme — AES-256-CBC with a per-page
 * HMAC-SHA512, so a changed page reads as an error rather than as altered data, and AES runs on the CPU's AES
 * instructions. SQLite3MC's default (non-legacy) variant keeps the page size readable, so the 8 KB pages
 * (migrations' PAGE_SIZE) need no extra setting. chacha20 would do as well; the per-page HMAC and the format's
 * wide use decided it.
 *
 * Null is a plaintext workspace (every workspace before this change, and tests that do not ask for a key).
 */
export type DatabaseKey = Buffer | null;

export const KEY_BYTES = 32;

/** A key opens the database or it does not: SQLite says only "file is not a database", which would read as damage. */
export class WrongKeyError extends Error {
  constructor(readonly file: string) {
    super('The workspace key does not open this database (wrong passphrase, or a file from another workspace).');
    this.name = 'WrongKeyError';
  }
}

/** An encrypted workspace asked to open with no key: never a damaged file to move aside. */
export class KeyRequiredError extends Error {
  constructor(readonly file: string) {
    super('This workspace is encrypted: it opens with its passphrase or the system keychain.');
    this.name = 'KeyRequiredError';
  }
}

/** Keys a connection: must come before any other statement on it. */
export function applyKey(db: Database.Database, key: DatabaseKey): void {
  if (!key) return;
  if (key.length !== KEY_BYTES) throw new TypeError(`a workspace key is ${KEY_BYTES} bytes`);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

const isNotADatabase = (error: unknown) => (error as { code?: unknown }).code === 'SQLITE_NOTADB';

/**
 * Every connection on a workspace file or a copy of it opens here, keyed before anything else runs. With a key,
 * the first page is read at once, so a wrong key (or a plaintext file given a key) is a WrongKeyError here, not
 * a "file is not a database" from whatever statement came first.
 */
export function openKeyed(file: string, key: DatabaseKey, options?: Database.Options): Database.Database {
  const db = new Database(file, options);
  try {
    applyKey(db, key);
    // SQLite3MC encrypts the database and its WAL, not SQLite's temporary files: a VACUUM (after every erasure),
    // a sort or an index build larger than the cache would write plain rows to the temp folder. Kept in memory
    // instead, on every connection (a plaintext workspace becomes an encrypted one in place, and a worker thread
    // stopped mid-task leaves nothing behind) — a VACUUM then needs about the database's size in memory.
    db.pragma('temp_store = MEMORY');
    if (key) db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) throw new WrongKeyError(file);
    throw error;
  }
  return db;
}

/** Whether a file opens as a plain SQLite database (a workspace from before encryption, or one half migrated). */
export function opensWithoutKey(file: string): boolean {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Whether `key` opens the file (an encrypted backup or upload of this workspace). */
export function isEncryptedWith(file: string, key: Buffer): boolean {
  try {
    openKeyed(file, key, { readonly: true, fileMustExist: true }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Encrypts a plain database file where it lies (SQLite3MC's rekey rewrites every page under the key, in one
 * transaction: a crash leaves it plain, never half). For a private copy the caller made: the plain file was on
 * disk already, so its journal of plain pages exposes nothing new. Rolled back to DELETE first: SQLite3MC
 * rekeys outside WAL only; a connection that opens it later puts it back in WAL.
 */
export function encryptFileInPlace(file: string, key: Buffer): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('temp_store = MEMORY');
    db.pragma('journal_mode = DELETE');
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    db.close();
  }
}

/** The plain bytes of an encrypted database, in memory only (sqlite3_serialize reads pages through the cipher). */
export function serializedCopy(file: string, key: Buffer): Buffer {
  const db = openKeyed(file, key, { readonly: true, fileMustExist: true });
  try {
    return db.serialize();
  } finally {
    db.close();
  }
}
