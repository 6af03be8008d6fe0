import { describe, expect, it } from 'vitest';
import { bottleneckWords, founderRuleWords, takeOverWords } from '../../core/rules/training/readiness';

describe('bottleneckWords', () => {
  it.each([
    { barRaisers: 2, loops: 35, out: '2 bar raisers for 35 loops this month: 17 each' },
    { barRaisers: 1, loops: 1, out: '1 bar raiser for 1 loop this month: 1 each' },
    { barRaisers: 4, loops: 2, out: '4 bar raisers for 2 loops this month: under 1 each' },
    { barRaisers: 3, loops: 0, out: '3 bar raisers, no loops this month' },
    { barRaisers: 0, loops: 5, out: 'No certified bar raisers for 5 loops this month: every loop needs one' },
    { barRaisers: 0, loops: 0, out: 'No certified bar raisers, and no loops this month' },
    // A large company's month: digits grouped.
    { barRaisers: 3, loops: 4_200, out: '3 bar raisers for 4,200 loops this month: 1,400 each' },
  ])('$barRaisers bar raisers, $loops loops', ({ barRaisers, loops, out }) => expect(bottleneckWords(barRaisers, loops)).toBe(out));
});

describe('founderRuleWords', () => {
  it.each([
    { threshold: 50, hires: 12, withFounder: 11, out: '12 hires so far; 11 made in Principled with a founder on the panel. Founders should be on every panel until hire 50: 38 to go.' },
    { threshold: 50, hires: 1, withFounder: 1, out: '1 hire so far; 1 made in Principled with a founder on the panel. Founders should be on every panel until hire 50: 49 to go.' },
    { threshold: 50, hires: 50, withFounder: 40, out: '50 hires so far; 40 made in Principled with a founder on the panel. The first 50 hires are behind you: trained interviewers and bar raisers carry the bar now.' },
    // The bench's large company: thousands of hires, a few of them made in Principled with a founder.
    { threshold: 100, hires: 8_820, withFounder: 230, out: '8,820 hires so far; 230 made in Principled with a founder on the panel. The first 100 hires are behind you: trained interviewers and bar raisers carry the bar now.' },
    { threshold: 0, hires: 0, withFounder: 0, out: '0 hires so far; 0 made in Principled with a founder on the panel. The founder rule is off: trained interviewers and bar raisers carry the bar.' },
  ])('$hires of $threshold', ({ threshold, hires, withFounder, out }) => expect(founderRuleWords(threshold, hires, withFounder)).toBe(out));
});

describe('takeOverWords', () => {
  it.each([
    { who: { certified: true, barRaised: 1 } as const, out: 'Certified bar raiser, 1 loop bar-raised' },
    { who: { certified: true, barRaised: 1_198 } as const, out: 'Certified bar raiser, 1,198 loops bar-raised' },
    { who: { certified: false, needs: ['sign-off by a certified bar raiser', 'sign-off by a founder'] } as const, out: 'Ready to be certified as a bar raiser; still needs sign-off by a certified bar raiser and sign-off by a founder' },
    { who: { certified: false, needs: [] } as const, out: 'Ready to be certified as a bar raiser' },
  ])('$out', ({ who, out }) => expect(takeOverWords(who)).toBe(out));
});
