import { hash } from 'node:crypto';
import { canonicalRow, keepsHash, linkHash, CHECKPOINT, type ChainKind, type ChainLink, type LoggedRow } from '../core/rules/logChain';
import type { ReadableDB, WritableDB } from './handles';
import { prepare } from './statements';

/**
 * The activity log's hash chain, kept on this device only (never synced, never exported): one link for every
 * insert, update and delete of a log row, in the order this device made them (core/rules/logChain.ts).
 *
 * Sized to stay small next to the log itself (~490k links at `large`: 93 MB in migration 74's shape, ~24 MB in
 * this one): hashes are SHA-256 cut to 16 bytes, a UUID id is its 16 bytes (any other id stays text, hence
 * ANY), the kind a number (0, the common insert, takes no bytes), an update's earlier id only when a fold
 * changed it, the author a number into `activity_chain_actors`, and the running hash only every CHECKPOINT-th
 * link and on the newest. Times are not kept: a row's UUIDv7 id carries its millisecond.
 */
export const ACTIVITY_CHAIN_SQL = `
  CREATE TABLE activity_chain_actors (
    n INTEGER PRIMARY KEY,
    actor TEXT NOT NULL UNIQUE
  ) STRICT;
  CREATE TABLE activity_chain (
    seq INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
    activity_id ANY NOT NULL,
    previous_id ANY,
    actor INTEGER NOT NULL,
    row_hash BLOB,
    hash BLOB
  ) STRICT;
`;

const KINDS: readonly ChainKind[] = ['insert', 'update', 'delete'];

/**
 * SHA-256 cut to 128 bits. Enough here: to change a row unseen without rewriting the chain one needs another
 * row with the same 16 bytes, a second preimage (2^128 tries); a collision (2^64) needs both texts chosen before
 * the app logs one, and the log's texts are the app's. Someone who can write the file can rewrite an unkeyed
 * chain anyway (docs/sync.md, "Limits"), so longer hashes would buy nothing until the head is signed.
 */
// The one-shot hash: a Hash object per call cost three times as much for a log row's hundred-odd bytes.
export const chainHash = (text: string) => hash('sha256', text, 'hex').slice(0, 32);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lower-case UUID as its 16 bytes; any other id as it is (it must read back unchanged). */
function storedId(id: string): Buffer | string;
function storedId(id: string | null): Buffer | string | null;
function storedId(id: string | null): Buffer | string | null {
  return id !== null && UUID.test(id) ? Buffer.from(id.replaceAll('-', ''), 'hex') : id;
}

/** SQL reading a stored id back as text: made by SQLite, as a Buffer per row in JS costs more than the rest of the read. */
const idText = (column: string) => {
  const h = `hex(${column})`;
  return `CASE WHEN typeof(${column}) = 'blob' THEN lower(substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-' || substr(${h}, 13, 4) || '-' || substr(${h}, 17, 4) || '-' || substr(${h}, 21)) ELSE ${column} END`;
};

const fromHex = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex'));
const toHex = (blob: unknown) => (blob instanceof Uint8Array ? Buffer.from(blob).toString('hex') : null);

/**
 * Writes links in order from JS (migrations and a snapshot's rebuild run without the triggers), keeping the
 * running hash where the triggers would: every CHECKPOINT-th link and the last one written.
 */
function linkWriter(db: WritableDB) {
  const actors = new Map((prepare(db, 'SELECT n, actor FROM activity_chain_actors').all() as { n: number; actor: string }[]).map((a) => [a.actor, a.n]));
  const addActor = prepare(db, 'INSERT INTO activity_chain_actors (actor) VALUES (?)');
  const insert = prepare(db, 'INSERT INTO activity_chain (seq, kind, activity_id, previous_id, actor, row_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const last = prepare(db, 'SELECT seq, lower(hex(hash)) AS hash FROM activity_chain ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  let seq = last?.seq ?? 0;
  let previous = last?.hash || null;
  return (links: Iterable<Omit<ChainLink, 'seq' | 'hash'>>, count: number) => {
    if (last && count > 0 && !keepsHash(last.seq, false)) prepare(db, 'UPDATE activity_chain SET hash = NULL WHERE seq = ?').run(last.seq);
    let written = 0;
    for (const link of links) {
      let n = actors.get(link.actor);
      if (n === undefined) actors.set(link.actor, (n = Number(addActor.run(link.actor).lastInsertRowid)));
      previous = linkHash(previous, link, chainHash);
      seq++;
      written++;
      const kept = keepsHash(seq, written === count);
      insert.run(seq, KINDS.indexOf(link.kind), storedId(link.activityId), storedId(link.previousId), n, fromHex(link.rowHash), kept ? fromHex(previous) : null);
    }
  };
}

/**
 * Chains the rows a database holds, oldest first, as if each had just been inserted: a snapshot's rebuild (the
 * links were set aside with the rest) and a workspace that never had a chain.
 */
export function chainExistingActivity(db: WritableDB): number {
  const rows = prepare(db, 'SELECT id, at, actor, method, entity, entity_id AS entityId, summary FROM activity ORDER BY id').all() as LoggedRow[];
  linkWriter(db)(
    rows.map((row) => ({ kind: 'insert' as const, activityId: row.id, previousId: null, actor: row.actor, rowHash: chainHash(canonicalRow(row)) })),
    rows.length,
  );
  return rows.length;
}

/**
 * Migration 77: migration 74's chain in this shape. Each link keeps what it said (kind, ids, author, and its row
 * hash, whose first 16 bytes are this shape's row hash), so a row changed or removed before the migration still
 * shows; the running hash is computed anew, so an edit of the old links themselves is not carried over.
 */
export function slimChainV74(db: WritableDB): number {
  const old = prepare(
    db,
    `SELECT kind, activity_id AS activityId, previous_id AS previousId, actor, lower(hex(substr(row_hash, 1, 16))) AS rowHash FROM activity_chain ORDER BY seq`,
  ).all() as (Omit<ChainLink, 'seq' | 'hash'> & { rowHash: string })[];
  db.exec(`DROP TABLE activity_chain; ${ACTIVITY_CHAIN_SQL}`);
  linkWriter(db)(
    old.map((l) => ({
      ...l,
      previousId: l.kind === 'update' && l.previousId !== l.activityId ? l.previousId : null,
      rowHash: l.rowHash === '' ? null : l.rowHash,
    })),
    old.length,
  );
  return old.length;
}

/**
 * Installs the TEMP triggers that append a link for each change of a log row, on a writing connection of a
 * migrated database (db/open.ts and a backup's erasure copy). TEMP, like sync's capture triggers: a change made
 * with other tools appends nothing, which is what the check then finds.
 */
export function installActivityChain(db: WritableDB): void {
  db.function('activity_row_hash', { deterministic: true, varargs: true }, (...cols: unknown[]) => {
    const [id, at, actor, method, entity, entityId, summary] = cols.map(String) as [string, string, string, string, string, string, string];
    return fromHex(chainHash(canonicalRow({ id, at, actor, method, entity, entityId, summary })));
  });
  db.function('activity_chain_id', { deterministic: true }, (id: unknown) => storedId(id === null ? null : String(id)));
  db.function('activity_link_hash', { deterministic: true }, (previous: unknown, kind: unknown, activityId: unknown, previousId: unknown, actor: unknown, rowHash: unknown) =>
    fromHex(
      linkHash(
        toHex(previous),
        { kind: kind as ChainKind, activityId: String(activityId), previousId: previousId === null ? null : String(previousId), actor: String(actor), rowHash: toHex(rowHash) },
        chainHash,
      ),
    ),
  );
  const append = (kind: ChainKind, r: 'NEW' | 'OLD', previousId: string, withRow: boolean) => {
    const rowHash = withRow ? `activity_row_hash(${r}.id, ${r}.at, ${r}.actor, ${r}.method, ${r}.entity, ${r}.entity_id, ${r}.summary)` : 'NULL';
    // No OR IGNORE on the author's insert: an outer INSERT OR REPLACE would turn it into a REPLACE, renumbering the author.
    return `INSERT INTO main.activity_chain_actors (actor) SELECT ${r}.actor WHERE NOT EXISTS (SELECT 1 FROM main.activity_chain_actors WHERE actor = ${r}.actor);
      INSERT INTO main.activity_chain (kind, activity_id, previous_id, actor, row_hash, hash)
      SELECT ${KINDS.indexOf(kind)}, activity_chain_id(${r}.id), activity_chain_id(${previousId}), a.n, h.row_hash,
        activity_link_hash((SELECT hash FROM main.activity_chain ORDER BY seq DESC LIMIT 1), '${kind}', ${r}.id, ${previousId}, ${r}.actor, h.row_hash)
      FROM (SELECT ${rowHash} AS row_hash) AS h, main.activity_chain_actors AS a WHERE a.actor = ${r}.actor;
      UPDATE main.activity_chain SET hash = NULL WHERE seq = (SELECT max(seq) FROM main.activity_chain) - 1 AND seq % ${CHECKPOINT} <> 0;`;
  };
  db.exec(`
    DROP TRIGGER IF EXISTS temp.activity_chain_insert;
    DROP TRIGGER IF EXISTS temp.activity_chain_update;
    DROP TRIGGER IF EXISTS temp.activity_chain_delete;
    CREATE TEMP TRIGGER activity_chain_insert AFTER INSERT ON main.activity BEGIN ${append('insert', 'NEW', 'NULL', true)} END;
    CREATE TEMP TRIGGER activity_chain_update AFTER UPDATE ON main.activity BEGIN ${append('update', 'NEW', 'CASE WHEN OLD.id = NEW.id THEN NULL ELSE OLD.id END', true)} END;
    CREATE TEMP TRIGGER activity_chain_delete AFTER DELETE ON main.activity BEGIN ${append('delete', 'OLD', 'NULL', false)} END;
  `);
}

/** Every link, oldest first, ids as text and hashes as hex. */
export function readChain(db: ReadableDB): ChainLink[] {
  const rows = prepare(
    db,
    // Hex made by SQLite: a Buffer per hash in JS took twice as long as the rest of the read.
    `SELECT c.seq, CASE c.kind WHEN 0 THEN 'insert' WHEN 1 THEN 'update' ELSE 'delete' END AS kind,
       ${idText('c.activity_id')} AS activityId, ${idText('c.previous_id')} AS previousId, coalesce(a.actor, '') AS actor,
       lower(hex(c.row_hash)) AS rowHash, lower(hex(c.hash)) AS hash
     FROM activity_chain AS c LEFT JOIN activity_chain_actors AS a ON a.n = c.actor ORDER BY c.seq`,
  ).all() as (Omit<ChainLink, 'rowHash' | 'hash'> & { rowHash: string; hash: string })[];
  // hex(NULL) is '': a delete's link has no row hash, and most links keep no running hash.
  for (const r of rows) {
    (r as ChainLink).rowHash = r.rowHash === '' ? null : r.rowHash;
    (r as ChainLink).hash = r.hash === '' ? null : r.hash;
  }
  return rows as ChainLink[];
}

export function readLoggedRows(db: ReadableDB): LoggedRow[] {
  return prepare(db, 'SELECT id, at, actor, method, entity, entity_id AS entityId, summary FROM activity').all() as LoggedRow[];
}

/** Whether the database has a chain (a backup from before schema 74 has none). */
export function hasActivityChain(db: ReadableDB): boolean {
  return prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'activity_chain'`).get() !== undefined;
}

/** Which chain a database holds: this shape, migration 74's (a backup from before migration 77), or none. */
export function chainShape(db: ReadableDB): 'slim' | 'v74' | null {
  if (!hasActivityChain(db)) return null;
  return prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'activity_chain_actors'`).get() !== undefined ? 'slim' : 'v74';
}
