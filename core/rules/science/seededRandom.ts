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

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Poisson draws with mean `mean`, exact; the set-up is done once, since the bootstrap draws with the same
 * mean a thousand times. Below 10 by inversion of a precomputed distribution (one uniform and a few steps);
 * from 10 by Hörmann's transformed rejection with squeeze (PTRS, "The transformed rejection method for
 * generating Poisson random variables", 1993), about one try whatever the mean. So a resample's cost does
 * not grow with the number of units.
 */
export function poissonSampler(mean: number): (random: () => number) => number {
  if (!(mean > 0)) return () => 0;
  if (mean < 10) {
    const cdf: number[] = [];
    let p = Math.exp(-mean);
    let total = 0;
    for (let k = 0; total < 1 - 1e-15 && k < 100; k++) {
      total += p;
      cdf.push(total);
      p *= mean / (k + 1);
    }
    return (random) => {
      const u = random();
      let k = 0;
      while (k < cdf.length - 1 && u > cdf[k]!) k++;
      return k;
    };
  }
  const slam = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  return (random) => {
    for (;;) {
      const u = random() - 0.5;
      const v = random();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
    }
  };
}

export function poissonDraw(mean: number, random: () => number): number {
  return poissonSampler(mean)(random);
}
