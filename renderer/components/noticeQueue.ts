/** Pure rules for the transient notices: how many show at once and how long each stays. */

export type NoticeKind = 'error' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

/** More than two stacked notices start to hide the screen they are about. */
export const MAX_NOTICES = 2;

/** Errors stay longer than confirmations: they usually need reading, not just glancing at. */
export function noticeLifetimeMs(kind: NoticeKind): number {
  return kind === 'error' ? 10_000 : 5_000;
}

/** Adds a notice, dropping the oldest ones beyond the limit. */
export function pushNotice(notices: readonly Notice[], notice: Notice, max = MAX_NOTICES): Notice[] {
  return [...notices, notice].slice(-max);
}

/**
 * Time left on a notice's clock after it ran from `startedAt` to `now` with `remaining` ms left;
 * used when hovering or focusing a notice pauses it so it is not pulled away mid-read.
 */
export function remainingAfter(remaining: number, startedAt: number, now: number): number {
  return Math.max(0, remaining - Math.max(0, now - startedAt));
}
