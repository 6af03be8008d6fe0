import { prepare } from '../../../db/statements';
import type { WritableDB } from '../../../db/handles';
import type { Change, ChangeValue, SyncTransaction } from './batch';

/**
 * Columns every edit of a row moves (its revision, its time): two devices editing different fields of one
 * candidate both change them, which is no conflict anyone would want to read about.
 */
const BOOKKEEPING = new Set(['revision', 'updated_at']);

/**
 * Records what last-writer-wins did when another device's update of a field met this device's own update of it
 * that the other device had not seen: a conflict this device was a party to. Called before the update is
 * applied, for the fields of one row; cheap when there is nothing to record (a string test per field).
 *
 * Why only this device's own edits: whether two other devices' edits were concurrent needs the change number
 * behind each field's clock, which is not kept; this device's own are in its outbox. Each party of a conflict
 * records it, with the same winner, loser, clocks and values.
 *
 * - The field's clock is ours and later than the remote change: ours wins. It cannot have seen the remote change
 *   (that is being applied only now), so the two were concurrent.
 * - The field's clock is ours and earlier: the remote change wins; concurrent when its author had not applied
 *   our change (our outbox transaction with that clock is numbered after the author's `deps` on us).
 */
export function noteConflicts(
  db: WritableDB,
  own: string,
  from: string,
  tx: SyncTransaction,
  fields: readonly Change[],
  clockOf: (column: string) => string,
  valueOf: (column: string) => ChangeValue | undefined,
): void {
  const mine = `-${own}`;
  for (const c of fields) {
    const column = c.column;
    if (!column || BOOKKEEPING.has(column)) continue;
    const clock = clockOf(column);
    if (!clock.endsWith(mine)) continue;
    const remoteWins = clock < tx.hlc;
    if (remoteWins && !unseenByAuthor(db, tx, own, clock)) continue;
    const current = valueOf(column);
    // The row is not here (deleted), or both made the same edit: nothing was lost.
    if (current === undefined || current === c.value) continue;
    const ours = { device: own, hlc: clock, value: current };
    const theirs = { device: from, hlc: tx.hlc, value: c.value };
    const [loser, winner] = remoteWins ? [ours, theirs] : [theirs, ours];
    prepare(
      db,
      `INSERT OR IGNORE INTO sync_conflicts (tbl, pk, col, loser_device, loser_hlc, loser_value, winner_device, winner_hlc, winner_value, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.table, c.pk, column, loser.device, loser.hlc, loser.value, winner.device, winner.hlc, winner.value, new Date().toISOString());
  }
}

function unseenByAuthor(db: WritableDB, tx: SyncTransaction, own: string, clock: string): boolean {
  const seen = tx.deps[own] ?? 0;
  // Only our transactions after what the author had seen are scanned: usually the few made while apart.
  return prepare(db, 'SELECT 1 FROM sync_outbox WHERE seq > ? AND hlc = ? LIMIT 1').get(seen, clock) !== undefined;
}
