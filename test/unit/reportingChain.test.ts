import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInChain, managersOf, reportsOf } from '../../core/rules/reportingChain';
import type { PlanMember } from '../../core/rules/planTypes';
import { member } from './planFixtures';

/**
 *   top
 *   └── a1
 *       ├── a2
 *       │   └── hm
 *       │       └── b1 ── b2 ── b3
 *       └── s1 ── s2 ── s3      (a sibling branch)
 *   solo                         (no manager, no reports)
 */
const TREE: PlanMember[] = [
  member('top'),
  member('a1', { managerId: 'top' }),
  member('a2', { managerId: 'a1' }),
  member('hm', { managerId: 'a2' }),
  member('b1', { managerId: 'hm' }),
  member('b2', { managerId: 'b1' }),
  member('b3', { managerId: 'b2' }),
  member('s1', { managerId: 'a1' }),
  member('s2', { managerId: 's1' }),
  member('s3', { managerId: 's2' }),
  member('solo'),
];

/** x → y → z → x, and w reports into the cycle. */
const CYCLE: PlanMember[] = [
  member('x', { managerId: 'z' }),
  member('y', { managerId: 'x' }),
  member('z', { managerId: 'y' }),
  member('w', { managerId: 'x' }),
  member('self', { managerId: 'self' }),
];

describe('managersOf', () => {
  it.each([
    ['hm', ['a2', 'a1', 'top']],
    ['b3', ['b2', 'b1', 'hm', 'a2', 'a1', 'top']],
    ['s3', ['s2', 's1', 'a1', 'top']],
    ['top', []],
    ['solo', []],
    ['nobody', []],
  ])('%s → %j (direct manager first)', (id, expected) => {
    expect(managersOf(id, TREE)).toEqual(expected);
  });

  it.each([
    ['x', ['z', 'y']],
    ['y', ['x', 'z']],
    ['w', ['x', 'z', 'y']],
    ['self', []],
  ])('stops at a cycle: %s → %j', (id, expected) => {
    expect(managersOf(id, CYCLE)).toEqual(expected);
  });

  it('names a manager who is not in the list, then stops', () => {
    expect(managersOf('a', [member('a', { managerId: 'ghost' })])).toEqual(['ghost']);
  });
});

describe('reportsOf', () => {
  it.each([
    ['hm', ['b1', 'b2', 'b3']],
    ['a1', ['a2', 'b1', 'b2', 'b3', 'hm', 's1', 's2', 's3']],
    ['top', ['a1', 'a2', 'b1', 'b2', 'b3', 'hm', 's1', 's2', 's3']],
    ['b3', []],
    ['solo', []],
    ['nobody', []],
  ])('%s → %j', (id, expected) => {
    expect([...reportsOf(id, TREE)].sort()).toEqual(expected);
  });

  it.each([
    ['x', ['w', 'y', 'z']],
    ['w', []],
    ['self', []],
  ])('stops at a cycle and never lists the person themselves: %s → %j', (id, expected) => {
    expect([...reportsOf(id, CYCLE)].sort()).toEqual(expected);
  });
});

describe('isInChain', () => {
  it.each([
    ['hm', 'top', true, 'three levels above'],
    ['hm', 'a2', true, 'direct manager'],
    ['hm', 'b1', true, 'direct report'],
    ['hm', 'b3', true, 'three levels below'],
    ['hm', 's1', false, 'sibling branch'],
    ['hm', 's3', false, 'deep in a sibling branch'],
    ['b3', 's3', false, 'cousins'],
    ['hm', 'solo', false, 'unconnected'],
    ['hm', 'hm', false, 'the same person'],
    ['hm', 'nobody', false, 'unknown id'],
    ['x', 'y', true, 'inside a cycle'],
    ['w', 'y', true, 'above, through a cycle'],
    ['self', 'x', false, 'self-managed, unconnected'],
  ])('%s / %s → %s (%s)', (a, b, expected) => {
    expect(isInChain(a, b, [...TREE, ...CYCLE])).toBe(expected);
    expect(isInChain(b, a, [...TREE, ...CYCLE])).toBe(expected);
  });

  it('terminates on a long cycle', () => {
    const ring = Array.from({ length: 500 }, (_, i) => member(`r${i}`, { managerId: `r${(i + 1) % 500}` }));
    expect(managersOf('r0', ring)).toHaveLength(499);
    expect(reportsOf('r0', ring).size).toBe(499);
    expect(isInChain('r0', 'r250', ring)).toBe(true);
  });

  it('agrees with reportsOf and managersOf on random (possibly cyclic) graphs', () => {
    const graph = fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc.array(fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }), { minLength: n, maxLength: n }),
    );
    fc.assert(
      fc.property(graph, fc.nat(), fc.nat(), (managers, i, j) => {
        const members = managers.map((m, k) => member(`n${k}`, { managerId: m === null ? null : `n${m}` }));
        const a = `n${i % members.length}`;
        const b = `n${j % members.length}`;
        const expected = a !== b && (managersOf(a, members).includes(b) || reportsOf(a, members).has(b));
        expect(isInChain(a, b, members)).toBe(expected);
        expect(reportsOf(a, members).has(b)).toBe(a !== b && managersOf(b, members).includes(a));
      }),
      { numRuns: 300 },
    );
  });
});
