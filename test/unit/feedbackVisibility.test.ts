import { describe, expect, it } from 'vitest';
import { VISIBILITY_REASONS, feedbackVisibility, loopParticipantIds, usesEarlyAccess, type VisibilityInput } from '../../core/rules/feedbackVisibility';
import type { LoopRoles, Visibility } from '../../core/rules/feedbackTypes';

const ROLES: LoopRoles = { hiringManagerId: 'hm', barRaiserId: 'br', interviewerIds: ['i1', 'i2'], shadowIds: ['s1'] };

function input(viewerId: string | null, patch: Partial<VisibilityInput> = {}): VisibilityInput {
  return { viewerId, roles: ROLES, submittedAuthorIds: new Set(['i2']), viewerIsAdmin: false, adminEarlyAccess: false, ...patch };
}

const withRoles = (patch: Partial<LoopRoles>): LoopRoles => ({ ...ROLES, ...patch });

interface Case {
  name: string;
  input: VisibilityInput;
  level: Visibility['level'];
  reason: string;
  early?: boolean;
}

const CASES: Case[] = [
  { name: 'nobody signed in', input: input(null), level: 'counts', reason: VISIBILITY_REASONS.signedOut },
  { name: 'nobody signed in, even with the admin flags', input: input(null, { viewerIsAdmin: true, adminEarlyAccess: true }), level: 'counts', reason: VISIBILITY_REASONS.signedOut },
  { name: 'interviewer who has not submitted', input: input('i1'), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'interviewer who has submitted', input: input('i2'), level: 'full', reason: VISIBILITY_REASONS.submitted },
  { name: 'interviewer, only others have submitted', input: input('i1', { submittedAuthorIds: new Set(['i2', 's1', 'hm']) }), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'shadow who has not submitted', input: input('s1'), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'shadow who has submitted', input: input('s1', { submittedAuthorIds: new Set(['s1']) }), level: 'full', reason: VISIBILITY_REASONS.submitted },
  { name: 'hiring manager with no slot', input: input('hm', { submittedAuthorIds: new Set() }), level: 'full', reason: VISIBILITY_REASONS.hiringManager },
  { name: 'bar raiser with no slot', input: input('br', { submittedAuthorIds: new Set() }), level: 'full', reason: VISIBILITY_REASONS.barRaiser },
  { name: 'hiring manager who interviews, not submitted', input: input('hm', { roles: withRoles({ interviewerIds: ['i1', 'hm'] }) }), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'hiring manager who interviews, submitted', input: input('hm', { roles: withRoles({ interviewerIds: ['hm'] }), submittedAuthorIds: new Set(['hm']) }), level: 'full', reason: VISIBILITY_REASONS.submitted },
  { name: 'bar raiser who interviews, not submitted', input: input('br', { roles: withRoles({ interviewerIds: ['br', 'i2'] }) }), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'bar raiser who interviews, submitted', input: input('br', { roles: withRoles({ interviewerIds: ['br'] }), submittedAuthorIds: new Set(['br']) }), level: 'full', reason: VISIBILITY_REASONS.submitted },
  { name: 'hiring manager who shadows counts as having a slot', input: input('hm', { roles: withRoles({ shadowIds: ['hm'] }) }), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'someone outside the loop', input: input('x'), level: 'counts', reason: VISIBILITY_REASONS.outsider },
  { name: 'outsider who "submitted" (stale data) is still outside', input: input('x', { submittedAuthorIds: new Set(['x']) }), level: 'counts', reason: VISIBILITY_REASONS.outsider },
  { name: 'admin outside the loop, no early access', input: input('x', { viewerIsAdmin: true }), level: 'counts', reason: VISIBILITY_REASONS.outsider },
  { name: 'admin outside the loop with early access', input: input('x', { viewerIsAdmin: true, adminEarlyAccess: true }), level: 'full', reason: VISIBILITY_REASONS.adminEarly, early: true },
  { name: 'admin interviewer with early access, not submitted', input: input('i1', { viewerIsAdmin: true, adminEarlyAccess: true }), level: 'full', reason: VISIBILITY_REASONS.adminEarly, early: true },
  { name: 'admin interviewer without early access, not submitted', input: input('i1', { viewerIsAdmin: true }), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'admin interviewer who submitted needs no early access', input: input('i2', { viewerIsAdmin: true, adminEarlyAccess: true }), level: 'full', reason: VISIBILITY_REASONS.submitted },
  { name: 'admin hiring manager with no slot needs no early access', input: input('hm', { viewerIsAdmin: true, adminEarlyAccess: true }), level: 'full', reason: VISIBILITY_REASONS.hiringManager },
  { name: 'early access without being an admin is ignored', input: input('i1', { adminEarlyAccess: true }), level: 'counts', reason: VISIBILITY_REASONS.submitFirst },
  { name: 'no hiring manager or bar raiser on the loop', input: input('x', { roles: withRoles({ hiringManagerId: null, barRaiserId: null }) }), level: 'counts', reason: VISIBILITY_REASONS.outsider },
];

describe('feedbackVisibility', () => {
  it('has enough cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)('$name → $level', ({ input: i, level, reason, early }) => {
    expect(feedbackVisibility(i)).toEqual({ level, reason });
    expect(usesEarlyAccess(i)).toBe(early ?? false);
  });

  it('every reason is one short sentence', () => {
    for (const reason of Object.values(VISIBILITY_REASONS)) {
      expect(reason).toMatch(/^[A-Z][^\n]*\.$/);
      expect(reason.length).toBeLessThan(80);
    }
  });
});

describe('loopParticipantIds', () => {
  it('holds the hiring manager, the bar raiser, interviewers and shadows once each', () => {
    const roles: LoopRoles = { hiringManagerId: 'hm', barRaiserId: 'br', interviewerIds: ['i1', 'hm', 'i1'], shadowIds: ['s1'] };
    expect([...loopParticipantIds(roles)].sort()).toEqual(['br', 'hm', 'i1', 's1']);
  });

  it('skips a missing hiring manager or bar raiser', () => {
    const roles: LoopRoles = { hiringManagerId: null, barRaiserId: null, interviewerIds: [], shadowIds: [] };
    expect(loopParticipantIds(roles).size).toBe(0);
  });
});
