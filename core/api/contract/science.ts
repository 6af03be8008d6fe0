import type { AlphaReading } from '../../rules/science/scienceWords';
import type { LeniencyLabel } from '../../rules/science/leniency';

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
}
