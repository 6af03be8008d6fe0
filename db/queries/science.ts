import type { Vote } from '../../core/rules/feedbackTypes';
import type { ReadableDB } from '../handles';
import { prepare } from '../statements';

// The rows behind the calibration statistics: loops whose feedback is no longer blind (decided or
// closed), of candidates not erased, and their current submitted interview feedback. Hundreds of
// thousands of rows at ten years, so they come back as small integers (row ids, only as keys within this
// one read, never stored) rather than UUID text, through the covering indexes of migration 63.

const DECIDED_LOOPS = `loops l INDEXED BY loops_by_status
  JOIN roles ro ON ro.id = l.role_id
  WHERE l.status IN ('decided', 'closed') AND NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = l.candidate_id)`;

/**
 * Decided loops, or only those of them named in `only` (the loops a write touched, for the background
 * worker to read again): a JSON array of loop ids, looked up in the status index.
 */
const decidedLoops = (only: readonly string[] | undefined) => (only ? `${DECIDED_LOOPS} AND l.id IN (SELECT value FROM json_each(@only))` : DECIDED_LOOPS);
const params = (only: readonly string[] | undefined) => (only ? [{ only: JSON.stringify(only) }] : []);

/** Whether any loop counts in the calibration yet. */
export function hasDecidedLoop(db: ReadableDB): boolean {
  return prepare(db, `SELECT 1 AS one FROM ${DECIDED_LOOPS} LIMIT 1`).get() !== undefined;
}

export interface CalibrationLoopRow {
  id: string;
  role: number;
  outcome: 'hire' | 'no_hire' | 'pending' | null;
}

export function calibrationLoops(db: ReadableDB, only?: readonly string[]): CalibrationLoopRow[] {
  return prepare(db,
    `SELECT l.id AS id, ro.rowid AS role,
       (SELECT d.outcome FROM decisions d INDEXED BY decisions_outcome WHERE d.loop_id = l.id AND d.superseded = 0) AS outcome
     FROM ${decidedLoops(only)}`,
  ).all(...params(only)) as CalibrationLoopRow[];
}

export interface CalibrationFeedbackRow {
  feedback: number;
  loop: string;
  author: number;
  vote: Vote | null;
  /** First submission, year and month ("2025-03"). */
  month: string | null;
  /** Hours from the end of the interview to the first submission; null when the slot had no time. */
  hours: number | null;
}

export function calibrationFeedback(db: ReadableDB, only?: readonly string[]): CalibrationFeedbackRow[] {
  // An amendment is submitted again later: the time to submit is the first version's.
  return prepare(db,
    `SELECT feedback, loop, author, vote, substr(first, 1, 7) AS month,
       (julianday(first) - julianday(starts_at)) * 24 - duration_minutes / 60.0 AS hours
     FROM (
       SELECT f.rowid AS feedback, l.id AS loop, t.rowid AS author, f.vote AS vote, s.starts_at AS starts_at,
         s.duration_minutes AS duration_minutes,
         CASE WHEN f.version = 1 THEN f.submitted_at ELSE (
           SELECT min(o.submitted_at) FROM feedback o INDEXED BY feedback_votes
           WHERE o.loop_id = f.loop_id AND o.kind = 'interview' AND o.status = 'submitted' AND o.superseded IN (0, 1) AND o.author_id = f.author_id
         ) END AS first
       FROM ${decidedLoops(only).replace('WHERE', `CROSS JOIN feedback f INDEXED BY feedback_votes
         JOIN team_members t ON t.id = f.author_id
         LEFT JOIN loop_slots s INDEXED BY loop_slots_times ON s.id = f.slot_id
       WHERE f.loop_id = l.id AND f.kind = 'interview' AND f.status = 'submitted' AND f.superseded = 0 AND`)}
     )`,
  ).all(...params(only)) as CalibrationFeedbackRow[];
}

export interface CalibrationRatingRow {
  loop: string;
  feedback: number;
  author: number;
  principle: number;
  rating: number;
}

/** One row at a time: ~300,000 at ten years, better not held all at once. */
export function calibrationRatings(db: ReadableDB, only?: readonly string[]): IterableIterator<CalibrationRatingRow> {
  return prepare(db,
    `SELECT l.id AS loop, f.rowid AS feedback, t.rowid AS author, p.rowid AS principle, r.rating AS rating
     FROM ${decidedLoops(only).replace('WHERE', `CROSS JOIN feedback f INDEXED BY feedback_votes
       JOIN team_members t ON t.id = f.author_id
       CROSS JOIN feedback_ratings r INDEXED BY feedback_ratings_scores
       JOIN principles p ON p.id = r.principle_id
     WHERE f.loop_id = l.id AND f.kind = 'interview' AND f.status = 'submitted' AND f.superseded = 0
       AND r.feedback_id = f.id AND r.rating IS NOT NULL AND`)}`,
  ).iterate(...params(only)) as IterableIterator<CalibrationRatingRow>;
}

/** Who changed their vote at the re-vote, per loop (once, however many times they changed it). */
export function calibrationRevotes(db: ReadableDB, only?: readonly string[]): { loop: string; author: number }[] {
  return prepare(db,
    `SELECT DISTINCT l.id AS loop, t.rowid AS author
     FROM ${decidedLoops(only).replace('WHERE', `JOIN revotes v ON v.loop_id = l.id JOIN team_members t ON t.id = v.author_id WHERE`)}`,
  ).all(...params(only)) as { loop: string; author: number }[];
}

/** Names for the row ids above: principles, roles and team members. */
export function calibrationNames(db: ReadableDB) {
  return {
    principles: prepare(db, 'SELECT rowid AS key, id, name, position, status FROM principles').all() as {
      key: number;
      id: string;
      name: string;
      position: number;
      status: string;
    }[],
    roles: prepare(db, 'SELECT rowid AS key, id, title FROM roles').all() as { key: number; id: string; title: string }[],
    members: prepare(db, 'SELECT rowid AS key, id, name FROM team_members').all() as { key: number; id: string; name: string }[],
  };
}

/**
 * Check-in ratings of hires (what predicts): per loop and principle, the 1-year check-in's rating where there
 * is one, else the 90-day one. A few hundred rows: hires only. A duplicate check-in (recorded on two devices at
 * once, see uniqueMerge.ts) counts nowhere.
 */
export function predictionCheckins(db: ReadableDB): { loop: string; principle: number; rating: number }[] {
  return prepare(db,
    `SELECT loop, principle, rating FROM (
       SELECT l.id AS loop, p.rowid AS principle, cr.rating AS rating,
         row_number() OVER (PARTITION BY l.rowid, p.rowid ORDER BY c.kind = 'year1' DESC) AS pick
       FROM ${DECIDED_LOOPS.replace('WHERE', `JOIN hire_checkins c ON c.loop_id = l.id AND c.duplicate_of IS NULL
         JOIN hire_checkin_ratings cr ON cr.checkin_id = c.id
         JOIN principles p ON p.id = cr.principle_id
       WHERE cr.rating IS NOT NULL AND`)}
     ) WHERE pick = 1`,
  ).all() as { loop: string; principle: number; rating: number }[];
}

/** Interview ratings in hires' loops with the kit questions their slot asked on that principle. */
export function predictionQuestionRatings(db: ReadableDB): { loop: string; principle: number; question: string; rating: number }[] {
  return prepare(db,
    `SELECT l.id AS loop, p.rowid AS principle, kq.question_id AS question, r.rating AS rating
     FROM ${DECIDED_LOOPS.replace('WHERE', `JOIN feedback f ON f.loop_id = l.id
       JOIN kit_questions kq ON kq.slot_id = f.slot_id
       JOIN feedback_ratings r ON r.feedback_id = f.id AND r.principle_id = kq.principle_id
       JOIN principles p ON p.id = r.principle_id
     WHERE EXISTS (SELECT 1 FROM hire_checkins c WHERE c.loop_id = l.id AND c.duplicate_of IS NULL)
       AND f.kind = 'interview' AND f.status = 'submitted' AND f.superseded = 0 AND r.rating IS NOT NULL AND`)}`,
  ).all() as { loop: string; principle: number; question: string; rating: number }[];
}

/** For question flags: how often each rating followed each kit question on its principle, per decided loop. */
export function questionRatingCounts(db: ReadableDB, only?: readonly string[]): { loop: string; question: string; principle: string; rating: number; n: number }[] {
  return prepare(db,
    `SELECT l.id AS loop, kq.question_id AS question, kq.principle_id AS principle, r.rating AS rating, count(*) AS n
     FROM ${decidedLoops(only).replace('WHERE', `CROSS JOIN feedback f INDEXED BY feedback_votes
       JOIN kit_questions kq ON kq.slot_id = f.slot_id
       JOIN feedback_ratings r ON r.feedback_id = f.id AND r.principle_id = kq.principle_id
     WHERE f.loop_id = l.id AND f.kind = 'interview' AND f.status = 'submitted' AND f.superseded = 0 AND r.rating IS NOT NULL AND`)}
     GROUP BY l.id, kq.question_id, kq.principle_id, r.rating`,
  ).all(...params(only)) as { loop: string; question: string; principle: string; rating: number; n: number }[];
}

/**
 * For question flags: times each question was put in a kit on each principle, per loop created since `since`
 * (or only the loops in `only` of those). From the year's loops outward: left to itself SQLite scanned every
 * kit question ever (~500,000 at ten years).
 */
export function questionUses(db: ReadableDB, since: string, only?: readonly string[]): { loop: string; created: string; question: string; principle: string; uses: number }[] {
  return prepare(db,
    `SELECT l.id AS loop, l.created_at AS created, kq.question_id AS question, kq.principle_id AS principle, count(*) AS uses
     FROM loops l INDEXED BY loops_by_created CROSS JOIN loop_slots s CROSS JOIN kit_questions kq
     WHERE s.loop_id = l.id AND kq.slot_id = s.id AND l.created_at >= @since AND l.status != 'cancelled'
       ${only ? 'AND l.id IN (SELECT value FROM json_each(@only))' : ''}
     GROUP BY l.id, kq.question_id, kq.principle_id`,
  ).all({ since, ...(only ? { only: JSON.stringify(only) } : {}) }) as { loop: string; created: string; question: string; principle: string; uses: number }[];
}

export function questionTexts(db: ReadableDB): { id: string; text: string }[] {
  return prepare(db, 'SELECT id, text FROM questions').all() as { id: string; text: string }[];
}
