import type { Capability } from '../../rules/planTypes';
import {
  WORKSPACE_FORMAT,
  WORKSPACE_FORMAT_VERSION,
  WorkspaceDocumentSchema,
  type CsvExportList,
  type ImportFormat,
  type ImportKind,
  type ImportPreview,
  type ImportRowStatus,
  type WorkspaceCell,
  type WorkspaceDocument,
} from '../../api/contract/transfer';
import { importKey, planImport, readImportFile, type ImportCreate, type ImportLookups, type PlannedRow } from '../../rules/importRows';
import { CSV_COLUMNS, ImportFileError, joinList, writeCsv } from '../../rules/transferCsv';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { compactDatabase, erasedCandidateIds, reapplyErasures } from '../../../db/queries/privacy';
import { getMember } from '../../../db/queries/team';
import {
  RowInsertError,
  candidateExportRows,
  countRows,
  deferForeignKeys,
  existingRecords,
  foreignKeyViolations,
  insertRows,
  loopExportRows,
  memberExportRows,
  migrateToLatest,
  ordinaryTables,
  principleExportRows,
  questionExportRows,
  readTable,
  referencedTables,
  schemaVersion,
  scratchDatabaseAt,
  tableColumns,
} from '../../../db/queries/transfer';
import { ApiFailure, invalidField } from '../apiFailure';
import type { WriteContext } from '../context';
import { candidateHandlers } from './candidates';
import { principleHandlers } from './principles';
import { questionHandlers } from './questions';
import { requireMe } from './participation';
import { teamHandlers } from './team';
import type { HandlersFor } from './types';

// ---------------------------------------------------------------------------
// List import
// ---------------------------------------------------------------------------

function lookupsFor(db: ReadableDB, kind: ImportKind): ImportLookups {
  const existing = existingRecords(db, kind);
  return {
    principles: new Map(existing.principles.map((p) => [importKey(p.name), p.id])),
    questionTexts: new Set(existing.questionTexts.map(importKey)),
    memberEmails: new Map(existing.members.filter((m) => m.email).map((m) => [importKey(m.email), m.id])),
    memberNames: new Set(existing.members.map((m) => importKey(m.name))),
    candidateEmails: new Set(existing.candidates.filter((c) => c.email).map((c) => importKey(c.email))),
    candidateNames: new Set(existing.candidates.map((c) => importKey(c.name))),
  };
}

/** The plan for a file; a file that cannot be read as rows at all is one VALIDATION error on `content`. */
function planFile(db: ReadableDB, kind: ImportKind, format: ImportFormat, content: string): PlannedRow[] {
  try {
    return planImport(kind, format, readImportFile(kind, format, content), lookupsFor(db, kind));
  } catch (error) {
    if (error instanceof ImportFileError) throw invalidField('content', `line ${error.line}: ${error.message}`);
    throw error;
  }
}

function countStatuses(rows: readonly PlannedRow[]): Record<ImportRowStatus, number> {
  const counts: Record<ImportRowStatus, number> = { new: 0, duplicate: 0, error: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

const MAX_ISSUES = 100;

/** All-or-nothing refuses the whole file, naming the first bad line and field, and listing the others. */
function refuseFile(rows: readonly PlannedRow[]): ApiFailure {
  const bad = rows.filter((r) => r.status === 'error');
  const issues = bad
    .flatMap((r) => r.errors.map((e) => ({ path: 'content', message: `line ${r.line}, ${e.field}: ${e.message}` })))
    .slice(0, MAX_ISSUES);
  const first = issues[0]?.message ?? 'a row has errors';
  const others = bad.length > 1 ? ` (${bad.length} rows have errors)` : '';
  return new ApiFailure('VALIDATION', `content: ${first}${others}; nothing was imported`, issues);
}

/**
 * Creates one row through the same handler a person's typing goes through, so
 * an imported principle, question, member or candidate is made, checked and
 * logged exactly like a typed one.
 */
function createRow(create: ImportCreate, ctx: WriteContext, createdByLine: ReadonlyMap<number, string>): string {
  switch (create.kind) {
    case 'principles':
      return principleHandlers['principles.create'](create.input, ctx).id;
    case 'questions':
      return questionHandlers['questions.create'](create.input, ctx).id;
    case 'team': {
      let input = create.input;
      if (create.managerLine !== null) {
        const managerId = createdByLine.get(create.managerLine);
        if (!managerId) throw invalidField('manager_email', `The manager's line (${create.managerLine}) was not imported`);
        input = { ...input, managerId };
      }
      return teamHandlers['team.create'](input, ctx).id;
    }
    case 'candidates':
      return candidateHandlers['candidates.create'](create.input, ctx).id;
  }
}

const KIND_NOUN: Record<ImportKind, [string, string]> = {
  principles: ['principle', 'principles'],
  questions: ['question', 'questions'],
  team: ['team member', 'team members'],
  candidates: ['candidate', 'candidates'],
};
const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------
// Whole-workspace import
// ---------------------------------------------------------------------------

/** Tables an empty workspace may already have rows in: its settings and its own log. */
/**
 * Rows a workspace may hold before an import, merged with the file's: its settings,
 * its own log, and the ids of candidates erased in it (so an import cannot bring one back).
 */
const SETUP_TABLES = new Set(['settings', 'activity', 'erased_candidates']);

type Tables = Record<string, Record<string, WorkspaceCell>[]>;

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
function loadTables(db: WritableDB, tables: Tables): Record<string, number> {
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

function parseDocument(json: string): WorkspaceDocument {
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

/** The workspace holds nothing of its own yet: only setup (settings, its own log) may be there. */
function assertEmpty(db: ReadableDB): void {
  const filled = ordinaryTables(db)
    .map((t) => t.name)
    .filter((name) => !SETUP_TABLES.has(name) && countRows(db, name) > 0);
  if (filled.length) {
    throw new ApiFailure(
      'CONFLICT',
      `A workspace can be imported only into an empty one; this one already has ${filled.map((t) => t.replace(/_/g, ' ')).join(', ')}`,
    );
  }
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

// ---------------------------------------------------------------------------
// CSV export
// ---------------------------------------------------------------------------

const parseList = (json: string | null) => (json ? (JSON.parse(json) as string[]) : []);

/** Managers before the people who report to them, so the file imports into an empty workspace in one go. */
function managersFirst<T extends { id: string; manager_id: string | null }>(rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: T[] = [];
  const placed = new Set<string>();
  const place = (row: T, seen: Set<string>) => {
    if (placed.has(row.id) || seen.has(row.id)) return;
    seen.add(row.id);
    const manager = row.manager_id ? byId.get(row.manager_id) : undefined;
    if (manager) place(manager, seen);
    placed.add(row.id);
    out.push(row);
  };
  for (const row of rows) place(row, new Set());
  return out;
}

function csvRows(db: ReadableDB, list: CsvExportList): string[][] {
  switch (list) {
    case 'principles':
      return principleExportRows(db).map((p) => [p.name, p.summary, p.description, ...parseList(p.anchors)]);
    case 'questions':
      return questionExportRows(db).map((q) => [
        q.text,
        joinList(parseList(q.principles)),
        joinList(parseList(q.probes)),
        joinList(parseList(q.tags)),
        q.hypothetical_reason ?? '',
      ]);
    case 'team':
      return managersFirst(memberExportRows(db)).map((m) => [
        m.name,
        m.email,
        m.title,
        m.team,
        m.manager_email ?? '',
        joinList(JSON.parse(m.capabilities) as Capability[]),
      ]);
    case 'candidates':
      return candidateExportRows(db).map((c) => [c.name, c.email, c.phone, c.source, joinList(parseList(c.links)), c.notes]);
    case 'loops':
      return loopExportRows(db).map((l) => [
        l.candidate,
        l.candidate_email,
        l.role,
        l.status,
        l.hiring_manager,
        l.bar_raiser,
        joinList(parseList(l.interviewers)),
        l.outcome,
        l.created_at,
        l.updated_at,
      ]);
  }
}

const day = (iso: string) => iso.slice(0, 10);

// ---------------------------------------------------------------------------

export const transferHandlers: HandlersFor<'transfer'> = {
  'transfer.preview': ({ kind, format, content }, { db }): ImportPreview => {
    const rows = planFile(db, kind, format, content);
    return { rows: rows.map(({ create: _create, ...row }) => row), counts: countStatuses(rows) };
  },

  'transfer.import': ({ kind, format, content, mode }, ctx) => {
    const rows = planFile(ctx.db, kind, format, content);
    const counts = countStatuses(rows);
    if (mode === 'all-or-nothing' && counts.error > 0) throw refuseFile(rows);

    const createdByLine = new Map<number, string>();
    let skipped = counts.error;
    for (const row of rows) {
      if (row.status !== 'new' || !row.create) continue;
      const create = row.create;
      try {
        // valid-only: each row in its own savepoint, so a row the handler still refuses leaves nothing behind.
        const id =
          mode === 'valid-only'
            ? ctx.db.transaction(() => createRow(create, ctx, createdByLine))()
            : createRow(create, ctx, createdByLine);
        createdByLine.set(row.line, id);
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        if (mode === 'all-or-nothing') {
          throw new ApiFailure(error.code, `content: line ${row.line}, ${error.message}; nothing was imported`, error.issues);
        }
        skipped++;
      }
    }
    const created = createdByLine.size;
    const noun = KIND_NOUN[kind];
    ctx.log({
      entity: 'workspace',
      entityId: 'workspace',
      summary:
        `Imported ${plural(created, noun)} from a ${format.toUpperCase()} file` +
        (counts.duplicate ? `; ${counts.duplicate} already there` : '') +
        (skipped ? `; ${skipped} with errors skipped` : ''),
    });
    return { created, duplicates: counts.duplicate, skipped };
  },

  'transfer.exportWorkspace': (_input, ctx) => {
    const { db, now } = ctx;
    // The export carries every feedback, blind or not: it is an administrator's tool, and it is logged.
    const me = requireMe(db, ctx.actor);
    const member = getMember(db, me.id);
    if (!me.isAdmin && !member?.capabilities.includes('founder')) {
      throw new ApiFailure('FORBIDDEN', 'Only admins and founders can export the whole workspace: it holds every feedback.');
    }
    ctx.log({ entity: 'workspace', entityId: 'workspace', summary: `${me.name} exported the whole workspace` });
    // Inside dispatch's transaction: every table comes from the same moment.
    const tables = Object.fromEntries(ordinaryTables(db).map((t) => [t.name, readTable(db, t)]));
    const document: WorkspaceDocument = {
      format: WORKSPACE_FORMAT,
      version: WORKSPACE_FORMAT_VERSION,
      schemaVersion: schemaVersion(db),
      exportedAt: now,
      tables,
    };
    return { fileName: `principled-workspace-${day(now)}.json`, json: JSON.stringify(document) };
  },

  'transfer.importWorkspace': ({ json }, ctx) => {
    const document = parseDocument(json);
    const current = schemaVersion(ctx.db);
    if (document.schemaVersion > current) {
      throw invalidField(
        'json.schemaVersion',
        `This export comes from a newer version of Principled (schema ${document.schemaVersion}; this one understands up to ${current}). Update Principled to import it.`,
      );
    }
    assertEmpty(ctx.db);
    const tables = document.schemaVersion < current ? upgrade(document.tables, document.schemaVersion) : document.tables;
    const erasedInFile = new Set((tables.erased_candidates ?? []).map((row) => String(row.id)));
    deferForeignKeys(ctx.db);
    const inserted = loadTables(ctx.db, tables);
    const broken = foreignKeyViolations(ctx.db);
    if (broken[0]) {
      throw invalidField(`json.tables.${broken[0].table}`, `A row refers to a row of ${broken[0].parent} that is not in the file`);
    }
    // The file may predate erasures made here or in the workspace it came from: both lists are now in
    // erased_candidates, and every candidate on them is erased again (the file keeps its own rows' erasures).
    const erasedAgain = reapplyErasures(ctx.db, erasedCandidateIds(ctx.db), ctx.now, erasedInFile);
    if (erasedAgain) ctx.afterCommit(() => compactDatabase(ctx.db));
    const total = Object.values(inserted).reduce((a, b) => a + b, 0);
    ctx.log({
      entity: 'workspace',
      entityId: 'workspace',
      summary:
        `Imported a workspace exported at ${document.exportedAt.slice(0, 40)}: ${total} rows in ${Object.keys(inserted).length} tables` +
        (erasedAgain ? `; erased again ${erasedAgain === 1 ? 'a candidate' : `${erasedAgain} candidates`} erased after the export` : ''),
    });
    return { tables: inserted };
  },

  'transfer.exportCsv': ({ list }, { db, now }) => ({
    fileName: `principled-${list}-${day(now)}.csv`,
    csv: writeCsv(CSV_COLUMNS[list], csvRows(db, list)),
  }),
};
