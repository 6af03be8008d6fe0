import type { ReadableDB } from '../handles';
import { prepare } from '../statements';

export interface ConflictRow {
  id: number;
  tbl: string;
  pk: string;
  col: string;
  loser_device: string;
  loser_hlc: string;
  loser_value: string | number | null;
  winner_device: string;
  winner_hlc: string;
  winner_value: string | number | null;
  recorded_at: string;
}

/** Resolved conflicts, newest first, a page at a time. */
export function listConflicts(db: ReadableDB, limit: number, offset: number): { rows: ConflictRow[]; total: number } {
  const rows = prepare(
    db,
    `SELECT id, tbl, pk, col, loser_device, loser_hlc, loser_value, winner_device, winner_hlc, winner_value, recorded_at
       FROM sync_conflicts ORDER BY id DESC LIMIT ? OFFSET ?`,
  ).all(limit, offset) as ConflictRow[];
  const total = (prepare(db, 'SELECT count(*) AS n FROM sync_conflicts').get() as { n: number }).n;
  return { rows, total };
}

/** A row's label column (a name or title), or null when the row is gone. */
export function rowLabel(db: ReadableDB, table: string, column: string, id: unknown): string | null {
  const row = prepare(db, `SELECT "${column}" AS label FROM "${table}" WHERE id = ?`).get(id) as { label: unknown } | undefined;
  return typeof row?.label === 'string' ? row.label : null;
}
