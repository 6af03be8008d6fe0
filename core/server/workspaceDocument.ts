/**
 * The whole-workspace JSON document: reading every table into it, and checking
 * and loading one. Reading and parsing run in the background worker (on its
 * own read-only connection, or a scratch database); loading runs in the
 * workspace's write transaction.
 */
import {
  WORKSPACE_FORMAT,
  WORKSPACE_FORMAT_VERSION,
  WorkspaceDocumentSchema,
  type WorkspaceCell,
  type WorkspaceDocument,
} from '../api/contract/transfer';
import type { ReadableDB, WritableDB } from '../../db/handles';
import {
  RowInsertError,
  hasRows,
  insertRows,
  migrateToLatest,
  ordinaryTables,
  iterateTable,
  readTable,
  referencedTables,
  schemaVersion,
  scratchDatabaseAt,
  tableColumns,
} from '../../db/queries/transfer';
import { ApiFailure, invalidField } from './apiFailure';

export type Tables = Record<string, Record<string, WorkspaceCell>[]>;

/** Tables an empty workspace may already have rows in: its settings and its own log. */
// Rows a workspace may hold before an import, merged with the file's: its settings, its own log,
// and the ids of candidates erased in it (so an import cannot bring one back).
const SETUP_TABLES = new Set(['settings', 'activity', 'erased_candidates']);

/** Every table as stored; the caller holds one read transaction, so every table comes from the same moment. */
export function readWorkspaceDocument(
  db: ReadableDB,
  now: string,
  onTable?: (done: number, total: number) => void,
  /** Stop with `tooLarge()` once the JSON would pass this many characters, before the rows fill the memory. */
  budget?: { characters: number; tooLarge: () => Error },
): WorkspaceDocument {
  const names = ordinaryTables(db);
  const tables: Tables = {};
  let characters = 0;
  names.forEach((table, index) => {
    onTable?.(index, names.length);
    if (!budget) {
      tables[table.name] = readTable(db, table);
      return;
    }
    const rows: Record<string, WorkspaceCell>[] = (tables[table.name] = []);
    for (const row of iterateTable(db, table)) {
      characters += jsonCharacters(row);
      if (characters > budget.characters) throw budget.tooLarge();
      rows.push(row);
    }
  });
  return { format: WORKSPACE_FORMAT, version: WORKSPACE_FORMAT_VERSION, schemaVersion: schemaVersion(db), exportedAt: now, tables };
}

/**
 * About as many characters as the row takes in JSON (escapes aside): a ten-year workspace is larger than the
 * longest string V8 makes, and reading all of it first ran the worker out of memory (4 GB at `huge`).
 */
export function jsonCharacters(row: Record<string, WorkspaceCell>): number {
  let n = 2;
  for (const key in row) {
    const value = row[key];
    n += key.length + 4 + (typeof value === 'string' ? value.length + 2 : value === null ? 4 : 12);
  }
  return n;
}

export function parseDocument(json: string): WorkspaceDocument {
  let data: unknown;
  try {
    data = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidField('json', `This is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = WorkspaceDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidField(['json', ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'Not a workspace export');
  }
  return parsed.data as WorkspaceDocument;
}

/** A document checked and brought up to `currentVersion`: the rows the workspace can take as they are. */
export function documentForVersion(json: string, currentVersion: number): { exportedAt: string; tables: Tables } {
  const document = parseDocument(json);
  if (document.schemaVersion > currentVersion) {
    throw invalidField(
      'json.schemaVersion',
      `This export comes from a newer version of Principled (schema ${document.schemaVersion}; this one understands up to ${currentVersion}). Update Principled to import it.`,
    );
  }
  const tables = document.schemaVersion < currentVersion ? upgrade(document.tables, document.schemaVersion) : document.tables;
  return { exportedAt: document.exportedAt, tables };
}

/** The workspace holds nothing of its own yet: only setup (settings, its own log) may be there. */
export function assertEmpty(db: ReadableDB): void {
  const filled = ordinaryTables(db)
    .map((t) => t.name)
    .filter((name) => !SETUP_TABLES.has(name) && hasRows(db, name));
  if (filled.length) {
    throw new ApiFailure(
      'CONFLICT',
      `A workspace can be imported only into an empty one; this one already has ${filled.map((t) => t.replace(/_/g, ' ')).join(', ')}`,
    );
  }
}

/** Parents before children, so most rows find what they refer to already there; cycles are left to deferred checks. */
function dependencyOrder(db: ReadableDB, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.has(name)) return;
    state.set(name, 'visiting');
    for (const parent of referencedTables(db, name)) if (wanted.has(parent) && parent !== name) visit(parent);
    state.set(name, 'done');
    ordered.push(name);
  };
  [...names].sort().forEach(visit);
  return ordered;
}

/**
 * Checks every table and column name against the schema of `db`, then inserts
 * the rows in dependency order. Names never reach SQL unchecked.
 */
export function loadTables(db: WritableDB, tables: Tables): Record<string, number> {
  const live = new Map(ordinaryTables(db).map((t) => [t.name, new Set(tableColumns(db, t.name))]));
  const columnsOf = new Map<string, string[]>();
  for (const [table, rows] of Object.entries(tables)) {
    const known = live.get(table);
    if (!known) throw invalidField(`json.tables.${table.slice(0, 60)}`, 'No such table in this version of Principled');
    // Every row of an export has the same columns (SELECT *); a missing one takes the column's default.
    const columns = Object.keys(rows[0] ?? {});
    for (const column of columns) {
      if (!known.has(column)) throw invalidField(`json.tables.${table}.0.${column.slice(0, 60)}`, 'No such column in this table');
    }
    rows.forEach((row, index) => {
      const keys = Object.keys(row);
      if (keys.length !== columns.length || keys.some((k) => !columns.includes(k))) {
        throw invalidField(`json.tables.${table}.${index}`, 'Every row of a table must have the same columns');
      }
    });
    columnsOf.set(table, columns);
  }
  const inserted: Record<string, number> = {};
  for (const table of dependencyOrder(db, [...columnsOf.keys()])) {
    const rows = tables[table] ?? [];
    try {
      insertRows(db, table, columnsOf.get(table) ?? [], rows, SETUP_TABLES.has(table));
    } catch (error) {
      if (error instanceof RowInsertError) {
        const reason = error.failure instanceof Error ? error.failure.message : String(error.failure);
        throw invalidField(`json.tables.${error.table}.${error.index}`, `This row cannot be stored: ${reason}`);
      }
      throw error;
    }
    inserted[table] = rows.length;
  }
  return inserted;
}

/** Rows from an older export, brought up to this schema by the migrations themselves. */
function upgrade(tables: Tables, fromVersion: number): Tables {
  const scratch = scratchDatabaseAt(fromVersion);
  if (!scratch) throw invalidField('json.schemaVersion', `Schema ${fromVersion} is not a version Principled has had`);
  try {
    scratch.transaction(() => loadTables(scratch, tables)).immediate();
    migrateToLatest(scratch);
    return Object.fromEntries(ordinaryTables(scratch).map((t) => [t.name, readTable(scratch, t)]));
  } finally {
    scratch.close();
  }
}
