import { z } from 'zod';
import type { CheckFinding, PlanningContext } from '../../rules/planTypes';
import type { Candidate } from './candidates';
import type { CheckinDue } from './checkins';
import type { Role } from './roles';
import { LIMITS } from './limits';
import { durationMinutes, id, optionalText, requiredLine, revision } from './fields';

export const LOOP_STATUSES = ['draft', 'planned', 'interviewing', 'debrief', 'decided', 'closed', 'cancelled'] as const;
export type LoopStatus = (typeof LOOP_STATUSES)[number];

export const LOOP_STATUS_LABELS: Record<LoopStatus, string> = {
  draft: 'Draft',
  planned: 'Planned',
  interviewing: 'Interviewing',
  debrief: 'Debrief',
  decided: 'Decided',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** The forward path of a loop; cancelled is reachable from any status before closed. */
export const LOOP_TRANSITIONS: Record<LoopStatus, readonly LoopStatus[]> = {
  draft: ['planned', 'cancelled'],
  planned: ['draft', 'interviewing', 'cancelled'],
  interviewing: ['debrief', 'cancelled'],
  debrief: ['decided', 'cancelled'],
  decided: ['closed'],
  closed: [],
  cancelled: [],
};

export const PlanSlotInput = z.strictObject({
  id: id('Slot').optional(),
  title: requiredLine('Slot title', LIMITS.shortText),
  durationMinutes,
  interviewerId: id('Interviewer').nullable(),
  /** A reverse shadow: this interviewer in training leads, `interviewerId` supervises and their feedback counts. */
  traineeId: id('Trainee').nullable().optional(),
  /** Start time as an ISO-8601 timestamp, or null while unscheduled. */
  startsAt: z.iso.datetime({ offset: true, error: 'Start time must be a date and time' }).nullable(),
  principleIds: z
    .array(id('Principle'), { error: 'principleIds must be a list of principle ids' })
    .max(LIMITS.focusPrinciples, { error: 'Too many principles in one slot' }),
});

export const LoopCreateInput = z.strictObject({ candidateId: id('Candidate'), roleId: id('Role') });

export const LoopPlanInput = z.strictObject({
  id: id(),
  revision,
  hiringManagerId: id('Hiring manager').nullable().optional(),
  barRaiserId: id('Bar raiser').nullable().optional(),
  shadowIds: z.array(id('Shadow')).max(LIMITS.slots, { error: `At most ${LIMITS.slots} shadows` }).optional(),
  slots: z.array(PlanSlotInput).max(LIMITS.slots, { error: `At most ${LIMITS.slots} slots` }).optional(),
  /** Needed only when the edited plan of a loop past draft would fail a blocker. */
  overrideReason: optionalText('Override reason', LIMITS.reason).optional(),
});

export const LoopTransitionInput = z.strictObject({
  id: id(),
  revision,
  to: z.enum(LOOP_STATUSES, { error: `to must be one of ${LOOP_STATUSES.join(', ')}` }),
  /** Required to cancel. */
  reason: optionalText('Reason', LIMITS.reason).default(''),
  /** Required to plan a loop that fails a blocker; kept in the activity log. */
  overrideReason: optionalText('Override reason', LIMITS.reason).default(''),
});

export const LoopListInput = z
  .strictObject({
    status: z.enum([...LOOP_STATUSES, 'all', 'open'], { error: 'status must be a loop status, open or all' }).default('open'),
    roleId: id('Role').optional(),
    memberId: id('Person').optional(),
    candidateId: id('Candidate').optional(),
  })
  .default({ status: 'open' });

export const KitGetInput = z.strictObject({ loopId: id('Loop'), slotId: id('Slot').optional() });
export const KitSwapInput = z.strictObject({
  loopId: id('Loop'),
  slotId: id('Slot'),
  principleId: id('Principle'),
  questionId: id('Question'),
  replacementId: id('Replacement').optional(),
});

export interface LoopSlot {
  id: string;
  position: number;
  title: string;
  durationMinutes: number;
  interviewerId: string | null;
  /** Reverse shadow: the interviewer in training who leads; their feedback is training feedback. */
  traineeId: string | null;
  startsAt: string | null;
  principleIds: string[];
}

export interface Loop {
  id: string;
  candidateId: string;
  roleId: string;
  status: LoopStatus;
  hiringManagerId: string | null;
  barRaiserId: string | null;
  shadowIds: string[];
  slots: LoopSlot[];
  cancelReason: string | null;
  overrideReason: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface LoopSummary {
  id: string;
  status: LoopStatus;
  candidateId: string;
  candidateName: string;
  /** Set when the candidate's name is not readable on this device yet (`Candidate.sealed`): candidateName is blank. */
  candidateSealed?: true;
  roleId: string;
  roleTitle: string;
  hiringManagerId: string | null;
  barRaiserId: string | null;
  slotCount: number;
  /** Earliest scheduled slot start, if any. */
  firstStartsAt: string | null;
  updatedAt: string;
}

/**
 * A loop as a candidate's history lists it: what the candidate screen shows and no more, so that read costs
 * about what its one query does (`LoopSummary` also names the candidate and counts and times the slots).
 */
export interface CandidateLoop {
  id: string;
  status: LoopStatus;
  roleTitle: string;
  updatedAt: string;
}

export interface LoopDetail {
  loop: Loop;
  candidate: Candidate;
  role: Role;
  checks: CheckFinding[];
  /** What the checks were computed from, so the planner can re-run them live on unsaved edits. */
  context: PlanningContext;
}

export interface SuggestedLoopPlan {
  hiringManagerId: string | null;
  barRaiserId: string | null;
  shadowIds: string[];
  slots: { id: string; title: string; durationMinutes: number; interviewerId: string | null; traineeId?: string | null; principleIds: string[] }[];
  explanations: string[];
  unresolved: string[];
}

export interface KitQuestion {
  id: string;
  text: string;
  probes: string[];
  kind: 'behavioural' | 'hypothetical';
}

export interface KitPrinciple {
  principleId: string;
  name: string;
  summary: string;
  anchors: [string, string, string, string];
  questions: KitQuestion[];
}

export interface Kit {
  loopId: string;
  slotId: string;
  slotTitle: string;
  durationMinutes: number;
  startsAt: string | null;
  interviewerId: string | null;
  interviewerName: string | null;
  candidateName: string;
  roleTitle: string;
  principles: KitPrinciple[];
}

export interface HomeInterview {
  loopId: string;
  slotId: string;
  slotTitle: string;
  startsAt: string | null;
  candidateName: string;
  roleTitle: string;
}

export interface Home {
  me: string | null;
  nextInterviews: HomeInterview[];
  myLoops: (LoopSummary & { myPart: string })[];
  thinPrinciples: number;
  /** Check-ins on the hires I manage that are due or overdue now. */
  checkinsDue: CheckinDue[];
}
