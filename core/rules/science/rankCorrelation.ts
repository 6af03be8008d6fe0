// Spearman's rank correlation between interview ratings and later check-in ratings, with a confidence
// interval and n, and "not enough data yet" below MIN_CORRELATION_PAIRS: a small company's handful of
// hires cannot show a relation, and saying a number would suggest it can.
//
// ρ is Pearson's correlation of the ranks, ties given their average rank (ratings 1–4 tie a lot, so the
// shortcut 1 − 6Σd²/(n(n²−1)) would be wrong). The interval uses Fisher's z = atanh(ρ) with the variance
// 1.06/(n − 3) that Fieller, Hartley & Pearson (1957) found for Spearman's ρ (1/(n − 3) is Pearson's).

export const MIN_CORRELATION_PAIRS = 10;
const Z95 = 1.959963984540054;

export type Correlation =
  | { status: 'ok'; rho: number; low: number; high: number; n: number }
  | { status: 'not-enough-data'; n: number; minimum: number }
  /** One side is the same for every pair: ranks cannot correlate. */
  | { status: 'no-variation'; n: number };

/** Ranks 1…n, ties sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]![1]] = rank;
    start = end + 1;
  }
  return ranks;
}

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

export function spearman(pairs: readonly (readonly [number, number])[], minimum = MIN_CORRELATION_PAIRS): Correlation {
  const n = pairs.length;
  if (n < Math.max(minimum, 4)) return { status: 'not-enough-data', n, minimum: Math.max(minimum, 4) };
  const raw = pearson(averageRanks(pairs.map((p) => p[0])), averageRanks(pairs.map((p) => p[1])));
  if (Number.isNaN(raw)) return { status: 'no-variation', n };
  // Rounding can put a perfect correlation a hair past ±1, where atanh is NaN.
  const rho = Math.max(-1, Math.min(1, raw));
  const z = Math.atanh(rho);
  const half = Z95 * Math.sqrt(1.06 / (n - 3));
  return { status: 'ok', rho, low: Math.tanh(z - half), high: Math.tanh(z + half), n };
}
