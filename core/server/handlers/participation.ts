import type { Loop, LoopSlot } from '../../api/contract/loops';
import type { LoopRoles } from '../../rules/feedbackTypes';
import { getMemberBasics } from '../../../db/queries/team';
import { ApiFailure } from '../apiFailure';
import { LOCAL_ACTOR, type MemberBasics, type ReadContext } from '../context';

/** Who "me" is, as a team member; feedback and decisions always have a named author. */
export function requireMe(ctx: Pick<ReadContext, 'db' | 'actor' | 'actorMember'>): Me {
  const member = ctx.actorMember !== undefined ? ctx.actorMember : ctx.actor === LOCAL_ACTOR ? null : getMemberBasics(ctx.db, ctx.actor);
  if (!member || member.status !== 'active') {
    throw new ApiFailure('FORBIDDEN', 'Choose who you are in Settings first: feedback and decisions need a named author.');
  }
  return member;
}

/** "Me" as `requireMe` found them: active, with capabilities, so a handler need not read them again. */
export type Me = MemberBasics;

export function loopRoles(loop: Loop): LoopRoles {
  return {
    hiringManagerId: loop.hiringManagerId,
    barRaiserId: loop.barRaiserId,
    interviewerIds: [...new Set(loop.slots.flatMap((s) => (s.interviewerId ? [s.interviewerId] : [])))],
    shadowIds: loop.shadowIds,
    traineeIds: [...new Set(loop.slots.flatMap((s) => (s.traineeId ? [s.traineeId] : [])))],
  };
}

/** Training feedback is a shadow's (slot null: the whole loop) or a reverse-shadow trainee's (their slot). */
export type Assignment = { kind: 'interview'; slot: LoopSlot } | { kind: 'training'; slot: LoopSlot | null };

/**
 * An interviewer writes feedback for their slot; a trainee leading a reverse shadow writes training feedback
 * for theirs; a shadow writes training feedback for the loop. Only the first ever counts.
 */
export function assignmentOf(loop: Loop, memberId: string): Assignment | null {
  const slot = loop.slots.find((s) => s.interviewerId === memberId);
  if (slot) return { kind: 'interview', slot };
  const led = loop.slots.find((s) => s.traineeId === memberId);
  if (led) return { kind: 'training', slot: led };
  if (loop.shadowIds.includes(memberId)) return { kind: 'training', slot: null };
  return null;
}

/** The principles a piece of feedback covers: the slot's, or for a shadow every principle of the loop. */
export function assignedPrincipleIds(loop: Loop, a: Assignment): string[] {
  return a.slot ? [...a.slot.principleIds] : [...new Set(loop.slots.flatMap((s) => s.principleIds))];
}

export const FEEDBACK_OPEN = new Set<Loop['status']>(['interviewing', 'debrief']);
