import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { asWritable, type WritableDB } from './handles';
import { migrate } from './migrations';

export const DATABASE_FILE_NAME = 'principled.sqlite';

/** Opens (creating if needed) and migrates a workspace database. `:memory:` works for tests. */
export function openDatabase(file: string): WritableDB {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleted and overwritten content is zeroed, not left in free pages: erasure depends on it.
    db.pragma('secure_delete = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return asWritable(db);
}
