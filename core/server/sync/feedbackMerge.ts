import { prepare } from '../../../db/statements';
import type { WritableDB } from '../../../db/handles';
import type { ChangeValue } from './batch';

/**
 * One author amending (or submitting) the same feedback on two devices at once makes two current versions,
 * which the schema allows only one of. Both are kept; the later version number, then the greater id
 * (UUIDv7: the later one), stays current on every device whatever the order they arrive in, and the other
 * is superseded. `concurrentVersions` lists such pairs for the UI to flag.
 */
export function resolveCurrentFeedback(db: WritableDB, incoming: Map<string, ChangeValue>): void {
  if (incoming.get('superseded') !== 0) return;
  const current = prepare(db, `SELECT id, version FROM feedback WHERE loop_id = ? AND author_id = ? AND kind = ? AND superseded = 0`)
    .get(incoming.get('loop_id'), incoming.get('author_id'), incoming.get('kind')) as { id: string; version: number } | undefined;
  if (!current) return;
  const incomingWins = compare([Number(incoming.get('version')), String(incoming.get('id'))], [current.version, current.id]) > 0;
  if (incomingWins) prepare(db, 'UPDATE feedback SET superseded = 1 WHERE id = ?').run(current.id);
  else incoming.set('superseded', 1);
}

function compare(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

export interface ConcurrentVersions {
  loopId: string;
  authorId: string;
  kind: string;
  version: number;
  feedbackIds: string[];
}

/** Versions of one author's feedback written concurrently on two devices: both kept, shown flagged. */
export function concurrentVersions(db: WritableDB): ConcurrentVersions[] {
  const rows = prepare(
      db,
      `SELECT loop_id AS loopId, author_id AS authorId, kind, version, json_group_array(id) AS ids FROM
         (SELECT * FROM feedback WHERE status = 'submitted' ORDER BY id)
       GROUP BY loop_id, author_id, kind, version HAVING count(*) > 1 ORDER BY loop_id, author_id, kind, version`,
    )
    .all() as (Omit<ConcurrentVersions, 'feedbackIds'> & { ids: string })[];
  return rows.map(({ ids, ...r }) => ({ ...r, feedbackIds: JSON.parse(ids) as string[] }));
}
