import type { ReadableDB, WritableDB } from '../../../db/handles';
import type { Change, ChangeValue } from './batch';
import { FEEDBACK_CONTENT_COLUMNS, feedbackPurpose, REVOTE_BLANK, REVOTE_CONTENT_COLUMNS, REVOTE_FEEDBACK_SQL, type FeedbackContent } from './feedbackKeys';
import { isSealedItem, sealValue, type SealedItem } from './sealedContent';
import { quoteName, tableShape } from './syncedTables';

/*
 * Snapshots are blind too (docs/sync.md, "Per-feedback keys"): a snapshot holds each submitted feedback's routing
 * in its rows, its content (the content columns and every rating) only as items sealed under that feedback's key,
 * and the items this device itself holds sealed, copied as they came, so a device bootstrapping from it still
 * gets that content once granted, after the batches that carried it are compacted away.
 */

/** One sealed item with what keeping it in `sync_sealed` needs: [feedbackId, keyId, deviceId, seq, authorId, hlc, item]. */
export type SealedRow = [string, string, string, number, string, string, SealedItem];

export interface SnapshotSealing {
  teamId: string;
  /** The writing device and the snapshot's seq: where the items made from this device's own content came from. */
  deviceId: string;
  seq: number;
}

/** A column's declared default as the value an insert without it stores (what a blind device holds). */
function defaultValue(sql: string | null): ChangeValue {
  if (sql === null || /^null$/i.test(sql)) return null;
  const quoted = /^'(.*)'$/s.exec(sql);
  if (quoted) return (quoted[1] ?? '').replaceAll("''", "'");
  const n = Number(sql);
  return Number.isFinite(n) ? n : null;
}

/**
 * The feedback row as a device without its key holds it: each content column at its default. The writer and
 * every blind device hold alike, so the snapshot's state hash is over routing only.
 */
export function blankFeedbackContent(db: ReadableDB, columns: string[]): (row: unknown[]) => unknown[] {
  const defaults = new Map(
    (db.prepare(`SELECT name, dflt_value AS dflt FROM pragma_table_info('feedback')`).all() as { name: string; dflt: string | null }[]).map((c) => [c.name, defaultValue(c.dflt)]),
  );
  const blank = columns.map((c, i) => [i, FEEDBACK_CONTENT_COLUMNS.has(c) ? (defaults.get(c) ?? null) : undefined] as const).filter(([, v]) => v !== undefined);
  return (row) => {
    const out = [...row];
    for (const [i, v] of blank) out[i] = v;
    return out;
  };
}

/** A revote row as a device without its feedback's key holds it: votes and note blank (see REVOTE_CONTENT_COLUMNS). */
export function blankRevoteContent(columns: string[]): (row: unknown[]) => unknown[] {
  const blank = columns.flatMap((c, i) => (REVOTE_CONTENT_COLUMNS.has(c) ? [i] : []));
  return (row) => {
    const out = [...row];
    for (const i of blank) out[i] = REVOTE_BLANK;
    return out;
  };
}

/** Each revote whose feedback's key is here: its votes and note sealed under that key, with the revote's clock. */
function* sealedRevotes(db: ReadableDB, sealing: SnapshotSealing): Generator<SealedRow> {
  const shape = tableShape(db, 'revotes');
  if (!shape) return;
  const content = shape.columns.filter((c) => REVOTE_CONTENT_COLUMNS.has(c));
  const rows = db
    .prepare(
      `SELECT r.id, r.author_id AS authorId, k.feedback_id AS feedbackId, k.key_id AS keyId, k.key,
              (SELECT hlc FROM sync_rows WHERE tbl = 'revotes' AND pk = json_array(r.id)) AS hlc,
              ${content.map((c) => `r.${quoteName(c)}`).join(', ')}
       FROM revotes r JOIN sync_feedback_keys k ON k.key_id = (
         SELECT min(key_id) FROM sync_feedback_keys WHERE feedback_id = ${REVOTE_FEEDBACK_SQL('r.loop_id', 'r.author_id')})
       WHERE r.from_vote != '${REVOTE_BLANK}' ORDER BY r.id`,
    )
    .all() as ({ id: string; authorId: string; feedbackId: string; keyId: string; key: Buffer; hlc: string | null } & Record<string, ChangeValue>)[];
  for (const r of rows) {
    const pk = JSON.stringify([r.id]);
    const changes: Change[] = content.map((column) => ({ table: 'revotes', pk, column, value: r[column] ?? null, op: 'insert' as const }));
    const value: FeedbackContent = { feedbackId: r.feedbackId, at: changes.map((_, i) => i), changes };
    const item = sealValue(value, r.key, { teamId: sealing.teamId, purpose: feedbackPurpose(r.feedbackId), keyId: r.keyId });
    yield [r.feedbackId, r.keyId, sealing.deviceId, sealing.seq, r.authorId, r.hlc ?? '', item];
  }
}

/**
 * Every sealed item a snapshot carries: this device's own content of each submitted feedback it holds the key of,
 * sealed under that key (an item per clock its rows carry, so each is applied with its own), then the items it
 * holds sealed. Feedback without a key here is feedback this device is blind to: its content is not here.
 */
export function* sealedSnapshotItems(db: ReadableDB, sealing: SnapshotSealing): Generator<SealedRow> {
  const feedbackShape = tableShape(db, 'feedback');
  const ratingShape = tableShape(db, 'feedback_ratings');
  if (!feedbackShape || !ratingShape) return;
  const content = feedbackShape.columns.filter((c) => FEEDBACK_CONTENT_COLUMNS.has(c));
  const keyed = db
    .prepare(
      `SELECT f.id, f.author_id AS authorId, k.key_id AS keyId, k.key,
              (SELECT hlc FROM sync_rows WHERE tbl = 'feedback' AND pk = json_array(f.id)) AS hlc,
              ${content.map((c) => `f.${quoteName(c)}`).join(', ')}
       FROM feedback f JOIN sync_feedback_keys k ON k.key_id = (SELECT min(key_id) FROM sync_feedback_keys WHERE feedback_id = f.id)
       WHERE f.status = 'submitted' ORDER BY f.id`,
    )
    .all() as ({ id: string; authorId: string; keyId: string; key: Buffer; hlc: string | null } & Record<string, ChangeValue>)[];
  const ratingPk = ratingShape.pk;
  const ratings = db.prepare(
    `SELECT ${ratingShape.columns.map(quoteName).join(', ')},
            (SELECT hlc FROM sync_rows WHERE tbl = 'feedback_ratings' AND pk = json_array(${ratingPk.map((c) => `r.${quoteName(c)}`).join(', ')})) AS "sync hlc"
     FROM feedback_ratings r WHERE feedback_id = ? ORDER BY ${ratingPk.map(quoteName).join(', ')}`,
  );
  for (const f of keyed) {
    const byClock = new Map<string, Change[]>();
    const add = (hlc: string | null, changes: Change[]) => {
      const key = hlc ?? '';
      byClock.set(key, [...(byClock.get(key) ?? []), ...changes]);
    };
    const feedbackPk = JSON.stringify([f.id]);
    add(
      f.hlc,
      content.map((column) => ({ table: 'feedback', pk: feedbackPk, column, value: f[column] ?? null, op: 'insert' as const })),
    );
    for (const r of ratings.all(f.id) as Record<string, ChangeValue>[]) {
      const pk = JSON.stringify(ratingPk.map((c) => r[c]));
      add(
        (r['sync hlc'] as string | null) ?? null,
        ratingShape.columns.map((column) => ({ table: 'feedback_ratings', pk, column, value: r[column] ?? null, op: 'insert' as const })),
      );
    }
    for (const [hlc, changes] of byClock) {
      const value: FeedbackContent = { feedbackId: f.id, at: changes.map((_, i) => i), changes };
      const item = sealValue(value, f.key, { teamId: sealing.teamId, purpose: feedbackPurpose(f.id), keyId: f.keyId });
      yield [f.id, f.keyId, sealing.deviceId, sealing.seq, f.authorId, hlc, item];
    }
  }
  yield* sealedRevotes(db, sealing);
  const held = db.prepare('SELECT feedback_id, key_id, device_id, seq, author_id, hlc, item FROM sync_sealed ORDER BY id').raw();
  for (const [feedbackId, keyId, deviceId, seq, authorId, hlc, item] of held.iterate() as Iterable<[string, string, string, number, string, string, string]>) {
    yield [feedbackId, keyId, deviceId, seq, authorId, hlc, JSON.parse(item) as SealedItem];
  }
}

/** Keeps a snapshot's sealed items on a bootstrapping device: applied as each key is granted (feedbackKeys.ts). */
export function keepSnapshotSealed(db: WritableDB, rows: readonly SealedRow[]): void {
  const insert = db.prepare('INSERT INTO sync_sealed (feedback_id, key_id, device_id, seq, author_id, hlc, item) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows) {
    const [feedbackId, keyId, deviceId, seq, authorId, hlc, item] = row;
    if (!isSealedItem(item) || item.purpose !== feedbackPurpose(feedbackId) || item.keyId !== keyId) throw new Error('a sealed item of the snapshot is not what it says');
    insert.run(feedbackId, keyId, deviceId, seq, authorId, hlc, JSON.stringify(item));
  }
}
