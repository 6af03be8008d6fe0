import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

export interface CoachingNoteRow {
  id: string;
  loopId: string;
  traineeId: string;
  coachId: string;
  coachName: string;
  note: string;
  createdAt: string;
}

export function insertCoachingNote(db: WritableDB, n: Omit<CoachingNoteRow, 'coachName'>): void {
  prepare(db, `INSERT INTO coaching_notes (id, loop_id, trainee_id, coach_id, note, created_at) VALUES (@id, @loopId, @traineeId, @coachId, @note, @createdAt)`).run(n);
}

/** One trainee's notes in one loop, oldest first. */
export function listCoachingNotes(db: ReadableDB, loopId: string, traineeId: string): CoachingNoteRow[] {
  return prepare(db,
    `SELECT n.id, n.loop_id AS loopId, n.trainee_id AS traineeId, n.coach_id AS coachId, coalesce(m.name, 'Unknown') AS coachName,
       n.note, n.created_at AS createdAt
     FROM coaching_notes n LEFT JOIN team_members m ON m.id = n.coach_id
     WHERE n.loop_id = ? AND n.trainee_id = ? ORDER BY n.created_at, n.id`,
  ).all(loopId, traineeId) as CoachingNoteRow[];
}

/**
 * A member's training sessions (submitted training feedback in loops not cancelled) and how many of them
 * a coach has reviewed with at least one note.
 */
export function coachingProgress(db: ReadableDB, memberId: string): { trainingSessions: number; reviewedSessions: number } {
  return prepare(db,
    `SELECT count(*) AS trainingSessions,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM coaching_notes n WHERE n.loop_id = f.loop_id AND n.trainee_id = f.author_id)) AS reviewedSessions
     FROM feedback f JOIN loops l ON l.id = f.loop_id
     WHERE f.author_id = ? AND f.kind = 'training' AND f.status = 'submitted' AND f.superseded = 0 AND l.status <> 'cancelled'`,
  ).get(memberId) as { trainingSessions: number; reviewedSessions: number };
}
