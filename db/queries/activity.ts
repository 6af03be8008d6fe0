import type { ActivityEntry } from '../../core/api/contract/activity';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare, sqlOf } from '../statements';

export function insertActivity(db: WritableDB, entry: ActivityEntry): void {
  prepare(db,
    `INSERT INTO activity (id, at, actor, method, entity, entity_id, summary)
     VALUES (@id, @at, @actor, @method, @entity, @entityId, @summary)`,
  ).run(entry);
}

/**
 * Folds `entry` into the caller's latest row for the same method and entity when that row is at or after
 * `since`: it takes the entry's id, time and summary, so the log still reads newest-first by id. False when
 * there is no such row (the caller inserts instead).
 */
export function foldIntoRecentActivity(db: WritableDB, entry: ActivityEntry, since: string): boolean {
  const folded = prepare(
    db,
    `UPDATE activity SET id = @id, at = @at, summary = @summary
     WHERE id = (SELECT id FROM activity WHERE entity_id = @entityId AND actor = @actor AND method = @method ORDER BY id DESC LIMIT 1)
       AND at >= @since`,
  ).run({ ...entry, since });
  return folded.changes > 0;
}

const COLUMNS = 'id, at, actor, method, entity, entity_id AS entityId, summary';

export function listActivity(db: ReadableDB, opts: { entityId?: string | undefined; limit: number }): ActivityEntry[] {
  // The limit is written into the SQL: bound as a parameter, the latest 100 rows took a fifth longer to read.
  // Validated as a whole number from 1 to 500, so at most that many texts (most calls use the default).
  const limit = opts.limit;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`Activity limit must be a positive whole number, not ${limit}`);
  // UUIDv7 ids sort by time, so ordering by id is newest-first without a tie-break on equal timestamps.
  if (opts.entityId) {
    return prepare(db, sqlOf(`activity.list entity ${limit}`, () => `SELECT ${COLUMNS} FROM activity WHERE entity_id = ? ORDER BY id DESC LIMIT ${limit}`)).all(
      opts.entityId,
    ) as ActivityEntry[];
  }
  return prepare(db, sqlOf(`activity.list ${limit}`, () => `SELECT ${COLUMNS} FROM activity ORDER BY id DESC LIMIT ${limit}`)).all() as ActivityEntry[];
}
