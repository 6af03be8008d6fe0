// Plain data the feedback, debrief and decision rules work on. Like
// planTypes.ts, the API maps rows into these shapes so the same pure rules
// run live in the renderer and are enforced by the API.

export const VOTES = ['strong_hire', 'inclined', 'not_inclined', 'strong_no_hire'] as const;
export type Vote = (typeof VOTES)[number];

export const VOTE_LABELS: Record<Vote, string> = {
  strong_hire: 'Strong hire',
  inclined: 'Inclined',
  not_inclined: 'Not inclined',
  strong_no_hire: 'Strong no hire',
};

export const RAISE_BAR_ANSWERS = ['yes', 'no', 'not_sure'] as const;
export type RaiseBar = (typeof RAISE_BAR_ANSWERS)[number];

export const RAISE_BAR_LABELS: Record<RaiseBar, string> = { yes: 'Yes', no: 'No', not_sure: 'Not sure' };

export type Rating = 1 | 2 | 3 | 4;

/** Evidence for one principle, written with situation / task / action / result prompts. */
export interface Evidence {
  situation: string;
  task: string;
  action: string;
  result: string;
}

export interface PrincipleRating {
  principleId: string;
  /** null while unrated, or when not assessed. */
  rating: Rating | null;
  notAssessed: boolean;
  notAssessedReason: string;
  evidence: Evidence;
}

export interface FeedbackContent {
  ratings: PrincipleRating[];
  vote: Vote | null;
  raiseBar: RaiseBar | null;
  reasonToHire: string;
  reasonNotToHire: string;
}

/** Who is who in a loop, for the visibility rules. */
export interface LoopRoles {
  hiringManagerId: string | null;
  barRaiserId: string | null;
  /** Interviewers of slots (non-shadow). */
  interviewerIds: readonly string[];
  shadowIds: readonly string[];
  /** Trainees leading reverse-shadow slots: they write training feedback, blind like anyone's. */
  traineeIds?: readonly string[];
}

export type Visibility =
  /** May read the others' submitted feedback (ratings, votes, text). */
  | { level: 'full'; reason: string }
  /** May only learn how many of the others have submitted. */
  | { level: 'counts'; reason: string };

export interface FeedbackSummaryForFlags {
  authorId: string;
  vote: Vote;
  ratings: { principleId: string; rating: Rating | null }[];
  submittedAt: string;
  /** When the interview ended (slot start + duration); null if unscheduled. */
  interviewEndedAt: string | null;
  /** The author read others' feedback before submitting (e.g. admin early access). */
  sawOthersBeforeSubmitting: boolean;
}

export type DebriefFlagId = 'strong-no-hire' | 'rating-spread' | 'focus-unrated' | 'late-feedback' | 'written-after-seeing-others';

export interface DebriefFlag {
  flag: DebriefFlagId;
  message: string;
  principleId?: string;
  authorId?: string;
}

export type HiringDecision = 'hire' | 'no_hire';
export type BarRaiserVerdict = 'concur' | 'veto';
export type Recycle = 'recycle' | 'no_recycle';

// The words for each stored value, shared by the screens and the loop packet so both say the same thing.
export const DECISION_LABELS: Record<HiringDecision, string> = { hire: 'Hire', no_hire: 'No hire' };
export const VERDICT_LABELS: Record<BarRaiserVerdict, string> = { concur: 'Concur', veto: 'Veto' };
export const RECYCLE_LABELS: Record<Recycle, string> = { recycle: 'Recycle — consider for another role', no_recycle: 'No recycle' };
