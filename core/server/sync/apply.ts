import { prepare } from '../../../db/statements';
import type { WritableDB } from '../../../db/handles';
import type { Batch, Change, ChangeValue, SyncTransaction } from './batch';
import { parseHlc, receive } from './hlc';
import { deviceIdOf, readClock, writeClock } from './outbox';
import { FACT_TABLES, refusal, type FactsCache } from './authorise';
import { noteConflicts } from './conflicts';
import { resolveCurrentFeedback } from './feedbackMerge';
import { isUniqueViolation, makeRoom } from './uniqueMerge';
import { cachedShape, COUNTER_COLUMNS, isSyncedTable, quoteName, type SyncedTable, type TableShape } from './syncedTables';

export type ApplyResult =
  | {
      status: 'applied';
      applied: number;
      quarantined: number;
      /** The remote clock furthest from our wall time (ms, + ahead); ahead beyond MAX_DRIFT_MS is worth a warning. */
      skewMs: number;
      /** Part of the batch was applied; the rest waits for this. */
      waiting?: { deviceId: string; seq: number };
    }
  /** Every transaction in it was applied before (or it is this device's own). */
  | { status: 'duplicate' }
  /** It needs a transaction not applied yet: "waiting for <device>: change <seq> not here yet". */
  | { status: 'waiting'; deviceId: string; seq: number };

export interface ApplyOptions {
  /** Wall time in milliseconds (tests simulate skew). */
  now?: () => number;
  /** Test hook: runs after the changes, before the position moves (a crash there must leave nothing). */
  beforePosition?: () => void;
}

export function positionOf(db: WritableDB, deviceId: string): number {
  return (prepare(db, 'SELECT seq FROM sync_positions WHERE device_id = ?').get(deviceId) as { seq: number } | undefined)?.seq ?? 0;
}

/**
 * Applies another device's batch, written by `authorId` (the member that device belongs to, as the files
 * layer verified), in one transaction that also moves that device's position: all of it or none of it.
 * Transactions applied before are skipped, so re-applying and any re-batching change nothing; one whose
 * predecessor, or whose dependencies on other devices, are not here yet waits (with the rest of the batch,
 * the transactions before it applied). Each transaction is authorised against the state before it; a
 * refused one goes whole to the quarantine.
 */
export function applyBatch(db: WritableDB, batch: Batch, authorId: string, options: ApplyOptions = {}): ApplyResult {
  const own = deviceIdOf(db);
  if (!own) throw new Error('Sync was never set up on this workspace');
  checkShape(batch);
  if (batch.deviceId === own) return { status: 'duplicate' };
  return db
    .transaction((): ApplyResult => {
      const position = positionOf(db, batch.deviceId);
      const fresh = batch.transactions.filter((t) => t.seq > position);
      const first = fresh[0];
      if (!first) return { status: 'duplicate' };
      if (first.seq !== position + 1) return { status: 'waiting', deviceId: batch.deviceId, seq: position + 1 };
      const now = options.now ?? Date.now;
      let clock = readClock(db);
      let skewMs = 0;
      let quarantined = 0;
      let applied = 0;
      let waiting: { deviceId: string; seq: number } | null = null;
      const facts: FactsCache = {};
      for (const tx of fresh) {
        // Causal order: what its author had seen from other devices comes first. The transactions before it
        // are applied; the rest of the batch waits.
        waiting = unmetDependency(db, tx, own, batch.deviceId);
        if (waiting) break;
        const seen = receive(clock, parseHlc(tx.hlc), now(), own);
        clock = seen.clock;
        if (Math.abs(seen.skewMs) > Math.abs(skewMs)) skewMs = seen.skewMs;
        if (!applyTransaction(db, own, batch.deviceId, tx, authorId, facts)) quarantined++;
        if (tx.changes.some((c) => FACT_TABLES.has(c.table))) delete facts.facts;
        applied = tx.seq;
      }
      if (applied === 0) return { status: 'waiting', ...(waiting ?? { deviceId: batch.deviceId, seq: position + 1 }) };
      if (clock) writeClock(db, clock);
      options.beforePosition?.();
      prepare(
      db,
        `INSERT INTO sync_positions (device_id, seq, member_id) VALUES (?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, member_id = excluded.member_id`,
      ).run(batch.deviceId, applied, authorId);
      const count = applied - position;
      return { status: 'applied', applied: count - quarantined, quarantined, skewMs, ...(waiting ? { waiting } : {}) };
    })
    .immediate();
}

function unmetDependency(db: WritableDB, tx: SyncTransaction, own: string, from: string): { deviceId: string; seq: number } | null {
  for (const [deviceId, seq] of Object.entries(tx.deps).sort()) {
    if (deviceId === own || deviceId === from) continue;
    const at = positionOf(db, deviceId);
    if (at < seq) return { deviceId, seq: at + 1 };
  }
  return null;
}

function checkShape(batch: Batch): void {
  const seqs = batch.transactions.map((t) => t.seq);
  const consecutive = seqs.every((s, i) => i === 0 || s === (seqs[i - 1] ?? 0) + 1);
  if (!consecutive || seqs.at(-1) !== batch.seq) throw new Error(`Batch ${batch.deviceId}/${batch.seq} does not hold consecutive transactions ending at its number`);
}

/** One savepoint wrapper per connection: making a better-sqlite3 transaction function per transaction cost more than its work. */
const savepoints = new WeakMap<WritableDB, (body: () => void) => void>();

function inSavepoint(db: WritableDB, body: () => void): void {
  let run = savepoints.get(db);
  if (!run) {
    const wrapped = db.transaction((fn: () => void) => fn());
    run = (fn) => wrapped(fn);
    savepoints.set(db, run);
  }
  run(body);
}

/** True when applied; false when quarantined (then nothing of it is). */
function applyTransaction(db: WritableDB, own: string, deviceId: string, tx: SyncTransaction, authorId: string, facts: FactsCache): boolean {
  const quarantine = (reason: string) => {
    prepare(
      db,
      `INSERT OR IGNORE INTO sync_quarantine (device_id, seq, hlc, method, actor, author_id, reason, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(deviceId, tx.seq, tx.hlc, tx.method, tx.actor, authorId, reason, JSON.stringify(tx.changes));
    return false;
  };
  const reason = refusal(db, tx, authorId, facts);
  if (reason) return quarantine(reason);
  try {
    // A savepoint: a change that cannot be applied (a constraint) undoes the transaction's other changes.
    inSavepoint(db, () => {
      for (const group of groups(tx.changes)) applyGroup(db, own, deviceId, tx, group);
    });
    return true;
  } catch (error) {
    return quarantine(`Could not be applied: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Consecutive inserts of one row make one group (the row), and so do consecutive updates of one row (one
 * UPDATE statement's fields: applied as one UPDATE, so a full-text index is rewritten once, not per field).
 * A column already in an update group starts a new one (a second UPDATE of the row in the same write).
 */
function groups(changes: readonly Change[]): Change[][] {
  const out: Change[][] = [];
  for (const c of changes) {
    const group = out.at(-1);
    const last = group?.[0];
    const sameRow = !!last && last.op === c.op && last.table === c.table && last.pk === c.pk;
    if (group && sameRow && (c.op === 'insert' || (c.op === 'update' && !group.some((g) => g.column === c.column)))) group.push(c);
    else out.push([c]);
  }
  return out;
}

interface RowClock {
  hlc: string;
  deleted: number;
}

function applyGroup(db: WritableDB, thisDevice: string, deviceId: string, tx: SyncTransaction, group: Change[]): void {
  const head = group[0];
  if (!head) return;
  const shape = isSyncedTable(head.table) ? cachedShape(db, head.table) : null;
  const keep = (c: Change, reason: string) =>
    prepare(db, `INSERT INTO sync_pending (device_id, seq, hlc, tbl, pk, col, value, op, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(deviceId, tx.seq, tx.hlc, c.table, c.pk, c.column, c.value, c.op, reason);
  if (!shape) {
    for (const c of group) keep(c, 'unknown table');
    return;
  }
  const columns = new Set(shape.columns);
  const known = group.filter((c) => c.column === null || columns.has(c.column));
  if (known.length < group.length) for (const c of group) if (!known.includes(c)) keep(c, 'unknown column');
  const rows = new Rows(db, head.table, shape, head.pk);
  const existence = rows.clock();
  if (head.op === 'delete') {
    if (existence && existence.hlc > tx.hlc) return;
    rows.setClock(tx.hlc, 1);
    rows.remove();
    return;
  }
  const own = rows.fieldClocks();
  // A field's clock is the later of its own and its row's.
  const clockOf = (column: string, row: RowClock | null) => {
    const field = own.get(column) ?? '';
    const ofRow = row?.hlc ?? '';
    return field > ofRow ? field : ofRow;
  };
  if (head.op === 'insert') {
    // A newer insert or delete of this row already happened: this one is history.
    if (existence && existence.hlc > tx.hlc) return;
    rows.setClock(tx.hlc, 0);
    if (rows.exists()) {
      const winners = known.filter((c) => c.column && clockOf(c.column, existence) <= tx.hlc);
      try {
        rows.set(winners);
      } catch (error) {
        // A candidate's email opened after its row was held blind (candidateKeys.ts) may clash like an update.
        if (!isUniqueViolation(error)) throw error;
        rows.set(makeRoomForUpdate(db, head.table, rows, winners, tx.hlc, error));
      }
      if (own.size > 0) rows.clearFieldClocks(tx.hlc);
      return;
    }
    const values = new Map<string, ChangeValue>(known.map((c) => [c.column ?? '', c.value]));
    // Fields changed later than this insert while the row was deleted were kept: they win over it.
    for (const col of values.keys()) if (clockOf(col, null) > tx.hlc) values.set(col, rows.keptValue(col) ?? values.get(col) ?? null);
    if (head.table === 'feedback') resolveCurrentFeedback(db, values);
    try {
      rows.insert(values);
    } catch (error) {
      // Another device's row holds a unique value: both are kept, the later moved aside (uniqueMerge.ts).
      if (!isUniqueViolation(error) || !makeRoom(db, head.table, values, tx.hlc)) throw error;
      rows.insert(values);
    }
    return;
  }
  // Updates: to a row this device has, by field clock; to a deleted row, kept (never resurrecting it).
  let fields = known.filter((c) => c.column !== null);
  if (fields.length === 0) return;
  // Increments add up whatever the clocks (in the same UPDATE); on a deleted row there is nothing to count.
  const counters = COUNTER_COLUMNS[head.table as SyncedTable];
  const added = counters ? fields.filter((c) => counters.includes(c.column ?? '')) : [];
  if (added.length > 0) fields = fields.filter((c) => !added.includes(c));
  noteConflicts(db, thisDevice, deviceId, tx, fields, (column) => clockOf(column, existence), (column) => rows.value(column));
  const winners = fields.filter((c) => clockOf(c.column ?? '', existence) <= tx.hlc);
  // The UPDATE's count says whether the row is here (saving a read); with nothing to write, ask.
  let here: boolean;
  try {
    here = winners.length + added.length > 0 ? rows.set(winners, added) : rows.exists();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    here = rows.set(makeRoomForUpdate(db, head.table, rows, winners, tx.hlc, error), added);
  }
  if (!here) {
    for (const c of fields) keep(c, 'row deleted');
    rows.setFieldClocks(fields, tx.hlc);
    return;
  }
  rows.setFieldClocks(winners, tx.hlc);
}

/**
 * An update onto a unique value another device's row just took (a principle renamed or restored onto a name, an
 * email changed to one, that a concurrent insert or update also holds): settled as a clashing insert is
 * (uniqueMerge.ts), with the row as it would be after the update. Returns the changes to write: the update's, with
 * the unique column moved up the ladder, and any column the settling adds (`duplicate_of`), which takes no clock
 * of its own: every device makes the same move.
 */
function makeRoomForUpdate(db: WritableDB, table: string, rows: Rows, winners: readonly Change[], hlc: string, error: unknown): Change[] {
  const current = rows.row();
  if (!current) throw error;
  for (const c of winners) current.set(c.column ?? '', c.value);
  const before = new Map(current);
  if (!makeRoom(db, table, current, hlc)) throw error;
  const template = winners[0];
  if (!template) throw error;
  const changed = [...current].filter(([column, value]) => before.get(column) !== value && !winners.some((c) => c.column === column));
  return [...winners.map((c) => ({ ...c, value: current.get(c.column ?? '') ?? null })), ...changed.map(([column, value]) => ({ ...template, column, value }))];
}

/** One row of a synced table and its clocks. */
class Rows {
  private readonly key: unknown[];
  private readonly where: string;

  constructor(
    private readonly db: WritableDB,
    private readonly table: string,
    shape: TableShape,
    private readonly pk: string,
  ) {
    this.key = JSON.parse(pk) as unknown[];
    this.where = whereOf(shape);
  }

  clock(): RowClock | null {
    return (prepare(this.db, 'SELECT hlc, deleted FROM sync_rows WHERE tbl = ? AND pk = ?').get(this.table, this.pk) as RowClock | undefined) ?? null;
  }

  setClock(hlc: string, deleted: 0 | 1): void {
    prepare(this.db, `INSERT INTO sync_rows (tbl, pk, hlc, deleted) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, pk) DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted`)
      .run(this.table, this.pk, hlc, deleted);
  }

  /** The row's field clocks in one read (most rows have none: their fields are as old as the row). */
  fieldClocks(): Map<string, string> {
    const rows = prepare(this.db, 'SELECT col, hlc FROM sync_clocks WHERE tbl = ? AND pk = ?').all(this.table, this.pk) as { col: string; hlc: string }[];
    return new Map(rows.map((r) => [r.col, r.hlc]));
  }

  /** One statement for the fields of a group. */
  setFieldClocks(changes: readonly Change[], hlc: string): void {
    if (changes.length === 0) return;
    const values = changes.map(() => '(?, ?, ?, ?)').join(', ');
    prepare(this.db, `INSERT INTO sync_clocks (tbl, pk, col, hlc) VALUES ${values} ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)`)
      .run(...changes.flatMap((c) => [this.table, this.pk, c.column ?? '', hlc]));
  }

  clearFieldClocks(upTo: string): void {
    prepare(this.db, 'DELETE FROM sync_clocks WHERE tbl = ? AND pk = ? AND hlc <= ?').run(this.table, this.pk, upTo);
  }

  keptValue(column: string): ChangeValue | undefined {
    const row = prepare(this.db, `SELECT value FROM sync_pending WHERE tbl = ? AND pk = ? AND col = ? AND reason = 'row deleted' ORDER BY hlc DESC LIMIT 1`)
      .get(this.table, this.pk, column) as { value: ChangeValue } | undefined;
    return row?.value;
  }

  /** One field's value; undefined when the row is not here. */
  value(column: string): ChangeValue | undefined {
    const row = prepare(this.db, `SELECT ${quoteName(column)} AS v FROM ${quoteName(this.table)} WHERE ${this.where}`).get(...(this.key as never[])) as { v: ChangeValue } | undefined;
    return row?.v;
  }

  /** The whole row by column; null when it is not here. */
  row(): Map<string, ChangeValue> | null {
    const row = prepare(this.db, `SELECT * FROM ${quoteName(this.table)} WHERE ${this.where}`).get(...(this.key as never[])) as Record<string, ChangeValue> | undefined;
    return row ? new Map(Object.entries(row)) : null;
  }

  exists(): boolean {
    return prepare(this.db, `SELECT 1 FROM ${quoteName(this.table)} WHERE ${this.where}`).get(...(this.key as never[])) !== undefined;
  }

  /** Several fields in one UPDATE, `added` ones by increment (counters); false when the row is not here. */
  set(changes: readonly Change[], added: readonly Change[] = []): boolean {
    if (changes.length + added.length === 0) return true;
    const assignments = [
      ...changes.map((c) => `${quoteName(c.column ?? '')} = ?`),
      ...added.map((c) => `${quoteName(c.column ?? '')} = ${quoteName(c.column ?? '')} + ?`),
    ].join(', ');
    return (
      prepare(this.db, `UPDATE ${quoteName(this.table)} SET ${assignments} WHERE ${this.where}`).run(...[...changes, ...added].map((c) => c.value), ...(this.key as never[]))
        .changes > 0
    );
  }

  insert(values: Map<string, ChangeValue>): void {
    const columns = [...values.keys()];
    prepare(this.db, `INSERT INTO ${quoteName(this.table)} (${columns.map(quoteName).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...columns.map((c) => values.get(c) ?? null));
  }

  remove(): void {
    prepare(this.db, `DELETE FROM ${quoteName(this.table)} WHERE ${this.where}`).run(...(this.key as never[]));
  }
}

const wheres = new WeakMap<TableShape, string>();

function whereOf(shape: TableShape): string {
  let where = wheres.get(shape);
  if (where === undefined) {
    where = shape.pk.map((k) => `${quoteName(k)} = ?`).join(' AND ');
    wheres.set(shape, where);
  }
  return where;
}

/**
 * Sealed content of another device's transaction, applied once its key is here (feedbackKeys.ts): the same
 * field-level rules as the rest of that transaction had, with its clock, so a later change (an erasure's mark)
 * still wins. Throws when a change cannot be applied; the caller's transaction then keeps nothing of it.
 */
export function applyUnsealed(db: WritableDB, deviceId: string, tx: SyncTransaction, changes: readonly Change[]): void {
  const own = deviceIdOf(db);
  if (!own) throw new Error('Sync was never set up on this workspace');
  inSavepoint(db, () => {
    for (const group of groups(changes)) applyGroup(db, own, deviceId, tx, group);
  });
}

/**
 * Values a snapshot carried sealed (candidateSnapshot.ts), applied once their key is here: each set where nothing
 * later than `hlc` changed it since. The snapshot brought the rows' and fields' clocks already, so none is written;
 * an email clashing with another candidate's is settled as a clashing update is.
 */
export function applySnapshotValues(db: WritableDB, changes: readonly Change[], hlc: string): void {
  inSavepoint(db, () => {
    for (const group of groups(changes.map((c) => ({ ...c, op: 'update' as const })))) {
      const head = group[0];
      const shape = head && isSyncedTable(head.table) ? cachedShape(db, head.table) : null;
      if (!head || !shape) continue;
      const rows = new Rows(db, head.table, shape, head.pk);
      const ofRow = rows.clock()?.hlc ?? '';
      const fields = rows.fieldClocks();
      const winners = group.filter((c) => c.column !== null && shape.columns.includes(c.column) && (fields.get(c.column) ?? ofRow) <= hlc && ofRow <= hlc);
      try {
        rows.set(winners);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        rows.set(makeRoomForUpdate(db, head.table, rows, winners, hlc, error));
      }
    }
  });
}
