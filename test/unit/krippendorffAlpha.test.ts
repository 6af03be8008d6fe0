import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaEstimate, alphaIntervalOfPatterns } from '../../core/rules/science/alphaInterval';
import {
  alphaOfPatterns,
  alphaScratch,
  krippendorffAlpha,
  patternTable,
  patternTableOf,
  type MeasurementLevel,
  type Unit,
} from '../../core/rules/science/krippendorffAlpha';
import { logGamma, poissonDraw, seededRandom } from '../../core/rules/science/seededRandom';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with missing data:
// four coders (A–D) × twelve units, values 1–5. Unit 12 has one value, so 11 units and 40 values pair.
//   A: 1 2 3 3 2 1 4 1 2 . . .
//   B: 1 2 3 3 2 2 4 1 2 5 . 3
//   C: . 3 3 3 2 3 4 2 2 5 1 .
//   D: 1 2 3 3 2 4 4 1 2 5 1 .
const CODERS = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const KRIPPENDORFF_2011: Unit[] = CODERS[0]!.map((_, unit) => CODERS.map((coder) => coder[unit] ?? null));

// The same statistic from an independent implementation (the npm package "krippendorff" 0.1.0, run once at
// development time on seeded random 1–4 ratings with about a quarter missing; its ordinal metric given the
// ranks from the pairable values' margins). Rows are units, columns raters.
const CROSS_CHECK: { units: Unit[]; nominal: number; ordinal: number; interval: number }[] = [
  { units: [[3,3,3,3],[null,1,1,1],[1,1,1,2],[2,null,1,1],[2,null,3,null]], nominal: 0.430379746835443, ordinal: 0.7492351398601398, interval: 0.7738693467336684 },
  { units: [[2,2,2,null],[null,4,4,4],[1,null,null,1],[2,4,null,null],[4,null,4,null],[null,3,3,4],[4,4,4,4],[4,null,4,4],[4,null,4,4],[1,1,2,1],[2,1,3,2]], nominal: 0.5769593956562795, ordinal: 0.8256087386779285, interval: 0.8244725738396624 },
  { units: [[null,2,1,1],[3,3,4,3],[null,3,3,3],[1,null,null,1],[3,3,null,3]], nominal: 0.5555555555555556, ordinal: 0.8643410852713178, interval: 0.8640776699029127 },
  { units: [[null,null,2,1,1],[3,3,3,3,3],[4,4,3,4,null],[4,4,4,null,4],[4,4,3,4,4],[2,2,null,null,2],[null,4,4,4,4],[4,4,4,null,null],[null,2,1,1,1],[1,1,1,null,1],[1,1,2,1,2]], nominal: 0.6547445255474453, ordinal: 0.9042199563284723, interval: 0.9222806441012159 },
  { units: [[2,1,2,1],[1,2,1,1],[1,null,null,1],[1,null,2,2],[4,4,4,null],[4,3,4,null],[2,1,2,2],[1,1,1,1],[2,2,2,3],[2,3,3,null],[4,null,4,null],[2,3,null,2],[1,2,null,1],[3,null,3,null],[1,1,1,1],[null,null,1,null],[4,4,null,4],[2,null,2,3],[4,4,3,4],[1,1,1,1]], nominal: 0.5019212295869357, ordinal: 0.8349895138610002, interval: 0.8634807793575566 },
  { units: [[null,2,3,null],[3,4,4,4],[4,4,4,4],[1,null,1,1],[4,4,4,3]], nominal: 0.43529411764705883, ordinal: 0.7409203183606257, interval: 0.8743455497382199 },
];

/** Lists of 2–5 ratings 1–4, some missing: what a panel's ratings of one candidate on one principle look like. */
const unitArb = fc.array(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null, freq: 4 }), { minLength: 1, maxLength: 5 });
const unitsArb = fc.array(unitArb, { minLength: 1, maxLength: 40 });

describe("Krippendorff's alpha", () => {
  it.each<[MeasurementLevel, number]>([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ])('matches Krippendorff (2011) for the %s example with missing data: %s', (level, expected) => {
    const result = krippendorffAlpha(KRIPPENDORFF_2011, level);
    expect(result.alpha).toBeCloseTo(expected, 3);
    expect(result.pairable).toBe(40);
    expect(result.units).toBe(11);
  });

  it.each(CROSS_CHECK.map((c, i) => [i + 1, c] as const))('agrees with an independent implementation on data set %i', (_i, c) => {
    expect(krippendorffAlpha(c.units, 'nominal').alpha).toBeCloseTo(c.nominal, 10);
    expect(krippendorffAlpha(c.units, 'ordinal').alpha).toBeCloseTo(c.ordinal, 10);
    expect(krippendorffAlpha(c.units, 'interval').alpha).toBeCloseTo(c.interval, 10);
  });

  it.each<{ name: string; units: Unit[]; alpha: number; pairable: number; units_: number }>([
    { name: 'perfect agreement', units: [[1, 1], [2, 2, 2], [4, 4, null], [3, 3]], alpha: 1, pairable: 9, units_: 4 },
    { name: 'one unit of two different values: what chance gives', units: [[1, 2]], alpha: 0, pairable: 2, units_: 1 },
    // o(1,4) = o(4,1) = 3, n = 6, δ²(1,4) = (6 − (3 + 3)/2)² = 9: α = 1 − 5 · 54 / 162 = −2/3.
    { name: 'systematic disagreement', units: [[1, 4], [4, 1], [1, 4]], alpha: -2 / 3, pairable: 6, units_: 3 },
  ])('$name', ({ units, alpha, pairable, units_ }) => {
    const result = krippendorffAlpha(units);
    expect(result.alpha).toBeCloseTo(alpha, 10);
    expect(result.pairable).toBe(pairable);
    expect(result.units).toBe(units_);
  });

  it.each<{ name: string; units: Unit[]; pairable: number }>([
    { name: 'no units', units: [], pairable: 0 },
    { name: 'only units rated once', units: [[3], [null, 2], [4, null, null]], pairable: 0 },
    { name: 'every rating the same', units: [[3, 3], [3, 3, 3], [3, null, 3]], pairable: 7 },
  ])('is undefined (NaN), not perfect, with $name', ({ units, pairable }) => {
    const result = krippendorffAlpha(units);
    expect(result.alpha).toBeNaN();
    expect(result.pairable).toBe(pairable);
  });

  it('is the same from patterns counted beforehand (as the report counts them), reusing its working space', () => {
    const table = patternTable(KRIPPENDORFF_2011);
    const counted = patternTableOf(table.values, [...table.patterns, [1, 0, 0, 0, 0]], [...table.weights, 5]);
    const scratch = alphaScratch(table.values.length);
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(alphaOfPatterns(counted, counted.weights, level, scratch)).toEqual(krippendorffAlpha(KRIPPENDORFF_2011, level));
    }
  });

  it('ignores units with fewer than two ratings', () => {
    const withSingles = [...KRIPPENDORFF_2011, [1], [4, null], [null]];
    expect(krippendorffAlpha(withSingles)).toEqual(krippendorffAlpha(KRIPPENDORFF_2011));
  });

  it('is at most 1, and exactly 1 under perfect agreement with any variation', () => {
    fc.assert(
      fc.property(unitsArb, (units) => {
        const { alpha } = krippendorffAlpha(units);
        expect(Number.isNaN(alpha) || alpha <= 1 + 1e-12).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 })), { minLength: 2, maxLength: 30 }), (spec) => {
        fc.pre(new Set(spec.map(([v]) => v)).size > 1);
        const units = spec.map(([value, raters]) => new Array<number>(raters).fill(value));
        expect(krippendorffAlpha(units).alpha).toBeCloseTo(1, 12);
      }),
    );
  });

  it('is unchanged by reordering units or relabelling the raters within them', () => {
    fc.assert(
      fc.property(unitsArb, fc.infiniteStream(fc.nat()), (units, stream) => {
        const shuffle = <T>(xs: readonly T[]) => {
          const order = xs.map((x) => ({ x, key: stream.next().value as number }));
          return order.sort((a, b) => a.key - b.key).map((o) => o.x);
        };
        const relabelled = shuffle(units.map((u) => shuffle(u)));
        const a = krippendorffAlpha(units);
        const b = krippendorffAlpha(relabelled);
        expect(b.pairable).toBe(a.pairable);
        if (Number.isNaN(a.alpha)) expect(b.alpha).toBeNaN();
        else expect(b.alpha).toBeCloseTo(a.alpha, 10);
      }),
    );
  });
});

describe("alpha's bootstrap interval", () => {
  it('is reproducible from its seed and differs with another seed', () => {
    const a = alphaEstimate(KRIPPENDORFF_2011, { seed: 7 });
    expect(alphaEstimate(KRIPPENDORFF_2011, { seed: 7 })).toEqual(a);
    expect(alphaEstimate(KRIPPENDORFF_2011, { seed: 8 }).interval).not.toEqual(a.interval);
  });

  it('brackets the example: 0.815 inside, at most 1, wide for 11 units', () => {
    const { alpha, interval } = alphaEstimate(KRIPPENDORFF_2011);
    expect(interval).not.toBeNull();
    expect(interval!.low).toBeLessThan(alpha);
    expect(interval!.high).toBeGreaterThanOrEqual(alpha);
    expect(interval!.high).toBeLessThanOrEqual(1);
    expect(interval!.high - interval!.low).toBeGreaterThan(0.2);
    expect(interval!.resamples).toBeGreaterThan(900);
  });

  it('narrows as units accumulate', () => {
    const many = Array.from({ length: 40 }, () => KRIPPENDORFF_2011).flat();
    const few = alphaEstimate(KRIPPENDORFF_2011).interval!;
    const lots = alphaEstimate(many).interval!;
    expect(alphaEstimate(many).alpha).toBeCloseTo(0.815, 2);
    expect(lots.high - lots.low).toBeLessThan((few.high - few.low) / 3);
  });

  it('has none where alpha is undefined', () => {
    expect(alphaEstimate([[2, 2], [2, 2, 2]]).interval).toBeNull();
    expect(alphaEstimate([[2]]).interval).toBeNull();
    expect(alphaIntervalOfPatterns(patternTable([]))).toBeNull();
  });

  it('contains the estimate and stays within [-1, 1] for panels of a dozen candidates or more', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 12, maxLength: 40 }), fc.nat(), (units, seed) => {
        const { alpha, interval } = alphaEstimate(units, { seed, resamples: 200 });
        fc.pre(!Number.isNaN(alpha) && interval !== null);
        expect(interval!.low).toBeLessThanOrEqual(alpha + 1e-12);
        expect(interval!.high).toBeGreaterThanOrEqual(alpha - 1e-12);
        expect(interval!.low).toBeGreaterThanOrEqual(-1);
        expect(interval!.high).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the seeded draws behind the bootstrap', () => {
  it('repeat from the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it.each([
    [1, 0],
    [3, Math.log(2)],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [101, 363.73937555556347],
  ])('log Γ(%s) = %s', (x, expected) => expect(logGamma(x)).toBeCloseTo(expected, 10));

  it.each([0.7, 4, 12, 60, 5000])('Poisson draws with mean %s have that mean and variance', (mean) => {
    const random = seededRandom(3);
    const n = 20_000;
    const xs = Array.from({ length: n }, () => poissonDraw(mean, random));
    const m = xs.reduce((a, b) => a + b, 0) / n;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
    // Five standard errors: a wrong sampler misses by far more; a right one with this seed never does.
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
    expect(Math.abs(v / mean - 1)).toBeLessThan(0.05);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });
});
