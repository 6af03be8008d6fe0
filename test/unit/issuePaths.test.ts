import { describe, expect, it } from 'vitest';
import { issuePath } from '../../core/api/contract/issues';

const P = '01a22a2b-6fc5-7733-b8c3-1fca7ab4c5f8';

describe('issuePath: one scheme for every field issue', () => {
  it.each([
    { path: ['name'], input: { name: '' }, expected: 'name' },
    { path: ['anchors', 2], input: { anchors: ['a', 'b', ''] }, expected: 'anchors.2' },
    { path: ['ratings', 0, 'evidence', 'action'], input: { ratings: [{ principleId: P }] }, expected: `ratings.${P}.evidence.action` },
    { path: ['ratings', 1], input: { ratings: [{ principleId: 'x' }, { principleId: P }] }, expected: `ratings.${P}` },
    // An item whose key is not a well-formed id keeps its position: a key could be long or hold dots.
    { path: ['ratings', 0, 'principleId'], input: { ratings: [{ principleId: 'a.b' }] }, expected: 'ratings.0.principleId' },
    { path: ['ratings', 0], input: { ratings: ['not an object'] }, expected: 'ratings.0' },
    { path: ['ratings', 3], input: { ratings: [] }, expected: 'ratings.3' },
    // Only the lists the contract names are keyed: another list of objects with a principleId keeps positions.
    { path: ['slots', 0, 'title'], input: { slots: [{ principleId: P }] }, expected: 'slots.0.title' },
  ])('$expected', ({ path, input, expected }) => {
    expect(issuePath(path, input)).toBe(expected);
  });
});
