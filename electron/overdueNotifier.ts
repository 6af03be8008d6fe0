import type { OwedFeedback } from '../core/api/contract/feedback';

export const OVERDUE_CHECK_INTERVAL_MS = 60_000;

/**
 * Tells the user once, in an OS notification, when feedback they owe becomes
 * overdue. Only the change is announced: a restart re-announces what is still
 * overdue, once, which is a fair reminder.
 */
export function createOverdueNotifier(deps: { owed(): OwedFeedback[]; notify(title: string, body: string): void }) {
  const announced = new Set<string>();
  return {
    check(): number {
      let shown = 0;
      for (const item of deps.owed()) {
        const key = `${item.loopId}|${item.slotId ?? ''}`;
        if (item.state !== 'overdue' || announced.has(key)) continue;
        announced.add(key);
        deps.notify('Feedback overdue', `Your feedback on ${item.candidateName} (${item.slotTitle}, ${item.roleTitle}) is overdue.`);
        shown++;
      }
      return shown;
    },
  };
}
