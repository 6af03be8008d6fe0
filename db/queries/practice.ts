import { z } from 'zod';
import type { PracticeAttempt } from '../../core/api/contract/practice';
import type { PracticeAnswers } from '../../core/rules/training/practiceComparison';
import type { ReadableDB, WritableDB } from '../handles';
import { parseJsonColumn } from '../jsonColumns';
import { prepare } from '../statements';

const Rating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const Vote = z.enum(['strong_hire', 'inclined', 'not_inclined', 'strong_no_hire']);
const Evidence = z.object({ situation: z.string(), task: z.string(), action: z.string(), result: z.string() });
export const PracticeWriteUp = z.object({
  principles: z.array(z.object({ principleId: z.string(), evidence: Evidence })),
  reasonToHire: z.string(),
  reasonNotToHire: z.string(),
});
export type PracticeWriteUp = z.infer<typeof PracticeWriteUp>;
const Ratings = z.array(z.object({ principleId: z.string(), rating: Rating.nullable() }));
const Answers = z.object({
  writer: z.object({ ratings: Ratings, vote: Vote }),
  panel: z.array(z.object({ ratings: Ratings, vote: Vote })),
  decision: z.enum(['hire', 'no_hire']).nullable(),
});
const AttemptRatings = z.array(z.object({ principleId: z.string(), rating: Rating }));

export interface PracticeItemRow {
  id: string;
  source: 'loop' | 'written';
  title: string;
  writeUp: PracticeWriteUp;
  answers: PracticeAnswers;
  createdAt: string;
}

interface RawItem {
  id: string;
  source: 'loop' | 'written';
  title: string;
  write_up: string;
  answers: string;
  created_at: string;
}

const toItem = (r: RawItem): PracticeItemRow => ({
  id: r.id,
  source: r.source,
  title: r.title,
  writeUp: parseJsonColumn(PracticeWriteUp, r.write_up, 'practice_items.write_up'),
  answers: parseJsonColumn(Answers, r.answers, 'practice_items.answers'),
  createdAt: r.created_at,
});

export function insertPracticeItem(
  db: WritableDB,
  row: PracticeItemRow & { sourceLoopId: string | null; sourceFeedbackId: string | null; createdBy: string },
): void {
  prepare(db,
    `INSERT INTO practice_items (id, source, source_loop_id, source_feedback_id, title, write_up, answers, created_by, created_at)
     VALUES (@id, @source, @sourceLoopId, @sourceFeedbackId, @title, @writeUp, @answers, @createdBy, @createdAt)`,
  ).run({ ...row, writeUp: JSON.stringify(row.writeUp), answers: JSON.stringify(row.answers) });
}

export function getPracticeItem(db: ReadableDB, id: string): PracticeItemRow | null {
  const r = prepare(db, `SELECT id, source, title, write_up, answers, created_at FROM practice_items WHERE id = ? AND write_up <> ''`).get(id) as RawItem | undefined;
  return r ? toItem(r) : null;
}

/** Whether a practice item was already made from this feedback. */
export function practiceFromFeedbackExists(db: ReadableDB, feedbackId: string): boolean {
  return Boolean(prepare(db, 'SELECT 1 FROM practice_items WHERE source_feedback_id = ?').get(feedbackId));
}

/**
 * Every item, newest first, with whether `memberId` has rated it. Not one held blank: team sync brought it before
 * the key its write-up is sealed under (core/server/sync/candidateKeys.ts), so there is nothing to show yet.
 */
export function listPracticeItems(db: ReadableDB, memberId: string | null): (PracticeItemRow & { rated: boolean })[] {
  const rows = prepare(db,
    `SELECT i.id, i.source, i.title, i.write_up, i.answers, i.created_at,
       EXISTS (SELECT 1 FROM practice_attempts a WHERE a.item_id = i.id AND a.member_id = @memberId) AS rated
     FROM practice_items i WHERE i.write_up <> '' ORDER BY i.created_at DESC, i.id DESC`,
  ).all({ memberId }) as (RawItem & { rated: number })[];
  return rows.map((r) => ({ ...toItem(r), rated: r.rated === 1 }));
}

export function getPracticeAttempt(db: ReadableDB, itemId: string, memberId: string): PracticeAttempt | null {
  const r = prepare(db, 'SELECT ratings, vote, rated_at FROM practice_attempts WHERE item_id = ? AND member_id = ?').get(itemId, memberId) as
    | { ratings: string; vote: PracticeAttempt['vote']; rated_at: string }
    | undefined;
  return r ? { ratings: parseJsonColumn(AttemptRatings, r.ratings, 'practice_attempts.ratings'), vote: r.vote, ratedAt: r.rated_at } : null;
}

export function insertPracticeAttempt(db: WritableDB, itemId: string, memberId: string, a: PracticeAttempt): void {
  prepare(db, 'INSERT INTO practice_attempts (item_id, member_id, ratings, vote, rated_at) VALUES (?, ?, ?, ?, ?)').run(
    itemId,
    memberId,
    JSON.stringify(a.ratings),
    a.vote,
    a.ratedAt,
  );
}

/** The ids of the items `memberId` has rated, newest attempt first. */
export function ratedPracticeIds(db: ReadableDB, memberId: string): string[] {
  return (prepare(db, 'SELECT item_id AS id FROM practice_attempts WHERE member_id = ? ORDER BY rated_at DESC, item_id DESC').all(memberId) as { id: string }[]).map(
    (r) => r.id,
  );
}

/** An erasure of the candidate removes the practice made from their loops (and every rating of it). */
export function deletePracticeFromLoops(db: WritableDB, loopIdsSql: string, params: Record<string, unknown>): number {
  // A backup from before practice (migration 70) is erased at its own schema.
  if (!prepare(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'practice_items'`).get()) return 0;
  return prepare(db, `DELETE FROM practice_items WHERE source_loop_id IN (${loopIdsSql})`).run(params).changes;
}
