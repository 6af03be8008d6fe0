import type { ErasureCounts, RetentionItem } from '../../core/api/contract/privacy';
import type { ReadableDB, WritableDB } from '../handles';

/** The method whose activity row marks a candidate as erased; the row itself names no one. */
export const ERASE_METHOD = 'privacy.eraseCandidate';

/** A text rewrite: returns the text with the person's identifiers replaced. */
export type Redact = (text: string) => string;

/**
 * Free-text columns that can carry what was said about a candidate, per table,
 * with how to reach the rows of one candidate. `json` columns hold JSON whose
 * string values are rewritten one by one, so the JSON stays valid.
 */
interface TextColumns {
  table: string;
  key: readonly string[];
  columns: Readonly<Record<string, 'text' | 'json'>>;
  /** SQL condition on @candidateId selecting this candidate's rows. */
  where: string;
  count: keyof ErasureCounts;
}

const CANDIDATE_LOOPS = 'SELECT id FROM loops WHERE candidate_id = @candidateId';

const TEXT_COLUMNS: readonly TextColumns[] = [
  {
    table: 'loops',
    key: ['id'],
    columns: { cancel_reason: 'text', override_reason: 'text' },
    where: 'candidate_id = @candidateId',
    count: 'loops',
  },
  {
    table: 'feedback',
    key: ['id'],
    columns: { reason_to_hire: 'text', reason_not_to_hire: 'text', questions_asked: 'json', amendment_reason: 'text' },
    where: `loop_id IN (${CANDIDATE_LOOPS})`,
    count: 'feedback',
  },
  {
    table: 'feedback_ratings',
    key: ['feedback_id', 'principle_id'],
    columns: { situation: 'text', task: 'text', action: 'text', result: 'text', not_assessed_reason: 'text' },
    where: `feedback_id IN (SELECT id FROM feedback WHERE loop_id IN (${CANDIDATE_LOOPS}))`,
    count: 'ratings',
  },
  {
    table: 'debriefs',
    key: ['loop_id'],
    columns: { notes: 'text', early_reason: 'text' },
    where: `loop_id IN (${CANDIDATE_LOOPS})`,
    count: 'debriefs',
  },
  { table: 'revotes', key: ['id'], columns: { note: 'text' }, where: `loop_id IN (${CANDIDATE_LOOPS})`, count: 'revotes' },
  {
    table: 'decisions',
    key: ['id'],
    columns: { rationale: 'text', verdict_rationale: 'text', reopened_reason: 'text' },
    where: `loop_id IN (${CANDIDATE_LOOPS})`,
    count: 'decisions',
  },
];

function redactJson(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, redact)]));
  }
  return value;
}

/** Rewrites one table's free text for the candidate; ratings, votes and ids are never touched. Returns rows changed. */
function rewriteTable(db: WritableDB, spec: TextColumns, candidateId: string, redact: Redact): number {
  const names = Object.keys(spec.columns);
  const rows = db
    .prepare(`SELECT ${[...spec.key, ...names].join(', ')} FROM ${spec.table} WHERE ${spec.where}`)
    .all({ candidateId }) as Record<string, string | null>[];
  const update = db.prepare(
    `UPDATE ${spec.table} SET ${names.map((c) => `${c} = @${c}`).join(', ')} WHERE ${spec.key.map((k) => `${k} = @${k}`).join(' AND ')}`,
  );
  let changed = 0;
  for (const row of rows) {
    const next: Record<string, string | null> = { ...row };
    let differs = false;
    for (const column of names) {
      const text = row[column];
      if (text === null || text === undefined) continue;
      const rewritten = spec.columns[column] === 'json' ? JSON.stringify(redactJson(JSON.parse(text), redact)) : redact(text);
      if (rewritten !== text) {
        next[column] = rewritten;
        differs = true;
      }
    }
    if (differs) {
      update.run(next);
      changed++;
    }
  }
  return changed;
}

/**
 * Rewrites every free text about the candidate: their loops, feedback (evidence,
 * reasons, questions asked, amendments), debrief notes, re-vote notes and
 * decisions with `redact`; activity entries about the candidate, their loops or
 * that feedback with `redact`; every other activity entry with `redactIdentifiers`
 * (their full name and email only, so a colleague who shares a first name keeps it).
 */
export function redactCandidateTexts(db: WritableDB, candidateId: string, redact: Redact, redactIdentifiers: Redact): ErasureCounts {
  const counts: ErasureCounts = { loops: 0, feedback: 0, ratings: 0, debriefs: 0, revotes: 0, decisions: 0, activity: 0 };
  for (const spec of TEXT_COLUMNS) counts[spec.count] += rewriteTable(db, spec, candidateId, redact);

  const about = new Set<string>([candidateId]);
  const related = db
    .prepare(
      `SELECT id FROM loops WHERE candidate_id = @candidateId
       UNION ALL SELECT id FROM feedback WHERE loop_id IN (${CANDIDATE_LOOPS})`,
    )
    .all({ candidateId }) as { id: string }[];
  for (const { id } of related) about.add(id);

  // Collected first, then written: better-sqlite3 cannot write while a statement is still iterating.
  const rewrites: { id: string; summary: string }[] = [];
  const scan = db.prepare('SELECT id, entity_id AS entityId, summary FROM activity');
  for (const row of scan.iterate() as IterableIterator<{ id: string; entityId: string; summary: string }>) {
    const summary = about.has(row.entityId) ? redact(row.summary) : redactIdentifiers(row.summary);
    if (summary !== row.summary) rewrites.push({ id: row.id, summary });
  }
  const update = db.prepare('UPDATE activity SET summary = @summary WHERE id = @id');
  for (const rewrite of rewrites) update.run(rewrite);
  counts.activity = rewrites.length;
  return counts;
}

/** Whether the candidate's personal data has already been erased. */
export function isCandidateErased(db: ReadableDB, candidateId: string): boolean {
  return Boolean(db.prepare('SELECT 1 FROM activity WHERE entity_id = ? AND method = ? LIMIT 1').get(candidateId, ERASE_METHOD));
}

/**
 * Rebuilds the candidates' full-text index from the table. The update trigger
 * already removes the old tokens from the index, but FTS5 keeps them in older
 * segments (and in the delete markers) until a merge; a rebuild writes the index
 * afresh so no old token survives.
 */
export function rebuildCandidateIndex(db: WritableDB): void {
  db.prepare(`INSERT INTO candidates_fts(candidates_fts) VALUES ('rebuild')`).run();
}

/**
 * After an erasure has committed: copy the WAL into the file and empty it, then
 * VACUUM so no free page keeps old content, and empty the WAL again (in WAL mode
 * VACUUM writes the new pages there). Cannot run inside a transaction.
 */
export function compactDatabase(db: WritableDB): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * Candidates (not yet erased) whose last change, or last change to any of their
 * loops, is before `cutoff`; oldest first.
 */
export function listRetention(db: ReadableDB, cutoff: string): RetentionItem[] {
  return db
    .prepare(
      `SELECT id, name, lastActivityAt FROM (
         SELECT c.id, c.name,
           max(c.updated_at, coalesce((SELECT max(l.updated_at) FROM loops l WHERE l.candidate_id = c.id), '')) AS lastActivityAt
         FROM candidates c
         WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.entity_id = c.id AND a.method = @method)
       )
       WHERE lastActivityAt < @cutoff
       ORDER BY lastActivityAt, id`,
    )
    .all({ cutoff, method: ERASE_METHOD }) as RetentionItem[];
}
