import { describe, expect, it } from 'vitest';
import type { AlphaEstimate } from '../../core/rules/science/alphaInterval';
import {
  alphaReading,
  alphaSentence,
  correlationSentence,
  decisionAgreementSentence,
  leniencySentence,
  questionFlagSentence,
  revoteSentence,
  timeToSubmitSentence,
} from '../../core/rules/science/scienceWords';

const estimate = (alpha: number, units = 120, pairable = 260): AlphaEstimate => ({ alpha, units, pairable, interval: Number.isNaN(alpha) ? null : { low: alpha - 0.05, high: alpha + 0.04, resamples: 1000 } });

describe('statistics in plain words', () => {
  it.each([
    { e: estimate(0.83), reading: 'reliable', words: 'Interviewers agree well enough to rely on their ratings of Ownership: α = 0.83 (95% CI 0.78 to 0.87), from 260 ratings of 120 candidates rated by two or more people.' },
    { e: estimate(0.7), reading: 'tentative', words: 'Interviewers agree only tentatively on Ownership: α = 0.70 (95% CI 0.65 to 0.74), from 260 ratings of 120 candidates rated by two or more people. Worth calibrating with the anchors.' },
    { e: estimate(0.41), reading: 'unreliable', words: 'Interviewers do not agree on Ownership well enough to rely on: α = 0.41 (95% CI 0.36 to 0.45), from 260 ratings of 120 candidates rated by two or more people. Review the anchors together.' },
    { e: estimate(Number.NaN), reading: 'no-variation', words: 'On Ownership everyone gave the same rating (260 ratings of 120 candidates rated by two or more people), so agreement cannot be measured: the ratings tell no candidate apart.' },
    { e: estimate(0.9, 4, 8), reading: 'not-enough-data', words: 'Not enough data yet on Ownership: 8 ratings of 4 candidates rated by two or more people; agreement needs at least 10 candidates.' },
  ])('alpha read as $reading', ({ e, reading, words }) => {
    expect(alphaReading(e)).toBe(reading);
    expect(alphaSentence(e, 'Ownership')).toBe(words);
  });

  it.each([
    { l: { rater: 'a', n: 42, raw: 0.5, shrunk: 0.41, low: 0.2, high: 0.6, label: 'lenient' as const }, words: 'Rates about 0.41 points higher than co-panelists (42 ratings compared with co-panelists on the same candidates and principles).' },
    { l: { rater: 'a', n: 42, raw: -0.5, shrunk: -0.3, low: -0.5, high: -0.1, label: 'severe' as const }, words: 'Rates about 0.30 points lower than co-panelists (42 ratings compared with co-panelists on the same candidates and principles).' },
    { l: { rater: 'a', n: 1, raw: 2, shrunk: 0.1, low: -1, high: 1, label: 'in-line' as const }, words: 'Rates in line with co-panelists (1 rating compared with co-panelists on the same candidates and principles).' },
    { l: { rater: 'a', n: 3, raw: 2, shrunk: 0.5, low: -1, high: 1, label: 'too-few' as const }, words: 'Too few ratings shared with co-panelists to judge leniency (3).' },
    { l: null, words: 'Too few ratings shared with co-panelists to judge leniency (0).' },
  ])('leniency: $words', ({ l, words }) => expect(leniencySentence(l)).toBe(words));

  it('says agreement, re-votes and time to submit with their counts', () => {
    expect(decisionAgreementSentence({ votes: 8, agreed: 6 })).toBe('Their vote leaned the way the loop was decided in 6 of 8 loops (75%).');
    expect(decisionAgreementSentence({ votes: 0, agreed: 0 })).toBe('No decided loops with a vote of theirs yet.');
    expect(revoteSentence({ votes: 8, changed: 0 })).toBe('Kept their vote at every re-vote (8 loops).');
    expect(revoteSentence({ votes: 8, changed: 2 })).toBe('Changed their vote at the re-vote in 2 of 8 loops (25%).');
    expect(timeToSubmitSentence({ medianHoursToSubmit: 0.5, submissions: 3 })).toBe('Typically submits feedback 30 minutes after the interview (median of 3 interviews).');
    expect(timeToSubmitSentence({ medianHoursToSubmit: 5.25, submissions: 1 })).toBe('Typically submits feedback 5.3 hours after the interview (median of 1 interview).');
    expect(timeToSubmitSentence({ medianHoursToSubmit: 72, submissions: 9 })).toBe('Typically submits feedback 3.0 days after the interview (median of 9 interviews).');
    expect(timeToSubmitSentence({ medianHoursToSubmit: null, submissions: 0 })).toBe('No scheduled interviews with submitted feedback yet.');
  });

  it.each([
    { c: { status: 'ok' as const, rho: 0.34, low: 0.12, high: 0.53, n: 48 }, words: 'Interview ratings on Ownership relate moderately to later check-ins: ρ = 0.34 (95% CI 0.12 to 0.53), n = 48.' },
    { c: { status: 'ok' as const, rho: -0.2, low: -0.5, high: 0.1, n: 30 }, words: 'Interview ratings on Ownership relate weakly to later check-ins, in the opposite direction: ρ = -0.20 (95% CI -0.50 to 0.10), n = 30. The interval includes no relation at all.' },
    { c: { status: 'not-enough-data' as const, n: 6, minimum: 10 }, words: 'Not enough data yet on Interview ratings on Ownership: 6 of the 10 pairs needed.' },
    { c: { status: 'no-variation' as const, n: 12 }, words: 'Interview ratings on Ownership: every rating was the same, so they cannot relate to later check-ins (n = 12).' },
  ])('correlation: $c.status', ({ c, words }) => expect(correlationSentence(c, 'Interview ratings on Ownership')).toBe(words));

  it('explains each question flag', () => {
    expect(questionFlagSentence({ flag: 'non-discriminating', questionId: 'q', principleId: 'p', n: 20, rating: 3, share: 0.95 })).toBe(
      "Doesn't tell candidates apart: 95% of 20 ratings after it were 3.",
    );
    expect(questionFlagSentence({ flag: 'over-used', questionId: 'q', principleId: 'p', uses: 60, typicalUses: 12 })).toBe(
      'Possibly leaked: asked 60 times, 5.0× as often as a typical question on its principle (12).',
    );
  });
});
