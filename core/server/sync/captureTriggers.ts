import type { ReadableDB } from '../../../db/handles';
import { COUNTER_COLUMNS, LOCAL_ROWS, SYNCED_TABLES, quoteName, tableShape, type SyncedTable, type TableShape } from './syncedTables';

/**
 * The TEMP triggers that copy each write's field-level changes into the outbox. TEMP: they live on the
 * connection that installs them (the app's writer), so the sqlite3 CLI, the read-only connection and the
 * migrations never see them. They fire only while `sync_tx()` names the outbox transaction of a write in
 * progress (see outbox.ts): changes applied from other devices are not captured again.
 */
export function captureTriggersSql(db: ReadableDB): string {
  return SYNCED_TABLES.map((table) => {
    const shape = tableShape(db, table);
    if (!shape) throw new Error(`Synced table ${table} is missing from the schema`);
    return triggersFor(table, shape);
  }).join('\n');
}

const pkOf = (shape: TableShape, r: string) => `json_array(${shape.pk.map((c) => `${r}.${quoteName(c)}`).join(', ')})`;
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

function insertRows(table: string, shape: TableShape, r: string): string {
  const values = shape.columns.map((c) => `(sync_tx(), ${lit(table)}, ${pkOf(shape, r)}, ${lit(c)}, ${r}.${quoteName(c)}, 'insert')`);
  return `INSERT INTO sync_outbox_changes (seq, tbl, pk, col, value, op) VALUES ${values.join(', ')};`;
}

function triggersFor(table: SyncedTable, shape: TableShape): string {
  const local = LOCAL_ROWS[table];
  const keep = (r: string) => (local ? ` AND NOT (${local(r)})` : '');
  const name = (event: string) => quoteName(`sync_capture_${table}_${event}`);
  const on = `main.${quoteName(table)}`;
  const counters = COUNTER_COLUMNS[table] ?? [];
  // A counter's update carries what was added, not the new total (see COUNTER_COLUMNS).
  const valueOf = (c: string) => (counters.includes(c) ? `NEW.${quoteName(c)} - OLD.${quoteName(c)}` : `NEW.${quoteName(c)}`);
  const changed = shape.columns
    .filter((c) => !shape.pk.includes(c))
    .map((c) => `SELECT ${lit(c)} AS col, ${valueOf(c)} AS value WHERE OLD.${quoteName(c)} IS NOT NEW.${quoteName(c)}`);
  const sql = [
    `CREATE TEMP TRIGGER ${name('insert')} AFTER INSERT ON ${on} WHEN sync_tx() IS NOT NULL${keep('NEW')} BEGIN
      ${insertRows(table, shape, 'NEW')}
    END;`,
    `CREATE TEMP TRIGGER ${name('delete')} AFTER DELETE ON ${on} WHEN sync_tx() IS NOT NULL${keep('OLD')} BEGIN
      INSERT INTO sync_outbox_changes (seq, tbl, pk, col, value, op) VALUES (sync_tx(), ${lit(table)}, ${pkOf(shape, 'OLD')}, NULL, NULL, 'delete');
    END;`,
  ];
  if (changed.length > 0) {
    sql.push(`CREATE TEMP TRIGGER ${name('update')} AFTER UPDATE ON ${on} WHEN sync_tx() IS NOT NULL${keep('OLD')}${keep('NEW')} BEGIN
      INSERT INTO sync_outbox_changes (seq, tbl, pk, col, value, op)
        SELECT sync_tx(), ${lit(table)}, ${pkOf(shape, 'NEW')}, col, value, 'update' FROM (${changed.join(' UNION ALL ')});
    END;`);
  }
  if (local) {
    // A row becoming shared (a draft submitted) reaches other devices whole, as its insert.
    sql.push(`CREATE TEMP TRIGGER ${name('shared')} AFTER UPDATE ON ${on} WHEN sync_tx() IS NOT NULL AND (${local('OLD')}) AND NOT (${local('NEW')}) BEGIN
      ${insertRows(table, shape, 'NEW')}
    END;`);
  }
  return sql.join('\n');
}
