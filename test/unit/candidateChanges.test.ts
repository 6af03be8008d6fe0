import { describe, expect, it } from 'vitest';
import type { CandidateStatus } from '../../core/api/contract/candidates';
import { cooldownChangeIssue, cooldownDateIssue, statusChangeIssue, type CooldownChange } from '../../core/rules/candidateChanges';

const statusCases: [CandidateStatus, CandidateStatus, string | null][] = [
  ['active', 'active', null],
  ['active', 'withdrawn', null],
  ['withdrawn', 'active', null],
  ['active', 'hired', 'status'],
  ['active', 'rejected', 'status'],
  ['withdrawn', 'hired', 'status'],
  ['hired', 'active', 'status'],
  ['rejected', 'withdrawn', 'status'],
  ['hired', 'rejected', 'status'],
  ['hired', 'hired', null],
];

describe('statusChangeIssue: hired and rejected follow decisions only', () => {
  it.each(statusCases)('%s → %s', (from, to, path) => {
    expect(statusChangeIssue(from, to)?.path ?? null).toBe(path);
  });
});

const today = '2026-06-01';
const change = (c: Partial<CooldownChange>): CooldownChange => ({ from: null, to: null, today, admin: false, reason: '', ...c });

const cooldownCases: [string, Partial<CooldownChange>, string | null][] = [
  ['no change', { from: '2026-09-01', to: '2026-09-01' }, null],
  ['setting a future cooldown', { to: '2026-09-01' }, null],
  ['a cooldown ending today is refused', { to: today }, 'cooldownUntil'],
  ['a cooldown in the past is refused', { to: '2025-01-01' }, 'cooldownUntil'],
  ['even for an admin', { to: '2025-01-01', admin: true, reason: 'typo' }, 'cooldownUntil'],
  ['lengthening a running cooldown', { from: '2026-09-01', to: '2026-12-01' }, null],
  ['clearing a running cooldown needs an admin', { from: '2026-09-01', to: null }, 'cooldownUntil'],
  ['shortening a running cooldown needs an admin', { from: '2026-09-01', to: '2026-07-01' }, 'cooldownUntil'],
  ['an admin clearing needs a reason', { from: '2026-09-01', to: null, admin: true }, 'cooldownReason'],
  ['a blank reason is no reason', { from: '2026-09-01', to: null, admin: true, reason: '   ' }, 'cooldownReason'],
  ['an admin with a reason may clear', { from: '2026-09-01', to: null, admin: true, reason: 'Hired elsewhere; asked us to reconsider' }, null],
  ['an admin with a reason may shorten', { from: '2026-09-01', to: '2026-07-01', admin: true, reason: 'Policy changed' }, null],
  ['clearing an expired cooldown is tidying up', { from: '2026-01-01', to: null }, null],
];

describe('cooldownChangeIssue', () => {
  it.each(cooldownCases)('%s', (_name, c, path) => {
    expect(cooldownChangeIssue(change(c))?.path ?? null).toBe(path);
  });

  it('cooldownDateIssue names the field it is given', () => {
    expect(cooldownDateIssue('2020-01-01', today, 'decision.cooldownUntil')?.path).toBe('decision.cooldownUntil');
    expect(cooldownDateIssue(null, today)).toBeNull();
  });
});
