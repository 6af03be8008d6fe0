import { describe, expect, it } from 'vitest';
import { after, formatHlc, MAX_DRIFT_MS, parseHlc, receive, tick, type Hlc } from '../../core/server/sync/hlc';

const T = Date.parse('2026-01-05T10:00:00.000Z');
const h = (millis: number, counter: number, device = 'a'): Hlc => ({ millis, counter, device });

describe('hybrid logical clock', () => {
  it.each([
    ['first event', null, T, h(T, 0)],
    ['wall clock moved on', h(T, 3), T + 1, h(T + 1, 0)],
    ['same millisecond', h(T, 3), T, h(T, 4)],
    ['wall clock went back', h(T, 3), T - 5000, h(T, 4)],
    ['counter full: next millisecond', h(T, 0xffff), T, h(T + 1, 0)],
  ])('tick: %s', (_name, last, now, expected) => {
    expect(tick(last, now, 'a')).toEqual(expected);
  });

  it.each([
    ['remote behind: our time', h(T, 2), h(T - 1000, 9, 'b'), T + 10, h(T + 10, 0), false],
    ['remote same millisecond as us', h(T, 2), h(T, 7, 'b'), T, h(T, 8), false],
    ['remote slightly ahead: followed', null, h(T + 60_000, 4, 'b'), T, h(T + 60_000, 5), false],
    ['remote a day ahead: accepted, our clock capped', null, h(T + 86_400_000, 0, 'b'), T, h(T + MAX_DRIFT_MS, 0), true],
    ['remote a day behind: our time', null, h(T - 86_400_000, 0, 'b'), T, h(T, 0), false],
  ])('receive: %s', (_name, last, remote, now, clock, skewed) => {
    const seen = receive(last, remote, now, 'a');
    expect(seen.clock).toEqual(clock);
    expect(seen.skewed).toBe(skewed);
    expect(seen.skewMs).toBe(remote.millis - now);
  });

  it.each([
    [h(T, 0, 'a'), h(T, 1, 'a')],
    [h(T, 0xffff, 'a'), h(T + 1, 0, 'b')],
    [h(T, 5, 'a'), h(T, 5, 'b')],
    [h(T - 1, 0xffff, 'z'), h(T, 0, 'a')],
  ])('text order is clock order: %o < %o', (a, b) => {
    expect(formatHlc(a) < formatHlc(b)).toBe(true);
    expect(parseHlc(formatHlc(a))).toEqual(a);
  });

  it('after() is later than the clock it follows, whatever the device ids', () => {
    const ahead = h(T + 86_400_000, 3, 'zzz');
    expect(formatHlc(after(ahead, 'aaa')) > formatHlc(ahead)).toBe(true);
  });

  it('refuses text that is not a clock', () => {
    expect(() => parseHlc('yesterday')).toThrow('Not a hybrid logical clock');
  });
});
