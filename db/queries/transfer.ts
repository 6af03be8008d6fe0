import Database from 'better-sqlite3-multiple-ciphers';
import type { WorkspaceCell } from '../../core/api/contract/transfer';
import { asWritable, type ReadableDB, type WritableDB } from '../handles';
import { prepare } from '../statements';
import { MIGRATIONS, migrate } from '../migrations';

// Whole-table reads and writes for the workspace export and import, and the
// flat lists behind the CSV exports. Table and column names are never taken
// from input as SQL: they are checked against the live schema and quoted.

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface TableInfo {
  name: string;
  /** WITHOUT ROWID tables have no insertion order of their own; they are read in key order. */
  withoutRowid: boolean;
}

/** Tables triggers keep from the others (training counts, migrations 64 and 66): an import rebuilds them as its rows go in. */
const DERIVED_TABLES = new Set(['member_training', 'member_principles']);

/** This device's own tables: its hash chain over its log (an import's rows are chained as they go in) and the calibration's kept facts (db/scienceDirtyLoops.ts). */
const DEVICE_TABLES = new Set(['activity_chain', 'activity_chain_actors', 'science_facts', 'science_dirty_loops']);

/**
 * The ordinary tables of the main schema: no sqlite_* tables, no virtual (FTS)
 * tables and no shadow tables behind them, nor tables kept by triggers — those are derived from the rest —
 * nor team sync's sync_* bookkeeping, which describes this device's copy, not the workspace.
 */
export function ordinaryTables(db: ReadableDB): TableInfo[] {
  const rows = prepare(db, `SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name`).all() as {
    name: string;
    wr: number;
  }[];
  return rows.filter((r) => !r.name.startsWith('sqlite_') && !r.name.startsWith('sync_') && !DERIVED_TABLES.has(r.name) && !DEVICE_TABLES.has(r.name)).map((r) => ({ name: r.name, withoutRowid: r.wr === 1 }));
}

export function tableColumns(db: ReadableDB, table: string): string[] {
  return (prepare(db, 'SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name);
}

/** The tables `table` refers to by foreign key (itself included when it refers to its own rows). */
export function referencedTables(db: ReadableDB, table: string): string[] {
  const rows = prepare(db, 'SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(table) as { parent: string }[];
  return rows.map((r) => r.parent);
}

/** Rows as stored, in insertion order (rowid) where the table has one, so a re-import keeps that order. */
export function readTable(db: ReadableDB, table: TableInfo): Record<string, WorkspaceCell>[] {
  return prepare(db, tableSql(table)).all() as Record<string, WorkspaceCell>[];
}

/** The same rows one at a time, for a caller that may stop early. */
export function iterateTable(db: ReadableDB, table: TableInfo): IterableIterator<Record<string, WorkspaceCell>> {
  return prepare(db, tableSql(table)).iterate() as IterableIterator<Record<string, WorkspaceCell>>;
}

const tableSql = (table: TableInfo) => `SELECT * FROM ${quote(table.name)}${table.withoutRowid ? '' : ' ORDER BY rowid'}`;

/** Whether a table has any row: one step, where count(*) reads a large table through. */
export function hasRows(db: ReadableDB, table: string): boolean {
  return prepare(db, `SELECT 1 FROM ${quote(table)} LIMIT 1`).get() !== undefined;
}

export function schemaVersion(db: ReadableDB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Which row of a table an insert failed on, so the error can name it. */
export class RowInsertError extends Error {
  constructor(
    readonly table: string,
    readonly index: number,
    readonly failure: unknown,
  ) {
    super(`${table} row ${index + 1}: ${failure instanceof Error ? failure.message : String(failure)}`);
    this.name = 'RowInsertError';
  }
}

/**
 * Inserts rows into one table, as they are. `replace` is for the tables an
 * empty workspace may already hold (settings, activity): a row with the same
 * key is the same setting or the same logged event, so the document's copy
 * takes its place.
 */
export function insertRows(
  db: WritableDB,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, WorkspaceCell>[],
  replace: boolean,
): void {
  if (rows.length === 0 || columns.length === 0) return;
  const stmt = prepare(db,
    `INSERT${replace ? ' OR REPLACE' : ''} INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  rows.forEach((row, index) => {
    try {
      stmt.run(columns.map((c) => row[c] ?? null));
    } catch (error) {
      throw new RowInsertError(table, index, error);
    }
  });
}

/**
 * Lets rows refer to rows inserted later in the same transaction (a manager
 * listed after their report); SQLite turns it off again at commit.
 */
export function deferForeignKeys(db: WritableDB): void {
  db.pragma('defer_foreign_keys = ON');
}

/**
 * An empty in-memory database at an older schema version, for rows exported
 * by an older Principled: they are loaded at their own version and brought up
 * to date by the same migrations a database file goes through. Null when the
 * version is not one of the migration steps.
 */
export function scratchDatabaseAt(version: number): WritableDB | null {
  const steps = MIGRATIONS.filter((m) => m.version <= version);
  if ((steps.at(-1)?.version ?? 0) !== version) return null;
  const db = new Database(':memory:');
  // References are checked once, in the real workspace, after the upgrade.
  db.pragma('foreign_keys = OFF');
  migrate(db, steps);
  return asWritable(db);
}

export function migrateToLatest(db: WritableDB): void {
  migrate(db, MIGRATIONS);
}

export interface ForeignKeyViolation {
  table: string;
  parent: string;
}

export function foreignKeyViolations(db: ReadableDB, limit = 5): ForeignKeyViolation[] {
  const rows = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  return rows.slice(0, limit).map((r) => ({ table: r.table, parent: r.parent }));
}

// ---------------------------------------------------------------------------
// Import lookups: what is already there, for the duplicate and reference checks
// ---------------------------------------------------------------------------

export interface ExistingRecords {
  principles: { id: string; name: string }[];
  questionTexts: string[];
  members: { id: string; name: string; email: string }[];
  candidates: { name: string; email: string }[];
}

/** Only what the list being imported needs: a candidates file never reads the question bank. */
export function existingRecords(db: ReadableDB, kind: 'principles' | 'questions' | 'team' | 'candidates'): ExistingRecords {
  const out: ExistingRecords = { principles: [], questionTexts: [], members: [], candidates: [] };
  if (kind === 'principles' || kind === 'questions') {
    out.principles = prepare(db, `SELECT id, name FROM principles WHERE status = 'active'`).all() as ExistingRecords['principles'];
  }
  if (kind === 'questions') out.questionTexts = (prepare(db, 'SELECT text FROM questions').all() as { text: string }[]).map((q) => q.text);
  if (kind === 'team') out.members = prepare(db, 'SELECT id, name, email FROM team_members').all() as ExistingRecords['members'];
  if (kind === 'candidates') out.candidates = prepare(db, 'SELECT name, email FROM candidates').all() as ExistingRecords['candidates'];
  return out;
}

// ---------------------------------------------------------------------------
// CSV export lists, flat, with names in place of ids
// ---------------------------------------------------------------------------

export function principleExportRows(db: ReadableDB) {
  return prepare(db, `SELECT name, summary, description, anchors FROM principles WHERE status = 'active' ORDER BY position`)
    .all() as { name: string; summary: string; description: string; anchors: string }[];
}

/** Active questions; only their active principles are named, since only those can be linked on import. */
export function questionExportRows(db: ReadableDB) {
  return prepare(db,
      `SELECT q.text, q.probes, q.hypothetical_reason,
         (SELECT json_group_array(name) FROM (SELECT p.name FROM question_principles qp JOIN principles p ON p.id = qp.principle_id
            WHERE qp.question_id = q.id AND p.status = 'active' ORDER BY p.position)) AS principles,
         (SELECT json_group_array(tag) FROM (SELECT tag FROM question_tags WHERE question_id = q.id ORDER BY tag)) AS tags
       FROM questions q WHERE q.status = 'active' ORDER BY q.created_at, q.id`,
    )
    .all() as { text: string; probes: string; hypothetical_reason: string | null; principles: string; tags: string }[];
}

export function memberExportRows(db: ReadableDB) {
  return prepare(db,
      `SELECT m.id, m.name, m.email, m.title, m.team, m.manager_id, m.capabilities, mgr.email AS manager_email
       FROM team_members m LEFT JOIN team_members mgr ON mgr.id = m.manager_id
       WHERE m.status = 'active' ORDER BY m.name COLLATE NOCASE, m.id`,
    )
    .all() as {
    id: string;
    name: string;
    email: string;
    title: string;
    team: string;
    manager_id: string | null;
    capabilities: string;
    manager_email: string | null;
  }[];
}

export function candidateExportRows(db: ReadableDB) {
  return prepare(db, 'SELECT name, email, phone, source, links, notes FROM candidates ORDER BY id').all() as {
    name: string;
    email: string;
    phone: string;
    source: string;
    links: string;
    notes: string;
  }[];
}

export function loopExportRows(db: ReadableDB) {
  return prepare(db,
      `SELECT c.name AS candidate, c.email AS candidate_email, r.title AS role, l.status,
         coalesce(hm.name, '') AS hiring_manager, coalesce(br.name, '') AS bar_raiser,
         (SELECT json_group_array(name) FROM (SELECT m.name FROM loop_slots s JOIN team_members m ON m.id = s.interviewer_id
            WHERE s.loop_id = l.id ORDER BY s.position)) AS interviewers,
         coalesce((SELECT d.outcome FROM decisions d WHERE d.loop_id = l.id AND d.superseded = 0), '') AS outcome,
         l.created_at, l.updated_at
       FROM loops l JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
       LEFT JOIN team_members hm ON hm.id = l.hiring_manager_id LEFT JOIN team_members br ON br.id = l.bar_raiser_id
       ORDER BY l.id`,
    )
    .all() as {
    candidate: string;
    candidate_email: string;
    role: string;
    status: string;
    hiring_manager: string;
    bar_raiser: string;
    interviewers: string;
    outcome: string;
    created_at: string;
    updated_at: string;
  }[];
}
