import { LOOP_TRANSITIONS, type Loop, type LoopStatus, type SuggestedLoopPlan } from '../../../core/api/contract/loops';
import type { MethodInput } from '../../../core/api/contract/methods';
import type { LoopPlan } from '../../../core/rules/planTypes';

export interface SlotForm {
  id: string;
  title: string;
  durationMinutes: string;
  interviewerId: string;
  /** Reverse shadow: the interviewer in training who leads while the interviewer supervises; '' when none. */
  traineeId: string;
  /** A datetime-local value in the user's time zone, '' when unscheduled. */
  startsAt: string;
  principleIds: string[];
}

export interface PlanForm {
  hiringManagerId: string;
  barRaiserId: string;
  shadowIds: string[];
  slots: SlotForm[];
}

const pad = (n: number) => String(n).padStart(2, '0');
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const fromLoop = (loop: Loop): PlanForm => ({
  hiringManagerId: loop.hiringManagerId ?? '',
  barRaiserId: loop.barRaiserId ?? '',
  shadowIds: [...loop.shadowIds],
  slots: loop.slots.map((s) => ({
    id: s.id,
    title: s.title,
    durationMinutes: String(s.durationMinutes),
    interviewerId: s.interviewerId ?? '',
    traineeId: s.traineeId ?? '',
    startsAt: toLocalInput(s.startsAt),
    principleIds: [...s.principleIds],
  })),
});

/** The form as the planning checks read it. */
export const toPlan = (f: PlanForm): LoopPlan => ({
  hiringManagerId: f.hiringManagerId || null,
  barRaiserId: f.barRaiserId || null,
  shadowIds: f.shadowIds,
  slots: f.slots.map((s) => ({
    id: s.id,
    title: s.title,
    durationMinutes: Number(s.durationMinutes),
    interviewerId: s.interviewerId || null,
    traineeId: s.traineeId || null,
    principleIds: s.principleIds,
  })),
});

let newSlotCounter = 0;
/** Slots not saved yet carry a local id; the API gives them theirs. */
export const newSlotId = () => `new-${++newSlotCounter}`;
export const isNewSlot = (id: string) => id.startsWith('new-');

export const blankSlot = (): SlotForm => ({ id: newSlotId(), title: 'Interview', durationMinutes: '45', interviewerId: '', traineeId: '', startsAt: '', principleIds: [] });

/** The form as `loops.plan` takes it. */
export const toPlanInput = (loop: Loop, f: PlanForm, overrideReason: string): MethodInput<'loops.plan'> => ({
  id: loop.id,
  revision: loop.revision,
  hiringManagerId: f.hiringManagerId || null,
  barRaiserId: f.barRaiserId || null,
  shadowIds: f.shadowIds,
  slots: f.slots.map((s) => ({
    ...(isNewSlot(s.id) ? {} : { id: s.id }),
    title: s.title,
    durationMinutes: Number(s.durationMinutes),
    interviewerId: s.interviewerId || null,
    traineeId: s.traineeId || null,
    startsAt: s.startsAt ? new Date(s.startsAt).toISOString() : null,
    principleIds: s.principleIds,
  })),
  ...(overrideReason ? { overrideReason } : {}),
});

/** A suggestion applied to the form: slots it keeps keep their times. */
export function withSuggestion(f: PlanForm, s: SuggestedLoopPlan): PlanForm {
  const known = new Map(f.slots.map((slot) => [slot.id, slot]));
  return {
    hiringManagerId: s.hiringManagerId ?? '',
    barRaiserId: s.barRaiserId ?? '',
    shadowIds: s.shadowIds,
    slots: s.slots.map((slot) => ({
      id: known.has(slot.id) ? slot.id : newSlotId(),
      title: slot.title,
      durationMinutes: String(slot.durationMinutes),
      interviewerId: slot.interviewerId ?? '',
      traineeId: slot.traineeId ?? '',
      startsAt: known.get(slot.id)?.startsAt ?? '',
      principleIds: slot.principleIds,
    })),
  };
}

export const STATUS_ACTIONS: Partial<Record<LoopStatus, string>> = {
  draft: 'Back to draft',
  planned: 'Move to planned',
  interviewing: 'Start interviewing',
  closed: 'Close loop',
};

/** The debrief and the decision have their own door (the debrief screen); no button jumps there. */
export const BUTTON_MOVES = (from: LoopStatus) => LOOP_TRANSITIONS[from].filter((s) => s !== 'cancelled' && s !== 'debrief' && s !== 'decided');
export const HAS_FEEDBACK: readonly LoopStatus[] = ['interviewing', 'debrief', 'decided', 'closed'];
