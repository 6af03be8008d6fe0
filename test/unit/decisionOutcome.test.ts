import { describe, expect, it } from 'vitest';
import { DecideInput, VerdictInput } from '../../core/api/contract/feedback';
import { issuesFromZod } from '../../core/api/contract/issues';
import {
  VETO_RATIONALE_MIN_CHARS,
  candidateStatusAfter,
  decideIssues,
  decisionOutcome,
  verdictIssues,
  vetoIssues,
  type DecisionChoice,
} from '../../core/rules/decisionOutcome';
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

describe('decideIssues', () => {
  const TODAY = '2026-03-10';
  it.each<[string, DecisionChoice, readonly string[]]>([
    ['a hire needs neither', { decision: 'hire', recycle: null, cooldownUntil: null }, []],
    ['a hire ignores a stray recycle', { decision: 'hire', recycle: 'no_recycle', cooldownUntil: null }, []],
    ['no hire without a recycle choice', { decision: 'no_hire', recycle: null, cooldownUntil: null }, ['recycle']],
    ['no hire, recycle', { decision: 'no_hire', recycle: 'recycle', cooldownUntil: null }, []],
    ['no recycle without a date', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: null }, ['cooldownUntil']],
    ['no recycle with a blank date', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: ' ' }, ['cooldownUntil']],
    ['no recycle ending today', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: TODAY }, ['cooldownUntil']],
    ['no recycle ending in the past', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: '2025-12-31' }, ['cooldownUntil']],
    ['no recycle ending tomorrow', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: '2026-03-11' }, []],
  ])('%s', (_name, choice, paths) => {
    const issues = decideIssues(choice, TODAY);
    expect(issues.map((i) => i.path)).toEqual(paths);
    for (const i of issues) expect(i.message).toMatch(/^[A-Z].*\.$/);
  });
});

describe('verdictIssues', () => {
  it.each<[string, BarRaiserVerdict, string, readonly string[], readonly string[]]>([
    ['a concurrence with a reason', 'concur', 'The evidence holds', [], []],
    ['a concurrence needs a reason too', 'concur', '  ', [], ['rationale']],
    ['a concurrence cites nothing', 'concur', 'Fine', [], []],
    ['a veto with rationale and a principle', 'veto', 'Ownership evidence was thin throughout', ['p1'], []],
    ['a veto without a cited principle', 'veto', 'Ownership evidence was thin throughout', [], ['citedPrincipleIds']],
    ['a veto with nothing', 'veto', '', [], ['rationale', 'citedPrincipleIds']],
  ])('%s', (_name, verdict, rationale, cited, paths) => {
    expect(verdictIssues(verdict, rationale, cited).map((i) => i.path)).toEqual(paths);
  });
});

// The rules live once, in the input schemas: whoever parses with them (the API, the form) gets the rule's message at its path.
describe('the decision schemas carry the cross-field rules', () => {
  const loopId = '01a22a2b-6fc5-7733-b8c3-1fca7ab4c5f8';
  const issuesOf = (schema: typeof DecideInput | typeof VerdictInput, input: object) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? [] : issuesFromZod(parsed.error, input);
  };
  const today = new Date().toISOString().slice(0, 10);

  it.each<[string, DecisionChoice]>([
    ['no recycle choice', { decision: 'no_hire', recycle: null, cooldownUntil: null }],
    ['no cooldown date', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: null }],
    ['a cooldown ending today', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: today }],
    ['a complete no hire', { decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: '2999-01-01' }],
  ])('DecideInput: %s', (_name, choice) => {
    expect(issuesOf(DecideInput, { loopId, rationale: 'Evidence', ...choice })).toEqual(decideIssues(choice, today));
  });

  it.each<[string, BarRaiserVerdict, string, string[]]>([
    ['a veto citing nothing', 'veto', 'Ownership evidence was thin throughout', []],
    ['a thin veto', 'veto', 'thin', [loopId]],
    ['a concurrence without a reason', 'concur', '', []],
  ])('VerdictInput: %s', (_name, verdict, rationale, cited) => {
    expect(issuesOf(VerdictInput, { loopId, verdict, rationale, citedPrincipleIds: cited })).toEqual(verdictIssues(verdict, rationale, cited));
  });
});
