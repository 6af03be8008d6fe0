/**
 * Where an interviewer in training stands, as far as the planner needs to know: shadowing a loop, or
 * leading an interview with a trained interviewer supervising (a reverse shadow).
 *
 * Interim: the training paths (core/rules/training/paths.ts, issue 13 item 1) own the real stages and
 * their counts as settings. Until the planner is pointed at them, this reads the capabilities (no
 * "interviewer" capability means in training) and a fixed number of shadows before reverse shadows.
 */

import type { PlanMember } from '../planTypes';

export type InterviewerTrainingStage = 'shadow' | 'reverse_shadow';

/** Loops shadowed before a trainee leads an interview under supervision. */
export const INTERIM_SHADOWS_BEFORE_REVERSE = 2;

export interface TrainingCounts {
  /** Loops shadowed that have started. */
  shadows: number;
}

/** The stage of an active interviewer in training; null for a trained interviewer or someone who has left. */
export function interviewerTrainingStage(member: PlanMember, counts: TrainingCounts): InterviewerTrainingStage | null {
  if (!member.active || member.capabilities.includes('interviewer')) return null;
  return counts.shadows < INTERIM_SHADOWS_BEFORE_REVERSE ? 'shadow' : 'reverse_shadow';
}

/** May supervise a reverse shadow: a trained interviewer who is still with the company. */
export function maySupervise(member: PlanMember | undefined): boolean {
  return member !== undefined && member.active && member.capabilities.includes('interviewer');
}
