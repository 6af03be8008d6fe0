// Krippendorff's alpha: how much raters agree beyond chance, for any number of raters, with missing
// ratings (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"; Hayes & Krippendorff 2007).
// 1 is perfect agreement, 0 what chance would give, below 0 systematic disagreement.
//
//   alpha = 1 − D_o / D_e = 1 − (n − 1) · Σ o_ck δ²(c,k) / Σ n_c n_k δ²(c,k)
//
// over the coincidence matrix o: each unit (one candidate on one principle) with m ≥ 2 values adds
// every ordered pair of its values, weighted 1/(m − 1); n_c are its margins, n the number of pairable
// values. A unit rated by one person says nothing about agreement and is left out. When every pairable
// value is the same there is no variation to agree about: D_e = 0 and alpha is undefined (NaN), which is
// not "perfect" — the sentences say so.
//
// Units are grouped by the counts of each value they hold ("two 3s and a 4"): with ratings 1–4 and a few
// raters there are only dozens of such patterns however many units there are, so the bootstrap can
// resample pattern counts instead of units (alphaInterval.ts).

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** One unit's values, any order; null or undefined where a rater gave none. */
export type Unit = readonly (number | null | undefined)[];

export interface AlphaResult {
  /** NaN when undefined: no pairable values, or no variation among them. */
  alpha: number;
  /** Pairable values: ratings in units with at least two (n in Krippendorff's notation). */
  pairable: number;
  /** Units with at least two ratings. */
  units: number;
}

/** Units grouped by the counts of each distinct value they hold. */
export interface PatternTable {
  /** The distinct pairable values, ascending. */
  values: number[];
  /** For each pattern, how many times it holds each value (aligned with `values`). */
  patterns: number[][];
  /** How many units have each pattern. */
  weights: number[];
}

export function patternTable(units: readonly Unit[]): PatternTable {
  const kept: number[][] = [];
  const seen = new Set<number>();
  for (const unit of units) {
    const values = unit.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length < 2) continue;
    kept.push(values);
    for (const v of values) seen.add(v);
  }
  const values = [...seen].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const byKey = new Map<string, number>();
  const patterns: number[][] = [];
  const weights: number[] = [];
  for (const unit of kept) {
    const counts = new Array<number>(values.length).fill(0);
    for (const v of unit) counts[index.get(v) ?? 0]! += 1;
    const key = counts.join(',');
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, patterns.length);
      patterns.push(counts);
      weights.push(1);
    } else weights[at]! += 1;
  }
  return { values, patterns, weights };
}

/** Alpha of a pattern table, each pattern counted `weights[i]` times (the bootstrap passes resampled ones). */
export function alphaOfPatterns(table: PatternTable, weights: readonly number[], level: MeasurementLevel): AlphaResult {
  const k = table.values.length;
  const o = new Float64Array(k * k);
  let units = 0;
  table.patterns.forEach((counts, p) => {
    const w = weights[p] ?? 0;
    if (w === 0) return;
    units += w;
    let m = 0;
    for (const c of counts) m += c;
    const scale = w / (m - 1);
    for (let c = 0; c < k; c++) {
      const nc = counts[c]!;
      if (nc === 0) continue;
      for (let d = 0; d < k; d++) {
        const pairs = nc * (counts[d]! - (c === d ? 1 : 0));
        if (pairs) o[c * k + d]! += pairs * scale;
      }
    }
  });
  const margins = new Float64Array(k);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) margins[c]! += o[c * k + d]!;
    n += margins[c]!;
  }
  const pairable = Math.round(n);
  if (n <= 1) return { alpha: Number.NaN, pairable, units };
  const delta = distance(table.values, margins, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const dd = delta(c, d);
      if (dd === 0) continue;
      observed += o[c * k + d]! * dd;
      expected += margins[c]! * margins[d]! * dd;
    }
  }
  if (expected === 0) return { alpha: Number.NaN, pairable, units };
  return { alpha: 1 - ((n - 1) * observed) / expected, pairable, units };
}

/** δ²(c, d) between the c-th and d-th distinct values. */
function distance(values: readonly number[], margins: Float64Array, level: MeasurementLevel): (c: number, d: number) => number {
  switch (level) {
    case 'nominal':
      return (c, d) => (c === d ? 0 : 1);
    case 'interval':
      return (c, d) => (values[c]! - values[d]!) ** 2;
    case 'ratio':
      return (c, d) => {
        const sum = values[c]! + values[d]!;
        return sum === 0 ? 0 : ((values[c]! - values[d]!) / sum) ** 2;
      };
    case 'ordinal': {
      // Ranks, not distances between the numbers: (Σ_{g=c..d} n_g − (n_c + n_d)/2)², so a step between
      // two values many ratings share counts for more than a step between two rarely used ones.
      const prefix = new Float64Array(margins.length + 1);
      margins.forEach((m, i) => (prefix[i + 1] = prefix[i]! + m));
      return (c, d) => {
        if (c === d) return 0;
        const lo = Math.min(c, d);
        const hi = Math.max(c, d);
        return (prefix[hi + 1]! - prefix[lo]! - (margins[c]! + margins[d]!) / 2) ** 2;
      };
    }
  }
}

/** Krippendorff's alpha of units of values; ordinal unless told (ratings 1–4 are ordered categories). */
export function krippendorffAlpha(units: readonly Unit[], level: MeasurementLevel = 'ordinal'): AlphaResult {
  const table = patternTable(units);
  return alphaOfPatterns(table, table.weights, level);
}
