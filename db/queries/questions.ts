import type { KitCandidateQuestion } from '../../core/rules/planTypes';
import type { QuestionRuleId } from '../../core/rules/questionLinter';
import type {
  PrincipleCoverage,
  Question,
  QuestionKind,
  QuestionPage,
  QuestionStatus,
  LintStatus,
  TagCount,
} from '../../core/api/contract/questions';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';
import { parseJsonColumn, StringList } from '../jsonColumns';
import { toFtsQuery } from './ftsQuery';

interface QuestionRow {
  id: string;
  text: string;
  probes: string;
  kind: QuestionKind;
  hypothetical_reason: string | null;
  lint_status: LintStatus;
  lint_rules: string;
  status: QuestionStatus;
  author: string;
  times_asked: number;
  last_asked_at: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

/**
 * A question's principles ("<position> <id>" each, comma-separated) and tags (separated by U+001F, which a tag
 * cannot hold) gathered next to its row: two lookups per question in the same statement cost less than two
 * more statements over the page's ids. Their order is put right here, on a few items per question.
 */
const LINKS = `(SELECT group_concat(pr.position || ' ' || qp.principle_id) FROM question_principles qp
    JOIN principles pr ON pr.id = qp.principle_id WHERE qp.question_id = q.id) AS principle_list,
  (SELECT group_concat(t.tag, char(31)) FROM question_tags t WHERE t.question_id = q.id) AS tag_list`;

type LinkedRow = QuestionRow & { principle_list: string | null; tag_list: string | null };

function toQuestion(row: LinkedRow): Question {
  return {
    id: row.id,
    text: row.text,
    principleIds: row.principle_list === null ? [] : principlesInOrder(row.principle_list),
    probes: parseJsonColumn(StringList, row.probes, 'questions.probes'),
    kind: row.kind,
    hypotheticalReason: row.hypothetical_reason,
    tags: row.tag_list === null ? [] : row.tag_list.split('\u001f').sort(byText),
    lintStatus: row.lint_status,
    lintRules: row.lint_rules ? (row.lint_rules.split(' ') as QuestionRuleId[]) : [],
    status: row.status,
    author: row.author,
    timesAsked: row.times_asked,
    lastAskedAt: row.last_asked_at,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function principlesInOrder(list: string): string[] {
  const links = list.split(',').map((pair) => {
    const space = pair.indexOf(' ');
    return { position: Number(pair.slice(0, space)), id: pair.slice(space + 1) };
  });
  if (links.length > 1) links.sort((a, b) => a.position - b.position || byText(a.id, b.id));
  return links.map((l) => l.id);
}

// By UTF-16 code unit, as SQLite's byte order does except between characters past U+FFFF and those after U+E000.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function getQuestion(db: ReadableDB, id: string): Question | null {
  const row = prepare(db, `SELECT q.*, ${LINKS} FROM questions q WHERE q.id = ?`).get(id) as LinkedRow | undefined;
  return row ? toQuestion(row) : null;
}

/** Several questions by id in three queries (rows, principles, tags), for screens that show a set, like a kit. */
export interface QuestionFilter {
  search: string;
  principleId?: string | undefined;
  tag?: string | undefined;
  lint?: 'clean' | 'warning' | 'hypothetical' | undefined;
  status: 'active' | 'retired' | 'all';
  limit: number;
  offset: number;
}

export function listQuestions(db: ReadableDB, filter: QuestionFilter): QuestionPage {
  const params: Record<string, string | number> = {};
  const fts = toFtsQuery(filter.search);
  if (fts) params.fts = fts;
  if (filter.principleId) params.principleId = filter.principleId;
  if (filter.tag) params.tag = filter.tag.toLowerCase();
  const lint = filter.lint === 'hypothetical' ? 'h' : filter.lint ? 'l' : '';
  if (lint === 'l') params.lint = filter.lint as string;
  const { limit } = filter;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`A page of questions must have a positive whole number of rows, not ${limit}`);
  const shape = `${fts ? 'f' : ''} ${filter.status} ${filter.principleId ? 'p' : ''}${filter.tag ? 't' : ''}${lint} ${limit}`;
  const { count, page } = questionListSql(shape, Boolean(fts), filter.status, Boolean(filter.principleId), Boolean(filter.tag), lint, limit);
  const total = (prepare(db, count).get(params) as { n: number }).n;
  params.offset = filter.offset;
  return { items: (prepare(db, page).all(params) as LinkedRow[]).map(toQuestion), total };
}

const listSql = new Map<string, { count: string; page: string }>();

/**
 * The count and page SQL of one shape of filter, built once: see `sqlOf`. The page size is written in (a
 * screen's pages are one size): bound as a parameter, the page took a fifth longer to read.
 */
function questionListSql(shape: string, fts: boolean, status: QuestionFilter['status'], principle: boolean, tag: boolean, lint: '' | 'h' | 'l', limit: number) {
  let sql = listSql.get(shape);
  if (sql) return sql;
  const where: string[] = [];
  let from = 'questions q';
  if (fts) {
    from += ' JOIN questions_fts f ON f.rowid = q.rowid';
    where.push('questions_fts MATCH @fts');
  }
  // A literal, not a parameter: counting 'active' then costs an eighth less (the status is one of the enum's).
  if (status !== 'all') where.push(`q.status = '${status === 'retired' ? 'retired' : 'active'}'`);
  if (principle) where.push('EXISTS (SELECT 1 FROM question_principles qp WHERE qp.question_id = q.id AND qp.principle_id = @principleId)');
  if (tag) where.push('EXISTS (SELECT 1 FROM question_tags qt WHERE qt.question_id = q.id AND qt.tag = @tag)');
  if (lint === 'h') where.push(`q.kind = 'hypothetical'`);
  else if (lint === 'l') where.push('q.lint_status = @lint');
  // The page of active questions walks the id index newest first and stops at the page's end: nearly every
  // question is active. Without statistics (the app never runs ANALYZE, so users' files have none) SQLite took
  // the status index and sorted every active question instead: ~3 ms a page at `large`, was 0.1 (the bench's
  // seeded file is analysed, which hid it). The unary + keeps the status index out of the page's plan only.
  const pageWhere = status === 'active' ? where.map((w) => (w === `q.status = 'active'` ? `+q.status = 'active'` : w)) : where;
  const whereOf = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
  const order = fts ? 'ORDER BY f.rank, q.id' : 'ORDER BY q.id DESC';
  sql = {
    count: `SELECT COUNT(*) AS n FROM ${from} ${whereOf(where)}`,
    page: `SELECT q.*, ${LINKS} FROM ${from} ${whereOf(fts ? where : pageWhere)} ${order} LIMIT ${limit} OFFSET @offset`,
  };
  listSql.set(shape, sql);
  return sql;
}

export function insertQuestion(db: WritableDB, q: Question): void {
  prepare(db,
    `INSERT INTO questions (id, text, probes, kind, hypothetical_reason, lint_status, lint_rules, status, author,
       times_asked, last_asked_at, revision, created_at, updated_at)
     VALUES (@id, @text, @probes, @kind, @hypotheticalReason, @lintStatus, @lintRules, @status, @author,
       @timesAsked, @lastAskedAt, @revision, @createdAt, @updatedAt)`,
  ).run(questionParams(q));
  replaceQuestionLinks(db, q);
}

export function updateQuestion(db: WritableDB, q: Question): void {
  prepare(db,
    `UPDATE questions SET text = @text, probes = @probes, kind = @kind, hypothetical_reason = @hypotheticalReason,
       lint_status = @lintStatus, lint_rules = @lintRules, status = @status, revision = @revision, updated_at = @updatedAt
     WHERE id = @id`,
  ).run(questionParams(q));
  replaceQuestionLinks(db, q);
}

function questionParams(q: Question) {
  const { principleIds: _p, tags: _t, ...rest } = q;
  return { ...rest, probes: JSON.stringify(q.probes), lintRules: q.lintRules.join(' ') };
}

function replaceQuestionLinks(db: WritableDB, q: Question): void {
  prepare(db, 'DELETE FROM question_principles WHERE question_id = ?').run(q.id);
  prepare(db, 'DELETE FROM question_tags WHERE question_id = ?').run(q.id);
  const link = prepare(db, 'INSERT INTO question_principles (question_id, principle_id) VALUES (?, ?)');
  for (const p of new Set(q.principleIds)) link.run(q.id, p);
  const tag = prepare(db, 'INSERT INTO question_tags (question_id, tag) VALUES (?, ?)');
  for (const t of new Set(q.tags)) tag.run(q.id, t);
}

export function listTags(db: ReadableDB): TagCount[] {
  return prepare(db,
      `SELECT qt.tag AS tag, COUNT(*) AS count FROM question_tags qt
       JOIN questions q ON q.id = qt.question_id AND q.status = 'active'
       GROUP BY qt.tag ORDER BY count DESC, qt.tag`,
    )
    .all() as TagCount[];
}

export function questionCoverage(db: ReadableDB, minimum: number): PrincipleCoverage[] {
  // Counted from the active questions outward, then put beside the principles: from the principles outward,
  // a file without statistics (users' files have none) looked each linked question's row up one by one, ~2x
  // the time at `large`.
  const rows = prepare(db,
      `SELECT p.id AS principleId, p.name AS name, coalesce(c.behavioural, 0) AS behavioural, coalesce(c.hypothetical, 0) AS hypothetical
       FROM principles p
       LEFT JOIN (
         SELECT qp.principle_id,
           COUNT(*) FILTER (WHERE q.kind = 'behavioural') AS behavioural,
           COUNT(*) FILTER (WHERE q.kind = 'hypothetical') AS hypothetical
         FROM questions q JOIN question_principles qp ON qp.question_id = q.id
         WHERE q.status = 'active' GROUP BY qp.principle_id
       ) c ON c.principle_id = p.id
       WHERE p.status = 'active'
       ORDER BY p.position`,
    )
    .all() as Omit<PrincipleCoverage, 'thin'>[];
  return rows.map((r) => ({ ...r, thin: r.behavioural < minimum }));
}

export function countQuestions(db: ReadableDB): number {
  return (prepare(db, 'SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n;
}

/** Every active question with what kit selection needs, and nothing more. */
export function listKitCandidates(db: ReadableDB): KitCandidateQuestion[] {
  const rows = prepare(db,
      `SELECT q.id, q.kind, q.lint_status AS lintStatus, q.status, q.last_asked_at AS lastAskedAt,
         (SELECT json_group_array(principle_id) FROM question_principles qp WHERE qp.question_id = q.id) AS principleIds
       FROM questions q WHERE q.status = 'active'`,
    )
    .all() as (Omit<KitCandidateQuestion, 'principleIds'> & { principleIds: string })[];
  return rows.map((r) => ({ ...r, principleIds: JSON.parse(r.principleIds) as string[] }));
}

/** How many active questions each principle has (a principle with none is absent): the pool a kit draws from. */
export function countActiveQuestionsByPrinciple(db: ReadableDB): Record<string, number> {
  const rows = prepare(db,
    `SELECT qp.principle_id AS principleId, count(*) AS n
     FROM question_principles qp JOIN questions q ON q.id = qp.question_id
     WHERE q.status = 'active' GROUP BY qp.principle_id`,
  ).all() as { principleId: string; n: number }[];
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.principleId] = r.n;
  return counts;
}

/** Texts of the questions a kit may draw on, to recognise one an interviewer typed instead of picking. */
export function listActiveQuestionTexts(db: ReadableDB): { id: string; text: string }[] {
  return prepare(db, `SELECT id, text FROM questions WHERE status = 'active'`).all() as { id: string; text: string }[];
}
