// A bootstrap confidence interval for Krippendorff's alpha, resampling units (candidates × principle):
// the units are what was sampled from the world, the raters within a unit are not independent of each
// other. Percentile interval over BOOTSTRAP_RESAMPLES resamples from a seeded generator, so the same
// data always give the same interval.
//
// The resampling is the Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012): each unit is
// drawn Poisson(1) times instead of exactly N draws in all — the same limit as the classic bootstrap,
// and independent per unit. So the w units sharing a pattern (krippendorffAlpha.ts) are drawn
// Poisson(w) times in one draw, and a resample costs O(patterns), not O(units): the calibration report
// resamples hundreds of groups of up to ~100,000 units each.

import { alphaOfPatterns, alphaScratch, patternTable, type AlphaResult, type MeasurementLevel, type PatternTable, type Unit } from './krippendorffAlpha';
import { poissonSampler, seededRandom } from './seededRandom';

export const BOOTSTRAP_RESAMPLES = 1000;
export const CONFIDENCE = 0.95;

export interface AlphaInterval {
  low: number;
  high: number;
  /** Resamples with a defined alpha (one with no variation has none and is left out). */
  resamples: number;
}

export interface AlphaEstimate extends AlphaResult {
  /** null when alpha is undefined or no resample had a defined alpha. */
  interval: AlphaInterval | null;
}

export interface IntervalOptions {
  level?: MeasurementLevel;
  resamples?: number;
  seed?: number;
  confidence?: number;
}

export function alphaIntervalOfPatterns(table: PatternTable, options: IntervalOptions = {}): AlphaInterval | null {
  const { level = 'ordinal', resamples = BOOTSTRAP_RESAMPLES, seed = 1, confidence = CONFIDENCE } = options;
  const total = table.weights.reduce((a, b) => a + b, 0);
  if (total < 2) return null;
  const random = seededRandom(seed);
  const drawn = new Float64Array(table.weights.length);
  const scratch = alphaScratch(table.values.length);
  const alphas = new Float64Array(resamples);
  let defined = 0;
  const samplers = table.weights.map(poissonSampler);
  for (let r = 0; r < resamples; r++) {
    for (let p = 0; p < drawn.length; p++) drawn[p] = samplers[p]!(random);
    const a = alphaOfPatterns(table, drawn, level, scratch).alpha;
    if (!Number.isNaN(a)) alphas[defined++] = a;
  }
  if (defined === 0) return null;
  const sorted = alphas.subarray(0, defined).sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => sorted[Math.min(defined - 1, Math.max(0, Math.floor(q * defined)))]!;
  return { low: at(tail), high: at(1 - tail - 1e-12), resamples: defined };
}

/** Alpha with its bootstrap interval and sample size, for one group of units. */
export function alphaEstimate(units: readonly Unit[], options: IntervalOptions = {}): AlphaEstimate {
  return alphaEstimateOfPatterns(patternTable(units), options);
}

/** The same from a pattern table; `minUnits` skips the interval of a group too small to read anyway. */
export function alphaEstimateOfPatterns(table: PatternTable, options: IntervalOptions & { minUnits?: number } = {}): AlphaEstimate {
  const result = alphaOfPatterns(table, table.weights, options.level ?? 'ordinal');
  const interval = Number.isNaN(result.alpha) || result.units < (options.minUnits ?? 0) ? null : alphaIntervalOfPatterns(table, options);
  return { ...result, interval };
}
