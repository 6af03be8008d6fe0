import { z } from 'zod';
import type { EvidenceFinding } from '../../rules/evidenceLinter';
import type { FeedbackRecord } from './feedback';
import { LIMITS } from './limits';
import { id, requiredText } from './fields';

export const CoachingNoteInput = z.strictObject({
  loopId: id('Loop'),
  traineeId: id('Trainee'),
  note: requiredText('Note', LIMITS.notes),
});
export const CoachingSessionInput = z.strictObject({ loopId: id('Loop'), traineeId: id('Trainee') });
export const CoachingForLoopInput = z.strictObject({ loopId: id('Loop') });
export const CoachingProgressInput = z.strictObject({ memberId: id('Person') });

/**
 * Where one trainee's session in a loop stands: their training feedback is still to come, the panel's
 * counted feedback is not all in, ready for the coach's notes, or reviewed (at least one note).
 */
export type CoachingState = 'awaiting-trainee' | 'awaiting-panel' | 'ready' | 'reviewed';

export interface CoachingNote {
  id: string;
  loopId: string;
  traineeId: string;
  coachId: string;
  coachName: string;
  note: string;
  createdAt: string;
}

export interface CoachingSessionSummary {
  loopId: string;
  traineeId: string;
  traineeName: string;
  /** The supervisor of a reverse shadow, or the bar raiser for a loop-level shadow; null while none is planned. */
  coachId: string | null;
  coachName: string | null;
  part: 'reverse_shadow' | 'shadow';
  /** The reverse-shadow slot the trainee led; null for a loop-level shadow. */
  slotTitle: string | null;
  state: CoachingState;
  notes: number;
  /** The caller's side of the session. */
  viewerIs: 'trainee' | 'coach';
}

export interface CoachingSession extends CoachingSessionSummary {
  /** The trainee's submitted training feedback; null until it is submitted and the caller may read feedback (SPEC §6.1). */
  writeUp: FeedbackRecord | null;
  /** The evidence linter's findings on the write-up, per rated principle. */
  findings: { principleId: string; findings: EvidenceFinding[] }[];
  /** The panel's counted feedback, when the caller may read it. */
  panel: FeedbackRecord[];
  coachingNotes: CoachingNote[];
  /** The caller is the coach and the session is ready for a note. */
  mayNote: boolean;
}

export interface CoachingProgress {
  memberId: string;
  /** Submitted training feedback (shadows and reverse shadows) in loops not cancelled. */
  trainingSessions: number;
  /** Of those, the ones a coach has left notes on. */
  reviewedSessions: number;
}
