// Leniency and severity: does an interviewer rate higher or lower than their co-panelists rating the
// same candidate on the same principle? Shrunk toward zero for small samples (empirical Bayes / partial
// pooling), so that three interviews don't brand anyone.
//
// For each rating r of interviewer i in a unit (one loop's candidate × one principle) that someone else
// also rated, its deviation is d = r − (mean of the co-panelists' ratings in that unit). With n_i such
// deviations, interviewer i's raw leniency is their mean, D̄_i. The model:
//
//   D̄_i | θ_i ~ Normal(θ_i, σ²/n_i)     θ_i ~ Normal(0, τ²)
//
// σ² is the spread of one deviation around its interviewer's mean, pooled over interviewers:
//   σ² = Σ_i Σ_j (d_ij − D̄_i)² / (Σ_i n_i − R)
// τ² is how much interviewers truly differ, by the method of moments (E[D̄_i²] = τ² + σ²/n_i):
//   τ² = max(0, mean_i(D̄_i²) − mean_i(σ²/n_i))
// The posterior mean is the raw mean pulled toward zero:
//   θ̂_i = D̄_i · n_i / (n_i + k),   k = σ²/τ²   (k = ∞, so θ̂ = 0, when τ² = 0)
// with posterior standard deviation sqrt(σ² / (n_i + k)). k is at least MIN_PRIOR_WEIGHT: however much
// interviewers seem to differ, a handful of ratings never counts for more than a handful among
// MIN_PRIOR_WEIGHT imaginary average ones (n = 3 keeps at most 3/8 of the raw mean).

export const MIN_PRIOR_WEIGHT = 5;
/** Under a quarter of a rating point either way reads as "in line": a step on the scale is a full point. */
export const NOTABLE_LENIENCY = 0.25;
/** Fewer compared ratings than this: the report says there are too few to judge, whatever the numbers. */
export const MIN_COMPARED_RATINGS = 5;
const Z95 = 1.959963984540054;

export interface UnitRating {
  /** The unit: one loop × one principle. */
  unit: string | number;
  rater: string;
  rating: number;
}

export type LeniencyLabel = 'lenient' | 'severe' | 'in-line' | 'too-few';

export interface Leniency {
  rater: string;
  /** Ratings that had at least one co-panelist rating to compare with. */
  n: number;
  /** Mean deviation from co-panelists, in rating points (positive: rates higher). */
  raw: number;
  /** Shrunk toward zero. */
  shrunk: number;
  low: number;
  high: number;
  label: LeniencyLabel;
}

export interface LeniencyModel {
  sigma2: number;
  tau2: number;
  /** k: the prior's worth in ratings. Infinity when interviewers do not measurably differ. */
  priorWeight: number;
}

/** The posterior mean: D̄ · n / (n + k). */
export function shrink(raw: number, n: number, priorWeight: number): number {
  if (n <= 0 || !Number.isFinite(priorWeight)) return 0;
  return (raw * n) / (n + priorWeight);
}

/** Each rating's deviation from the mean of its co-panelists in the same unit. */
export function deviations(ratings: readonly UnitRating[]): Map<string, number[]> {
  const byUnit = new Map<string | number, UnitRating[]>();
  for (const r of ratings) {
    const list = byUnit.get(r.unit);
    if (list) list.push(r);
    else byUnit.set(r.unit, [r]);
  }
  const byRater = new Map<string, number[]>();
  for (const list of byUnit.values()) {
    if (list.length < 2) continue;
    const sum = list.reduce((s, r) => s + r.rating, 0);
    for (const r of list) {
      const d = r.rating - (sum - r.rating) / (list.length - 1);
      const own = byRater.get(r.rater);
      if (own) own.push(d);
      else byRater.set(r.rater, [d]);
    }
  }
  return byRater;
}

/** What the model needs of one interviewer's deviations: how many, their sum and their sum of squares. */
export interface DeviationStats {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** Every interviewer's deviation sums, interviewers numbered 0…n−1: columns, for ~100,000 units at ten years. */
export interface DeviationColumns {
  n: Float64Array;
  sum: Float64Array;
  sumOfSquares: Float64Array;
}

export const deviationColumns = (raters: number): DeviationColumns => ({ n: new Float64Array(raters), sum: new Float64Array(raters), sumOfSquares: new Float64Array(raters) });

/** Adds the deviations of one unit's ratings, `raters[i]` and `ratings[i]` for i in [from, to), into `into`. */
export function addUnitDeviations(into: DeviationColumns, raters: ArrayLike<number>, ratings: ArrayLike<number>, from = 0, to = ratings.length): void {
  const m = to - from;
  if (m < 2) return;
  let sum = 0;
  for (let i = from; i < to; i++) sum += ratings[i]!;
  for (let i = from; i < to; i++) {
    const d = ratings[i]! - (sum - ratings[i]!) / (m - 1);
    const r = raters[i]!;
    into.n[r]! += 1;
    into.sum[r]! += d;
    into.sumOfSquares[r]! += d * d;
  }
}

/** The sums of the interviewers who have any, by their name (`names[i]` for interviewer i). */
export function deviationStats(columns: DeviationColumns, names: (rater: number) => string): Map<string, DeviationStats> {
  const stats = new Map<string, DeviationStats>();
  for (let r = 0; r < columns.n.length; r++) {
    if (columns.n[r]! > 0) stats.set(names(r), { n: columns.n[r]!, sum: columns.sum[r]!, sumOfSquares: columns.sumOfSquares[r]! });
  }
  return stats;
}

export function leniency(ratings: readonly UnitRating[]): { raters: Leniency[]; model: LeniencyModel } {
  const stats = new Map<string, DeviationStats>();
  for (const [rater, ds] of deviations(ratings)) stats.set(rater, { n: ds.length, sum: ds.reduce((a, b) => a + b, 0), sumOfSquares: ds.reduce((a, b) => a + b * b, 0) });
  return leniencyOfStats(stats);
}

export function leniencyOfStats(byRater: ReadonlyMap<string, DeviationStats>): { raters: Leniency[]; model: LeniencyModel } {
  const stats = [...byRater].map(([rater, s]) => ({ rater, n: s.n, mean: s.sum / s.n, within: Math.max(0, s.sumOfSquares - (s.sum * s.sum) / s.n) }));
  let within = 0;
  let dof = 0;
  for (const s of stats) {
    within += s.within;
    dof += s.n - 1;
  }
  const sigma2 = dof > 0 ? within / dof : 1;
  const tau2 =
    stats.length > 0 ? Math.max(0, stats.reduce((a, s) => a + s.mean ** 2, 0) / stats.length - stats.reduce((a, s) => a + sigma2 / s.n, 0) / stats.length) : 0;
  const priorWeight = tau2 > 0 ? Math.max(MIN_PRIOR_WEIGHT, sigma2 / tau2) : Number.POSITIVE_INFINITY;
  const raters = stats
    .map(({ rater, n, mean }): Leniency => {
      const shrunk = shrink(mean, n, priorWeight);
      const sd = Number.isFinite(priorWeight) ? Math.sqrt(sigma2 / (n + priorWeight)) : 0;
      const low = shrunk - Z95 * sd;
      const high = shrunk + Z95 * sd;
      return { rater, n, raw: mean, shrunk, low, high, label: n < MIN_COMPARED_RATINGS ? 'too-few' : leniencyLabel(shrunk, low, high) };
    })
    .sort((a, b) => (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));
  return { raters, model: { sigma2, tau2, priorWeight } };
}

function leniencyLabel(shrunk: number, low: number, high: number): LeniencyLabel {
  if (shrunk >= NOTABLE_LENIENCY && low > 0) return 'lenient';
  if (shrunk <= -NOTABLE_LENIENCY && high < 0) return 'severe';
  return 'in-line';
}
