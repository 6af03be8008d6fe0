// A small seeded generator for the statistics that resample (bootstrap): the same data and seed give the
// same interval every time, so a report does not flicker between two reads and tests can pin numbers.
// Math.random cannot be seeded. mulberry32 is the generator bench/seed.ts uses: 32-bit state, fast,
// and good enough for resampling (not for anything secret).

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard normal draw (Box–Muller). */
export function normalDraw(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * How many of `n` independent trials succeed with probability `p`.
 *
 * Exact (inversion, walking up the distribution) while the spread is small; with a variance
 * n·p·(1−p) of NORMAL_FROM_VARIANCE or more, the normal approximation (rounded, kept in 0…n), whose error
 * there is far below what a bootstrap interval can show. Inversion costs about n·min(p, 1−p) steps, so
 * it stays cheap below that bound; the approximation keeps a resample of a 100,000-unit group O(1).
 */
export const NORMAL_FROM_VARIANCE = 100;

export function binomialDraw(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(n, 1 - p, random);
  const variance = n * p * (1 - p);
  if (variance >= NORMAL_FROM_VARIANCE) {
    const x = Math.round(n * p + Math.sqrt(variance) * normalDraw(random));
    return Math.min(n, Math.max(0, x));
  }
  // Inversion: the probabilities of 0, 1, 2, … successes, each from the one before.
  const u = random();
  const ratio = p / (1 - p);
  let k = 0;
  let probability = Math.pow(1 - p, n);
  let cumulative = probability;
  while (u > cumulative && k < n) {
    probability *= (ratio * (n - k)) / (k + 1);
    k++;
    cumulative += probability;
  }
  return k;
}
