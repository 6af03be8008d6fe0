import Database from 'better-sqlite3-multiple-ciphers';
import { rmSync } from 'node:fs';
import { releaseBuffer } from './bufferRelease';
import { KEY_BYTES } from './cipher';

/**
 * A database's plain bytes opened in memory, never as a file: how an encrypted workspace reads its backups
 * (db/backupCipher.ts). Temporary tables, sorts and VACUUM's working copy stay in memory too, so no plain page
 * reaches a temporary file either.
 *
 * The bytes are consumed: changed in place (the journal-mode bytes), then, once SQLite has copied them, the
 * buffer is emptied and its memory given back (releaseBuffer), so pass a buffer the caller owns and holds no other
 * view of.
 */
export function memoryDatabase(plain: Buffer): Database.Database {
  // A copy of a WAL database says so in its header, and a memory database has no WAL to read: back to rollback.
  if (plain.length >= 20 && plain[18] === 2) {
    plain[18] = 1;
    plain[19] = 1;
  }
  let db: Database.Database;
  try {
    db = new Database(plain);
  } finally {
    releaseBuffer(plain);
  }
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF');
  return db;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const CREATE = /^CREATE\s+(VIRTUAL\s+TABLE|TABLE|UNIQUE\s+INDEX|INDEX|TRIGGER|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?/i;
const inSchema = (sql: string, schema: string) => {
  if (!CREATE.test(sql)) throw new Error(`cannot copy a schema object created by: ${sql.slice(0, 60)}`);
  return sql.replace(CREATE, (_m, what: string) => `CREATE ${what} ${schema}.`);
};

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
}

/**
 * Writes the memory database `db` to `target` encrypted under `key`, without a plain byte on disk. Neither
 * VACUUM INTO nor the backup API can key a file from a memory connection, but ATTACH … KEY can, so the copy is
 * made in SQL, in one transaction: the tables, their rows with their rowids (the full-text indexes point at
 * them), FTS5's own tables as they are, the statistics and sequences, then the indexes, views and triggers.
 */
export function writeKeyedFile(db: Database.Database, target: string, key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new TypeError(`a workspace key is ${KEY_BYTES} bytes`);
  rmSync(target, { force: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const objects = db.prepare(`SELECT type, name, sql FROM main.sqlite_schema ORDER BY rowid`).all() as SchemaRow[];
  const kinds = new Map((db.prepare('PRAGMA main.table_list').all() as { name: string; type: string }[]).map((t) => [t.name, t.type]));
  // FTS5's shadow tables are written only with defensive mode off, and only here, on a private connection.
  db.unsafeMode(true);
  db.pragma(`cipher = 'sqlcipher'`);
  db.prepare('ATTACH ? AS copy KEY ?').run(target, `x'${key.toString('hex')}'`);
  try {
    db.pragma(`copy.page_size = ${pageSize}`);
    db.pragma('copy.journal_mode = DELETE');
    db.transaction(() => {
      const tables = objects.filter((o) => o.type === 'table' && o.sql && !o.name.startsWith('sqlite_') && kinds.get(o.name) !== 'shadow');
      for (const t of tables) db.exec(inSchema(t.sql!, 'copy'));
      for (const t of objects.filter((o) => o.type === 'table' && (kinds.get(o.name) === 'shadow' || kinds.get(o.name) === 'table') && !o.name.startsWith('sqlite_schema'))) {
        if (kinds.get(t.name) === 'virtual') continue;
        if (t.name.startsWith('sqlite_stat')) db.exec(`ANALYZE copy.sqlite_schema`);
        const columns = (db.prepare(`PRAGMA main.table_xinfo(${quote(t.name)})`).all() as { name: string; hidden: number }[])
          .filter((c) => c.hidden === 0)
          .map((c) => quote(c.name));
        const withRowid = !/\bWITHOUT\s+ROWID\b/i.test(t.sql ?? '');
        const list = (withRowid ? ['rowid', ...columns] : columns).join(', ');
        const name = quote(t.name);
        // Made when their virtual table or first AUTOINCREMENT table was: their starting rows are replaced.
        db.exec(`DELETE FROM copy.${name}`);
        db.exec(`INSERT INTO copy.${name} (${list}) SELECT ${list} FROM main.${name}`);
      }
      for (const kind of ['index', 'view', 'trigger']) {
        for (const o of objects) if (o.type === kind && o.sql) db.exec(inSchema(o.sql, 'copy'));
      }
      db.pragma(`copy.user_version = ${userVersion}`);
      db.pragma(`copy.application_id = ${applicationId}`);
    })();
  } catch (error) {
    db.exec('DETACH copy');
    rmSync(target, { force: true });
    rmSync(`${target}-journal`, { force: true });
    throw error;
  }
  db.exec('DETACH copy');
}
