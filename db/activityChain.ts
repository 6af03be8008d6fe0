import { hash } from 'node:crypto';
import { canonicalRow, linkHash, type ChainKind, type ChainLink, type LoggedRow } from '../core/rules/logChain';
import type { ReadableDB, WritableDB } from './handles';
import { prepare } from './statements';

/**
 * The activity log's hash chain, kept on this device only (never synced, never exported): one link for every
 * insert, update and delete of a log row, in the order this device made them (core/rules/logChain.ts).
 * Hashes are SHA-256, stored as 32-byte blobs (the hex would double the table, which is about as large as the
 * log itself).
 */
export const ACTIVITY_CHAIN_SQL = `
  CREATE TABLE activity_chain (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete')),
    activity_id TEXT NOT NULL,
    previous_id TEXT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    row_hash BLOB,
    hash BLOB NOT NULL
  ) STRICT;
`;

// The one-shot hash: a Hash object per call cost three times as much for a log row's hundred-odd bytes.
export const sha256Hex = (text: string) => hash('sha256', text, 'hex');

const fromHex = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex'));
const toHex = (blob: unknown) => (blob instanceof Uint8Array ? Buffer.from(blob).toString('hex') : null);

/**
 * Chains the rows a database already holds, oldest first, as if each had just been inserted: run once, by the
 * migration that creates the chain (a plain JS loop, as migrations run before the triggers are installed).
 */
export function chainExistingActivity(db: WritableDB): number {
  const rows = prepare(db, 'SELECT id, at, actor, method, entity, entity_id AS entityId, summary FROM activity ORDER BY id').all() as LoggedRow[];
  // Positional parameters: a joining device chains every row of a ten-year log (half a million) at bootstrap.
  const insert = prepare(db, `INSERT INTO activity_chain (kind, activity_id, previous_id, at, actor, row_hash, hash) VALUES ('insert', ?, NULL, ?, ?, ?, ?)`);
  let previous: string | null = null;
  for (const row of rows) {
    const rowHash = sha256Hex(canonicalRow(row));
    const link = linkHash(previous, { kind: 'insert', activityId: row.id, previousId: null, at: row.at, actor: row.actor, rowHash }, sha256Hex);
    insert.run(row.id, row.at, row.actor, fromHex(rowHash), fromHex(link));
    previous = link;
  }
  return rows.length;
}

/**
 * Installs the TEMP triggers that append a link for each change of a log row, on a writing connection of a
 * migrated database (db/open.ts and a backup's erasure copy). TEMP, like sync's capture triggers: a change made
 * with other tools appends nothing, which is what the check then finds.
 */
export function installActivityChain(db: WritableDB): void {
  db.function('activity_row_hash', { deterministic: true, varargs: true }, (...cols: unknown[]) => {
    const [id, at, actor, method, entity, entityId, summary] = cols.map(String) as [string, string, string, string, string, string, string];
    return fromHex(sha256Hex(canonicalRow({ id, at, actor, method, entity, entityId, summary })));
  });
  db.function('activity_link_hash', { deterministic: true }, (previous: unknown, kind: unknown, activityId: unknown, previousId: unknown, at: unknown, actor: unknown, rowHash: unknown) =>
    fromHex(
      linkHash(
        toHex(previous),
        { kind: kind as ChainKind, activityId: String(activityId), previousId: previousId === null ? null : String(previousId), at: String(at), actor: String(actor), rowHash: toHex(rowHash) },
        sha256Hex,
      ),
    ),
  );
  const append = (kind: ChainKind, r: 'NEW' | 'OLD', previousId: string, withRow: boolean) => {
    const rowHash = withRow ? `activity_row_hash(${r}.id, ${r}.at, ${r}.actor, ${r}.method, ${r}.entity, ${r}.entity_id, ${r}.summary)` : 'NULL';
    return `INSERT INTO main.activity_chain (kind, activity_id, previous_id, at, actor, row_hash, hash)
      SELECT '${kind}', ${r}.id, ${previousId}, ${r}.at, ${r}.actor, h.row_hash,
        activity_link_hash((SELECT hash FROM main.activity_chain ORDER BY seq DESC LIMIT 1), '${kind}', ${r}.id, ${previousId}, ${r}.at, ${r}.actor, h.row_hash)
      FROM (SELECT ${rowHash} AS row_hash) AS h;`;
  };
  db.exec(`
    DROP TRIGGER IF EXISTS temp.activity_chain_insert;
    DROP TRIGGER IF EXISTS temp.activity_chain_update;
    DROP TRIGGER IF EXISTS temp.activity_chain_delete;
    CREATE TEMP TRIGGER activity_chain_insert AFTER INSERT ON main.activity BEGIN ${append('insert', 'NEW', 'NULL', true)} END;
    CREATE TEMP TRIGGER activity_chain_update AFTER UPDATE ON main.activity BEGIN ${append('update', 'NEW', 'OLD.id', true)} END;
    CREATE TEMP TRIGGER activity_chain_delete AFTER DELETE ON main.activity BEGIN ${append('delete', 'OLD', 'NULL', false)} END;
  `);
}

/** Every link, oldest first, hashes as hex. */
export function readChain(db: ReadableDB): ChainLink[] {
  const rows = prepare(
    db,
    // Hex made by SQLite: a Buffer per hash in JS took twice as long as the rest of the read.
    `SELECT seq, kind, activity_id AS activityId, previous_id AS previousId, at, actor,
       lower(hex(row_hash)) AS rowHash, lower(hex(hash)) AS hash FROM activity_chain ORDER BY seq`,
  ).all() as (ChainLink & { rowHash: string })[];
  // hex(NULL) is '' — a delete's link has no row hash.
  return rows.map((r) => (r.rowHash === '' ? { ...r, rowHash: null } : r));
}

export function readLoggedRows(db: ReadableDB): LoggedRow[] {
  return prepare(db, 'SELECT id, at, actor, method, entity, entity_id AS entityId, summary FROM activity').all() as LoggedRow[];
}

/** Whether the database has a chain (a backup from before schema 74 has none). */
export function hasActivityChain(db: ReadableDB): boolean {
  return prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'activity_chain'`).get() !== undefined;
}
