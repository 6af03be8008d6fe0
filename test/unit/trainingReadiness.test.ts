import { describe, expect, it } from 'vitest';
import { bottleneckWords, founderRuleWords } from '../../core/rules/training/readiness';

describe('bottleneckWords', () => {
  it.each([
    { barRaisers: 2, loops: 35, out: '2 bar raisers for 35 loops this month: 17 each' },
    { barRaisers: 1, loops: 1, out: '1 bar raiser for 1 loop this month: 1 each' },
    { barRaisers: 4, loops: 2, out: '4 bar raisers for 2 loops this month: under 1 each' },
    { barRaisers: 3, loops: 0, out: '3 bar raisers, no loops this month' },
    { barRaisers: 0, loops: 5, out: 'No certified bar raisers for 5 loops this month: every loop needs one' },
    { barRaisers: 0, loops: 0, out: 'No certified bar raisers, and no loops this month' },
  ])('$barRaisers bar raisers, $loops loops', ({ barRaisers, loops, out }) => expect(bottleneckWords(barRaisers, loops)).toBe(out));
});

describe('founderRuleWords', () => {
  it.each([
    { threshold: 50, hires: 12, withFounder: 11, out: '11 hires made in Principled had a founder on the panel; 12 hires so far. Founders should be on every panel until hire 50: 38 to go.' },
    { threshold: 50, hires: 1, withFounder: 1, out: '1 hire made in Principled had a founder on the panel; 1 hire so far. Founders should be on every panel until hire 50: 49 to go.' },
    { threshold: 50, hires: 50, withFounder: 40, out: '40 hires made in Principled had a founder on the panel; 50 hires so far. The first 50 hires are behind you: trained interviewers and bar raisers carry the bar now.' },
    { threshold: 0, hires: 0, withFounder: 0, out: '0 hires made in Principled had a founder on the panel; 0 hires so far. The first 0 hires are behind you: trained interviewers and bar raisers carry the bar now.' },
  ])('$hires of $threshold', ({ threshold, hires, withFounder, out }) => expect(founderRuleWords(threshold, hires, withFounder)).toBe(out));
});
