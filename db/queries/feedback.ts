import type { AskedQuestion, Decision, FeedbackRecord, Revote } from '../../core/api/contract/feedback';
import type { RaiseBar, Rating, Vote } from '../../core/rules/feedbackTypes';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

interface FeedbackRow {
  id: string;
  loop_id: string;
  slot_id: string | null;
  author_id: string;
  kind: 'interview' | 'training';
  status: 'draft' | 'submitted';
  version: number;
  amendment_reason: string | null;
  vote: Vote | null;
  raise_bar: RaiseBar | null;
  reason_to_hire: string;
  reason_not_to_hire: string;
  questions_asked: string;
  saw_others: number;
  submitted_at: string | null;
  updated_at: string;
}

interface RatingRow {
  feedback_id: string;
  principle_id: string;
  principle_revision: number;
  position: number;
  rating: number | null;
  not_assessed: number;
  not_assessed_reason: string;
  situation: string;
  task: string;
  action: string;
  result: string;
}

const byPosition = (a: RatingRow, b: RatingRow) => a.position - b.position;

/**
 * Rows to records, with each record's ratings fetched in one query for the whole set (by their ids, unless
 * the caller read them already). The ratings come in the index's order and each record's few are put in their
 * form's order here: `ORDER BY position` sorted the whole set in a temporary b-tree, which cost the debrief more
 * than these small sorts (bench/README.md).
 */
function toRecords(db: ReadableDB, rows: FeedbackRow[], ratingsRead?: RatingRow[]): FeedbackRecord[] {
  if (rows.length === 0) return [];
  const ratings =
    ratingsRead ??
    (prepare(db, `SELECT * FROM feedback_ratings WHERE feedback_id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(rows.map((r) => r.id)),
    ) as RatingRow[]);
  const byFeedback = new Map<string, RatingRow[]>();
  for (const x of ratings) {
    const list = byFeedback.get(x.feedback_id);
    if (list) list.push(x);
    else byFeedback.set(x.feedback_id, [x]);
  }
  return rows.map((r) => {
    const own = byFeedback.get(r.id)?.sort(byPosition) ?? [];
    return {
      id: r.id,
      loopId: r.loop_id,
      slotId: r.slot_id,
      authorId: r.author_id,
      kind: r.kind,
      status: r.status,
      version: r.version,
      amendmentReason: r.amendment_reason,
      vote: r.vote,
      raiseBar: r.raise_bar,
      reasonToHire: r.reason_to_hire,
      reasonNotToHire: r.reason_not_to_hire,
      questionsAsked: JSON.parse(r.questions_asked) as AskedQuestion[],
      sawOthersBeforeSubmitting: r.saw_others === 1,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      principleRevisions: Object.fromEntries(own.map((x) => [x.principle_id, x.principle_revision])),
      ratings: own.map((x) => ({
        principleId: x.principle_id,
        rating: x.rating as Rating | null,
        notAssessed: x.not_assessed === 1,
        notAssessedReason: x.not_assessed_reason,
        evidence: { situation: x.situation, task: x.task, action: x.action, result: x.result },
      })),
    };
  });
}

export function getCurrentFeedback(db: ReadableDB, loopId: string, authorId: string, kind: FeedbackRecord['kind']): FeedbackRecord | null {
  const row = prepare(db, 'SELECT * FROM feedback WHERE loop_id = ? AND author_id = ? AND kind = ? AND superseded = 0')
    .get(loopId, authorId, kind) as FeedbackRow | undefined;
  return row ? (toRecords(db, [row])[0] ?? null) : null;
}

/** Earlier submitted versions of one author's feedback, newest first. */
export function listFeedbackHistory(db: ReadableDB, loopId: string, authorId: string, kind: FeedbackRecord['kind']): FeedbackRecord[] {
  const rows = prepare(db, `SELECT * FROM feedback WHERE loop_id = ? AND author_id = ? AND kind = ? AND superseded = 1 ORDER BY version DESC`)
    .all(loopId, authorId, kind) as FeedbackRow[];
  return toRecords(db, rows);
}

// One statement for a loop's submitted feedback and their ratings (each feedback row once per rating, or once
// with none): a second statement for the ratings cost more than the repeated columns. The loop and kind come
// through a one-row subquery (LIMIT 1: not flattened), not bound in the terms: where the file holds sqlite_stat4
// (the bench's older seeds), a value bound against a sampled index made SQLite prepare the statement again on
// every call. A user's file has no statistics; the plan is the same.
const submittedSql = (version: 'f.superseded = 0' | 'f.superseded = 1') =>
  `SELECT f.*, r.principle_id AS r_principle_id, r.principle_revision AS r_principle_revision, r.position AS r_position,
     r.rating AS r_rating, r.not_assessed AS r_not_assessed, r.not_assessed_reason AS r_not_assessed_reason,
     r.situation AS r_situation, r.task AS r_task, r.action AS r_action, r.result AS r_result
   FROM (SELECT ? AS loop_id, ? AS kind LIMIT 1) k JOIN feedback f ON f.loop_id = k.loop_id AND f.kind = k.kind
     LEFT JOIN feedback_ratings r ON r.feedback_id = f.id
   WHERE f.status = 'submitted' AND ${version}`;
const SUBMITTED = { current: submittedSql('f.superseded = 0'), superseded: submittedSql('f.superseded = 1') };

type FeedbackWithRatingRow = FeedbackRow & { [K in keyof Omit<RatingRow, 'feedback_id'> as `r_${K}`]: RatingRow[K] | null };

/** As SQLite's `ORDER BY submitted_at, id` (NULL first, then by code unit: the stamps and ids are ASCII). */
const bySubmission = (a: FeedbackRow, b: FeedbackRow): number => {
  const x = a.submitted_at ?? '';
  const y = b.submitted_at ?? '';
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * Submitted feedback of a loop, in the order it was submitted: current versions, or the superseded ones when
 * `superseded` is set. `superseded` picks one of two statements rather than being bound: the partial index
 * `feedback_current` (WHERE superseded = 0) made SQLite prepare the statement again on every binding of it, which
 * tripled its cost (bench/README.md). A loop's few rows are sorted here rather than in a temporary b-tree.
 */
export function listSubmittedFeedback(db: ReadableDB, loopId: string, kind: FeedbackRecord['kind'], superseded = false): FeedbackRecord[] {
  const joined = prepare(db, superseded ? SUBMITTED.superseded : SUBMITTED.current).all(loopId, kind) as FeedbackWithRatingRow[];
  const rows: FeedbackRow[] = [];
  const ratings: RatingRow[] = [];
  const seen = new Set<string>();
  for (const x of joined) {
    if (!seen.has(x.id)) {
      seen.add(x.id);
      rows.push(x);
    }
    if (x.r_principle_id === null) continue;
    ratings.push({
      feedback_id: x.id,
      principle_id: x.r_principle_id,
      principle_revision: x.r_principle_revision as number,
      position: x.r_position as number,
      rating: x.r_rating,
      not_assessed: x.r_not_assessed as number,
      not_assessed_reason: x.r_not_assessed_reason as string,
      situation: x.r_situation as string,
      task: x.r_task as string,
      action: x.r_action as string,
      result: x.r_result as string,
    });
  }
  return toRecords(db, rows.sort(bySubmission), ratings);
}

export function submittedAuthorIds(db: ReadableDB, loopId: string): Set<string> {
  const rows = prepare(db, `SELECT DISTINCT author_id AS id FROM feedback WHERE loop_id = ? AND status = 'submitted'`)
    .all(loopId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

export function saveFeedback(db: WritableDB, f: FeedbackRecord, createdAt: string): void {
  prepare(db,
    `INSERT INTO feedback (id, loop_id, slot_id, author_id, kind, status, version, amendment_reason, vote, raise_bar,
       reason_to_hire, reason_not_to_hire, questions_asked, saw_others, submitted_at, created_at, updated_at)
     VALUES (@id, @loopId, @slotId, @authorId, @kind, @status, @version, @amendmentReason, @vote, @raiseBar,
       @reasonToHire, @reasonNotToHire, @questionsAsked, @sawOthers, @submittedAt, @createdAt, @updatedAt)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, vote = excluded.vote, raise_bar = excluded.raise_bar,
       reason_to_hire = excluded.reason_to_hire, reason_not_to_hire = excluded.reason_not_to_hire,
       questions_asked = excluded.questions_asked, saw_others = excluded.saw_others, submitted_at = excluded.submitted_at,
       updated_at = excluded.updated_at`,
  ).run({
    id: f.id,
    loopId: f.loopId,
    slotId: f.slotId,
    authorId: f.authorId,
    kind: f.kind,
    status: f.status,
    version: f.version,
    amendmentReason: f.amendmentReason,
    vote: f.vote,
    raiseBar: f.raiseBar,
    reasonToHire: f.reasonToHire,
    reasonNotToHire: f.reasonNotToHire,
    questionsAsked: JSON.stringify(f.questionsAsked),
    sawOthers: f.sawOthersBeforeSubmitting ? 1 : 0,
    submittedAt: f.submittedAt,
    createdAt,
    updatedAt: f.updatedAt,
  });
  prepare(db, 'DELETE FROM feedback_ratings WHERE feedback_id = ?').run(f.id);
  const insert = prepare(db,
    `INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position, rating, not_assessed,
       not_assessed_reason, situation, task, action, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  f.ratings.forEach((r, position) =>
    insert.run(
      f.id,
      r.principleId,
      f.principleRevisions[r.principleId] ?? 1,
      position,
      r.rating,
      r.notAssessed ? 1 : 0,
      r.notAssessedReason,
      r.evidence.situation,
      r.evidence.task,
      r.evidence.action,
      r.evidence.result,
    ),
  );
}

export function supersedeFeedback(db: WritableDB, id: string): void {
  prepare(db, 'UPDATE feedback SET superseded = 1 WHERE id = ?').run(id);
}

export function recordPeek(db: WritableDB, loopId: string, viewerId: string, at: string): void {
  prepare(db, 'INSERT OR IGNORE INTO feedback_peeks (loop_id, viewer_id, at) VALUES (?, ?, ?)').run(loopId, viewerId, at);
}

export function hasPeeked(db: ReadableDB, loopId: string, viewerId: string): boolean {
  return prepare(db, 'SELECT 1 FROM feedback_peeks WHERE loop_id = ? AND viewer_id = ? LIMIT 1').get(loopId, viewerId) !== undefined;
}

export interface DebriefRow {
  openedAt: string;
  earlyReason: string | null;
  notes: string;
}

export function getDebrief(db: ReadableDB, loopId: string): DebriefRow | null {
  return (
    (prepare(db, 'SELECT opened_at AS openedAt, early_reason AS earlyReason, notes FROM debriefs WHERE loop_id = ?').get(loopId) as
      | DebriefRow
      | undefined) ?? null
  );
}

export function saveDebrief(db: WritableDB, loopId: string, row: DebriefRow, at: string): void {
  prepare(db,
    `INSERT INTO debriefs (loop_id, opened_at, early_reason, notes, notes_updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(loop_id) DO UPDATE SET notes = excluded.notes, notes_updated_at = excluded.notes_updated_at`,
  ).run(loopId, row.openedAt, row.earlyReason, row.notes, at);
}

export function insertRevote(db: WritableDB, loopId: string, r: Revote): void {
  prepare(db, 'INSERT INTO revotes (id, loop_id, author_id, from_vote, to_vote, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    r.id,
    loopId,
    r.authorId,
    r.fromVote,
    r.toVote,
    r.note,
    r.at,
  );
}

/** Without the revotes whose votes are still sealed on this device (blank until the key comes: docs/sync.md, "Revotes"). */
export function listRevotes(db: ReadableDB, loopId: string): Revote[] {
  return prepare(db,
      `SELECT id, author_id AS authorId, from_vote AS fromVote, to_vote AS toVote, note, at FROM revotes WHERE loop_id = ? AND from_vote != '' ORDER BY id`,
    )
    .all(loopId) as Revote[];
}

export interface DecisionRow {
  id: string;
  loop_id: string;
  hiring_manager_id: string;
  decision: Decision['decision'];
  rationale: string;
  recycle: Decision['recycle'];
  cooldown_until: string | null;
  decided_at: string;
  bar_raiser_id: string | null;
  verdict: Decision['verdict'];
  verdict_rationale: string;
  cited_principle_ids: string;
  verdict_at: string | null;
  outcome: Decision['outcome'];
  reopened_reason: string | null;
  feedback_ids: string | null;
}

export function getCurrentDecision(db: ReadableDB, loopId: string): Decision | null {
  const r = prepare(db, 'SELECT * FROM decisions WHERE loop_id = ? AND superseded = 0').get(loopId) as DecisionRow | undefined;
  return r ? rowToDecision(r) : null;
}

/** A decision row as the domain object (its JSON columns are lists of ids written by `saveDecision`). */
export function rowToDecision(r: DecisionRow): Decision {
  return {
    id: r.id,
    loopId: r.loop_id,
    hiringManagerId: r.hiring_manager_id,
    decision: r.decision,
    rationale: r.rationale,
    recycle: r.recycle,
    cooldownUntil: r.cooldown_until,
    decidedAt: r.decided_at,
    barRaiserId: r.bar_raiser_id,
    verdict: r.verdict,
    verdictRationale: r.verdict_rationale,
    citedPrincipleIds: JSON.parse(r.cited_principle_ids) as string[],
    verdictAt: r.verdict_at,
    outcome: r.outcome,
    reopenedReason: r.reopened_reason,
    feedbackIds: r.feedback_ids === null ? null : (JSON.parse(r.feedback_ids) as string[]),
  };
}

export function saveDecision(db: WritableDB, d: Decision): void {
  prepare(db,
    `INSERT INTO decisions (id, loop_id, hiring_manager_id, decision, rationale, recycle, cooldown_until, decided_at, bar_raiser_id,
       verdict, verdict_rationale, cited_principle_ids, verdict_at, outcome, reopened_reason, feedback_ids)
     VALUES (@id, @loopId, @hiringManagerId, @decision, @rationale, @recycle, @cooldownUntil, @decidedAt, @barRaiserId,
       @verdict, @verdictRationale, @cited, @verdictAt, @outcome, @reopenedReason, @feedbackIds)
     ON CONFLICT(id) DO UPDATE SET bar_raiser_id = excluded.bar_raiser_id, verdict = excluded.verdict,
       verdict_rationale = excluded.verdict_rationale, cited_principle_ids = excluded.cited_principle_ids,
       verdict_at = excluded.verdict_at, outcome = excluded.outcome`,
  ).run({ ...d, cited: JSON.stringify(d.citedPrincipleIds), feedbackIds: d.feedbackIds === null ? null : JSON.stringify(d.feedbackIds) });
}

export function supersedeDecision(db: WritableDB, id: string, reason: string): void {
  prepare(db, 'UPDATE decisions SET superseded = 1, reopened_reason = ? WHERE id = ?').run(reason, id);
}

/**
 * Slots a person interviews in or leads as a trainee, in loops where feedback is being written, for "who owes what".
 * The open loops lead (a few hundred, however long the history) and only the person's slots in them are then
 * joined to the loop, candidate and role: with `interviewer OR trainee` in one WHERE, SQLite looked up the
 * candidate and role of every open loop before asking whether the person was in it (~3.5x the time at `large`).
 */
export function listFeedbackDuties(db: ReadableDB, memberId: string) {
  return prepare(db,
      `SELECT d.loop_id AS loopId, d.id AS slotId, d.title AS slotTitle, d.starts_at AS startsAt, d.duration_minutes AS durationMinutes,
         c.name AS candidateName, r.title AS roleTitle, d.training,
         EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = d.loop_id AND f.author_id = @m AND f.status = 'submitted'
                   AND f.kind = CASE d.training WHEN 0 THEN 'interview' ELSE 'training' END) AS submitted
       FROM (
         SELECT s.loop_id, s.id, s.title, s.starts_at, s.duration_minutes, 0 AS training
           FROM loops l JOIN loop_slots s ON s.loop_id = l.id AND s.interviewer_id = @m
          WHERE l.status IN ('interviewing', 'debrief')
         UNION ALL
         SELECT s.loop_id, s.id, s.title, s.starts_at, s.duration_minutes, 1
           FROM loop_slots s JOIN loops l ON l.id = s.loop_id
          WHERE s.trainee_id = @m AND s.interviewer_id IS NOT @m AND l.status IN ('interviewing', 'debrief')
       ) d JOIN loops l ON l.id = d.loop_id JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
       ORDER BY d.starts_at IS NULL, d.starts_at`,
  )
    .all({ m: memberId }) as {
    loopId: string;
    slotId: string;
    slotTitle: string;
    startsAt: string | null;
    durationMinutes: number;
    candidateName: string;
    roleTitle: string;
    training: number;
    submitted: number;
  }[];
}

/**
 * Open loops (feedback being written) where this member still owes their own
 * feedback while someone else has already written some: what a whole-workspace
 * copy would show them early.
 */
export function loopsOwedWithOthersFeedback(db: ReadableDB, memberId: string): { loopId: string; candidateName: string }[] {
  return prepare(db,
      `SELECT l.id AS loopId, c.name AS candidateName
         FROM loops l JOIN candidates c ON c.id = l.candidate_id
        WHERE l.status IN ('interviewing', 'debrief')
          AND (EXISTS (SELECT 1 FROM loop_slots s WHERE s.loop_id = l.id AND (s.interviewer_id = @me OR s.trainee_id = @me))
            OR EXISTS (SELECT 1 FROM loop_shadows sh WHERE sh.loop_id = l.id AND sh.member_id = @me))
          AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = l.id AND f.author_id = @me AND f.status = 'submitted')
          AND EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = l.id AND f.author_id <> @me)
        ORDER BY l.id`,
    )
    .all({ me: memberId }) as { loopId: string; candidateName: string }[];
}
