import { describe, expect, it } from 'vitest';
import type { LoopStatus } from '../../core/api/contract/loops';
import { feedbackDueAt, feedbackState, interviewEndsAt, isLate, type FeedbackState } from '../../core/rules/feedbackDue';

const START = '2025-03-10T09:00:00.000Z';

describe('feedbackDueAt', () => {
  it.each<[string, string | null, number, number, string | null]>([
    ['unscheduled', null, 60, 24, null],
    ['not a timestamp', 'next tuesday', 60, 24, null],
    ['an hour-long interview, due a day later', START, 60, 24, '2025-03-11T10:00:00.000Z'],
    ['a 45-minute interview, due in 2 hours', START, 45, 2, '2025-03-10T11:45:00.000Z'],
    ['an offset start comes back in UTC', '2025-03-10T10:00:00+01:00', 60, 24, '2025-03-11T10:00:00.000Z'],
    ['crosses a month end', '2025-03-31T23:30:00.000Z', 60, 24, '2025-04-02T00:30:00.000Z'],
    ['zero hours: due when the interview ends', START, 30, 0, '2025-03-10T09:30:00.000Z'],
    ['negative values count as zero', START, -30, -5, START],
    ['a non-finite value counts as zero', START, Number.NaN, 1, '2025-03-10T10:00:00.000Z'],
  ])('%s', (_name, startsAt, minutes, hours, want) => {
    expect(feedbackDueAt(startsAt, minutes, hours)).toBe(want);
  });
});

describe('interviewEndsAt', () => {
  it('is the start plus the duration', () => {
    expect(interviewEndsAt(START, 90)).toBe('2025-03-10T10:30:00.000Z');
    expect(interviewEndsAt(null, 90)).toBeNull();
  });
});

describe('feedbackState', () => {
  // Interview 09:00–10:00, due 24 hours after it ends.
  const DUE = '2025-03-11T10:00:00.000Z';

  it.each<[string, boolean, string | null, string, number, FeedbackState]>([
    ['submitted before the interview (imported data)', true, DUE, '2025-03-01T00:00:00.000Z', 24, 'submitted'],
    ['submitted long after the due time', true, DUE, '2025-04-01T00:00:00.000Z', 24, 'submitted'],
    ['unscheduled', false, null, '2025-03-10T09:00:00.000Z', 24, 'owed'],
    ['before the interview starts', false, DUE, '2025-03-09T12:00:00.000Z', 24, 'not-due-yet'],
    ['during the interview', false, DUE, '2025-03-10T09:59:59.000Z', 24, 'not-due-yet'],
    ['the moment the interview ends', false, DUE, '2025-03-10T10:00:00.000Z', 24, 'owed'],
    ['between the end and the due time', false, DUE, '2025-03-11T09:59:59.999Z', 24, 'owed'],
    ['at the due time', false, DUE, DUE, 24, 'overdue'],
    ['after the due time', false, DUE, '2025-03-15T00:00:00.000Z', 24, 'overdue'],
    ['now with an offset, after the due time', false, DUE, '2025-03-11T10:30:00+00:15', 24, 'overdue'],
    ['now with an offset, before the due time', false, DUE, '2025-03-11T11:30:00+02:00', 24, 'owed'],
    ['zero due hours: overdue as soon as it ends', false, '2025-03-10T10:00:00.000Z', '2025-03-10T10:00:00.000Z', 0, 'overdue'],
    ['a longer due time moves the end back', false, DUE, '2025-03-10T10:30:00.000Z', 48, 'owed'],
    ['an unreadable due time counts as owed', false, 'soon', '2025-03-10T10:30:00.000Z', 24, 'owed'],
    ['an unreadable now counts as owed', false, DUE, 'later', 24, 'owed'],
  ])('%s → %s', (_name, submitted, dueAt, now, dueHours, want) => {
    expect(feedbackState({ submitted, dueAt, now, dueHours, loopStatus: 'interviewing' })).toBe(want);
  });

  it.each<[string, LoopStatus, boolean, string | null, string, FeedbackState]>([
    ['decided, was overdue', 'decided', false, DUE, '2025-03-15T00:00:00.000Z', 'not-needed'],
    ['decided, unscheduled', 'decided', false, null, '2025-03-15T00:00:00.000Z', 'not-needed'],
    ['closed, was owed', 'closed', false, DUE, '2025-03-11T09:00:00.000Z', 'not-needed'],
    ['cancelled before the interview', 'cancelled', false, DUE, '2025-03-09T12:00:00.000Z', 'not-needed'],
    ['decided, submitted stays submitted', 'decided', true, DUE, '2025-03-15T00:00:00.000Z', 'submitted'],
    ['debrief, still overdue', 'debrief', false, DUE, '2025-03-15T00:00:00.000Z', 'overdue'],
    ['planned, still on the clock', 'planned', false, DUE, '2025-03-11T09:00:00.000Z', 'owed'],
  ])('%s', (_name, loopStatus, submitted, dueAt, now, want) => {
    expect(feedbackState({ submitted, dueAt, now, dueHours: 24, loopStatus })).toBe(want);
  });

  it('agrees with feedbackDueAt', () => {
    const dueAt = feedbackDueAt(START, 60, 24);
    expect(feedbackState({ submitted: false, dueAt, now: '2025-03-10T09:30:00.000Z', dueHours: 24, loopStatus: 'interviewing' })).toBe('not-due-yet');
    expect(feedbackState({ submitted: false, dueAt, now: '2025-03-10T10:30:00.000Z', dueHours: 24, loopStatus: 'interviewing' })).toBe('owed');
    expect(feedbackState({ submitted: false, dueAt, now: '2025-03-11T10:30:00.000Z', dueHours: 24, loopStatus: 'interviewing' })).toBe('overdue');
  });
});

describe('isLate', () => {
  it.each<[string, string | null, number, boolean]>([
    ['2025-03-11T10:00:00.000Z', '2025-03-10T10:00:00.000Z', 24, false],
    ['2025-03-11T10:00:00.001Z', '2025-03-10T10:00:00.000Z', 24, true],
    ['2025-03-11T10:00:00.001Z', null, 24, false],
    ['garbage', '2025-03-10T10:00:00.000Z', 24, false],
  ])('%s after an interview ending %s (%d h) → %s', (at, ended, hours, want) => {
    expect(isLate(at, ended, hours)).toBe(want);
  });
});
