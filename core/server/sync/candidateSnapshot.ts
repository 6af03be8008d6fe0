import type { ReadableDB, WritableDB } from '../../../db/handles';
import { ERASE_METHOD, erasureMark } from '../../../db/queries/privacy';
import type { Change, ChangeValue } from './batch';
import { blankColumns, CANDIDATE_SEALED, candidateOfPurpose, candidatePurpose, type CandidateContent } from './candidateKeys';
import { isSealedItem, sealValue, type SealedItem } from './sealedContent';
import type { SnapshotSealing } from './snapshotSealed';
import { LOCAL_ROWS, quoteName, tableShape, type SyncedTable } from './syncedTables';

/*
 * A snapshot holds every candidate's personal data only sealed (docs/sync.md, "Per-candidate keys"): its rows
 * carry the personal columns blank, as a device without the key holds them (so the manifest's state hash is over
 * those), and `candidateSealed` sections carry, per candidate and table, the values under the candidate's key
 * with each one's clock, then the items this device itself holds sealed, copied as they came. An erased
 * candidate's rows travel with their personal columns forced to the erasure's marks (erasureMarks.ts): no key of
 * theirs is left, and a text written here after the erasure must not leave in the clear.
 */

/**
 * [candidateId, keyId, deviceId, seq, authorId, hlc, method, item, changes]: what keeping it in `sync_candidate_sealed`
 * needs (`changes`: its transaction's in the clear, to authorise it by; none for the snapshot's own values).
 */
export type CandidateSealedRow = [string, string, string, number, string, string, string, SealedItem, Change[]?];

/** Which candidate each row of CANDIDATE_SEALED is about, from the row itself and the loops (read once). */
class RowCandidates {
  private loops: Map<string, string> | null = null;
  private feedback: Map<string, string> | null = null;
  readonly erased: Set<string>;

  constructor(private readonly db: ReadableDB) {
    this.erased = new Set(db.prepare('SELECT id FROM erased_candidates').pluck().all() as string[]);
  }

  private ofLoop(loopId: unknown): string | null {
    this.loops ??= new Map(this.db.prepare('SELECT id, candidate_id FROM loops').raw().all() as [string, string][]);
    return typeof loopId === 'string' ? (this.loops.get(loopId) ?? null) : null;
  }

  /** `get` reads a column of the row by name. */
  of(table: string, get: (column: string) => unknown): string | null {
    switch (table) {
      case 'candidates':
        return get('id') as string;
      case 'loops':
        return get('candidate_id') as string;
      case 'debriefs':
        return this.ofLoop(get('loop_id'));
      case 'practice_items':
        return this.ofLoop(get('source_loop_id'));
      case 'activity': {
        const entityId = get('entity_id');
        if (get('entity') === 'candidate') return typeof entityId === 'string' ? entityId : null;
        if (get('entity') === 'loop') return this.ofLoop(entityId);
        if (get('entity') !== 'feedback') return null;
        this.feedback ??= new Map(this.db.prepare('SELECT id, loop_id FROM feedback').raw().all() as [string, string][]);
        return typeof entityId === 'string' ? this.ofLoop(this.feedback.get(entityId)) : null;
      }
      default:
        return this.ofLoop(get('loop_id'));
    }
  }

  /** Whether the row's personal columns leave blank: it is about a candidate who is not erased. */
  blanked(table: string, get: (column: string) => unknown): string | null {
    const candidateId = this.of(table, get);
    return candidateId !== null && !this.erased.has(candidateId) ? candidateId : null;
  }
}

/** Which candidate each row is about, for one snapshot's read (the loops and erasures are read once, on first use). */
export const candidateRows = (db: ReadableDB) => new RowCandidates(db);
export type { RowCandidates };

/** A snapshot's row of a table holding personal data, with that data blank; null for other tables. */
export function blankCandidateData(db: ReadableDB, candidates: RowCandidates, table: string, columns: string[]): ((row: unknown[]) => unknown[]) | null {
  if (!CANDIDATE_SEALED[table]) return null;
  const blanks = blankColumns(db, table);
  const index = new Map(columns.map((c, i) => [c, i]));
  const blank = [...blanks].flatMap(([column, value]) => {
    const i = index.get(column);
    return i === undefined ? [] : [[i, value, column] as const];
  });
  return (row) => {
    const get = (c: string) => row[index.get(c) ?? -1];
    const candidateId = candidates.of(table, get);
    if (candidateId === null) return row;
    const out = [...row];
    if (!candidates.erased.has(candidateId)) {
      for (const [i, v] of blank) out[i] = v;
      return out;
    }
    // An erased candidate's rows carry the marks, whatever this device holds (erasureMarks.ts); the erasure's own line stays.
    if (table === 'activity' && get('method') === ERASE_METHOD) return row;
    for (const [i, , column] of blank) out[i] = erasureMark(table, column, (row[i] ?? null) as string | number | null);
    return out;
  };
}

/**
 * Every candidate item a snapshot carries: the personal data of each candidate whose key this device holds, one
 * item per candidate and table (each value with its own clock: a field's when edited since its row was inserted,
 * else the row's), then the items this device holds sealed.
 */
export function* candidateSnapshotItems(db: ReadableDB, candidates: RowCandidates, sealing: SnapshotSealing): Generator<CandidateSealedRow> {
  const keys = new Map(
    (db.prepare('SELECT candidate_id, key_id, key FROM sync_candidate_keys k WHERE key_id = (SELECT min(key_id) FROM sync_candidate_keys WHERE candidate_id = k.candidate_id)').raw().all() as [string, string, Buffer][]).map(
      ([c, keyId, key]) => [c, { keyId, key }],
    ),
  );
  const rowClock = db.prepare('SELECT hlc FROM sync_rows WHERE tbl = ? AND pk = ?').pluck();
  const fieldClock = db.prepare('SELECT hlc FROM sync_clocks WHERE tbl = ? AND pk = ? AND col = ?').pluck();
  for (const [table, sealed] of Object.entries(CANDIDATE_SEALED)) {
    const shape = tableShape(db, table);
    if (!shape) continue;
    const blanks = blankColumns(db, table);
    const personal = shape.columns.filter((c) => sealed.has(c));
    const byCandidate = new Map<string, { changes: Change[]; hlcs: string[] }>();
    // The rows the snapshot carries: not those that never leave this device (a draft's autosave lines).
    const local = LOCAL_ROWS[table as SyncedTable];
    const where = local ? ` WHERE NOT (${local(quoteName(table))})` : '';
    for (const row of db.prepare(`SELECT * FROM ${quoteName(table)}${where}`).iterate() as Iterable<Record<string, ChangeValue>>) {
      const candidateId = candidates.blanked(table, (c) => row[c]);
      const key = candidateId === null ? undefined : keys.get(candidateId);
      if (candidateId === null || !key) continue;
      const pk = JSON.stringify(shape.pk.map((c) => row[c]));
      const inserted = (rowClock.get(table, pk) as string | undefined) ?? '';
      let content = byCandidate.get(candidateId);
      for (const column of personal) {
        const value = row[column] ?? null;
        if (value === (blanks.get(column) ?? null)) continue;
        const field = (fieldClock.get(table, pk, column) as string | undefined) ?? '';
        if (!content) byCandidate.set(candidateId, (content = { changes: [], hlcs: [] }));
        const edited = field > inserted;
        content.changes.push({ table, pk, column, value, op: edited ? 'update' : 'insert' });
        content.hlcs.push(edited ? field : inserted);
      }
    }
    for (const [candidateId, { changes, hlcs }] of byCandidate) {
      const key = keys.get(candidateId);
      if (!key) continue;
      // Applied in clock order, each run of one clock as one write.
      const order = hlcs.map((_, i) => i).sort((a, b) => ((hlcs[a] ?? '') < (hlcs[b] ?? '') ? -1 : (hlcs[a] ?? '') > (hlcs[b] ?? '') ? 1 : a - b));
      const value: CandidateContent = { candidateId, at: order.map((_, i) => i), changes: order.map((i) => changes[i] as Change), hlcs: order.map((i) => hlcs[i] ?? '') };
      const item = sealValue(value, key.key, { teamId: sealing.teamId, purpose: candidatePurpose(candidateId), keyId: key.keyId });
      yield [candidateId, key.keyId, sealing.deviceId, sealing.seq, '', '', 'snapshot', item, []];
    }
  }
  const held = db.prepare('SELECT candidate_id, key_id, device_id, seq, author_id, hlc, method, item, changes FROM sync_candidate_sealed ORDER BY id').raw();
  for (const [candidateId, keyId, deviceId, seq, authorId, hlc, method, item, changes] of held.iterate() as Iterable<[string, string, string, number, string, string, string, string, string]>) {
    yield [candidateId, keyId, deviceId, seq, authorId, hlc, method, JSON.parse(item) as SealedItem, JSON.parse(changes) as Change[]];
  }
}

/** Keeps a snapshot's candidate items on a bootstrapping device: applied once each key is here (candidateKeys.ts). */
export function keepSnapshotCandidateSealed(db: WritableDB, rows: readonly CandidateSealedRow[]): void {
  const erased = db.prepare('SELECT 1 FROM erased_candidates WHERE id = ?');
  const insert = db.prepare('INSERT INTO sync_candidate_sealed (candidate_id, key_id, device_id, seq, author_id, hlc, method, item, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows) {
    const [candidateId, keyId, deviceId, seq, authorId, hlc, method, item, changes = []] = row;
    if (!isSealedItem(item) || candidateOfPurpose(item.purpose) !== candidateId || item.keyId !== keyId || !Array.isArray(changes)) throw new Error('a sealed candidate item of the snapshot is not what it says');
    if (erased.get(candidateId)) continue;
    insert.run(candidateId, keyId, deviceId, seq, authorId, hlc, method, JSON.stringify(item), JSON.stringify(changes));
  }
}
