import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, MIN_CORRELATION_PAIRS, spearman } from '../../core/rules/science/rankCorrelation';

const zip = (xs: number[], ys: number[]) => xs.map((x, i) => [x, ys[i]!] as const);

describe("Spearman's rank correlation", () => {
  it('gives ties the average of the ranks they span', () => {
    expect(averageRanks([1, 2, 2, 3, 4, 4, 4, 1, 3, 2, 3, 1])).toEqual([2, 5, 5, 8, 11, 11, 11, 2, 8, 5, 8, 2]);
    expect(averageRanks([3, 1, 3])).toEqual([2.5, 1, 2.5]);
  });

  // By hand: ranks x = 1, 2.5, 2.5, 4, 5 and y = 2, 1, 4.5, 3, 4.5 (means 3);
  // Σdx·dy = 5.25, Σdx² = Σdy² = 9.5, so ρ = 5.25 / 9.5; z = atanh ρ ± 1.96·√(1.06/2).
  // The twelve pairs: ranks as in the test above and y's 4.5, 1.5, 8, 8, 11, 8, 11, 1.5, 4.5, 4.5, 11, 4.5.
  it.each([
    { name: 'five pairs with ties on both sides', x: [1, 2, 2, 3, 4], y: [2, 1, 4, 3, 4], min: 4, rho: 5.25 / 9.5, low: -0.66666, high: 0.96733 },
    { name: 'twelve ratings 1–4, heavily tied', x: [1, 2, 2, 3, 4, 4, 4, 1, 3, 2, 3, 1], y: [2, 1, 3, 3, 4, 3, 4, 1, 2, 2, 4, 2], min: 10, rho: 0.759788, low: 0.312288, high: 0.931333 },
  ])('$name', ({ x, y, min, rho, low, high }) => {
    const c = spearman(zip(x, y), min);
    expect(c.status).toBe('ok');
    if (c.status !== 'ok') return;
    expect(c.rho).toBeCloseTo(rho, 5);
    expect(c.low).toBeCloseTo(low, 4);
    expect(c.high).toBeCloseTo(high, 4);
    expect(c.n).toBe(x.length);
  });

  it('says "not enough data" below the minimum, and counts what there is', () => {
    const pairs = zip([1, 2, 3, 4, 1, 2, 3, 4, 2], [1, 2, 3, 4, 2, 2, 3, 3, 1]);
    expect(pairs.length).toBe(MIN_CORRELATION_PAIRS - 1);
    expect(spearman(pairs)).toEqual({ status: 'not-enough-data', n: 9, minimum: MIN_CORRELATION_PAIRS });
    expect(spearman([...pairs, [4, 4]]).status).toBe('ok');
  });

  it('says when one side never varies', () => {
    expect(spearman(zip([1, 2, 3, 4, 1, 2, 3, 4, 2, 3], new Array(10).fill(3)))).toEqual({ status: 'no-variation', n: 10 });
  });

  it('is 1 with a degenerate interval for a perfect monotone relation', () => {
    const c = spearman(zip([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]));
    expect(c).toMatchObject({ status: 'ok', rho: 1, low: 1, high: 1 });
  });

  const pairsArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), { minLength: 10, maxLength: 60 });

  it('lies in [−1, 1] with its interval around it', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const c = spearman(pairs);
        if (c.status !== 'ok') return;
        expect(c.rho).toBeGreaterThanOrEqual(-1);
        expect(c.rho).toBeLessThanOrEqual(1);
        expect(c.low).toBeLessThanOrEqual(c.rho + 1e-12);
        expect(c.high).toBeGreaterThanOrEqual(c.rho - 1e-12);
        expect(c.low).toBeGreaterThanOrEqual(-1);
        expect(c.high).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('depends only on ranks: unchanged by an increasing transformation, negated by a decreasing one', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const c = spearman(pairs);
        const up = spearman(pairs.map(([x, y]) => [x ** 3 + 10, Math.log(y)] as const));
        const down = spearman(pairs.map(([x, y]) => [-x, y] as const));
        if (c.status !== 'ok' || up.status !== 'ok' || down.status !== 'ok') return;
        expect(up.rho).toBeCloseTo(c.rho, 10);
        expect(down.rho).toBeCloseTo(-c.rho, 10);
      }),
    );
  });
});
