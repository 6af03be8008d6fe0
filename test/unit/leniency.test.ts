import { describe, expect, it } from 'vitest';
import {
  addUnitDeviations,
  deviationColumns,
  deviationStats,
  deviations,
  leniency,
  leniencyOfStats,
  MIN_COMPARED_RATINGS,
  MIN_PRIOR_WEIGHT,
  shrink,
  type DeviationStats,
  type UnitRating,
} from '../../core/rules/science/leniency';

describe('shrinking leniency toward zero', () => {
  it.each([
    { n: 1, k: 10, raw: 1, expected: 1 / 11 },
    { n: 3, k: 5, raw: 0.8, expected: 0.3 },
    { n: 10, k: 10, raw: -0.6, expected: -0.3 },
    { n: 10_000, k: 10, raw: 0.5, expected: 0.5 * (10_000 / 10_010) },
    { n: 0, k: 10, raw: 1, expected: 0 },
    { n: 50, k: Number.POSITIVE_INFINITY, raw: 1, expected: 0 },
  ])('raw $raw over $n ratings with a prior worth $k → $expected', ({ n, k, raw, expected }) => {
    expect(shrink(raw, n, k)).toBeCloseTo(expected, 12);
  });

  it('tends to 0 for one rating and to the raw mean for many', () => {
    const k = MIN_PRIOR_WEIGHT;
    expect(Math.abs(shrink(1, 1, k))).toBeLessThanOrEqual(1 / (1 + MIN_PRIOR_WEIGHT));
    const weights = [1, 3, 10, 30, 100, 1000, 100_000].map((n) => shrink(1, n, k));
    for (let i = 1; i < weights.length; i++) expect(weights[i]).toBeGreaterThan(weights[i - 1]!);
    expect(weights.at(-1)).toBeGreaterThan(0.9999);
  });
});

/** A panel: `ratings` maps rater → rating, for one unit. */
const panel = (unit: string, ratings: Record<string, number>): UnitRating[] => Object.entries(ratings).map(([rater, rating]) => ({ unit, rater, rating }));

describe('leniency against co-panelists', () => {
  it("measures each rating against the mean of the others' in its unit", () => {
    const d = deviations([...panel('u1', { a: 4, b: 2, c: 3 }), ...panel('u2', { a: 3, b: 3 }), ...panel('u3', { c: 1 })]);
    expect(d.get('a')).toEqual([1.5, 0]);
    expect(d.get('b')).toEqual([-1.5, 0]);
    expect(d.get('c')).toEqual([0]);
  });

  // Forty units where "gen" rates one point above two steady co-panelists, plus one where "once" rated a
  // point above: the same raw leniency, very different evidence.
  const ratings: UnitRating[] = [];
  for (let i = 0; i < 40; i++) ratings.push(...panel(`u${i}`, { gen: (i % 3) + 2, p: (i % 3) + 1, q: (i % 3) + 1 + (i % 2) * (i % 5 === 0 ? 1 : 0) }));
  ratings.push(...panel('single', { once: 4, p: 3 }));
  const { raters, model } = leniency(ratings);
  const of = (id: string) => raters.find((r) => r.rater === id)!;

  it('keeps most of a lenient interviewer with many ratings, and labels them', () => {
    expect(of('gen').n).toBe(40);
    expect(of('gen').raw).toBeGreaterThan(0.9);
    expect(of('gen').shrunk).toBeGreaterThan(0.8 * of('gen').raw);
    expect(of('gen').label).toBe('lenient');
    expect(of('gen').low).toBeGreaterThan(0);
  });

  it('pulls a single rating nearly all the way to zero and says there are too few', () => {
    expect(of('once').raw).toBe(1);
    expect(of('once').shrunk).toBeLessThanOrEqual(1 / (1 + MIN_PRIOR_WEIGHT));
    expect(of('once').label).toBe('too-few');
    expect(of('once').n).toBeLessThan(MIN_COMPARED_RATINGS);
  });

  it('labels severe co-panelists and reports the model', () => {
    expect(of('p').shrunk).toBeLessThan(0);
    expect(model.tau2).toBeGreaterThan(0);
    expect(model.priorWeight).toBeGreaterThanOrEqual(MIN_PRIOR_WEIGHT);
  });

  it('shrinks everyone to zero when interviewers do not measurably differ', () => {
    const noise: UnitRating[] = [];
    for (let i = 0; i < 30; i++) noise.push(...panel(`n${i}`, { a: 2 + (i % 2), b: 3 - (i % 2), c: 2 + ((i >> 1) % 2) }));
    const result = leniency(noise);
    expect(result.model.tau2).toBe(0);
    for (const r of result.raters) {
      expect(r.shrunk).toBe(0);
      expect(r.label).toBe('in-line');
    }
  });

  it('has nothing to say without a shared unit', () => {
    expect(leniency([...panel('x', { a: 4 }), ...panel('y', { b: 1 })]).raters).toEqual([]);
  });
});

describe('leniency from running sums (how the report adds up ~300,000 ratings)', () => {
  it('equals leniency from the ratings themselves', () => {
    const units: Record<string, Record<string, number>> = {
      u1: { a: 4, b: 2, c: 3 },
      u2: { a: 3, b: 3 },
      u3: { a: 4, c: 2 },
      u4: { b: 1, c: 2, d: 4 },
      u5: { d: 3 },
    };
    for (let i = 0; i < 12; i++) units[`x${i}`] = { a: 1 + (i % 4), b: 1 + ((i + 1) % 4), d: 1 + ((i * 3) % 4) };
    const ratings = Object.entries(units).flatMap(([unit, r]) => panel(unit, r));
    const raters = ['a', 'b', 'c', 'd'];
    const columns = deviationColumns(raters.length + 1);
    for (const r of Object.values(units)) addUnitDeviations(columns, Object.keys(r).map((name) => raters.indexOf(name)), Object.values(r));
    // The same units again in one pair of columns, each unit a range of them.
    const ranged = deviationColumns(raters.length + 1);
    const flat = Object.values(units).map((r) => ({ who: Object.keys(r).map((name) => raters.indexOf(name)), ratings: Object.values(r) }));
    const who = flat.flatMap((u) => u.who);
    const all = flat.flatMap((u) => u.ratings);
    let at = 0;
    for (const u of flat) addUnitDeviations(ranged, who, all, at, (at += u.ratings.length));
    expect(ranged).toEqual(columns);
    const sums: Map<string, DeviationStats> = deviationStats(columns, (r) => raters[r]!);
    expect([...sums.keys()].sort()).toEqual(raters);
    const direct = leniency(ratings);
    const summed = leniencyOfStats(sums);
    expect(summed.model.sigma2).toBeCloseTo(direct.model.sigma2, 12);
    expect(summed.model.tau2).toBeCloseTo(direct.model.tau2, 12);
    expect(summed.raters.map((r) => [r.rater, r.n, r.label])).toEqual(direct.raters.map((r) => [r.rater, r.n, r.label]));
    summed.raters.forEach((r, i) => {
      expect(r.raw).toBeCloseTo(direct.raters[i]!.raw, 12);
      expect(r.shrunk).toBeCloseTo(direct.raters[i]!.shrunk, 12);
    });
  });
});
