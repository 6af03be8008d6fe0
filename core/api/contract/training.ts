import { z } from 'zod';
import { LIMITS } from './limits';
import { id, requiredText } from './fields';
import type {
  BarRaiserSignOff,
  BarRaiserStage,
  InterviewerStage,
  PathProgress,
  TrainingCounts,
  TrainingPath,
} from '../../rules/training/paths';

export const TRAINING_PATHS = ['interviewer', 'bar_raiser'] as const satisfies readonly TrainingPath[];

const path = z.enum(TRAINING_PATHS, { error: `path must be one of ${TRAINING_PATHS.join(', ')}` });

export const CertifyInput = z.strictObject({
  memberId: id('memberId'),
  path,
  reason: requiredText('Reason', LIMITS.reason),
});

export const RevokeInput = CertifyInput;

export const ProgressInput = z.strictObject({ memberId: id('memberId') });

/** One sign-off or revocation, as recorded. */
export interface CertificationEvent {
  id: string;
  memberId: string;
  path: TrainingPath;
  kind: 'sign' | 'revoke';
  actorId: string;
  actorName: string;
  /** What the signer held when signing. */
  asBarRaiser: boolean;
  asFounder: boolean;
  reason: string;
  at: string;
}

export interface TrainingProgress {
  memberId: string;
  name: string;
  counts: TrainingCounts;
  interviewer: PathProgress<InterviewerStage>;
  barRaiser: PathProgress<BarRaiserStage> & { signOff: BarRaiserSignOff; signedBy: string[] };
  /** Newest first. */
  history: CertificationEvent[];
}

export interface Readiness {
  /** The month the load is counted for, YYYY-MM (UTC). */
  month: string;
  /** Active trained interviewers (or bar raisers) who have interviewed for each active principle in a started loop. */
  principles: { principleId: string; name: string; trainedInterviewers: number }[];
  /** Per team (the team named on people and roles): certified bar raisers on it, and this month's loops for its roles. */
  teams: { team: string; barRaisers: number; loopsThisMonth: number }[];
  barRaisers: number;
  loopsThisMonth: number;
  /** The load in words, e.g. "2 bar raisers for 35 loops this month: 17 each". */
  bottleneck: string;
  /** People on a path and not yet at its end, with what each still needs. */
  inTraining: { memberId: string; name: string; path: TrainingPath; stageLabel: string; needs: string[] }[];
  founderRule: { threshold: number; hiresMade: number; hiresWithFounder: number; summary: string };
  /** Non-founders who can carry the bar: certified bar raisers, and bar raisers in training ready to be certified. */
  readyToTakeOver: { memberId: string; name: string; why: string }[];
}
