import { prepare } from '../../../db/statements';
import { isMethodName, methods } from '../../api/contract/methods';
import { mayCall, type AccessFacts } from '../../rules/access';
import type { ReadableDB } from '../../../db/handles';
import { hireManagerId } from '../../../db/queries/checkins';
import { getLoop } from '../../../db/queries/loops';
import { ERASE_METHOD } from '../../../db/queries/privacy';
import { readEditors } from '../../../db/queries/settingsValues';
import { hasAnyMember } from '../../../db/queries/team';
import { actorOf } from '../access';
import { loopRoles } from '../handlers/participation';
import type { ChangeValue, SyncTransaction } from './batch';
import { onlyErasureMarks } from './erasureMarks';
import { LOOP_OF, METHOD_TABLES } from './methodTables';
import { cachedShape, isSyncedTable, quoteName, type SyncedTable } from './syncedTables';

/**
 * The author's access facts, read once for a run of transactions (they were a fifth of applying a batch). They
 * come from team_members and settings only: whoever applies a transaction that changes either clears them.
 */
export interface FactsCache {
  facts?: AccessFacts;
}

export const FACT_TABLES: ReadonlySet<string> = new Set(['team_members', 'settings']);

/** Columns of a submitted feedback version that may still change: an amendment marks the old one superseded. */
const MUTABLE_FEEDBACK_COLUMNS = new Set(['superseded']);

/**
 * Why a transaction from another device may not be applied, or null when it may: the author (the member the
 * device belongs to) must have been allowed to call its method on the state as it is here, before the
 * transaction (as dispatch checks a local call), and it may change only the tables that method writes.
 * Feedback has one author, and a submitted version changes only by being superseded. `applied`: the transaction's
 * changes in the clear were applied here already (a candidate's data held sealed until its key came, checked with
 * them), so a version it submits is here now.
 */
export function refusal(db: ReadableDB, tx: SyncTransaction, authorId: string, cache: FactsCache = {}, options: { applied?: boolean } = {}): string | null {
  if (tx.actor !== authorId) return `Written as ${tx.actor} on a device that belongs to ${authorId}`;
  if (!isMethodName(tx.method)) return `Unknown method ${tx.method} (written by a newer version?)`;
  const tables = METHOD_TABLES[tx.method];
  if (!tables) return `${tx.method} is not merged as changes`;
  const known = tx.changes.filter((c) => cachedShape(db, c.table));
  for (const c of known) {
    if (c.table !== 'activity' && !(tables as readonly string[]).includes(c.table)) return `${tx.method} may not change ${c.table}`;
    if (!isSyncedTable(c.table)) return `${c.table} is not shared between devices`;
  }
  // Erasure marks put back by a device that wrote about the candidate before it learnt of the erasure (erasureMarks.ts).
  if (tx.method === ERASE_METHOD && onlyErasureMarks(db, tx.changes)) return null;
  const rows = new RowView(db, tx);
  const access = methods[tx.method].access;
  cache.facts ??= { actor: actorOf(db, authorId), setup: !hasAnyMember(db), editors: readEditors(db) };
  const facts: AccessFacts = { ...cache.facts };
  const memberRows = known.filter((c) => c.table === 'team_members').map((c) => rows.key(c.pk)[0]);
  if (access.who.includes('self') && memberRows.length > 0 && memberRows.every((id) => id === authorId)) facts.subjectId = authorId;

  if (access.who.some((a) => a.startsWith('loop.'))) {
    const loopIds = new Set(known.map((c) => rows.loopOf(c.table as SyncedTable, c.pk)).filter((id): id is string => typeof id === 'string'));
    if (loopIds.size === 0) return `${tx.method} changed no loop`;
    for (const loopId of loopIds) {
      const loop = getLoop(db, loopId);
      if (!loop) return `${tx.method} names a loop this device does not have`;
      const verdict = mayCall(access, { ...facts, loop: { ...loopRoles(loop), hireManagerId: hireManagerId(db, loop.id) } });
      if (!verdict.ok) return verdict.message;
    }
  } else {
    const verdict = mayCall(access, facts);
    if (!verdict.ok) return verdict.message;
  }
  return tx.method === 'privacy.eraseCandidate' ? null : feedbackRefusal(tx, rows, authorId, options.applied === true);
}

function feedbackRefusal(tx: SyncTransaction, rows: RowView, authorId: string, applied: boolean): string | null {
  for (const c of tx.changes) {
    if (c.table !== 'feedback' && c.table !== 'feedback_ratings') continue;
    // Both tables' keys start with the feedback's id.
    const feedbackPk = JSON.stringify([rows.key(c.pk)[0]]);
    if (rows.value('feedback', feedbackPk, 'author_id') !== authorId) return 'Feedback is written only by its author';
    // A version is immutable once submitted: only a version this transaction submits may be written (its row
    // inserted whole, as submitted, and not here already: content re-inserted later would win by its newer clock),
    // and an older version may only be marked superseded.
    if (c.table === 'feedback' && c.op === 'update' && !MUTABLE_FEEDBACK_COLUMNS.has(c.column ?? '')) return 'Submitted feedback cannot be changed';
    if (c.table === 'feedback' && c.op === 'delete') return 'Submitted feedback cannot be deleted';
    if (c.op === 'insert' && !submitsHere(rows, feedbackPk, applied)) return 'Submitted feedback cannot be changed';
  }
  return null;
}

/** Whether the transaction submits this feedback: inserts its row, as submitted, and this device had no such row before it. */
function submitsHere(rows: RowView, feedbackPk: string, applied: boolean): boolean {
  return rows.insertedValue('feedback', feedbackPk, 'status') === 'submitted' && (applied || !rows.stored('feedback', feedbackPk));
}

/** Rows as the transaction leaves them where it inserts them, otherwise as this device has them. */
class RowView {
  private readonly inserted = new Map<string, Map<string, ChangeValue>>();

  constructor(
    private readonly db: ReadableDB,
    tx: SyncTransaction,
  ) {
    for (const c of tx.changes) {
      if (c.op !== 'insert' || c.column === null) continue;
      const id = `${c.table}\u0000${c.pk}`;
      if (!this.inserted.has(id)) this.inserted.set(id, new Map());
      this.inserted.get(id)?.set(c.column, c.value);
    }
  }

  key(pk: string): unknown[] {
    const parsed = JSON.parse(pk) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  }

  insertedValue(table: string, pk: string, column: string): ChangeValue | undefined {
    return this.inserted.get(`${table}\u0000${pk}`)?.get(column);
  }

  /** Whether this device has the row (whatever the transaction does to it). */
  stored(table: SyncedTable, pk: string): boolean {
    const shape = cachedShape(this.db, table);
    if (!shape) return false;
    const where = shape.pk.map((k) => `${quoteName(k)} = ?`).join(' AND ');
    return prepare(this.db, `SELECT 1 FROM ${quoteName(table)} WHERE ${where}`).get(...(this.key(pk) as never[])) !== undefined;
  }

  value(table: SyncedTable, pk: string, column: string): unknown {
    const here = this.inserted.get(`${table}\u0000${pk}`);
    if (here?.has(column)) return here.get(column);
    const shape = cachedShape(this.db, table);
    if (!shape || !shape.columns.includes(column)) return undefined;
    // A key column is in the change itself, even when the row is gone (a delete).
    if (shape.pk.includes(column)) return this.key(pk)[shape.pk.indexOf(column)];
    const where = shape.pk.map((k) => `${quoteName(k)} = ?`).join(' AND ');
    const row = prepare(this.db, `SELECT ${quoteName(column)} AS v FROM ${quoteName(table)} WHERE ${where}`).get(...(this.key(pk) as never[])) as { v: unknown } | undefined;
    return row?.v;
  }

  loopOf(table: SyncedTable, pk: string): unknown {
    const link = LOOP_OF[table];
    if (!link) return undefined;
    if (table === 'loops') return this.key(pk)[0];
    const value = this.value(table, pk, link.column);
    return 'parent' in link ? this.loopOf(link.parent, JSON.stringify([value])) : value;
  }
}
