import { describe, expect, it } from 'vitest';
import type { AlphaFigure, InterviewerFigure } from '../../core/api/contract/science';
import { alphaBars, interval, snippetParts, sortInterviewers, two } from '../../renderer/features/science/scienceFormat';

const alpha = (over: Partial<AlphaFigure>): AlphaFigure => ({ alpha: 0.8, low: 0.7, high: 0.9, pairable: 40, units: 20, reading: 'reliable', words: '', ...over });
const person = (name: string, shrunk: number | null, votes = 0, agreed = 0): InterviewerFigure => ({
  memberId: name,
  name,
  leniency: shrunk === null ? null : { n: 10, raw: shrunk, shrunk, low: shrunk - 0.2, high: shrunk + 0.2, label: 'in-line' },
  votes,
  agreed,
  changed: 0,
  medianHoursToSubmit: null,
  submissions: 0,
  words: { leniency: '', decisions: '', revotes: '', timeToSubmit: '' },
});

describe('science formatting', () => {
  it.each([
    [0.834, '0.83'],
    [-0.256, '−0.26'],
    [-0.001, '0.00'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('two(%s) is %s', (x, shown) => expect(two(x)).toBe(shown));

  it('says an interval, or a dash without one', () => {
    expect(interval(0.41, 0.78)).toBe('0.41 to 0.78');
    expect(interval(null, 0.5)).toBe('—');
  });

  it('draws no bar below the minimum and whiskers only with an interval', () => {
    const bars = alphaBars(
      [alpha({}), alpha({ reading: 'not-enough-data', alpha: 0.5, low: null, high: null }), alpha({ low: null, high: null, reading: 'tentative', alpha: 0.7 })],
      (f) => String(f.alpha),
    );
    expect(bars.map((b) => [b.alpha, b.whisker?.map((w) => Number(w.toFixed(2))) ?? null, b.n])).toEqual([
      [0.8, [0.1, 0.1], 40],
      [null, null, 40],
      [0.7, null, 40],
    ]);
  });

  it('sorts interviewers by a column either way, those without the figure last', () => {
    const list = [person('Cy', 0.3, 4, 1), person('Ann', null), person('Bo', -0.4, 2, 2)];
    expect(sortInterviewers(list, 'leniency', false).map((p) => p.name)).toEqual(['Bo', 'Cy', 'Ann']);
    expect(sortInterviewers(list, 'leniency', true).map((p) => p.name)).toEqual(['Cy', 'Bo', 'Ann']);
    expect(sortInterviewers(list, 'agreement', true).map((p) => p.name)).toEqual(['Bo', 'Cy', 'Ann']);
    expect(sortInterviewers(list, 'name', false).map((p) => p.name)).toEqual(['Ann', 'Bo', 'Cy']);
  });

  it('cuts a snippet into matched and plain stretches, clipping bad offsets', () => {
    expect(snippetParts('I wrote the runbook', [{ start: 2, end: 7 }, { start: 12, end: 99 }])).toEqual([
      { text: 'I ', match: false },
      { text: 'wrote', match: true },
      { text: ' the ', match: false },
      { text: 'runbook', match: true },
    ]);
    expect(snippetParts('abc', [])).toEqual([{ text: 'abc', match: false }]);
  });
});
