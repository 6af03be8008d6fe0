import { prepare } from '../../../db/statements';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { LOCAL_ROWS, SYNCED_TABLES, isSyncedTable, quoteName, tableShape } from './syncedTables';

/**
 * The shared state of a workspace as one value: every synced table's shared rows, the clocks of rows and
 * fields, and how far each other device's changes are in it. A founder's first state is one (a solo workspace
 * with years of history becomes the team's starting point without replaying it) and a joining device
 * bootstraps from it; later ones are written every `sync.snapshotEvery` files (growth.ts).
 */
export interface SnapshotPayload {
  kind: 'principled-snapshot';
  version: 1;
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
  rowClocks: [string, string, string, number][];
  fieldClocks: [string, string, string, string][];
  positions: [string, number, string][];
}

export function readSnapshot(db: ReadableDB): SnapshotPayload {
  const tables: SnapshotPayload['tables'] = {};
  for (const table of SYNCED_TABLES) {
    const shape = tableShape(db, table);
    if (!shape) continue;
    const local = LOCAL_ROWS[table];
    const where = local ? ` WHERE NOT (${local(quoteName(table))})` : '';
    const rows = db.prepare(`SELECT ${shape.columns.map(quoteName).join(', ')} FROM ${quoteName(table)}${where}`).raw().all() as unknown[][];
    tables[table] = { columns: shape.columns, rows };
  }
  return {
    kind: 'principled-snapshot',
    version: 1,
    tables,
    rowClocks: db.prepare('SELECT tbl, pk, hlc, deleted FROM sync_rows').raw().all() as SnapshotPayload['rowClocks'],
    fieldClocks: db.prepare('SELECT tbl, pk, col, hlc FROM sync_clocks').raw().all() as SnapshotPayload['fieldClocks'],
    positions: db.prepare('SELECT device_id, seq, member_id FROM sync_positions').raw().all() as SnapshotPayload['positions'],
  };
}

export function isSnapshotPayload(value: unknown): value is SnapshotPayload {
  const v = value as Partial<SnapshotPayload> | null;
  return !!v && v.kind === 'principled-snapshot' && v.version === 1 && typeof v.tables === 'object' && Array.isArray(v.rowClocks) && Array.isArray(v.fieldClocks) && Array.isArray(v.positions);
}

/**
 * Replaces this device's shared rows with the snapshot's, in one transaction, and records that the writing
 * device's changes up to `seq` are in. Only for a device that has no shared data of its own yet (a join).
 * Foreign keys are checked at commit, so rows may come in any order.
 */
export function applySnapshot(db: WritableDB, snapshot: SnapshotPayload, from: { deviceId: string; seq: number; memberId: string }): void {
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    for (const table of [...SYNCED_TABLES].reverse()) {
      const local = LOCAL_ROWS[table];
      if (tableShape(db, table)) db.prepare(`DELETE FROM ${quoteName(table)}${local ? ` WHERE NOT (${local(quoteName(table))})` : ''}`).run();
    }
    for (const [table, { columns, rows }] of Object.entries(snapshot.tables)) {
      const shape = isSyncedTable(table) ? tableShape(db, table) : null;
      if (!shape) continue;
      // Columns this version does not have are left out; a newer version's snapshot still bootstraps.
      const known = columns.map((c, i) => [c, i] as const).filter(([c]) => shape.columns.includes(c));
      const insert = db.prepare(`INSERT OR REPLACE INTO ${quoteName(table)} (${known.map(([c]) => quoteName(c)).join(', ')}) VALUES (${known.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(...(known.map(([, i]) => row[i]) as never[]));
    }
    const rowClock = prepare(db, 'INSERT OR REPLACE INTO sync_rows (tbl, pk, hlc, deleted) VALUES (?, ?, ?, ?)');
    for (const r of snapshot.rowClocks) rowClock.run(...r);
    const fieldClock = prepare(db, 'INSERT OR REPLACE INTO sync_clocks (tbl, pk, col, hlc) VALUES (?, ?, ?, ?)');
    for (const f of snapshot.fieldClocks) fieldClock.run(...f);
    const position = prepare(
      db,
      `INSERT INTO sync_positions (device_id, seq, member_id) VALUES (?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET seq = max(seq, excluded.seq), member_id = excluded.member_id`,
    );
    for (const p of snapshot.positions) position.run(...p);
    position.run(from.deviceId, from.seq, from.memberId);
  }).immediate();
}
