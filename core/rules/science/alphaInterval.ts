// A bootstrap confidence interval for Krippendorff's alpha, resampling units (candidates × principle)
// with replacement: the units are what was sampled from the world, the raters within a unit are not
// independent of each other. Percentile interval over BOOTSTRAP_RESAMPLES resamples from a seeded
// generator, so the same data always give the same interval.
//
// A resample of N units drawn from P patterns (krippendorffAlpha.ts) is a multinomial draw of the
// pattern counts, made as P − 1 conditional binomial draws: O(P) per resample instead of O(N).

import { alphaOfPatterns, patternTable, type AlphaResult, type MeasurementLevel, type PatternTable, type Unit } from './krippendorffAlpha';
import { binomialDraw, seededRandom } from './seededRandom';

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
  const drawn = new Array<number>(table.weights.length).fill(0);
  const alphas: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let left = total;
    let share = 1;
    for (let p = 0; p < drawn.length; p++) {
      const own = table.weights[p]! / total;
      const x = p === drawn.length - 1 || left === 0 ? left : binomialDraw(left, Math.min(1, own / share), random);
      drawn[p] = x;
      left -= x;
      share -= own;
    }
    const a = alphaOfPatterns(table, drawn, level).alpha;
    if (!Number.isNaN(a)) alphas.push(a);
  }
  if (alphas.length === 0) return null;
  alphas.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.floor(q * alphas.length)))]!;
  return { low: at(tail), high: at(1 - tail - 1e-12), resamples: alphas.length };
}

/** Alpha with its bootstrap interval and sample size, for one group of units. */
export function alphaEstimate(units: readonly Unit[], options: IntervalOptions = {}): AlphaEstimate {
  const table = patternTable(units);
  const result = alphaOfPatterns(table, table.weights, options.level ?? 'ordinal');
  const interval = Number.isNaN(result.alpha) ? null : alphaIntervalOfPatterns(table, options);
  return { ...result, interval };
}
