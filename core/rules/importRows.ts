/**
 * Import planning: turns the rows of a file into what each row would become —
 * new, a duplicate of something already there, or an error naming its line and
 * field — without touching the database. The preview shows this plan; the
 * import carries out its new rows through the ordinary create handlers.
 *
 * Each row is checked with the same zod schema its create method uses, so a row
 * that passes here is refused by the API only if the workspace changed between
 * the plan and the write (and that is checked again there).
 */
import type { z } from 'zod';
import { CandidateCreateInput } from '../api/contract/candidates';
import { PrincipleCreateInput } from '../api/contract/principles';
import { QuestionCreateInput } from '../api/contract/questions';
import { CAPABILITY_LABELS, MemberCreateInput } from '../api/contract/team';
import { MAX_IMPORT_ROWS, type ImportFormat, type ImportKind, type ImportRowError, type ImportRowResult } from '../api/contract/transfer';
import { lintQuestion } from './questionLinter';
import { ImportFileError, ImportLimitError, readCsv, splitList } from './transferCsv';

/** What is already in the workspace, keyed by `importKey` (trimmed, lower case). */
export interface ImportLookups {
  /** Active principles: id by name. */
  principles: ReadonlyMap<string, string>;
  /** Every question's text, active or retired: a retired question is not brought back as a new one. */
  questionTexts: ReadonlySet<string>;
  /** Team members (active or left): id by email, and the names. */
  memberEmails: ReadonlyMap<string, string>;
  memberNames: ReadonlySet<string>;
  candidateEmails: ReadonlySet<string>;
  candidateNames: ReadonlySet<string>;
}

/** Duplicates compare trimmed and case-insensitively, as the database's NOCASE indexes do (and beyond ASCII). */
export const importKey = (text: string) => text.trim().toLowerCase();

export interface SourceRow {
  line: number;
  record: unknown;
  /** A problem with the line itself, found while reading the file. */
  problem?: ImportRowError;
}

export type ImportCreate =
  | { kind: 'principles'; input: z.output<typeof PrincipleCreateInput> }
  | { kind: 'questions'; input: z.output<typeof QuestionCreateInput> }
  | {
      kind: 'team';
      input: z.output<typeof MemberCreateInput>;
      /** The manager is created by an earlier line of the same file; its id is known only once that row is written. */
      managerLine: number | null;
    }
  | { kind: 'candidates'; input: z.output<typeof CandidateCreateInput> };

export type PlannedRow = ImportRowResult & { create?: ImportCreate };

/**
 * Stands in for the id of a manager created earlier in the same file, so the
 * row can be checked with MemberCreateInput before that id exists.
 */
export const PENDING_MANAGER_ID = '00000000-0000-7000-8000-000000000000';

// ---------------------------------------------------------------------------
// Reading the file
// ---------------------------------------------------------------------------

/** The rows of a CSV or JSON file; a file that cannot be read as rows throws ImportFileError. */
export function readImportFile(kind: ImportKind, format: ImportFormat, content: string): SourceRow[] {
  if (format === 'csv') {
    return readCsv(content, kind).map(({ line, cells, columnCountMismatch }) => {
      const row: SourceRow = { line, record: cells };
      if (columnCountMismatch) {
        row.problem = {
          field: 'row',
          message: `This line has ${columnCountMismatch.found} values but the first line names ${columnCountMismatch.expected} columns; put values that contain commas in double quotes`,
        };
      }
      return row;
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(1, `This is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A bare list, or { "principles": [...] } as a tool might wrap it.
  const items = Array.isArray(data) ? data : isPlainObject(data) && Array.isArray(data[kind]) ? data[kind] : null;
  if (!items) throw new ImportFileError(1, `The file must hold a list of ${kind}, or an object with a "${kind}" list`);
  if (items.length > MAX_IMPORT_ROWS) throw new ImportLimitError(items.length);
  return (items as unknown[]).map((record, index) => ({ line: index + 1, record }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

interface Draft {
  /** What goes to the create schema. */
  input: Record<string, unknown>;
  errors: ImportRowError[];
  /** Schema paths whose errors are already explained by a reference error (e.g. an unknown principle name). */
  explained: Set<string>;
  managerLine?: number | null;
}

/** What the file has seen so far: rows planned as new, by key, so a repeated row is a duplicate too. */
interface FileState {
  newKeys: Map<string, number>;
  newNames: Map<string, number>;
  /** Team: the line of each new member's email, and the lines of every email in the file (for "is below this one"). */
  memberLineByEmail: Map<string, number>;
  emailLines: Map<string, number>;
  errorLines: Set<number>;
}

/** `onProgress` hears every 500 rows, for a progress bar on a long file. */
export function planImport(
  kind: ImportKind,
  format: ImportFormat,
  rows: readonly SourceRow[],
  lookups: ImportLookups,
  onProgress?: (done: number, total: number) => void,
): PlannedRow[] {
  const state: FileState = {
    newKeys: new Map(),
    newNames: new Map(),
    memberLineByEmail: new Map(),
    emailLines: new Map(),
    errorLines: new Set(),
  };
  if (kind === 'team') {
    for (const row of rows) {
      const email = isPlainObject(row.record) && typeof row.record.email === 'string' ? importKey(row.record.email) : '';
      if (email && !state.emailLines.has(email)) state.emailLines.set(email, row.line);
    }
  }
  return rows.map((row, index) => {
    if (onProgress && index % 500 === 0) onProgress(index, rows.length);
    return planRow(kind, format, row, lookups, state);
  });
}

function planRow(kind: ImportKind, format: ImportFormat, row: SourceRow, lookups: ImportLookups, state: FileState): PlannedRow {
  const failed = (summary: string, errors: ImportRowError[]): PlannedRow => {
    state.errorLines.add(row.line);
    return { line: row.line, status: 'error', summary, errors };
  };
  if (!isPlainObject(row.record)) return failed('(not an object)', [{ field: 'row', message: 'Each item must be an object with named fields' }]);

  const summary = summaryOf(kind, row.record);
  // Duplicates first: a row matching what is already there creates nothing, whatever else it holds, so
  // re-importing a file never fails on rows it would skip anyway (a question whose principle was archived since).
  const duplicateOf = findDuplicate(kind, row.record, lookups, state);
  if (duplicateOf) return { line: row.line, status: 'duplicate', summary: `${summary} (${duplicateOf})`, errors: [] };

  const draft = draftFor(kind, format, row.record, lookups, state, row.line);
  if (row.problem) draft.errors.unshift(row.problem);
  const parsed = schemaFor(kind).safeParse(draft.input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      if (draft.explained.has(path[0] ?? '')) continue;
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
      if (issue.code === 'unrecognized_keys') {
        for (const key of keys) draft.errors.push({ field: key, message: 'Unknown field' });
      } else {
        draft.errors.push({ field: fieldName(kind, format, path), message: issue.message });
      }
    }
  }
  // The linter runs even when another field is wrong, so one preview shows everything to fix in the row.
  if (kind === 'questions' && typeof draft.input.text === 'string' && !draft.errors.some((e) => e.field === 'text')) {
    draft.errors.push(...questionVerdict(draft.input.text.trim(), text(draft.input.hypotheticalReason).trim(), format));
  }
  if (!parsed.success || draft.errors.length) {
    if (draft.errors.length === 0) draft.errors.push({ field: 'row', message: 'This row is not valid' });
    return failed(summary, dedupeErrors(draft.errors));
  }
  remember(kind, parsed.data as Record<string, unknown>, row.line, state);
  return { line: row.line, status: 'new', summary, errors: [], create: toCreate(kind, parsed.data, draft) };
}

function schemaFor(kind: ImportKind): z.ZodType {
  switch (kind) {
    case 'principles':
      return PrincipleCreateInput;
    case 'questions':
      return QuestionCreateInput;
    case 'team':
      return MemberCreateInput;
    case 'candidates':
      return CandidateCreateInput;
  }
}

function toCreate(kind: ImportKind, data: unknown, draft: Draft): ImportCreate {
  switch (kind) {
    case 'principles':
      return { kind, input: data as z.output<typeof PrincipleCreateInput> };
    case 'questions':
      return { kind, input: data as z.output<typeof QuestionCreateInput> };
    case 'team':
      return { kind, input: data as z.output<typeof MemberCreateInput>, managerLine: draft.managerLine ?? null };
    case 'candidates':
      return { kind, input: data as z.output<typeof CandidateCreateInput> };
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const shorten = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** What the row is, in a few words: a principle's name, a question's text, "Name <email>" for people. */
function summaryOf(kind: ImportKind, record: Record<string, unknown>): string {
  if (kind === 'principles') return shorten(text(record.name).trim() || '(no name)');
  if (kind === 'questions') return shorten(text(record.text).trim() || '(no text)');
  const name = text(record.name).trim() || '(no name)';
  const email = text(record.email).trim();
  return shorten(email ? `${name} <${email}>` : name, 120);
}

function draftFor(
  kind: ImportKind,
  format: ImportFormat,
  record: Record<string, unknown>,
  lookups: ImportLookups,
  state: FileState,
  line: number,
): Draft {
  const draft: Draft = { input: {}, errors: [], explained: new Set() };
  switch (kind) {
    case 'principles': {
      // JSON rows are the create input itself; CSV spreads the four anchors over four columns.
      draft.input =
        format === 'json'
          ? record
          : {
              name: record.name,
              summary: record.summary,
              description: record.description ?? '',
              anchors: [record.anchor1 ?? '', record.anchor2 ?? '', record.anchor3 ?? '', record.anchor4 ?? ''],
            };
      return draft;
    }
    case 'questions': {
      let names: string[] | null;
      if (format === 'csv') {
        names = splitList(text(record.principles));
        draft.input = {
          text: record.text,
          probes: splitList(text(record.probes)),
          tags: splitList(text(record.tags)),
          hypotheticalReason: record.hypothetical_reason ?? '',
        };
      } else {
        const { principles, principleIds, ...rest } = record;
        names = Array.isArray(principles) && principles.every((p) => typeof p === 'string') ? principles : null;
        if (names === null && principles !== undefined) {
          draft.errors.push({ field: 'principles', message: 'principles must be a list of principle names' });
        }
        if (principleIds !== undefined) {
          draft.errors.push({ field: 'principleIds', message: 'Name the principles in "principles": ids differ from one workspace to another' });
        }
        names ??= [];
        draft.input = { ...rest };
      }
      // Principles are named, not given by id: ids differ from one workspace to the next.
      const ids: string[] = [];
      for (const name of names.map((n) => n.trim()).filter(Boolean)) {
        const id = lookups.principles.get(importKey(name));
        if (id) ids.push(id);
        else draft.errors.push({ field: 'principles', message: `No active principle is called "${shorten(name, 60)}"` });
      }
      if (draft.errors.some((e) => e.field === 'principles')) draft.explained.add('principleIds');
      draft.input.principleIds = [...new Set(ids)];
      return draft;
    }
    case 'team': {
      const capabilities = splitList(text(record.capabilities)).map(capabilityId);
      draft.input = {
        name: record.name,
        email: record.email ?? '',
        title: record.title ?? '',
        team: record.team ?? '',
        capabilities,
        managerId: resolveManager(text(record.manager_email), record.email, lookups, state, line, draft),
      };
      return draft;
    }
    case 'candidates': {
      draft.input = {
        name: record.name,
        email: record.email ?? '',
        phone: record.phone ?? '',
        source: record.source ?? '',
        links: splitList(text(record.links)),
        notes: record.notes ?? '',
      };
      return draft;
    }
  }
}

/** People write "Bar raiser" as often as bar_raiser; both are accepted, other words are left for the schema to refuse. */
function capabilityId(value: string): string {
  const wanted = importKey(value);
  const byLabel = Object.entries(CAPABILITY_LABELS).find(([id, label]) => importKey(label) === wanted || id === wanted);
  return byLabel ? byLabel[0] : value;
}

/** A manager is found by email: among the team already there, or on an earlier line of this file. */
function resolveManager(
  managerEmail: string,
  ownEmail: unknown,
  lookups: ImportLookups,
  state: FileState,
  line: number,
  draft: Draft,
): string | null {
  const email = importKey(managerEmail);
  draft.managerLine = null;
  if (!email) return null;
  const refuse = (message: string) => {
    draft.errors.push({ field: 'manager_email', message });
    draft.explained.add('managerId');
    return null;
  };
  if (email === importKey(text(ownEmail))) return refuse('A person cannot be their own manager');
  const existing = lookups.memberEmails.get(email);
  if (existing) return existing;
  const newLine = state.memberLineByEmail.get(email);
  if (newLine !== undefined) {
    draft.managerLine = newLine;
    return PENDING_MANAGER_ID;
  }
  const at = state.emailLines.get(email);
  if (at !== undefined && at < line && state.errorLines.has(at)) return refuse(`The manager's own line (${at}) has errors`);
  if (at !== undefined && at > line) return refuse(`${managerEmail.trim()} is on line ${at}, below this one; list managers before the people who report to them`);
  return refuse(`No team member has the email ${shorten(managerEmail.trim(), 60)}, in the workspace or on an earlier line`);
}

/**
 * The verdict questions.create takes on save: a protected characteristic
 * refuses the question; a hypothetical one needs a recorded reason.
 */
function questionVerdict(questionText: string, reason: string, format: ImportFormat): ImportRowError[] {
  const findings = lintQuestion(questionText);
  const error = findings.find((f) => f.severity === 'error');
  if (error) return [{ field: 'text', message: error.message }];
  if (findings.some((f) => f.rule === 'hypothetical') && !reason) {
    return [
      {
        field: format === 'csv' ? 'hypothetical_reason' : 'hypotheticalReason',
        message: 'This asks what the candidate would do. Rewrite it about past behaviour, or give the reason for keeping it.',
      },
    ];
  }
  return [];
}

/** CSV errors name the column a person sees in the spreadsheet; JSON errors the field path. */
function fieldName(kind: ImportKind, format: ImportFormat, path: readonly string[]): string {
  const [head = 'row', index] = path;
  if (kind === 'questions' && head === 'principleIds') return 'principles';
  if (format === 'json') return path.length ? path.join('.') : 'row';
  if (kind === 'principles' && head === 'anchors') return index === undefined ? 'anchor1' : `anchor${Number(index) + 1}`;
  if (kind === 'questions' && head === 'hypotheticalReason') return 'hypothetical_reason';
  if (kind === 'team' && head === 'managerId') return 'manager_email';
  // Lists in one cell (probes, tags, capabilities, links): the column, not the item.
  return head;
}

function dedupeErrors(errors: readonly ImportRowError[]): ImportRowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------

/** Principles by active name, questions by text, people by email when they have one, else by name. */
function keyOf(kind: ImportKind, data: Record<string, unknown>): { key: string; byName: boolean } {
  switch (kind) {
    case 'principles':
      return { key: importKey(text(data.name)), byName: true };
    case 'questions':
      return { key: importKey(text(data.text)), byName: false };
    case 'team':
    case 'candidates': {
      const email = importKey(text(data.email));
      return email ? { key: email, byName: false } : { key: importKey(text(data.name)), byName: true };
    }
  }
}

function findDuplicate(kind: ImportKind, data: Record<string, unknown>, lookups: ImportLookups, state: FileState): string | null {
  const { key, byName } = keyOf(kind, data);
  // A row without a name (or text) is not like anything: it goes on to be refused as incomplete.
  if (!key) return null;
  const inWorkspace =
    kind === 'principles'
      ? lookups.principles.has(key)
      : kind === 'questions'
        ? lookups.questionTexts.has(key)
        : kind === 'team'
          ? (byName ? lookups.memberNames : lookups.memberEmails).has(key)
          : (byName ? lookups.candidateNames : lookups.candidateEmails).has(key);
  if (inWorkspace) return 'already in the workspace';
  const earlier = (byName && (kind === 'team' || kind === 'candidates') ? state.newNames : state.newKeys).get(key);
  return earlier === undefined ? null : `same as line ${earlier}`;
}

function remember(kind: ImportKind, data: Record<string, unknown>, line: number, state: FileState): void {
  const { key, byName } = keyOf(kind, data);
  if (kind === 'team' || kind === 'candidates') {
    // A person without an email is matched by name against everyone, so every new name counts.
    const name = importKey(text(data.name));
    if (!state.newNames.has(name)) state.newNames.set(name, line);
    if (!byName) state.newKeys.set(key, line);
    if (kind === 'team' && !byName) state.memberLineByEmail.set(key, line);
    return;
  }
  state.newKeys.set(key, line);
}
