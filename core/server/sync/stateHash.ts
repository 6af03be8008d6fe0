import { createHash } from 'node:crypto';
import type { ReadableDB } from '../../../db/handles';
import { LOCAL_ROWS, SYNCED_TABLES, quoteName, tableShape } from './syncedTables';

/**
 * A deterministic hash of the shared state: every synced table's shared rows, in key order, each column by
 * name. Local rows (who "me" is, feedback drafts) and local or derived tables (training counts, search
 * indexes, sync bookkeeping) are left out, so two devices that applied the same changes hash alike.
 */
export function stateHash(db: ReadableDB): string {
  const hash = createHash('sha256');
  for (const table of SYNCED_TABLES) {
    const shape = tableShape(db, table);
    if (!shape) continue;
    const local = LOCAL_ROWS[table];
    const where = local ? ` WHERE NOT (${local(quoteName(table))})` : '';
    const order = shape.pk.map(quoteName).join(', ');
    hash.update(`\u0000${table}\u0000${shape.columns.join(',')}\n`);
    const select = db.prepare(`SELECT ${shape.columns.map(quoteName).join(', ')} FROM ${quoteName(table)}${where} ORDER BY ${order}`).raw();
    for (const row of select.iterate() as Iterable<unknown[]>) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
