import { describe, expect, it } from 'vitest';
import { DEBRIEF_FLAG_ORDER, debriefFlags, type DebriefFlagsInput } from '../../core/rules/debriefFlags';
import type { DebriefFlag, FeedbackSummaryForFlags, Rating } from '../../core/rules/feedbackTypes';

const ENDED = '2025-03-10T10:00:00.000Z';

function fb(authorId: string, ratings: Record<string, Rating | null> = {}, patch: Partial<FeedbackSummaryForFlags> = {}): FeedbackSummaryForFlags {
  return {
    authorId,
    vote: 'inclined',
    ratings: Object.entries(ratings).map(([principleId, rating]) => ({ principleId, rating })),
    submittedAt: '2025-03-10T15:00:00.000Z',
    interviewEndedAt: ENDED,
    sawOthersBeforeSubmitting: false,
    ...patch,
  };
}

function input(feedback: FeedbackSummaryForFlags[], patch: Partial<DebriefFlagsInput> = {}): DebriefFlagsInput {
  return { feedback, focusPrincipleIds: [], dueHours: 24, ...patch };
}

/** Compact form: "kind:principleId|authorId". */
const brief = (flags: readonly DebriefFlag[]): string[] => flags.map((f) => `${f.flag}:${f.principleId ?? f.authorId ?? ''}`);

interface Case {
  name: string;
  input: DebriefFlagsInput;
  flags: readonly string[];
}

const CASES: Case[] = [
  { name: 'no feedback, no focus principles', input: input([]), flags: [] },
  { name: 'agreeing, on-time, independent feedback', input: input([fb('a', { p1: 3 }), fb('b', { p1: 4 })], { focusPrincipleIds: ['p1'] }), flags: [] },
  { name: 'one strong no hire', input: input([fb('a'), fb('b', {}, { vote: 'strong_no_hire' })]), flags: ['strong-no-hire:b'] },
  { name: 'two strong no hires, in feedback order', input: input([fb('b', {}, { vote: 'strong_no_hire' }), fb('a', {}, { vote: 'strong_no_hire' })]), flags: ['strong-no-hire:b', 'strong-no-hire:a'] },
  { name: 'one flag per author', input: input([fb('a', {}, { vote: 'strong_no_hire' }), fb('a', {}, { vote: 'strong_no_hire' })]), flags: ['strong-no-hire:a'] },
  { name: 'not inclined is not flagged', input: input([fb('a', {}, { vote: 'not_inclined' })]), flags: [] },
  { name: 'ratings 2 apart', input: input([fb('a', { p1: 2 }), fb('b', { p1: 4 })]), flags: ['rating-spread:p1'] },
  { name: 'ratings 1 apart', input: input([fb('a', { p1: 3 }), fb('b', { p1: 4 }), fb('c', { p1: 3 })]), flags: [] },
  { name: 'spread ignores unrated (null) ratings', input: input([fb('a', { p1: 1 }), fb('b', { p1: null }), fb('c', { p1: 2 })]), flags: [] },
  { name: 'spread across three interviewers', input: input([fb('a', { p1: 1 }), fb('b', { p1: null }), fb('c', { p1: 3 })]), flags: ['rating-spread:p1'] },
  { name: 'a single rating has no spread', input: input([fb('a', { p1: 1 })]), flags: [] },
  { name: 'spread in order of first appearance', input: input([fb('a', { p2: 1, p1: 1 }), fb('b', { p1: 4, p3: 2, p2: 4 })]), flags: ['rating-spread:p2', 'rating-spread:p1'] },
  { name: 'focus principle absent from all feedback', input: input([fb('a', { p1: 3 })], { focusPrincipleIds: ['p1', 'p2'] }), flags: ['focus-unrated:p2'] },
  { name: 'focus principle present but only null', input: input([fb('a', { p2: null }), fb('b', { p2: null })], { focusPrincipleIds: ['p2'] }), flags: ['focus-unrated:p2'] },
  { name: 'focus principles in the order given, once each', input: input([], { focusPrincipleIds: ['p3', 'p1', 'p3'] }), flags: ['focus-unrated:p3', 'focus-unrated:p1'] },
  { name: 'late feedback', input: input([fb('a', {}, { submittedAt: '2025-03-11T10:00:01.000Z' })]), flags: ['late-feedback:a'] },
  { name: 'exactly at the due time is not late', input: input([fb('a', {}, { submittedAt: '2025-03-11T10:00:00.000Z' })]), flags: [] },
  { name: 'late compares instants, not strings', input: input([fb('a', {}, { submittedAt: '2025-03-11T11:30:00+01:00' })]), flags: ['late-feedback:a'] },
  { name: 'a longer due time', input: input([fb('a', {}, { submittedAt: '2025-03-11T20:00:00.000Z' })], { dueHours: 48 }), flags: [] },
  { name: 'unscheduled interview is never late', input: input([fb('a', {}, { submittedAt: '2030-01-01T00:00:00.000Z', interviewEndedAt: null })]), flags: [] },
  { name: 'written after seeing others', input: input([fb('a'), fb('b', {}, { sawOthersBeforeSubmitting: true })]), flags: ['written-after-seeing-others:b'] },
  {
    name: 'every kind, in kind order',
    input: input(
      [
        fb('a', { p1: 1 }, { sawOthersBeforeSubmitting: true, submittedAt: '2025-03-12T00:00:00.000Z' }),
        fb('b', { p1: 4 }, { vote: 'strong_no_hire' }),
      ],
      { focusPrincipleIds: ['p9'] },
    ),
    flags: ['strong-no-hire:b', 'rating-spread:p1', 'focus-unrated:p9', 'late-feedback:a', 'written-after-seeing-others:a'],
  },
];

describe('debriefFlags', () => {
  it('has enough cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(CASES)('$name', ({ input: i, flags }) => {
    const got = debriefFlags(i);
    expect(brief(got)).toEqual(flags);
    for (const f of got) {
      expect(f.message).toMatch(/^[A-Z].*\.$/);
      const principleFlag = f.flag === 'rating-spread' || f.flag === 'focus-unrated';
      expect(f.principleId !== undefined).toBe(principleFlag);
      expect(f.authorId !== undefined).toBe(!principleFlag);
    }
    const kinds = got.map((f) => DEBRIEF_FLAG_ORDER.indexOf(f.flag));
    expect(kinds).toEqual([...kinds].sort((a, b) => a - b));
  });

  it('messages carry the numbers that matter', () => {
    const [spread] = debriefFlags(input([fb('a', { p1: 1 }), fb('b', { p1: 3 })]));
    expect(spread?.message).toContain('from 1 to 3');
    const [late] = debriefFlags(input([fb('a', {}, { submittedAt: '2025-03-13T00:00:00.000Z' })], { dueHours: 36 }));
    expect(late?.message).toContain('36 hours');
  });

  it('is pure: same input, same output, input untouched', () => {
    const i = input([fb('a', { p1: 1 }, { vote: 'strong_no_hire' }), fb('b', { p1: 4 })], { focusPrincipleIds: ['p2'] });
    const copy = structuredClone(i);
    expect(debriefFlags(i)).toEqual(debriefFlags(i));
    expect(i).toEqual(copy);
  });
});
