import { describe, expect, it } from 'vitest';
import { methods } from '../../core/api/contract/methods';
import { DEFAULT_EDITORS, mayCall } from '../../core/rules/access';
import { accessFactsOf, loopFacts, withoutSetup } from '../../renderer/components/accessFacts';

const founder = { id: 'f', status: 'active' as const, capabilities: ['founder' as const, 'admin' as const] };
const interviewer = { id: 'i', status: 'active' as const, capabilities: ['interviewer' as const] };
const leaver = { id: 'l', status: 'left' as const, capabilities: ['founder' as const] };
const team = { members: [founder, interviewer, leaver], loaded: true };
const settings = (me: string | null) => ({ me, editors: DEFAULT_EDITORS });
const may = (method: keyof typeof methods, facts: ReturnType<typeof accessFactsOf>) => mayCall(methods[method].access, facts).ok;

describe('accessFactsOf: the renderer asks the API rule with the facts it has', () => {
  it.each([
    ['the founder', 'f', true],
    ['an interviewer without the capability the settings allow', 'i', false],
    ['someone who left, though once a founder', 'l', false],
    ['nobody chosen as "me"', null, false],
  ])('%s → may edit principles: %s', (_who, me, expected) => {
    expect(may('principles.update', accessFactsOf(settings(me), team))).toBe(expected);
  });

  it('setup only once the team list has loaded and is empty', () => {
    expect(accessFactsOf(settings(null), { members: [], loaded: true }).setup).toBe(true);
    // Not loaded yet: nothing is offered that the API might refuse.
    expect(accessFactsOf(settings(null), { members: [], loaded: false }).setup).toBe(false);
    expect(may('principles.create', accessFactsOf(settings(null), { members: [], loaded: false }))).toBe(false);
  });

  it('not setup on a device that joined a team before its members arrive: its owner is "me" already', () => {
    expect(accessFactsOf(settings('someone'), { members: [], loaded: true }).setup).toBe(false);
  });

  it('uses the editors from the settings', () => {
    const open = { me: 'i', editors: { ...DEFAULT_EDITORS, principles: ['interviewer' as const] } };
    expect(may('principles.update', accessFactsOf(open, team))).toBe(true);
  });

  it('loop roles from the slots and the shadows; only the loop hiring manager plans', () => {
    const loop = { hiringManagerId: 'h', barRaiserId: 'b', shadowIds: ['s'], slots: [{ interviewerId: 'i' }, { interviewerId: null }, { interviewerId: 'i' }] };
    expect(loopFacts(loop)).toEqual({ hiringManagerId: 'h', barRaiserId: 'b', interviewerIds: ['i'], shadowIds: ['s'] });
    const hm = { id: 'h', status: 'active' as const, capabilities: ['hiring_manager' as const] };
    const withHm = { members: [...team.members, hm], loaded: true };
    expect(may('loops.plan', accessFactsOf(settings('h'), withHm, { loop }))).toBe(true);
    expect(may('loops.plan', accessFactsOf(settings('i'), withHm, { loop }))).toBe(false);
    expect(may('kits.swap', accessFactsOf(settings('i'), withHm, { loop }))).toBe(true);
    // Without the loop, a loop role cannot be judged: refused.
    expect(may('loops.plan', accessFactsOf(settings('h'), withHm))).toBe(false);
  });

  it('self: people edit their own profile only', () => {
    expect(may('team.update', accessFactsOf(settings('i'), team, { subjectId: 'i' }))).toBe(true);
    expect(may('team.update', accessFactsOf(settings('i'), team, { subjectId: 'f' }))).toBe(false);
  });

  it('withoutSetup leaves the first-run audience out of the reason', () => {
    const verdict = mayCall(withoutSetup(methods['settings.update'].access), accessFactsOf(settings('i'), team));
    expect(verdict).toEqual({ ok: false, message: 'Only founders or admins may do this.' });
  });
});
