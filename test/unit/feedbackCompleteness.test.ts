import { describe, expect, it } from 'vitest';
import { feedbackIssues, hasEvidence } from '../../core/rules/feedbackCompleteness';
import type { Evidence, FeedbackContent, PrincipleRating, Rating } from '../../core/rules/feedbackTypes';

const NO_EVIDENCE: Evidence = { situation: '', task: '', action: '', result: '' };

function rated(principleId: string, rating: Rating | null = 3, evidence: Partial<Evidence> = { action: 'I rewrote the deploy script.' }): PrincipleRating {
  return { principleId, rating, notAssessed: false, notAssessedReason: '', evidence: { ...NO_EVIDENCE, ...evidence } };
}

function notAssessed(principleId: string, reason = 'We ran out of time.'): PrincipleRating {
  return { principleId, rating: null, notAssessed: true, notAssessedReason: reason, evidence: NO_EVIDENCE };
}

function content(ratings: PrincipleRating[], patch: Partial<FeedbackContent> = {}): FeedbackContent {
  return { ratings, vote: 'inclined', raiseBar: 'yes', reasonToHire: '', reasonNotToHire: '', ...patch };
}

const ASSIGNED = ['p1', 'p2'] as const;

interface Case {
  name: string;
  content: FeedbackContent;
  assigned?: readonly string[];
  /** Expected paths, in order. */
  paths: readonly string[];
  message?: RegExp;
}

const CASES: Case[] = [
  { name: 'complete feedback', content: content([rated('p1'), rated('p2', 1)]), paths: [] },
  { name: 'no vote', content: content([rated('p1'), rated('p2')], { vote: null }), paths: ['vote'], message: /vote/ },
  { name: 'an assigned principle missing from the ratings', content: content([rated('p1')]), paths: ['ratings.p2.rating'], message: /Rate this principle, or mark it not assessed with a reason/ },
  { name: 'unrated and not marked not assessed', content: content([rated('p1'), rated('p2', null)]), paths: ['ratings.p2.rating'] },
  { name: 'unrated with evidence written: the rating is what is missing', content: content([rated('p1'), rated('p2', null, { situation: 'A long story.' })]), paths: ['ratings.p2.rating'] },
  { name: 'rated with blank evidence', content: content([rated('p1'), rated('p2', 4, { situation: '  ', task: '\n', action: '', result: '\t' })]), paths: ['ratings.p2.evidence'], message: /evidence/ },
  { name: 'rated with only a result is enough', content: content([rated('p1'), rated('p2', 2, { result: 'Shipped a week late.' })]), paths: [] },
  { name: 'not assessed with a reason', content: content([rated('p1'), notAssessed('p2')]), paths: [] },
  { name: 'not assessed without a reason', content: content([rated('p1'), notAssessed('p2', '   ')]), paths: ['ratings.p2.notAssessedReason'], message: /why/ },
  { name: 'not assessed but also rated', content: content([rated('p1'), { ...notAssessed('p2'), rating: 2 }]), paths: ['ratings.p2.rating'], message: /not assessed/ },
  { name: 'not assessed, rated and no reason', content: content([rated('p1'), { ...notAssessed('p2', ''), rating: 2 }]), paths: ['ratings.p2.rating', 'ratings.p2.notAssessedReason'] },
  { name: 'a rating out of range (data from outside)', content: content([rated('p1'), rated('p2', 5 as Rating)]), paths: ['ratings.p2.rating'], message: /1 to 4/ },
  { name: 'a fractional rating', content: content([rated('p1'), rated('p2', 2.5 as Rating)]), paths: ['ratings.p2.rating'] },
  { name: 'a rating for a principle not assigned', content: content([rated('p1'), rated('p2'), rated('p9')]), paths: ['ratings.p9'], message: /not assigned to this interview/ },
  { name: 'a not-assessed entry for a principle not assigned', content: content([rated('p1'), rated('p2'), notAssessed('p9')]), paths: ['ratings.p9'] },
  { name: 'a blank leftover entry for a principle not assigned is ignored', content: content([rated('p1'), rated('p2'), rated('p9', null, {})]), paths: [] },
  { name: 'an assigned principle rated twice', content: content([rated('p1'), rated('p2'), rated('p2', 1)]), paths: ['ratings.p2'], message: /more than once/ },
  { name: 'an assigned principle listed twice in the plan is checked once', content: content([rated('p1')]), assigned: ['p1', 'p2', 'p2'], paths: ['ratings.p2.rating'] },
  { name: 'nothing assigned, vote given', content: content([]), assigned: [], paths: [] },
  { name: 'an empty form', content: content([], { vote: null }), paths: ['vote', 'ratings.p1.rating', 'ratings.p2.rating'] },
  {
    name: 'order: vote, assigned in plan order (not content order), then unassigned in content order',
    content: content([rated('p8'), rated('p2', null), rated('p7'), rated('p1', 3, {})], { vote: null }),
    paths: ['vote', 'ratings.p1.evidence', 'ratings.p2.rating', 'ratings.p8', 'ratings.p7'],
  },
];

describe('feedbackIssues', () => {
  it('has enough cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)('$name', ({ content: c, assigned, paths, message }) => {
    const issues = feedbackIssues(c, assigned ?? ASSIGNED);
    expect(issues.map((i) => i.path)).toEqual(paths);
    if (message) expect(issues.some((i) => message.test(i.message)), JSON.stringify(issues)).toBe(true);
    for (const issue of issues) {
      expect(issue.message).toMatch(/^[A-Z].*\.$/);
      // Messages are for people; the path carries the principle.
      expect(issue.message).not.toMatch(/\bp\d\b/);
    }
  });

  it('does not change its input', () => {
    const c = content([rated('p2'), rated('p1', null)], { vote: null });
    const copy = structuredClone(c);
    feedbackIssues(c, ASSIGNED);
    expect(c).toEqual(copy);
  });
});

describe('hasEvidence', () => {
  it.each<[Partial<Evidence>, boolean]>([
    [{}, false],
    [{ situation: ' \n\t ' }, false],
    [{ task: 'x' }, true],
    [{ result: 'Done.' }, true],
  ])('%j → %s', (patch, want) => {
    expect(hasEvidence({ ...NO_EVIDENCE, ...patch })).toBe(want);
  });
});
