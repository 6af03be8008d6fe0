import type { AlphaReading } from '../../rules/science/scienceWords';
import type { LeniencyLabel } from '../../rules/science/leniency';
import type { Correlation } from '../../rules/science/rankCorrelation';

/**
 * Krippendorff's alpha (ordinal) for one group of units (a candidate in one loop × one principle), with
 * its bootstrap interval. Numbers are null where undefined (no variation, or nothing pairable): JSON has
 * no NaN.
 */
export interface AlphaFigure {
  alpha: number | null;
  /** 95% bootstrap interval, resampling units; null when alpha is undefined. */
  low: number | null;
  high: number | null;
  /** Pairable ratings: in units rated by two or more people. */
  pairable: number;
  /** Units rated by two or more people. */
  units: number;
  reading: AlphaReading;
  /** The figure in plain words. */
  words: string;
}

export interface InterviewerFigure {
  memberId: string;
  name: string;
  /** Leniency against co-panelists in rating points (positive: rates higher), shrunk toward zero; null without a shared unit. */
  leniency: { n: number; raw: number; shrunk: number; low: number; high: number; label: LeniencyLabel } | null;
  /** Decided loops with a vote of theirs; how many leaned the way the loop was decided; how many they changed at the re-vote. */
  votes: number;
  agreed: number;
  changed: number;
  medianHoursToSubmit: number | null;
  submissions: number;
  words: { leniency: string; decisions: string; revotes: string; timeToSubmit: string };
}

/** A rank correlation between interview ratings and later check-in ratings, with its sentence. */
export type CorrelationFigure = Correlation & { words: string };

/**
 * What predicts (quality of hire): interview ratings of hires against their manager's check-in on the same
 * principle (the 1-year check-in where there is one, else the 90-day one).
 */
export interface Predicts {
  basis: string;
  /** Pairs a figure needs before it says anything. */
  minimum: number;
  /** Hires with a recorded check-in rating. */
  hires: number;
  /** The loop's mean interview rating on a principle against the check-in on it. */
  principles: (CorrelationFigure & { principleId: string; name: string })[];
  /** Each of the question's ratings (its kit slot's) against the check-in on its principle. */
  questions: (CorrelationFigure & { questionId: string; text: string })[];
  /** Each of the interviewer's ratings against the check-in on that principle. */
  interviewers: (CorrelationFigure & { memberId: string; name: string })[];
}

export interface QuestionFlagFigure {
  flag: 'non-discriminating' | 'over-used';
  questionId: string;
  text: string;
  principleId: string;
  principleName: string;
  words: string;
}

export interface Calibration {
  /** What was counted, in words: decided and closed loops, current submitted interview feedback. */
  basis: string;
  loops: number;
  ratings: number;
  overall: AlphaFigure;
  principles: (AlphaFigure & { principleId: string; name: string })[];
  roles: (AlphaFigure & { roleId: string; title: string })[];
  /** Calendar quarters of the first feedback in each loop, oldest first ("2025-Q3"). */
  quarters: (AlphaFigure & { quarter: string })[];
  interviewers: InterviewerFigure[];
  /** The leniency model: σ² (spread of one deviation), τ² (spread between interviewers), and k = σ²/τ² (null: infinite). */
  leniencyModel: { sigma2: number; tau2: number; priorWeight: number | null };
  predicts: Predicts;
  /** Questions whose ratings tell no candidate apart, and questions asked far more than others (leak risk). */
  questionFlags: QuestionFlagFigure[];
}
