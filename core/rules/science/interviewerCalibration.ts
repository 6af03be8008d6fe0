// Per interviewer, beside leniency (leniency.ts): how often their vote pointed the way the loop was
// decided, how often they changed it at the debrief's re-vote, and how long after the interview they
// submitted. Raw rates with their counts; the sentences (scienceWords.ts) say when a count is too small.

import type { HiringDecision, Vote } from '../feedbackTypes';
import { leniency, leniencyOfStats, type DeviationStats, type Leniency, type LeniencyModel, type UnitRating } from './leniency';

/** A vote leans hire or no hire: there is no neutral vote (SPEC §6). */
export function voteLean(vote: Vote): HiringDecision {
  return vote === 'strong_hire' || vote === 'inclined' ? 'hire' : 'no_hire';
}

export interface VoteFact {
  rater: string;
  /** The vote as first submitted: what the interviewer concluded alone, before the debrief's discussion. */
  vote: Vote;
  /** The loop's final outcome (after any bar-raiser veto). */
  outcome: HiringDecision;
  /** They changed their vote at the debrief's re-vote. */
  changed: boolean;
  /** How many such votes (default 1): a report over tens of thousands of loops passes them counted. */
  count?: number;
}

export interface SubmitFact {
  rater: string;
  /** Hours from the end of the interview to the first submission; negative values (clock skew, unscheduled) are left out. */
  hours: number;
}

export interface InterviewerCalibration {
  rater: string;
  leniency: Leniency | null;
  /** Loops decided with a vote of theirs. */
  votes: number;
  /** Of those, the ones where their first vote leaned the way the loop was decided. */
  agreed: number;
  /** Of those, the ones where they changed their vote at the re-vote. */
  changed: number;
  /** Median hours from interview end to submission; null without a scheduled interview. */
  medianHoursToSubmit: number | null;
  submissions: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers without a comparator call per pair: ~130,000 submission times at ten years.
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function interviewerCalibration(input: {
  /** Ratings by unit, or (for hundreds of thousands) each interviewer's deviation sums already added up. */
  ratings: readonly UnitRating[] | ReadonlyMap<string, DeviationStats>;
  votes: readonly VoteFact[];
  /** Each submission, or (for tens of thousands) each interviewer's hours already gathered. */
  submissions: readonly SubmitFact[] | ReadonlyMap<string, readonly number[]>;
}): { interviewers: InterviewerCalibration[]; model: LeniencyModel } {
  const { raters, model } = input.ratings instanceof Map ? leniencyOfStats(input.ratings) : leniency(input.ratings as readonly UnitRating[]);
  const rows = new Map<string, InterviewerCalibration & { hours: number[] }>();
  const row = (rater: string) => {
    let r = rows.get(rater);
    if (!r) {
      r = { rater, leniency: null, votes: 0, agreed: 0, changed: 0, medianHoursToSubmit: null, submissions: 0, hours: [] };
      rows.set(rater, r);
    }
    return r;
  };
  for (const l of raters) row(l.rater).leniency = l;
  for (const v of input.votes) {
    const r = row(v.rater);
    const n = v.count ?? 1;
    r.votes += n;
    if (voteLean(v.vote) === v.outcome) r.agreed += n;
    if (v.changed) r.changed += n;
  }
  const counted = (hours: number) => hours >= 0 && Number.isFinite(hours);
  if (input.submissions instanceof Map) {
    for (const [rater, hours] of input.submissions as ReadonlyMap<string, readonly number[]>) for (const h of hours) if (counted(h)) row(rater).hours.push(h);
  } else for (const s of input.submissions as readonly SubmitFact[]) if (counted(s.hours)) row(s.rater).hours.push(s.hours);
  const interviewers = [...rows.values()]
    .map(({ hours, ...r }) => ({ ...r, submissions: hours.length, medianHoursToSubmit: median(hours) }))
    .sort((a, b) => (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));
  return { interviewers, model };
}
