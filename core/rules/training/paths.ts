// Where a person stands on the two training paths (SPEC §11), from counts of real loops, the workspace's
// settings and their capabilities. Pure: the API enforces certification with it and the renderer shows it.
//
// Interviewer: shadow loops → lead interviews with a trained interviewer shadowing (reverse shadows) →
// certified by a trained interviewer or bar raiser, which grants `interviewer`.
// Bar raiser: a trained interviewer with enough interviews → made a bar raiser in training (by a founder or
// admin) → shadows loops a certified bar raiser raises the bar on → raises the bar with a certified bar raiser
// shadowing → signed off by a certified bar raiser and a founder (two people), which grants `bar_raiser`.

import type { Capability } from '../planTypes';

export interface TrainingSettings {
  /** Loops shadowed before an interviewer leads their own interviews. */
  interviewerShadows: number;
  /** Interviews led with a trained interviewer shadowing, before certification. */
  interviewerReverseShadows: number;
  /** Interviews a trained interviewer gives before bar-raiser training. */
  barRaiserInterviews: number;
  /** Loops shadowed while a certified bar raiser raised the bar. */
  barRaiserShadows: number;
  /** Loops bar-raised with a certified bar raiser shadowing. */
  barRaiserReverseShadows: number;
}

export const TRAINING_SETTING_KEYS = [
  'interviewerShadows',
  'interviewerReverseShadows',
  'barRaiserInterviews',
  'barRaiserShadows',
  'barRaiserReverseShadows',
] as const satisfies readonly (keyof TrainingSettings)[];

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  interviewerShadows: 2,
  interviewerReverseShadows: 2,
  barRaiserInterviews: 10,
  barRaiserShadows: 3,
  barRaiserReverseShadows: 3,
};

/** Zero skips a step; more than this is a typo, not a programme. */
export const TRAINING_COUNT_MAX = 100;

export const TRAINING_SETTING_LABELS: Record<keyof TrainingSettings, string> = {
  interviewerShadows: 'Interviewer: loops to shadow',
  interviewerReverseShadows: 'Interviewer: interviews led with a trained interviewer shadowing',
  barRaiserInterviews: 'Bar raiser: interviews given before training',
  barRaiserShadows: 'Bar raiser: loops to shadow with a certified bar raiser',
  barRaiserReverseShadows: 'Bar raiser: loops to raise the bar on with a certified bar raiser shadowing',
};

/** Counted from loops that have started (interviewing or later, not cancelled); never typed in. */
export interface TrainingCounts {
  /** Interviews given. */
  interviews: number;
  /** Loops shadowed. */
  shadows: number;
  /** Interviews given in a loop a trained interviewer (or bar raiser) shadowed: the interviewer's reverse shadows. */
  interviewsShadowed: number;
  /** Loops shadowed while a certified bar raiser raised the bar. */
  barRaiserShadows: number;
  /** Loops bar-raised while a certified bar raiser shadowed: the bar raiser's reverse shadows. */
  reverseShadows: number;
}

/** Who has signed the current (not revoked) bar-raiser certification, as what. */
export interface BarRaiserSignOff {
  byBarRaiser: boolean;
  byFounder: boolean;
}

export type TrainingPath = 'interviewer' | 'bar_raiser';

export interface PathStep {
  id: string;
  label: string;
  have: number;
  need: number;
  done: boolean;
}

export type InterviewerStage = 'shadowing' | 'reverse_shadowing' | 'ready' | 'trained';
export type BarRaiserStage =
  | 'needs_interviewer'
  | 'interviewing'
  | 'eligible'
  | 'shadowing'
  | 'reverse_shadowing'
  | 'ready'
  | 'certified';

export interface PathProgress<S extends string = string> {
  path: TrainingPath;
  stage: S;
  /** The stage in words, e.g. "Shadowing certified bar raisers". */
  stageLabel: string;
  steps: PathStep[];
  /** What is still missing, in words; empty once certified. */
  needs: string[];
  /** Every count is met: certifying now would be accepted (for the bar raiser, once both have signed). */
  readyToCertify: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} more ${n === 1 ? one : many}`;

function countStep(id: string, label: string, have: number, need: number): PathStep {
  return { id, label, have, need, done: have >= need };
}

/** Holds a trained-interviewer capability: `interviewer`, or `bar_raiser` (which is only given on top of it). */
export const isTrainedInterviewer = (caps: readonly Capability[]) => caps.includes('interviewer') || caps.includes('bar_raiser');

const INTERVIEWER_LABELS: Record<InterviewerStage, string> = {
  shadowing: 'Shadowing loops',
  reverse_shadowing: 'Leading interviews with a trained interviewer shadowing',
  ready: 'Ready to be certified as an interviewer',
  trained: 'Trained interviewer',
};

export function interviewerStage(
  capabilities: readonly Capability[],
  counts: TrainingCounts,
  settings: TrainingSettings,
): PathProgress<InterviewerStage> {
  const steps = [
    countStep('shadows', 'Loops shadowed', counts.shadows, settings.interviewerShadows),
    countStep('interviewsShadowed', 'Interviews led with a trained interviewer shadowing', counts.interviewsShadowed, settings.interviewerReverseShadows),
  ];
  const trained = isTrainedInterviewer(capabilities);
  const [shadows, reverse] = steps as [PathStep, PathStep];
  const stage: InterviewerStage = trained ? 'trained' : !shadows.done ? 'shadowing' : !reverse.done ? 'reverse_shadowing' : 'ready';
  const needs: string[] = [];
  if (!trained) {
    if (!shadows.done) needs.push(plural(shadows.need - shadows.have, 'loop to shadow', 'loops to shadow'));
    if (!reverse.done) {
      needs.push(plural(reverse.need - reverse.have, 'interview to lead with a trained interviewer shadowing', 'interviews to lead with a trained interviewer shadowing'));
    }
    if (needs.length === 0) needs.push('certification by a trained interviewer or bar raiser');
  }
  return { path: 'interviewer', stage, stageLabel: INTERVIEWER_LABELS[stage], steps, needs, readyToCertify: stage === 'ready' };
}

const BAR_RAISER_LABELS: Record<BarRaiserStage, string> = {
  needs_interviewer: 'Not yet a trained interviewer',
  interviewing: 'Giving interviews before bar-raiser training',
  eligible: 'Ready to start bar-raiser training',
  shadowing: 'Shadowing certified bar raisers',
  reverse_shadowing: 'Raising the bar with a certified bar raiser shadowing',
  ready: 'Ready to be certified as a bar raiser',
  certified: 'Certified bar raiser',
};

export function barRaiserStage(
  capabilities: readonly Capability[],
  counts: TrainingCounts,
  settings: TrainingSettings,
  signOff: BarRaiserSignOff = { byBarRaiser: false, byFounder: false },
): PathProgress<BarRaiserStage> {
  const interviews = countStep('interviews', 'Interviews given', counts.interviews, settings.barRaiserInterviews);
  const shadows = countStep('barRaiserShadows', 'Loops shadowed with a certified bar raiser', counts.barRaiserShadows, settings.barRaiserShadows);
  const reverse = countStep('reverseShadows', 'Loops bar-raised with a certified bar raiser shadowing', counts.reverseShadows, settings.barRaiserReverseShadows);
  const steps = [interviews, shadows, reverse];
  const trained = isTrainedInterviewer(capabilities);
  const inTraining = capabilities.includes('bar_raiser_in_training');
  let stage: BarRaiserStage;
  if (capabilities.includes('bar_raiser')) stage = 'certified';
  else if (!trained) stage = 'needs_interviewer';
  else if (!interviews.done) stage = 'interviewing';
  else if (!inTraining) stage = 'eligible';
  else if (!shadows.done) stage = 'shadowing';
  else if (!reverse.done) stage = 'reverse_shadowing';
  else stage = 'ready';

  const needs: string[] = [];
  if (stage !== 'certified') {
    if (!trained) needs.push('to be certified as an interviewer first');
    if (!interviews.done) needs.push(plural(interviews.need - interviews.have, 'interview', 'interviews'));
    if (!inTraining) needs.push('a founder or admin to make them a bar raiser in training');
    if (!shadows.done) {
      needs.push(plural(shadows.need - shadows.have, 'loop to shadow with a certified bar raiser', 'loops to shadow with a certified bar raiser'));
    }
    if (!reverse.done) {
      needs.push(
        plural(reverse.need - reverse.have, 'loop to raise the bar on with a certified bar raiser shadowing', 'loops to raise the bar on with a certified bar raiser shadowing'),
      );
    }
    if (!signOff.byBarRaiser) needs.push('sign-off by a certified bar raiser');
    if (!signOff.byFounder) needs.push('sign-off by a founder');
  }
  return { path: 'bar_raiser', stage, stageLabel: BAR_RAISER_LABELS[stage], steps, needs, readyToCertify: stage === 'ready' };
}

/**
 * Why `path` may not be certified yet, in words, or null when it may: the counts and steps before sign-off.
 * Sign-offs themselves are what certifying records, so they are not a gap.
 */
export function certificationGap(progress: PathProgress): string | null {
  if (progress.readyToCertify) return null;
  if (progress.stage === 'trained' || progress.stage === 'certified') return `is already a ${progress.path === 'interviewer' ? 'trained interviewer' : 'certified bar raiser'}`;
  const missing = progress.needs.filter((n) => !n.startsWith('sign-off') && !n.startsWith('certification by'));
  return `still needs ${missing.join('; ')}`;
}

/** One live (not revoked) bar-raiser sign-off: who, and what they held when they signed. */
export interface SignOffSigner {
  actorId: string;
  asBarRaiser: boolean;
  asFounder: boolean;
}

/**
 * Which of the two sign-offs the signers fill. Two different people must sign, one a certified bar raiser and
 * one a founder, in either order; someone who is both counts as the bar raiser until a second person signs.
 */
export function barRaiserSignOff(signers: readonly SignOffSigner[]): BarRaiserSignOff & { complete: boolean } {
  const complete = signers.some((a) => a.asBarRaiser && signers.some((b) => b.asFounder && b.actorId !== a.actorId));
  if (complete) return { byBarRaiser: true, byFounder: true, complete };
  const byBarRaiser = signers.some((s) => s.asBarRaiser);
  return { byBarRaiser, byFounder: !byBarRaiser && signers.some((s) => s.asFounder), complete };
}

/**
 * What the planner may offer an interviewer in training: a loop to shadow, or an interview to lead with a
 * trained interviewer supervising (a reverse shadow). Someone whose counts are met but who is not yet
 * certified keeps leading under supervision: they are still not trained.
 */
export type PlannerTrainingStage = 'shadow' | 'reverse_shadow';

/** The planner's place for a person on the interviewer path; null for a trained interviewer or someone who has left. */
export function plannerTrainingStage(
  member: { active: boolean; capabilities: readonly Capability[] },
  counts: Pick<TrainingCounts, 'shadows' | 'interviewsShadowed'>,
  settings: Pick<TrainingSettings, 'interviewerShadows' | 'interviewerReverseShadows'>,
): PlannerTrainingStage | null {
  if (!member.active) return null;
  const { stage } = interviewerStage(member.capabilities, { interviews: 0, barRaiserShadows: 0, reverseShadows: 0, ...counts }, { ...DEFAULT_TRAINING_SETTINGS, ...settings });
  if (stage === 'trained') return null;
  return stage === 'shadowing' ? 'shadow' : 'reverse_shadow';
}

/** May supervise a reverse shadow: a trained interviewer who is still with the company. */
export function maySupervise(member: { active: boolean; capabilities: readonly Capability[] } | undefined): boolean {
  return member !== undefined && member.active && isTrainedInterviewer(member.capabilities);
}
