import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * The activity log's hash chain as migration 74 made it, kept so that step still does what it did: full SHA-256
 * hashes, ids, times and authors as text (93 MB at `large`). Migration 77 turns it into the shape of
 * db/activityChain.ts; nothing else reads or writes this shape.
 */
const CHAIN_V74_SQL = `
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

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function createChainV74(db: Database.Database): void {
  db.exec(CHAIN_V74_SQL);
  const rows = db.prepare('SELECT id, at, actor, method, entity, entity_id AS entityId, summary FROM activity ORDER BY id').all() as Record<string, string>[];
  const insert = db.prepare(`INSERT INTO activity_chain (kind, activity_id, previous_id, at, actor, row_hash, hash) VALUES ('insert', ?, NULL, ?, ?, ?, ?)`);
  let previous = '';
  for (const r of rows) {
    const rowHash = sha256(JSON.stringify([r.id, r.at, r.actor, r.method, r.entity, r.entityId, r.summary]));
    const hash = sha256(JSON.stringify([previous, 'insert', r.id, '', r.at, r.actor, rowHash]));
    insert.run(r.id, r.at, r.actor, Buffer.from(rowHash, 'hex'), Buffer.from(hash, 'hex'));
    previous = hash;
  }
}

/**
 * The triggers of this shape, for a backup made before migration 77 that an erasure scrubs: its redactions
 * re-anchor that copy's chain as they did then, so it checks intact once restored and migrated.
 */
export function installChainV74(db: Database.Database): void {
  const fromHex = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex'));
  const toHex = (blob: unknown) => (blob instanceof Uint8Array ? Buffer.from(blob).toString('hex') : '');
  db.function('activity_row_hash_v74', { deterministic: true, varargs: true }, (...cols: unknown[]) => fromHex(sha256(JSON.stringify(cols.map(String)))));
  db.function('activity_link_hash_v74', { deterministic: true, varargs: true }, (...f: unknown[]) => {
    const [previous, kind, activityId, previousId, at, actor, rowHash] = f;
    return fromHex(sha256(JSON.stringify([toHex(previous), kind, activityId, previousId ?? '', at, actor, toHex(rowHash)])));
  });
  const append = (kind: string, r: 'NEW' | 'OLD', previousId: string, withRow: boolean) => {
    const rowHash = withRow ? `activity_row_hash_v74(${r}.id, ${r}.at, ${r}.actor, ${r}.method, ${r}.entity, ${r}.entity_id, ${r}.summary)` : 'NULL';
    return `INSERT INTO main.activity_chain (kind, activity_id, previous_id, at, actor, row_hash, hash)
      SELECT '${kind}', ${r}.id, ${previousId}, ${r}.at, ${r}.actor, h.row_hash,
        activity_link_hash_v74((SELECT hash FROM main.activity_chain ORDER BY seq DESC LIMIT 1), '${kind}', ${r}.id, ${previousId}, ${r}.at, ${r}.actor, h.row_hash)
      FROM (SELECT ${rowHash} AS row_hash) AS h;`;
  };
  db.exec(`
    CREATE TEMP TRIGGER activity_chain_insert AFTER INSERT ON main.activity BEGIN ${append('insert', 'NEW', 'NULL', true)} END;
    CREATE TEMP TRIGGER activity_chain_update AFTER UPDATE ON main.activity BEGIN ${append('update', 'NEW', 'OLD.id', true)} END;
    CREATE TEMP TRIGGER activity_chain_delete AFTER DELETE ON main.activity BEGIN ${append('delete', 'OLD', 'NULL', false)} END;
  `);
}
