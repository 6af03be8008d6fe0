import type { ErasureCounts, RetentionItem } from '../../core/api/contract/privacy';
import { ERASED_CANDIDATE_NAME, ERASED_MARK } from '../../core/api/contract/erasedNames';
import { candidateRedactor } from '../../core/rules/redaction';
import { deletePracticeFromLoops } from './practice';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

/** The method whose activity row marks a candidate as erased; the row itself names no one. */
export const ERASE_METHOD = 'privacy.eraseCandidate';

/**
 * Free-text columns written about a candidate's loops, per table, with how to
 * reach the rows of one candidate. What people wrote about a candidate is their
 * personal data: every non-empty text is replaced whole by "[erased]". `asked`
 * is the JSON list of questions asked: a question typed in is erased, one taken
 * from the bank keeps its (bank) text.
 */
interface TextColumns {
  table: string;
  key: readonly string[];
  columns: Readonly<Record<string, 'text' | 'asked'>>;
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
    columns: { reason_to_hire: 'text', reason_not_to_hire: 'text', questions_asked: 'asked', amendment_reason: 'text' },
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
  { table: 'coaching_notes', key: ['id'], columns: { note: 'text' }, where: `loop_id IN (${CANDIDATE_LOOPS})`, count: 'coachingNotes' },
];

const erasedText = (text: string) => (text.trim() ? ERASED_MARK : text);

/**
 * The value a personal column of an erased candidate's row holds (team sync keeps it there: core/server/sync/
 * erasureMarks.ts): the profile as the erasure leaves it, "[erased]" for any other text.
 */
export function erasureMark(table: string, column: string, value: string | number | null): string | number | null {
  if (table === 'candidates') return column === 'name' ? ERASED_CANDIDATE_NAME : column === 'links' ? '[]' : '';
  return typeof value === 'string' ? erasedText(value) : value;
}

function eraseAsked(json: string): string {
  const asked = JSON.parse(json) as { questionId: string | null; text: string }[];
  return JSON.stringify(
    asked.map((q) => {
      if (q.questionId !== null) return q;
      return { ...q, text: erasedText(q.text) };
    }),
  );
}

/** Erases one table's free text for the candidate; ratings, votes and ids are never touched. Returns rows changed. */
function eraseTable(db: WritableDB, spec: TextColumns, candidateId: string): number {
  const names = Object.keys(spec.columns);
  const rows = prepare(db, `SELECT ${[...spec.key, ...names].join(', ')} FROM ${spec.table} WHERE ${spec.where}`)
    .all({ candidateId }) as Record<string, string | null>[];
  const update = prepare(db,
    `UPDATE ${spec.table} SET ${names.map((c) => `${c} = @${c}`).join(', ')} WHERE ${spec.key.map((k) => `${k} = @${k}`).join(' AND ')}`,
  );
  let changed = 0;
  for (const row of rows) {
    const next: Record<string, string | null> = { ...row };
    let differs = false;
    for (const column of names) {
      const text = row[column];
      if (text === null || text === undefined) continue;
      const rewritten = spec.columns[column] === 'asked' ? eraseAsked(text) : erasedText(text);
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
 * A hire's check-ins say how a person does at work: unlike ratings in feedback, which stay anonymous for
 * calibration, they are removed whole (ratings, note, and who manages the hire). Returns check-ins removed.
 */
function deleteCheckins(db: WritableDB, candidateId: string): number {
  prepare(db, `DELETE FROM hire_checkin_ratings WHERE checkin_id IN (SELECT id FROM hire_checkins WHERE loop_id IN (${CANDIDATE_LOOPS}))`).run({ candidateId });
  const removed = prepare(db, `DELETE FROM hire_checkins WHERE loop_id IN (${CANDIDATE_LOOPS})`).run({ candidateId }).changes;
  prepare(db, `DELETE FROM hire_managers WHERE loop_id IN (${CANDIDATE_LOOPS})`).run({ candidateId });
  return removed;
}

/**
 * Erases one candidate's personal data in `db`, inside the caller's transaction:
 * the profile (name, contact, links, notes), every free text written on their
 * loops (feedback reasons and evidence, questions typed in, debrief and re-vote
 * notes, decision rationales, amendment and cancel reasons), the check-ins
 * on them as a hire (removed), their search indexes (the evidence index drops
 * the old words at once: it is secure-delete, see migration 62), and the log: entries about them, their loops or that feedback
 * become "[erased]" whole (a line may hold a text kept nowhere else, as a cooldown's reason); all other entries lose the full name
 * and the email. Ratings, votes, principle ids and dates stay for calibration.
 * The id is recorded in erased_candidates (which holds no personal data), so a
 * restore or an import can apply the erasure again. Returns null when `db` has
 * no such candidate (the id is still recorded). Shared by the live erasure and
 * the scrubbing of backups and restored copies.
 */
export function eraseCandidateData(db: WritableDB, candidateId: string, now: string): ErasureCounts | null {
  prepare(db, 'INSERT OR IGNORE INTO erased_candidates (id, erased_at) VALUES (?, ?)').run(candidateId, now);
  const person = prepare(db, 'SELECT name, email FROM candidates WHERE id = ?').get(candidateId) as { name: string; email: string } | undefined;
  if (!person) {
    forgetErasedKeys(db, candidateId);
    return null;
  }
  const redactor = candidateRedactor(person.name, person.email);

  const counts: ErasureCounts = { loops: 0, feedback: 0, ratings: 0, debriefs: 0, revotes: 0, decisions: 0, coachingNotes: 0, checkins: 0, activity: 0 };
  for (const spec of TEXT_COLUMNS) counts[spec.count] += eraseTable(db, spec, candidateId);
  counts.checkins = deleteCheckins(db, candidateId);
  // Practice write-ups were already redacted, but came from this candidate's interviews: they go too.
  deletePracticeFromLoops(db, CANDIDATE_LOOPS, { candidateId });

  prepare(db,
    `UPDATE candidates SET name = @name, email = '', phone = '', source = '', links = '[]', notes = '',
       revision = revision + 1, updated_at = @now WHERE id = @candidateId`,
  ).run({ name: ERASED_CANDIDATE_NAME, now, candidateId });

  const about = new Set<string>([candidateId]);
  const related = prepare(db,
      `SELECT id FROM loops WHERE candidate_id = @candidateId
       UNION ALL SELECT id FROM feedback WHERE loop_id IN (${CANDIDATE_LOOPS})`,
    )
    .all({ candidateId }) as { id: string }[];
  for (const { id } of related) about.add(id);

  // Collected first, then written: better-sqlite3 cannot write while a statement is still iterating.
  const rewrites: { id: string; summary: string }[] = [];
  const scan = prepare(db, 'SELECT id, entity_id AS entityId, summary FROM activity');
  for (const row of scan.iterate() as IterableIterator<{ id: string; entityId: string; summary: string }>) {
    // A line about them may quote any text written on them, some nowhere else (a cooldown's reason): it goes whole.
    const summary = about.has(row.entityId) ? ERASED_MARK : redactor.identifiers(row.summary);
    if (summary !== row.summary) rewrites.push({ id: row.id, summary });
  }
  const update = prepare(db, 'UPDATE activity SET summary = @summary WHERE id = @id');
  for (const rewrite of rewrites) update.run(rewrite);
  counts.activity = rewrites.length;
  rebuildCandidateIndex(db);
  forgetErasedKeys(db, candidateId);
  return counts;
}

/**
 * A team device applying another device's erasure: the candidate's feedback content as this device holds it. The
 * erasing device wrote marks only where it could read (a feedback it was not entitled to, it held sealed), so a
 * text written here, or opened here with a grant, would stay on this device otherwise. Local: the others hold the
 * content sealed under a key the erasure destroyed. Returns rows changed.
 */
export function eraseHeldFeedbackContent(db: WritableDB, candidateId: string): number {
  let changed = 0;
  for (const spec of TEXT_COLUMNS) if (spec.table === 'feedback' || spec.table === 'feedback_ratings') changed += eraseTable(db, spec, candidateId);
  return changed;
}

const ERASED_FEEDBACK = `SELECT f.id FROM feedback f JOIN loops l ON l.id = f.loop_id JOIN erased_candidates e ON e.id = l.candidate_id`;

/**
 * Team sync's keys and sealed content of an erased candidate: the candidate's own keys and those of their
 * feedback (all erased candidates' when no id is given: a device applying another's erasure). A key kept would
 * open the candidate's data in every old batch and snapshot in the shared folder, and a sealed item kept would be
 * applied when a key came. A database without team sync's tables (a backup older than migration 76 or 80) has none.
 */
export function forgetErasedKeys(db: WritableDB, candidateId?: string): void {
  const has = (table: string) => prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
  const args = candidateId === undefined ? {} : { candidateId };
  if (has('sync_feedback_keys')) {
    const erased = candidateId === undefined ? ERASED_FEEDBACK : `${ERASED_FEEDBACK} WHERE e.id = @candidateId`;
    prepare(db, `DELETE FROM sync_grants_done WHERE key_id IN (SELECT key_id FROM sync_feedback_keys WHERE feedback_id IN (${erased}))`).run(args);
    prepare(db, `DELETE FROM sync_feedback_keys WHERE feedback_id IN (${erased})`).run(args);
    prepare(db, `DELETE FROM sync_sealed WHERE feedback_id IN (${erased})`).run(args);
  }
  if (has('sync_candidate_keys')) {
    const erased = candidateId === undefined ? 'SELECT id FROM erased_candidates' : 'SELECT id FROM erased_candidates WHERE id = @candidateId';
    prepare(db, `DELETE FROM sync_grants_done WHERE key_id IN (SELECT key_id FROM sync_candidate_keys WHERE candidate_id IN (${erased}))`).run(args);
    prepare(db, `DELETE FROM sync_candidate_keys WHERE candidate_id IN (${erased})`).run(args);
    prepare(db, `DELETE FROM sync_candidate_sealed WHERE candidate_id IN (${erased})`).run(args);
  }
  if (has('sync_conflicts')) forgetErasedConflicts(db, candidateId);
}

/** Per table holding a candidate's texts, its key column and how a row of it reaches the candidate's loops. */
const CONFLICT_ROWS: readonly { table: string; key: string; loop: string }[] = [
  { table: 'debriefs', key: 'loop_id', loop: 'loop_id' },
  { table: 'decisions', key: 'id', loop: 'loop_id' },
  { table: 'coaching_notes', key: 'id', loop: 'loop_id' },
  { table: 'hire_checkins', key: 'id', loop: 'loop_id' },
  { table: 'practice_items', key: 'id', loop: 'source_loop_id' },
];

/**
 * What concurrent edits of an erased candidate's rows resolved to (sync_conflicts keeps both texts, the loser's
 * too): the candidate's row, their loops and the rows on them, the log lines about them, and those rows' conflicts
 * where the erasure deleted the row (a check-in, a practice item).
 */
function forgetErasedConflicts(db: WritableDB, candidateId?: string): void {
  const args = candidateId === undefined ? {} : { candidateId };
  const erased = candidateId === undefined ? 'SELECT id FROM erased_candidates' : 'SELECT id FROM erased_candidates WHERE id = @candidateId';
  const loops = `SELECT id FROM loops WHERE candidate_id IN (${erased})`;
  const rowKey = `json_extract(pk, '$[0]')`;
  const has = (table: string) => prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
  const about = [
    `(tbl = 'candidates' AND ${rowKey} IN (${erased}))`,
    `(tbl = 'loops' AND ${rowKey} IN (${loops}))`,
    `(tbl = 'activity' AND ${rowKey} IN (SELECT id FROM activity WHERE entity_id IN (${erased}) OR entity_id IN (${loops})
       OR entity_id IN (SELECT id FROM feedback WHERE loop_id IN (${loops}))))`,
    ...CONFLICT_ROWS.filter((t) => has(t.table)).map(
      (t) => `(tbl = '${t.table}' AND (${rowKey} IN (SELECT ${t.key} FROM ${t.table} WHERE ${t.loop} IN (${loops})) OR ${rowKey} NOT IN (SELECT ${t.key} FROM ${t.table} WHERE ${t.key} IS NOT NULL)))`,
    ),
  ];
  prepare(db, `DELETE FROM sync_conflicts WHERE ${about.join(' OR ')}`).run(args);
}

/** Whether a feedback is about a candidate who has been erased: its content is not to come back. */
export function isFeedbackOfErasedCandidate(db: ReadableDB, feedbackId: string): boolean {
  return prepare(db, `${ERASED_FEEDBACK} WHERE f.id = ?`).get(feedbackId) !== undefined;
}

/** The ids of every candidate erased in this database (none before schema 50). */
export function erasedCandidateIds(db: ReadableDB): string[] {
  const table = prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erased_candidates'`).get();
  if (!table) return [];
  return (prepare(db, 'SELECT id FROM erased_candidates ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}

/**
 * After a restore or an import: erases again every candidate in `ids` that the
 * restored or imported data does not list as erased (`alreadyErased`, by default
 * this database's own list): that data is older than the erasure. Returns how
 * many candidates were found and erased; inside the caller's transaction.
 */
export function reapplyErasures(
  db: WritableDB,
  ids: readonly string[],
  now: string,
  alreadyErased: ReadonlySet<string> = new Set(erasedCandidateIds(db)),
): number {
  let erased = 0;
  for (const id of ids) {
    if (alreadyErased.has(id)) continue;
    // Also records the id when the candidate is not here, so the list travels with this copy.
    if (eraseCandidateData(db, id, now)) erased++;
  }
  return erased;
}

/** The ids of the candidate's loops. */
export function candidateLoopIds(db: ReadableDB, candidateId: string): string[] {
  return (prepare(db, 'SELECT id FROM loops WHERE candidate_id = ? ORDER BY id').all(candidateId) as { id: string }[]).map((r) => r.id);
}

/** How many rows of each kind hold free text about the candidate now: what an erasure would empty. */
export function countCandidateTexts(db: ReadableDB, candidateId: string): Omit<ErasureCounts, 'activity'> {
  const counts = { loops: 0, feedback: 0, ratings: 0, debriefs: 0, revotes: 0, decisions: 0, coachingNotes: 0, checkins: 0 };
  for (const spec of TEXT_COLUMNS) {
    const filled = Object.entries(spec.columns)
      .map(([c, kind]) => (kind === 'asked' ? `${c} LIKE '%"questionId":null%'` : `trim(coalesce(${c}, '')) <> ''`))
      .join(' OR ');
    const row = prepare(db, `SELECT count(*) AS n FROM ${spec.table} WHERE (${spec.where}) AND (${filled})`).get({ candidateId }) as { n: number };
    counts[spec.count as Exclude<keyof ErasureCounts, 'activity'>] += row.n;
  }
  counts.checkins = (prepare(db, `SELECT count(*) AS n FROM hire_checkins WHERE loop_id IN (${CANDIDATE_LOOPS})`).get({ candidateId }) as { n: number }).n;
  return counts;
}

/** Whether the candidate's personal data has already been erased. */
export function isCandidateErased(db: ReadableDB, candidateId: string): boolean {
  return Boolean(prepare(db, 'SELECT 1 FROM erased_candidates WHERE id = ?').get(candidateId));
}

/**
 * Rebuilds the candidates' full-text index from the table. The update trigger
 * already removes the old tokens from the index, but FTS5 keeps them in older
 * segments (and in the delete markers) until a merge; a rebuild writes the index
 * afresh so no old token survives.
 */
export function rebuildCandidateIndex(db: WritableDB): void {
  prepare(db, `INSERT INTO candidates_fts(candidates_fts) VALUES ('rebuild')`).run();
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
  return prepare(db,
      `SELECT id, name, lastActivityAt FROM (
         SELECT c.id, c.name,
           max(c.updated_at, coalesce((SELECT max(l.updated_at) FROM loops l WHERE l.candidate_id = c.id), '')) AS lastActivityAt
         FROM candidates c
         WHERE NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = c.id)
       )
       WHERE lastActivityAt < @cutoff
       ORDER BY lastActivityAt, id`,
    )
    .all({ cutoff }) as RetentionItem[];
}
