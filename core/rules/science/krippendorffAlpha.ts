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
  /** Each pattern's coincidences, k × k per pattern: pairs of values (c, d) weighted 1/(m − 1). */
  coincidences: Float64Array;
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
  return patternTableOf(values, patterns, weights);
}

/**
 * A pattern table from patterns already counted (the calibration report counts units by pattern as it reads
 * them). Patterns with fewer than two values are left out; a value no pattern holds changes nothing.
 */
export function patternTableOf(values: number[], patterns: number[][], weights: number[]): PatternTable {
  const keep = patterns.map((counts, p) => counts.reduce((a, b) => a + b, 0) >= 2 && (weights[p] ?? 0) > 0);
  patterns = patterns.filter((_, p) => keep[p]);
  weights = weights.filter((_, p) => keep[p]);
  const k = values.length;
  const coincidences = new Float64Array(patterns.length * k * k);
  patterns.forEach((counts, p) => {
    const m = counts.reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      for (let d = 0; d < k; d++) coincidences[(p * k + c) * k + d] = (counts[c]! * (counts[d]! - (c === d ? 1 : 0))) / (m - 1);
    }
  });
  return { values, patterns, weights, coincidences };
}

/** Working space for alphaOfPatterns, so the bootstrap's thousand calls a group allocate nothing. */
export interface AlphaScratch {
  o: Float64Array;
  margins: Float64Array;
  delta: Float64Array;
}

export function alphaScratch(k: number): AlphaScratch {
  return { o: new Float64Array(k * k), margins: new Float64Array(k), delta: new Float64Array(k * k) };
}

/** Alpha of a pattern table, each pattern counted `weights[i]` times (the bootstrap passes resampled ones). */
export function alphaOfPatterns(
  table: PatternTable,
  weights: ArrayLike<number>,
  level: MeasurementLevel,
  scratch: AlphaScratch = alphaScratch(table.values.length),
): AlphaResult {
  const k = table.values.length;
  const kk = k * k;
  const { o, margins, delta } = scratch;
  o.fill(0);
  let units = 0;
  for (let p = 0; p < table.patterns.length; p++) {
    const w = weights[p] ?? 0;
    if (w === 0) continue;
    units += w;
    const at = p * kk;
    for (let i = 0; i < kk; i++) o[i]! += w * table.coincidences[at + i]!;
  }
  let n = 0;
  for (let c = 0; c < k; c++) {
    let m = 0;
    for (let d = 0; d < k; d++) m += o[c * k + d]!;
    margins[c] = m;
    n += m;
  }
  const pairable = Math.round(n);
  if (n <= 1) return { alpha: Number.NaN, pairable, units };
  distances(table.values, margins, level, delta);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const dd = delta[c * k + d]!;
      if (dd === 0) continue;
      observed += o[c * k + d]! * dd;
      expected += margins[c]! * margins[d]! * dd;
    }
  }
  if (expected === 0) return { alpha: Number.NaN, pairable, units };
  return { alpha: 1 - ((n - 1) * observed) / expected, pairable, units };
}

/** δ²(c, d) between the c-th and d-th distinct values, into `delta` (k × k). */
function distances(values: readonly number[], margins: Float64Array, level: MeasurementLevel, delta: Float64Array): void {
  const k = values.length;
  for (let c = 0; c < k; c++) {
    // Ordinal: ranks, not distances between the numbers: (Σ_{g=c..d} n_g − (n_c + n_d)/2)², so a step
    // between two values many ratings share counts for more than a step between two rarely used ones.
    let between = 0;
    for (let d = c; d < k; d++) {
      between += margins[d]!;
      let dd = 0;
      if (d !== c) {
        const a = values[c]!;
        const b = values[d]!;
        if (level === 'nominal') dd = 1;
        else if (level === 'interval') dd = (a - b) ** 2;
        else if (level === 'ratio') dd = a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
        else dd = (between - (margins[c]! + margins[d]!) / 2) ** 2;
      }
      delta[c * k + d] = dd;
      delta[d * k + c] = dd;
    }
  }
}

/** Krippendorff's alpha of units of values; ordinal unless told (ratings 1–4 are ordered categories). */
export function krippendorffAlpha(units: readonly Unit[], level: MeasurementLevel = 'ordinal'): AlphaResult {
  const table = patternTable(units);
  return alphaOfPatterns(table, table.weights, level);
}
