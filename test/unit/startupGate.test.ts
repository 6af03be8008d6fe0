import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startupGate } from '../../core/server/startupGate';

/** Whether the gate has opened by now (its promise settled), after the microtasks queued so far. */
async function isOpen(gate: { opened: Promise<void> }): Promise<boolean> {
  let open = false;
  void gate.opened.then(() => (open = true));
  await Promise.resolve();
  await Promise.resolve();
  return open;
}

describe('the start-up gate (when the start\'s own work may begin)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const timing = { afterFirstCallMs: 3_000, atLatestMs: 30_000 };

  it.each([
    { name: 'without timing it is open at once', timing: null, calls: [], advance: 0, open: true },
    { name: 'closed before any call and before the latest time', timing, calls: [], advance: 29_999, open: false },
    { name: 'opens at the latest time when nobody calls', timing, calls: [], advance: 30_000, open: true },
    { name: 'a call starts the shorter wait', timing, calls: [0], advance: 2_999, open: false },
    { name: 'opens the shorter wait after the first call', timing, calls: [0], advance: 3_000, open: true },
    { name: 'a first call late on: the shorter wait counts from it', timing, calls: [10_000], advance: 12_999, open: false },
    { name: 'a first call late on, then its wait', timing, calls: [10_000], advance: 13_000, open: true },
    { name: 'later calls do not push it back', timing, calls: [0, 2_000, 2_900], advance: 3_000, open: true },
    { name: 'the latest time wins over a call made just before it', timing, calls: [29_000], advance: 30_000, open: true },
  ])('$name', async ({ timing: t, calls, advance, open }) => {
    const gate = startupGate(t);
    let at = 0;
    for (const call of calls) {
      vi.advanceTimersByTime(call - at);
      at = call;
      gate.noteCall();
    }
    vi.advanceTimersByTime(advance - at);
    expect(await isOpen(gate)).toBe(open);
  });

  it('never opens once closed, and leaves no timer behind', async () => {
    const gate = startupGate(timing);
    gate.noteCall();
    gate.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(await isOpen(gate)).toBe(false);
  });

  it('opens at once when work that must follow it is asked for, and stays closed after a close', async () => {
    const asked = startupGate(timing);
    asked.openNow();
    expect(await isOpen(asked)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    const closed = startupGate(timing);
    closed.close();
    closed.openNow();
    expect(await isOpen(closed)).toBe(false);
  });

  it('clears its other timer once open', () => {
    const gate = startupGate(timing);
    gate.noteCall();
    vi.advanceTimersByTime(3_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
