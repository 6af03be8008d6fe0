import type { EvidenceHit } from '../../core/api/contract/evidence';
import { MATCH_CLOSE, MATCH_OPEN } from '../../core/rules/evidenceSnippet';
import type { ReadableDB } from '../handles';
import { prepare } from '../statements';

// Full-text search over feedback evidence (migration 62). Which loops' feedback a caller may read is
// decided by the caller (core/rules/feedbackVisibility.ts); these queries only ever search inside the loops
// they are handed, so nothing from any other feedback is matched, counted or returned.

/**
 * What a person is in each loop they have a part in: the facts the visibility rule needs. Four index
 * lookups (hiring manager, bar raiser, slots, shadows), as loops.list by person does.
 */
export function loopsOfMember(db: ReadableDB, memberId: string) {
  return prepare(db,
      `SELECT l.id AS loopId, l.hiring_manager_id AS hiringManagerId, l.bar_raiser_id AS barRaiserId,
         EXISTS (SELECT 1 FROM loop_slots s WHERE s.loop_id = l.id AND s.interviewer_id = @m) AS interviews,
         EXISTS (SELECT 1 FROM loop_shadows sh WHERE sh.loop_id = l.id AND sh.member_id = @m) AS shadows,
         EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = l.id AND f.author_id = @m AND f.status = 'submitted') AS submitted
       FROM loops l
       WHERE l.id IN (SELECT id FROM loops WHERE hiring_manager_id = @m
                      UNION SELECT id FROM loops WHERE bar_raiser_id = @m
                      UNION SELECT loop_id FROM loop_slots WHERE interviewer_id = @m
                      UNION SELECT loop_id FROM loop_shadows WHERE member_id = @m)
         -- An erased candidate's evidence reads "[erased]": nothing to find there.
         AND NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = l.candidate_id)`,
    )
    .all({ m: memberId }) as {
    loopId: string;
    hiringManagerId: string | null;
    barRaiserId: string | null;
    interviews: number;
    shadows: number;
    submitted: number;
  }[];
}

/** A loop the caller may read, and whether that includes the shadows' training feedback. */
export interface ReadableLoop {
  loopId: string;
  training: boolean;
}

// Submitted, current versions only; training feedback only where the caller reads it.
const READABLE = `f.status = 'submitted' AND f.superseded = 0 AND (f.kind = 'interview' OR v.training = 1)`;
const VISIBLE_LOOPS = `SELECT value ->> '$.loopId' AS loop_id, value ->> '$.training' AS training FROM json_each(@loops)`;

/** The rowids of the evidence (ratings) the caller may read: their own part of the workspace, a few thousand at most. */
export function readableRatingRowids(db: ReadableDB, loops: readonly ReadableLoop[]): number[] {
  if (loops.length === 0) return [];
  const rows = prepare(db,
      `WITH v AS MATERIALIZED (${VISIBLE_LOOPS})
       SELECT r.rowid AS rowid FROM v CROSS JOIN feedback f ON f.loop_id = v.loop_id
         CROSS JOIN feedback_ratings r ON r.feedback_id = f.id
       WHERE ${READABLE}`,
    )
    .all({ loops: JSON.stringify(loops.map((l) => ({ loopId: l.loopId, training: l.training ? 1 : 0 }))) }) as { rowid: number }[];
  return rows.map((r) => r.rowid);
}

/**
 * The matches of `fts` (an FTS5 query) among rowids from..to, newest (highest rowid) first. Rowids go in
 * as BigInt: FTS5 ignores a rowid constraint bound as a floating-point number, which is how
 * better-sqlite3 binds a JavaScript number.
 */
export function matchesBetween(db: ReadableDB, fts: string, from: number, to: number): number[] {
  const rows = prepare(db,
    'SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH @q AND rowid BETWEEN @from AND @to ORDER BY rowid DESC',
  ).all({ q: fts, from: BigInt(from), to: BigInt(to) }) as { rowid: number }[];
  return rows.map((r) => r.rowid);
}

/** A hit's row before its snippet is cut: every evidence field, plain and with the index's match marks. */
export interface EvidenceRow extends Omit<EvidenceHit, 'field' | 'snippet' | 'highlights'> {
  rowid: number;
  situation: string;
  task: string;
  action: string;
  result: string;
  markedSituation: string;
  markedTask: string;
  markedAction: string;
  markedResult: string;
}

/**
 * The matched ratings of one page with what a result shows, and each evidence field with its matches
 * marked. One pass over the matches between the page's lowest and highest rowid: probing the index row
 * by row would set up the whole search again for each.
 */
export function evidenceRows(db: ReadableDB, fts: string, rowids: readonly number[]): EvidenceRow[] {
  if (rowids.length === 0) return [];
  const marks = [0, 1, 2, 3].map((i) => `highlight(evidence_fts, ${i}, '${MATCH_OPEN}', '${MATCH_CLOSE}')`);
  return prepare(db,
    `SELECT r.rowid AS rowid, f.id AS feedbackId, f.loop_id AS loopId, l.candidate_id AS candidateId, c.name AS candidateName,
       ro.title AS roleTitle, r.principle_id AS principleId, coalesce(p.name, '') AS principleName, f.author_id AS authorId,
       coalesce(m.name, 'Unknown') AS authorName, f.kind AS kind, f.submitted_at AS submittedAt,
       r.situation, r.task, r.action, r.result,
       ${marks[0]} AS markedSituation, ${marks[1]} AS markedTask, ${marks[2]} AS markedAction, ${marks[3]} AS markedResult
     FROM evidence_fts CROSS JOIN feedback_ratings r ON r.rowid = evidence_fts.rowid
       JOIN feedback f ON f.id = r.feedback_id JOIN loops l ON l.id = f.loop_id JOIN candidates c ON c.id = l.candidate_id
       JOIN roles ro ON ro.id = l.role_id LEFT JOIN principles p ON p.id = r.principle_id LEFT JOIN team_members m ON m.id = f.author_id
     WHERE evidence_fts MATCH @q AND evidence_fts.rowid BETWEEN @from AND @to
       -- The unary + keeps this test out of the index's hands: it would run the search once per rowid listed.
       AND +evidence_fts.rowid IN (SELECT value FROM json_each(@rowids))`,
  ).all({ q: fts, from: BigInt(Math.min(...rowids)), to: BigInt(Math.max(...rowids)), rowids: JSON.stringify(rowids) }) as EvidenceRow[];
}
