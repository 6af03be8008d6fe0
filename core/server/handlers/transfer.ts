import type { z } from 'zod';
import type { MethodName } from '../../api/contract/methods';
import type { Capability } from '../../rules/planTypes';
import type { CsvExportList, ImportInput as ImportInputSchema, ImportKind, ImportPreview, ImportResult, WorkspaceImportResult } from '../../api/contract/transfer';
import type { ImportCreate, PlannedRow } from '../../rules/importRows';
import { CSV_COLUMNS, joinList, writeCsv } from '../../rules/transferCsv';
import type { ReadableDB } from '../../../db/handles';
import { compactDatabase, erasedCandidateIds, reapplyErasures } from '../../../db/queries/privacy';
import {
  candidateExportRows,
  deferForeignKeys,
  foreignKeyViolations,
  loopExportRows,
  memberExportRows,
  principleExportRows,
  questionExportRows,
} from '../../../db/queries/transfer';
import { ApiFailure, invalidField } from '../apiFailure';
import type { WriteContext } from '../context';
import { countStatuses } from '../importPlan';
import { assertEmpty, loadTables, type Tables } from '../workspaceDocument';
import { candidateHandlers } from './candidates';
import { principleHandlers } from './principles';
import { questionHandlers } from './questions';
import { teamHandlers } from './team';
import type { HandlersFor } from './types';

type ImportInput = z.output<typeof ImportInputSchema>;

// ---------------------------------------------------------------------------
// List import: the plan comes from the background worker (importPlan.ts); the
// new rows are written here, in the workspace's write transaction.
// ---------------------------------------------------------------------------

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

/** The preview a person sees: each row's status, without what it would create. */
export function previewOf(rows: readonly PlannedRow[]): ImportPreview {
  return { rows: rows.map(({ create: _create, ...row }) => row), counts: countStatuses(rows) };
}

/** Writes the new rows of a plan, inside the caller's write transaction, and logs the import. */
export function applyImport(rows: readonly PlannedRow[], { kind, format, mode }: Pick<ImportInput, 'kind' | 'format' | 'mode'>, ctx: WriteContext): ImportResult {
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
        mode === 'valid-only' ? ctx.db.transaction(() => createRow(create, ctx, createdByLine))() : createRow(create, ctx, createdByLine);
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
}

/** Each row of an import is created as by its own method, so each kind has that method's audience. */
export const IMPORT_METHOD = {
  principles: 'principles.create',
  questions: 'questions.create',
  team: 'team.create',
  candidates: 'candidates.create',
} as const satisfies Record<ImportKind, MethodName>;

export const workspaceExportFileName = (now: string) => `principled-workspace-${day(now)}.json`;

/** Loads checked document rows into an empty workspace, inside the caller's write transaction. */
export function loadWorkspace({ exportedAt, tables }: { exportedAt: string; tables: Tables }, ctx: WriteContext): WorkspaceImportResult {
  assertEmpty(ctx.db);
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
      `Imported a workspace exported at ${exportedAt.slice(0, 40)}: ${total} rows in ${Object.keys(inserted).length} tables` +
      (erasedAgain ? `; erased again ${erasedAgain === 1 ? 'a candidate' : `${erasedAgain} candidates`} erased after the export` : ''),
  });
  return { tables: inserted };
}

export const transferHandlers: HandlersFor<'transfer'> = {
  'transfer.exportCsv': ({ list }, { db, now }) => ({
    fileName: `principled-${list}-${day(now)}.csv`,
    csv: writeCsv(CSV_COLUMNS[list], csvRows(db, list)),
  }),
};
