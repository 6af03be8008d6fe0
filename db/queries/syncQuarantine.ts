import type { ReadableDB } from '../handles';
import { prepare } from '../statements';

export interface QuarantineRow {
  device_id: string;
  seq: number;
  hlc: string;
  method: string;
  author_id: string;
  author_name: string | null;
  reason: string;
  body: string;
}

/** Refused changes, newest first by their clock (which sorts as text). */
export function listQuarantine(db: ReadableDB): QuarantineRow[] {
  return prepare(
    db,
    `SELECT q.device_id, q.seq, q.hlc, q.method, q.author_id, m.name AS author_name, q.reason, q.body
       FROM sync_quarantine q LEFT JOIN team_members m ON m.id = q.author_id
      ORDER BY q.hlc DESC, q.id DESC`,
  ).all() as QuarantineRow[];
}
