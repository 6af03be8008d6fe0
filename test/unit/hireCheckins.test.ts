import { describe, expect, it } from 'vitest';
import { checkinDueAt, checkinIssues, checkinOpen, checkinState, type CheckinKind, type CheckinState } from '../../core/rules/hireCheckins';

const HIRED = '2025-01-10T12:00:00.000Z';

describe('checkinDueAt', () => {
  it.each<[string, string, CheckinKind, string | null]>([
    ['90 days after the hire', HIRED, 'day90', '2025-04-10T12:00:00.000Z'],
    ['365 days after the hire', HIRED, 'year1', '2026-01-10T12:00:00.000Z'],
    ['an offset comes back in UTC', '2025-01-10T13:00:00+01:00', 'day90', '2025-04-10T12:00:00.000Z'],
    ['a leap year has 366 days: 365 days on is the day before', '2024-01-10T00:00:00.000Z', 'year1', '2025-01-09T00:00:00.000Z'],
    ['unreadable', 'soon', 'day90', null],
  ])('%s', (_name, hiredAt, kind, want) => {
    expect(checkinDueAt(hiredAt, kind)).toBe(want);
  });
});

describe('checkinState', () => {
  it.each<[string, CheckinKind, string, boolean, CheckinState]>([
    ['the day after the hire: upcoming', 'day90', '2025-01-11T00:00:00.000Z', false, 'upcoming'],
    ['15 days before the date: still upcoming', 'day90', '2025-03-26T11:59:59.000Z', false, 'upcoming'],
    ['14 days before the date: due (it opens)', 'day90', '2025-03-27T12:00:00.000Z', false, 'due'],
    ['on the date: due', 'day90', '2025-04-10T12:00:00.000Z', false, 'due'],
    ['29 days after: still due', 'day90', '2025-05-09T12:00:00.000Z', false, 'due'],
    ['30 days after: overdue', 'day90', '2025-05-10T12:00:00.000Z', false, 'overdue'],
    ['recorded: done, whatever the date', 'day90', '2025-01-11T00:00:00.000Z', true, 'done'],
    ['the 1-year check-in at 90 days: upcoming', 'year1', '2025-04-10T12:00:00.000Z', false, 'upcoming'],
    ['the 1-year check-in a week before: due', 'year1', '2026-01-03T12:00:00.000Z', false, 'due'],
    ['an unreadable now: upcoming, never a false reminder', 'day90', 'later', false, 'upcoming'],
  ])('%s', (_name, kind, now, done, want) => {
    expect(checkinState({ hiredAt: HIRED, kind, now, done })).toBe(want);
  });

  it('can be recorded when due or overdue only', () => {
    expect((['upcoming', 'due', 'overdue', 'done'] as const).filter(checkinOpen)).toEqual(['due', 'overdue']);
  });
});

describe('checkinIssues', () => {
  const P = ['p1', 'p2'];
  it.each<[string, { principleId: string; rating: number | null }[], string[]]>([
    ['every principle rated', [{ principleId: 'p1', rating: 3 }, { principleId: 'p2', rating: 4 }], []],
    ['one not observed is fine', [{ principleId: 'p1', rating: null }, { principleId: 'p2', rating: 2 }], []],
    ['a principle missing', [{ principleId: 'p1', rating: 3 }], ['ratings']],
    ['a principle the loop did not assess', [{ principleId: 'p1', rating: 3 }, { principleId: 'p2', rating: 3 }, { principleId: 'x', rating: 1 }], ['ratings.x.principleId']],
    ['a principle twice', [{ principleId: 'p1', rating: 3 }, { principleId: 'p1', rating: 2 }, { principleId: 'p2', rating: 1 }], ['ratings.p1.principleId']],
    ['nothing rated at all', [{ principleId: 'p1', rating: null }, { principleId: 'p2', rating: null }], ['ratings']],
    ['an empty list', [], ['ratings']],
  ])('%s', (_name, ratings, paths) => {
    expect(checkinIssues(ratings, P).map((i) => i.path)).toEqual(paths);
  });
});
