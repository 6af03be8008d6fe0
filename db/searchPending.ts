import type { ReadableDB, WritableDB } from './handles';
import { prepare } from './statements';

/**
 * Search indexes a bulk load left to build afterwards: a joining device's evidence index (a tenth of its
 * bootstrap at ten years) is built after the snapshot has committed, while the app already answers. Until then
 * the index is empty and a search says so (evidence.search `indexBuilding`), rather than finding nothing.
 * The table is this device's (sync_ bookkeeping: never synced, hashed or exported).
 */
export const SEARCH_PENDING_SQL = `
  CREATE TABLE sync_search_pending (name TEXT PRIMARY KEY) STRICT;
`;

/** The FTS indexes whose build is left until after a snapshot's load: the large ones. */
export const DEFERRED_SEARCH_INDEXES: readonly string[] = ['evidence_fts'];

export function searchPending(db: ReadableDB, name?: string): boolean {
  return name === undefined
    ? prepare(db, 'SELECT 1 FROM sync_search_pending LIMIT 1').get() !== undefined
    : prepare(db, 'SELECT 1 FROM sync_search_pending WHERE name = ?').get(name) !== undefined;
}

/** Empties the index now and marks it to be built (in the load's transaction). */
export function deferSearchIndex(db: WritableDB, name: string): void {
  // The load set the index's triggers aside: what it holds describes rows that are gone.
  db.exec(`INSERT INTO "${name}"("${name}") VALUES ('delete-all')`);
  prepare(db, 'INSERT OR IGNORE INTO sync_search_pending (name) VALUES (?)').run(name);
}

/** Builds every pending index from its rows (in the caller's transaction) and returns their names. */
export function buildPendingSearch(db: WritableDB): string[] {
  const names = prepare(db, 'SELECT name FROM sync_search_pending ORDER BY name').all() as { name: string }[];
  for (const { name } of names) {
    db.exec(`INSERT INTO "${name}"("${name}") VALUES ('rebuild')`);
    prepare(db, 'DELETE FROM sync_search_pending WHERE name = ?').run(name);
  }
  return names.map((n) => n.name);
}
