import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * Compiling the SQL again on every call cost more than running it for most screen reads (see bench/README.md),
 * so query functions get their statements here, cached per connection by their text. The set is small (fixed
 * text plus a few filter combinations); the cap only guards against a caller building SQL from data.
 * A cached statement is shared by every caller of the same SQL, so nobody may change its mode
 * (pluck, raw, expand): test/db/statements.test.ts checks the sources for it.
 */
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const MAX_STATEMENTS = 1_000;

export function prepare(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  // A statement still stepping (an iterate() in progress) cannot be reused; a fresh one serves this caller.
  if (!statement || statement.busy) {
    statement = db.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * SQL built from a filter, built once per shape of filter (`shape` names which parts it has) and handed out as
 * the same string each time: the statement cache then finds it by the hash V8 keeps on that string, where a
 * freshly built text of a kilobyte was hashed again on every call, which cost a small read a tenth of its time.
 */
const builtSql = new Map<string, string>();

export function sqlOf(shape: string, build: () => string): string {
  let sql = builtSql.get(shape);
  if (sql === undefined) {
    sql = build();
    builtSql.set(shape, sql);
  }
  return sql;
}
