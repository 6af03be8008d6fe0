import { describe, expect, it } from 'vitest';
import { comparePractice, sideOf, type PracticeAnswers } from '../../core/rules/training/practiceComparison';
import type { Rating, Vote } from '../../core/rules/feedbackTypes';

const A = 'principle-a';
const B = 'principle-b';
const answers: PracticeAnswers = {
  writer: { ratings: [{ principleId: A, rating: 3 }, { principleId: B, rating: null }], vote: 'inclined' },
  panel: [
    { ratings: [{ principleId: A, rating: 2 }], vote: 'not_inclined' },
    { ratings: [{ principleId: B, rating: 4 }, { principleId: A, rating: null }], vote: 'strong_hire' },
  ],
  decision: 'no_hire',
};

describe('sideOf', () => {
  it.each<[Vote, string]>([
    ['strong_hire', 'hire'],
    ['inclined', 'hire'],
    ['not_inclined', 'no_hire'],
    ['strong_no_hire', 'no_hire'],
  ])('%s leans %s', (vote, side) => expect(sideOf(vote)).toBe(side));
});

describe('comparePractice', () => {
  it.each<[string, Rating, Rating, Vote, { gapA: number; withinOne: number; sameSideAsWriter: boolean; sameSideAsDecision: boolean }]>([
    ['agrees with the writer, not the decision', 3, 1, 'inclined', { gapA: 0, withinOne: 1, sameSideAsWriter: true, sameSideAsDecision: false }],
    ['one point harsher still counts as close', 2, 4, 'not_inclined', { gapA: -1, withinOne: 1, sameSideAsWriter: false, sameSideAsDecision: true }],
    ['two points more generous is not close', 1, 2, 'strong_no_hire', { gapA: -2, withinOne: 0, sameSideAsWriter: false, sameSideAsDecision: true }],
    ['the top of the scale against a 3', 4, 4, 'strong_hire', { gapA: 1, withinOne: 1, sameSideAsWriter: true, sameSideAsDecision: false }],
  ])('%s', (_name, ratingA, ratingB, vote, expected) => {
    const c = comparePractice({ ratings: [{ principleId: A, rating: ratingA }, { principleId: B, rating: ratingB }], vote }, answers);
    expect(c.principles[0]).toEqual({ principleId: A, mine: ratingA, writer: 3, panel: [2], gap: expected.gapA });
    // The writer did not rate B: no gap, and it does not count among the comparable principles.
    expect(c.principles[1]).toEqual({ principleId: B, mine: ratingB, writer: null, panel: [4], gap: null });
    expect({ withinOne: c.withinOne, comparable: c.comparable }).toEqual({ withinOne: expected.withinOne, comparable: 1 });
    expect(c.vote).toEqual({
      mine: vote,
      writer: 'inclined',
      panel: ['not_inclined', 'strong_hire'],
      sameSideAsWriter: expected.sameSideAsWriter,
      sameSideAsDecision: expected.sameSideAsDecision,
    });
    expect(c.decision).toBe('no_hire');
  });

  it('a written practice has no panel and no decision to compare with', () => {
    const c = comparePractice({ ratings: [{ principleId: A, rating: 2 }], vote: 'inclined' }, { writer: answers.writer, panel: [], decision: null });
    expect(c.vote.sameSideAsDecision).toBeNull();
    expect(c.principles[0]?.panel).toEqual([]);
  });
});
