import { ERASED_MARK } from '../../api/contract/erasedNames';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { deletePracticeFromLoops } from '../../../db/queries/practice';
import { ERASE_METHOD, erasureMark } from '../../../db/queries/privacy';
import { prepare } from '../../../db/statements';
import type { Change } from './batch';
import { CANDIDATE_SEALED, candidateOfRow, txValues } from './candidateKeys';
import { captureInstalled } from './outbox';

/*
 * An erasure sticks (docs/sync.md, "Per-candidate keys"): an erased candidate's personal columns hold the erasure's
 * marks whatever the clock of a later change. A device that had not seen the erasure when it wrote keeps a later
 * clock than the marks, and its text would win on it while every other device, without the key, drops it: so
 * every write here and every batch applied puts the marks back on the erased candidates it touched, as a write of
 * this device's own (the marks are sent in the clear, with a later clock): only the device that wrote a text knows
 * where it stands, since the others can no longer open it. Any member's device may send marks (onlyErasureMarks),
 * as they reveal and restore nothing. Devices converge on the marks.
 */

const LOOPS_OF = 'SELECT id FROM loops WHERE candidate_id = @candidateId';

/** Per table of CANDIDATE_SEALED, which of its rows are about @candidateId (the erasure's own log line excepted). */
const ROWS_OF: Readonly<Record<string, string>> = {
  candidates: 'id = @candidateId',
  loops: 'candidate_id = @candidateId',
  activity: `method <> '${ERASE_METHOD}' AND (entity_id = @candidateId OR entity_id IN (${LOOPS_OF})
    OR entity_id IN (SELECT id FROM feedback WHERE loop_id IN (${LOOPS_OF})))`,
};

/** One UPDATE per table putting the marks back where a value is not one; returns rows changed. */
function forceOne(db: WritableDB, candidateId: string): number {
  let changed = 0;
  for (const [table, columns] of Object.entries(CANDIDATE_SEALED)) {
    // Practice items made from the candidate's loops go with the erasure (as privacy.eraseCandidate does): one
    // written meanwhile elsewhere is removed, not marked (its answers are JSON).
    if (table === 'practice_items') {
      changed += deletePracticeFromLoops(db, LOOPS_OF, { candidateId });
      continue;
    }
    const where = ROWS_OF[table] ?? `loop_id IN (${LOOPS_OF})`;
    const cols = [...columns];
    if (table === 'candidates') {
      const marks = Object.fromEntries(cols.map((c) => [c, erasureMark(table, c, null)]));
      const sql = `UPDATE candidates SET ${cols.map((c) => `"${c}" = @${c}`).join(', ')} WHERE (${where}) AND (${cols.map((c) => `"${c}" IS NOT @${c}`).join(' OR ')})`;
      changed += prepare(db, sql).run({ candidateId, ...marks }).changes;
      continue;
    }
    // The blanks JavaScript's trim() drops too (erasureMark): a text of blanks only stays.
    const filled = (c: string) => `trim(coalesce("${c}", ''), char(32, 9, 10, 13)) <> ''`;
    const set = cols.map((c) => `"${c}" = CASE WHEN ${filled(c)} THEN @mark ELSE "${c}" END`).join(', ');
    const sql = `UPDATE "${table}" SET ${set} WHERE (${where}) AND (${cols.map((c) => `(${filled(c)} AND "${c}" <> @mark)`).join(' OR ')})`;
    changed += prepare(db, sql).run({ candidateId, mark: ERASED_MARK }).changes;
  }
  return changed;
}

const anyErased = (db: ReadableDB) => prepare(db, 'SELECT 1 FROM erased_candidates LIMIT 1').get() !== undefined;

/** The erased candidates whose rows `changes` (one transaction's) touched, or whom they erased. */
export function erasedTouched(db: ReadableDB, changes: readonly Change[]): Set<string> {
  const touched = new Set<string>();
  if (changes.length === 0 || !anyErased(db)) return touched;
  const erased = prepare(db, 'SELECT 1 FROM erased_candidates WHERE id = ?');
  const inTx = txValues(changes);
  for (const c of changes) {
    let candidateId: string | null = null;
    if (c.table === 'erased_candidates') candidateId = (JSON.parse(c.pk) as unknown[])[0] as string;
    else if (c.op !== 'delete' && c.column && CANDIDATE_SEALED[c.table]?.has(c.column)) candidateId = candidateOfRow(db, c.table, c.pk, inTx);
    if (typeof candidateId === 'string' && !touched.has(candidateId) && erased.get(candidateId)) touched.add(candidateId);
  }
  return touched;
}

/** Puts the erasure marks back on each erased candidate's personal columns; returns rows changed. */
export function forceErasureMarks(db: WritableDB, candidateIds: Iterable<string>): number {
  let changed = 0;
  for (const id of candidateIds) changed += forceOne(db, id);
  return changed;
}

/**
 * Inside a write in a team workspace (captured): the marks put back on any erased candidate the write touched, as
 * part of the same write, so the changes it sends end on the marks too.
 */
export function holdErasureMarks(db: WritableDB): void {
  if (!captureInstalled(db) || !anyErased(db)) return;
  const changes = prepare(db, 'SELECT tbl AS "table", pk, col AS "column", value, op FROM sync_outbox_changes WHERE seq = sync_tx() ORDER BY id').all() as Change[];
  const touched = erasedTouched(db, changes);
  if (touched.size > 0) forceErasureMarks(db, touched);
}

/**
 * Whether a transaction does nothing but put erasure marks on erased candidates' personal columns: what any
 * member's device sends when it learns of an erasure after writing about that candidate (authorise.ts lets it in).
 */
export function onlyErasureMarks(db: ReadableDB, changes: readonly Change[]): boolean {
  if (changes.length === 0) return false;
  const erased = prepare(db, 'SELECT 1 FROM erased_candidates WHERE id = ?');
  const inTx = txValues(changes);
  return changes.every((c) => {
    if (c.op !== 'update' || !c.column || !CANDIDATE_SEALED[c.table]?.has(c.column) || c.value !== erasureMark(c.table, c.column, c.value)) return false;
    const candidateId = candidateOfRow(db, c.table, c.pk, inTx);
    return candidateId !== null && erased.get(candidateId) !== undefined;
  });
}
