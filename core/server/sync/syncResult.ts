/**
 * Reading the shared folder meets other people's files, half-synced files and tampered ones; none of that is
 * a bug here, so readers return one of these instead of throwing, and the caller decides whether to wait,
 * retry or show a problem.
 */
export type Checked<T, K extends string> = { ok: true; value: T } | { ok: false; kind: K; detail: string };

export function refused<K extends string>(kind: K, detail: string): { ok: false; kind: K; detail: string } {
  return { ok: false, kind, detail };
}
