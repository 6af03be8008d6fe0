import { describe, expect, it } from 'vitest';
import { VETO_RATIONALE_MIN_CHARS, candidateStatusAfter, decisionOutcome, vetoIssues } from '../../core/rules/decisionOutcome';
import type { BarRaiserVerdict, HiringDecision } from '../../core/rules/feedbackTypes';

describe('decisionOutcome', () => {
  it.each<[HiringDecision, BarRaiserVerdict | null, HiringDecision | 'pending', boolean]>([
    ['hire', null, 'pending', false],
    ['no_hire', null, 'pending', false],
    ['hire', 'concur', 'hire', false],
    ['no_hire', 'concur', 'no_hire', false],
    ['hire', 'veto', 'no_hire', true],
    // A veto of a no hire changes nothing: not counted as a veto.
    ['no_hire', 'veto', 'no_hire', false],
  ])('HM %s, bar raiser %s → %s (vetoed %s)', (hm, br, outcome, vetoed) => {
    expect(decisionOutcome(hm, br)).toEqual({ outcome, vetoed });
  });
});

describe('candidateStatusAfter', () => {
  it.each<[HiringDecision, 'hired' | 'rejected']>([
    ['hire', 'hired'],
    ['no_hire', 'rejected'],
  ])('%s → %s', (outcome, status) => {
    expect(candidateStatusAfter(outcome)).toBe(status);
  });

  it('follows a veto', () => {
    const { outcome } = decisionOutcome('hire', 'veto');
    expect(outcome).toBe('no_hire');
    if (outcome !== 'pending') expect(candidateStatusAfter(outcome)).toBe('rejected');
  });
});

describe('vetoIssues', () => {
  const GOOD = 'Ownership evidence was thin: no example of acting beyond the role.';

  it.each<[string, string, readonly string[], readonly string[]]>([
    ['a rationale and a cited principle', GOOD, ['p1'], []],
    ['several cited principles', GOOD, ['p1', 'p2'], []],
    ['no rationale', '', ['p1'], ['rationale']],
    ['whitespace only', ' \n\t ', ['p1'], ['rationale']],
    ['one character short', 'x'.repeat(VETO_RATIONALE_MIN_CHARS - 1), ['p1'], ['rationale']],
    ['exactly the minimum', 'x'.repeat(VETO_RATIONALE_MIN_CHARS), ['p1'], []],
    ['padding does not count', `   ${'x'.repeat(VETO_RATIONALE_MIN_CHARS - 1)}      `, ['p1'], ['rationale']],
    ['runs of spaces count once', 'too      thin      here', ['p1'], ['rationale']],
    ['no principle cited', GOOD, [], ['citedPrincipleIds']],
    ['only blank ids cited', GOOD, ['', '  '], ['citedPrincipleIds']],
    ['nothing at all', '', [], ['rationale', 'citedPrincipleIds']],
  ])('%s', (_name, rationale, cited, paths) => {
    const issues = vetoIssues(rationale, cited);
    expect(issues.map((i) => i.path)).toEqual(paths);
    for (const i of issues) expect(i.message).toMatch(/^[A-Z].*\.$/);
  });

  it('the short-rationale message names the minimum', () => {
    expect(vetoIssues('too short', ['p1'])[0]?.message).toContain(String(VETO_RATIONALE_MIN_CHARS));
  });
});
