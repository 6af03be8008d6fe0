import type { ActivityEntry } from '../../core/api/contract/activity';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

export function insertActivity(db: WritableDB, entry: ActivityEntry): void {
  prepare(db,
    `INSERT INTO activity (id, at, actor, method, entity, entity_id, summary)
     VALUES (@id, @at, @actor, @method, @entity, @entityId, @summary)`,
  ).run(entry);
}

const COLUMNS = 'id, at, actor, method, entity, entity_id AS entityId, summary';

export function listActivity(db: ReadableDB, opts: { entityId?: string | undefined; limit: number }): ActivityEntry[] {
  // UUIDv7 ids sort by time, so ordering by id is newest-first without a tie-break on equal timestamps.
  if (opts.entityId) {
    return prepare(db, `SELECT ${COLUMNS} FROM activity WHERE entity_id = ? ORDER BY id DESC LIMIT ?`)
      .all(opts.entityId, opts.limit) as ActivityEntry[];
  }
  return prepare(db, `SELECT ${COLUMNS} FROM activity ORDER BY id DESC LIMIT ?`).all(opts.limit) as ActivityEntry[];
}
