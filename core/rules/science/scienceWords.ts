// Each statistic in plain words, for the screens, the report and screen readers alike: what it says,
// how sure it is, and plainly when there is not enough data to say anything.

import type { AlphaEstimate } from './alphaInterval';
import type { InterviewerCalibration } from './interviewerCalibration';
import type { Leniency } from './leniency';
import type { QuestionFlag } from './questionFlags';
import type { Correlation } from './rankCorrelation';

/** Krippendorff's conventional reading: ≥ .800 reliable, .667–.800 tentative, below that not to be relied on. */
export const RELIABLE_ALPHA = 0.8;
export const TENTATIVE_ALPHA = 0.667;
/** Fewer candidates than this rated by two or more people: too few to read agreement from. */
export const MIN_UNITS_FOR_ALPHA = 10;

const two = (x: number) => x.toFixed(2);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export type AlphaReading = 'reliable' | 'tentative' | 'unreliable' | 'no-variation' | 'not-enough-data';

export function alphaReading(estimate: Pick<AlphaEstimate, 'alpha' | 'units'>): AlphaReading {
  if (estimate.units < MIN_UNITS_FOR_ALPHA) return 'not-enough-data';
  if (Number.isNaN(estimate.alpha)) return 'no-variation';
  if (estimate.alpha >= RELIABLE_ALPHA) return 'reliable';
  if (estimate.alpha >= TENTATIVE_ALPHA) return 'tentative';
  return 'unreliable';
}

/** "Interviewers agree well enough to rely on their ratings of Ownership: α = 0.83 (95% CI 0.79–0.86), from 412 ratings of 190 candidates." */
export function alphaSentence(estimate: AlphaEstimate, subject: string): string {
  const basis = `${plural(estimate.pairable, 'rating')} of ${plural(estimate.units, 'candidate')} rated by two or more people`;
  const figure = `α = ${two(estimate.alpha)}${estimate.interval ? ` (95% CI ${two(estimate.interval.low)} to ${two(estimate.interval.high)})` : ''}`;
  switch (alphaReading(estimate)) {
    case 'not-enough-data':
      return `Not enough data yet on ${subject}: ${basis}; agreement needs at least ${MIN_UNITS_FOR_ALPHA} candidates.`;
    case 'no-variation':
      return `On ${subject} everyone gave the same rating (${basis}), so agreement cannot be measured: the ratings tell no candidate apart.`;
    case 'reliable':
      return `Interviewers agree well enough to rely on their ratings of ${subject}: ${figure}, from ${basis}.`;
    case 'tentative':
      return `Interviewers agree only tentatively on ${subject}: ${figure}, from ${basis}. Worth calibrating with the anchors.`;
    case 'unreliable':
      return `Interviewers do not agree on ${subject} well enough to rely on: ${figure}, from ${basis}. Review the anchors together.`;
  }
}

export function leniencySentence(l: Leniency | null): string {
  if (!l || l.label === 'too-few') {
    const n = l?.n ?? 0;
    return `Too few ratings shared with co-panelists to judge leniency (${n}).`;
  }
  const points = Math.abs(l.shrunk);
  const basis = `${plural(l.n, 'rating')} compared with co-panelists on the same candidates and principles`;
  if (l.label === 'lenient') return `Rates about ${two(points)} points higher than co-panelists (${basis}).`;
  if (l.label === 'severe') return `Rates about ${two(points)} points lower than co-panelists (${basis}).`;
  return `Rates in line with co-panelists (${basis}).`;
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

export function decisionAgreementSentence(c: Pick<InterviewerCalibration, 'votes' | 'agreed'>): string {
  if (c.votes === 0) return 'No decided loops with a vote of theirs yet.';
  return `Their vote leaned the way the loop was decided in ${c.agreed} of ${plural(c.votes, 'loop')} (${percent(c.agreed, c.votes)}).`;
}

export function revoteSentence(c: Pick<InterviewerCalibration, 'votes' | 'changed'>): string {
  if (c.votes === 0) return 'No debrief re-votes to count yet.';
  if (c.changed === 0) return `Kept their vote at every re-vote (${plural(c.votes, 'loop')}).`;
  return `Changed their vote at the re-vote in ${c.changed} of ${plural(c.votes, 'loop')} (${percent(c.changed, c.votes)}).`;
}

export function timeToSubmitSentence(c: Pick<InterviewerCalibration, 'medianHoursToSubmit' | 'submissions'>): string {
  if (c.medianHoursToSubmit === null) return 'No scheduled interviews with submitted feedback yet.';
  const h = c.medianHoursToSubmit;
  const time = h < 1 ? `${Math.round(h * 60)} minutes` : h < 48 ? `${h.toFixed(h < 10 ? 1 : 0)} hours` : `${(h / 24).toFixed(1)} days`;
  return `Typically submits feedback ${time} after the interview (median of ${plural(c.submissions, 'interview')}).`;
}

function strength(rho: number): string {
  const r = Math.abs(rho);
  if (r < 0.1) return 'hardly';
  if (r < 0.3) return 'weakly';
  if (r < 0.5) return 'moderately';
  return 'strongly';
}

/** "Interview ratings on Ownership relate moderately to later check-ins: ρ = 0.34 (95% CI 0.12 to 0.53), n = 48." */
export function correlationSentence(c: Correlation, subject: string, outcome = 'later check-ins'): string {
  if (c.status === 'not-enough-data') return `Not enough data yet on ${subject}: ${c.n} of the ${c.minimum} pairs needed.`;
  if (c.status === 'no-variation') return `${subject}: every rating was the same, so they cannot relate to ${outcome} (n = ${c.n}).`;
  const figure = `ρ = ${two(c.rho)} (95% CI ${two(c.low)} to ${two(c.high)}), n = ${c.n}`;
  const direction = c.rho < 0 ? ', in the opposite direction' : '';
  const sure = c.low > 0 || c.high < 0 ? '' : ' The interval includes no relation at all.';
  return `${subject} relate ${strength(c.rho)} to ${outcome}${direction}: ${figure}.${sure}`;
}

export function questionFlagSentence(flag: QuestionFlag): string {
  if (flag.flag === 'non-discriminating') {
    return `Doesn't tell candidates apart: ${percent(flag.share * flag.n, flag.n)} of ${plural(flag.n, 'rating')} after it were ${flag.rating}.`;
  }
  return `Possibly leaked: asked ${flag.uses} times, ${flag.typicalUses ? `${(flag.uses / flag.typicalUses).toFixed(1)}× as often as` : 'far more than'} a typical question on its principle (${flag.typicalUses}).`;
}
