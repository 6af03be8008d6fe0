/**
 * Hybrid logical clocks (as Actual Budget uses them): wall time, a counter for events within one millisecond
 * (or while the wall clock lags), and the device, written so that comparing the strings compares the clocks:
 * `2026-01-05T10:00:00.000Z-0001-<deviceId>`. The device id breaks ties between devices.
 */
export interface Hlc {
  millis: number;
  counter: number;
  device: string;
}

/** A remote clock ahead of ours by more than this is accepted, but ours does not follow it further. */
export const MAX_DRIFT_MS = 5 * 60_000;
const MAX_COUNTER = 0xffff;

export function formatHlc(h: Hlc): string {
  return `${new Date(h.millis).toISOString()}-${h.counter.toString(16).padStart(4, '0')}-${h.device}`;
}

export function parseHlc(text: string): Hlc {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-(.+)$/.exec(text);
  const millis = match ? Date.parse(match[1] ?? '') : NaN;
  if (!match || Number.isNaN(millis)) throw new Error(`Not a hybrid logical clock: ${text.slice(0, 80)}`);
  return { millis, counter: parseInt(match[2] ?? '0', 16), device: match[3] ?? '' };
}

/** The counter wraps into the next millisecond rather than growing a fifth digit (which would break sorting). */
function normalise(h: Hlc): Hlc {
  return h.counter > MAX_COUNTER ? { ...h, millis: h.millis + 1, counter: 0 } : h;
}

/** The clock of a local event at wall time `now`: never behind the last one. */
export function tick(last: Hlc | null, now: number, device: string): Hlc {
  if (!last || now > last.millis) return { millis: now, counter: 0, device };
  return normalise({ millis: last.millis, counter: last.counter + 1, device });
}

export interface Received {
  clock: Hlc;
  /** How far the remote clock is ahead of our wall time (negative: behind). */
  skewMs: number;
  /** The remote clock is further ahead than MAX_DRIFT_MS: accepted, but worth a warning. */
  skewed: boolean;
}

/**
 * Our clock after seeing a remote one. A remote change is never refused for its clock (Actual once did, and
 * its users were stuck); our own clock follows it at most MAX_DRIFT_MS past our wall time.
 */
export function receive(last: Hlc | null, remote: Hlc, now: number, device: string): Received {
  const skewMs = remote.millis - now;
  const remoteMillis = Math.min(remote.millis, now + MAX_DRIFT_MS);
  const lastMillis = last?.millis ?? -Infinity;
  const millis = Math.max(lastMillis, remoteMillis, now);
  const fromLast = millis === lastMillis ? (last?.counter ?? 0) + 1 : 0;
  const fromRemote = millis === remote.millis ? remote.counter + 1 : 0;
  const counter = millis === lastMillis || millis === remote.millis ? Math.max(fromLast, fromRemote) : 0;
  return { clock: normalise({ millis, counter, device }), skewMs, skewed: skewMs > MAX_DRIFT_MS };
}

/**
 * A clock of `device` just after `above`: a local write that overwrites a field whose clock is ahead of ours
 * (only after a remote clock beyond the drift cap) takes this, so an edit made after seeing a value wins over it.
 */
export function after(above: Hlc, device: string): Hlc {
  return normalise({ millis: above.millis, counter: above.counter + 1, device });
}
