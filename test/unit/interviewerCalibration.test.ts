import { describe, expect, it } from 'vitest';
import { interviewerCalibration, median, voteLean } from '../../core/rules/science/interviewerCalibration';
import { questionFlags, type QuestionUse } from '../../core/rules/science/questionFlags';

describe('interviewer calibration', () => {
  it.each([
    ['strong_hire', 'hire'],
    ['inclined', 'hire'],
    ['not_inclined', 'no_hire'],
    ['strong_no_hire', 'no_hire'],
  ] as const)('a %s vote leans %s', (vote, lean) => expect(voteLean(vote)).toBe(lean));

  it.each([
    { values: [], expected: null },
    { values: [5], expected: 5 },
    { values: [9, 1, 5], expected: 5 },
    { values: [4, 1, 3, 2], expected: 2.5 },
  ])('median of $values is $expected', ({ values, expected }) => expect(median(values)).toBe(expected));

  it('counts agreement with decisions, re-vote changes and time to submit per interviewer', () => {
    const { interviewers } = interviewerCalibration({
      ratings: [
        { unit: 'l1:p', rater: 'ann', rating: 4 },
        { unit: 'l1:p', rater: 'bob', rating: 2 },
      ],
      votes: [
        { rater: 'ann', vote: 'strong_hire', outcome: 'hire', changed: false },
        { rater: 'ann', vote: 'inclined', outcome: 'no_hire', changed: true },
        { rater: 'ann', vote: 'not_inclined', outcome: 'no_hire', changed: false },
        { rater: 'cy', vote: 'strong_no_hire', outcome: 'hire', changed: true },
      ],
      submissions: [
        { rater: 'ann', hours: 2 },
        { rater: 'ann', hours: 30 },
        { rater: 'ann', hours: 4 },
        { rater: 'cy', hours: -1 },
      ],
    });
    expect(interviewers.map((i) => i.rater)).toEqual(['ann', 'bob', 'cy']);
    const [ann, bob, cy] = interviewers;
    expect(ann).toMatchObject({ votes: 3, agreed: 2, changed: 1, medianHoursToSubmit: 4, submissions: 3 });
    expect(ann!.leniency).toMatchObject({ n: 1, raw: 2, label: 'too-few' });
    expect(bob).toMatchObject({ votes: 0, agreed: 0, changed: 0, medianHoursToSubmit: null });
    expect(bob!.leniency!.raw).toBe(-2);
    // A submission before the interview ended (unscheduled, or a clock off) is no time to submit.
    expect(cy).toMatchObject({ votes: 1, agreed: 0, changed: 1, medianHoursToSubmit: null, submissions: 0, leniency: null });
  });

  it('counted votes count as that many single ones', () => {
    const single = [
      { rater: 'ann', vote: 'strong_hire', outcome: 'hire', changed: false },
      { rater: 'ann', vote: 'strong_hire', outcome: 'hire', changed: false },
      { rater: 'ann', vote: 'inclined', outcome: 'no_hire', changed: true },
      { rater: 'ann', vote: 'inclined', outcome: 'no_hire', changed: true },
      { rater: 'ann', vote: 'inclined', outcome: 'no_hire', changed: true },
    ] as const;
    const counted = [
      { ...single[0], count: 2 },
      { ...single[2], count: 3 },
    ];
    const of = (votes: typeof single | typeof counted) => interviewerCalibration({ ratings: [], votes, submissions: [] }).interviewers;
    expect(of(counted)).toEqual(of(single));
    expect(of(counted)[0]).toMatchObject({ votes: 5, agreed: 2, changed: 3 });
  });

  it('hours gathered by interviewer count as the single submissions (negative and not finite left out)', () => {
    const single = [
      { rater: 'ann', hours: 30 },
      { rater: 'bob', hours: Number.NaN },
      { rater: 'ann', hours: 2 },
      { rater: 'ann', hours: -3 },
      { rater: 'ann', hours: 4 },
      { rater: 'ann', hours: 5 },
    ];
    const gathered = new Map([
      ['ann', [30, 2, -3, 4, 5]],
      ['bob', [Number.NaN]],
    ]);
    const of = (submissions: typeof single | typeof gathered) => interviewerCalibration({ ratings: [], votes: [], submissions }).interviewers;
    expect(of(gathered)).toEqual(of(single));
    // Bob has no time to submit that counts, and nothing else: no row.
    expect(of(gathered)).toMatchObject([{ rater: 'ann', submissions: 4, medianHoursToSubmit: 4.5 }]);
    expect(of(gathered)).toHaveLength(1);
  });
});

describe('question flags', () => {
  const use = (questionId: string, uses: number, ratings: number[] = [], principleId = 'p'): QuestionUse => ({ questionId, principleId, uses, ratings });

  it.each<{ name: string; questions: QuestionUse[]; flags: string[] }>([
    { name: 'everyone gets the same rating', questions: [use('q', 0, new Array(12).fill(3))], flags: ['non-discriminating:q'] },
    { name: 'nine in ten the same', questions: [use('q', 0, [...new Array(9).fill(2), 3])], flags: ['non-discriminating:q'] },
    { name: 'ratings that vary', questions: [use('q', 0, [1, 2, 3, 4, 3, 2, 3, 3, 2, 4])], flags: [] },
    { name: 'too few ratings to tell', questions: [use('q', 0, new Array(9).fill(3))], flags: [] },
    { name: 'asked far more than the others of its principle', questions: [use('a', 40), use('b', 10), use('c', 12), use('d', 8)], flags: ['over-used:a'] },
    { name: 'often, but so is every question there', questions: [use('a', 40), use('b', 35), use('c', 38)], flags: [] },
    { name: 'far more than the others, but rarely', questions: [use('a', 12), use('b', 1), use('c', 0)], flags: [] },
    { name: 'compared within its own principle', questions: [use('a', 40, [], 'x'), use('b', 100, [], 'y'), use('c', 100, [], 'y'), use('d', 1, [], 'x'), use('e', 2, [], 'x')], flags: ['over-used:a'] },
  ])('$name', ({ questions, flags }) => {
    expect(questionFlags(questions).map((f) => `${f.flag}:${f.questionId}`)).toEqual(flags);
    // Ratings counted by value give the same flags, with the same numbers.
    const counted = questions.map((q) => {
      const counts = new Map<number, number>();
      for (const r of q.ratings as number[]) counts.set(r, (counts.get(r) ?? 0) + 1);
      return { ...q, ratings: counts };
    });
    expect(questionFlags(counted)).toEqual(questionFlags(questions));
  });
});
