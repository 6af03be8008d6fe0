import { describe, expect, it } from 'vitest';
import type { OwedFeedback } from '../../core/api/contract/feedback';
import { createOverdueNotifier } from '../../electron/overdueNotifier';

const item = (loopId: string, state: OwedFeedback['state']): OwedFeedback => ({
  loopId,
  slotId: `${loopId}-slot`,
  slotTitle: 'Ownership',
  candidateName: `Candidate ${loopId}`,
  roleTitle: 'Engineer',
  dueAt: null,
  state,
  training: false,
});

describe('overdue notifier', () => {
  it('announces each item once, when it becomes overdue', () => {
    let owed = [item('a', 'owed'), item('b', 'not-due-yet')];
    const shown: string[] = [];
    const notifier = createOverdueNotifier({ owed: () => owed, notify: (_t, body) => shown.push(body) });
    expect(notifier.check()).toBe(0);
    owed = [item('a', 'overdue'), item('b', 'owed')];
    expect(notifier.check()).toBe(1);
    expect(notifier.check()).toBe(0);
    owed = [item('a', 'overdue'), item('b', 'overdue')];
    expect(notifier.check()).toBe(1);
    expect(shown).toEqual([
      'Your feedback on Candidate a (Ownership, Engineer) is overdue.',
      'Your feedback on Candidate b (Ownership, Engineer) is overdue.',
    ]);
  });
});
