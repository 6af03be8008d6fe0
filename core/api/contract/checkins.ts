import { z } from 'zod';
import { CHECKIN_KINDS, type CheckinKind, type CheckinState } from '../../rules/hireCheckins';
import type { Anchors } from './principles';
import { LIMITS } from './limits';
import { id, optionalText } from './fields';

export const CheckinListInput = z
  .strictObject({
    /** Founders and admins may list every hire's check-ins; everyone else sees the hires they manage. */
    all: z.boolean({ error: 'all must be true or false' }).default(false),
    state: z.enum(['upcoming', 'due', 'overdue', 'done', 'open'], { error: 'state must be upcoming, due, overdue, done or open' }).optional(),
  })
  .default({ all: false });

export const CheckinGetInput = z.strictObject({ loopId: id('Loop') });

export const CheckinRecordInput = z.strictObject({
  loopId: id('Loop'),
  kind: z.enum(CHECKIN_KINDS, { error: `kind must be one of ${CHECKIN_KINDS.join(', ')}` }),
  ratings: z
    .array(
      z.strictObject({
        principleId: id('Principle'),
        rating: z
          .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'Rating must be 1, 2, 3 or 4' })
          .nullable(),
      }),
    )
    .max(LIMITS.focusPrinciples * 3, { error: 'Too many ratings' }),
  note: optionalText('Note', LIMITS.reason).default(''),
});

export const CheckinAssignInput = z.strictObject({ loopId: id('Loop'), managerId: id('Manager') });

export interface CheckinRating {
  principleId: string;
  rating: 1 | 2 | 3 | 4 | null;
}

export interface Checkin {
  id: string;
  loopId: string;
  kind: CheckinKind;
  managerId: string;
  ratings: CheckinRating[];
  note: string;
  recordedAt: string;
}

/** One check-in of one hire: when it falls, whether it is done, and who records it. */
export interface CheckinDue {
  loopId: string;
  candidateId: string;
  candidateName: string;
  roleTitle: string;
  /** When the hire was decided (the bar raiser's concurrence, or the decision itself). */
  hiredAt: string;
  kind: CheckinKind;
  dueAt: string;
  state: CheckinState;
  managerId: string;
  managerName: string;
  checkinId: string | null;
}

/** A hire with what its manager needs to write a check-in: the principles and anchors the loop used. */
export interface HireCheckins {
  loopId: string;
  candidateId: string;
  candidateName: string;
  roleTitle: string;
  hiredAt: string;
  managerId: string;
  managerName: string;
  /** The principles the loop assessed, in the culture's order, with their current anchors. */
  principles: { principleId: string; name: string; summary: string; anchors: Anchors; revision: number }[];
  /**
   * `duplicates`: the same check-in recorded at the same time on another device (a team's devices merged both);
   * kept and shown, counted nowhere. Usually empty.
   */
  checkins: (CheckinDue & { checkin: Checkin | null; duplicates: Checkin[] })[];
}
