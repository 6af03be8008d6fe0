import { describe, expect, it } from 'vitest';
import { MAX_NOTICES, noticeLifetimeMs, pushNotice, remainingAfter, type Notice } from '../../renderer/components/noticeQueue';

const n = (id: number, kind: Notice['kind'] = 'info'): Notice => ({ id, kind, text: `notice ${id}` });

describe('pushNotice', () => {
  it('keeps at most two notices, dropping the oldest', () => {
    let list: Notice[] = [];
    for (const id of [1, 2, 3]) list = pushNotice(list, n(id));
    expect(MAX_NOTICES).toBe(2);
    expect(list.map((x) => x.id)).toEqual([2, 3]);
  });
  it('keeps everything while under the limit', () => {
    expect(pushNotice([n(1)], n(2, 'error')).map((x) => x.id)).toEqual([1, 2]);
  });
});

describe('noticeLifetimeMs', () => {
  it.each([
    ['info', 5_000],
    ['error', 10_000],
  ] as const)('%s lasts %i ms', (kind, ms) => {
    expect(noticeLifetimeMs(kind)).toBe(ms);
  });
});

describe('remainingAfter', () => {
  it.each([
    [5_000, 1_000, 3_000, 3_000],
    [5_000, 1_000, 9_000, 0],
    [5_000, 2_000, 1_000, 5_000],
  ])('with %i left from %i, at %i there are %i left', (remaining, startedAt, now, left) => {
    expect(remainingAfter(remaining, startedAt, now)).toBe(left);
  });
});
