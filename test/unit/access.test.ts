import { describe, expect, it } from 'vitest';
import type { Capability } from '../../core/rules/planTypes';
import { DEFAULT_EDITORS, describeAccess, inSetup, mayCall, type Access, type AccessFacts } from '../../core/rules/access';

const loop = { hiringManagerId: 'hm', barRaiserId: 'br', interviewerIds: ['i1', 'i2'], shadowIds: ['sh'] };
const person = (id: string, capabilities: Capability[] = []): AccessFacts['actor'] => ({ id, capabilities });
const facts = (actor: AccessFacts['actor'], extra: Partial<AccessFacts> = {}): AccessFacts => ({ actor, setup: false, editors: DEFAULT_EDITORS, loop, ...extra });

const cases: [string, Access['who'], AccessFacts, boolean][] = [
  ['anyone, even with nobody chosen', ['anyone'], facts(null), true],
  ['a member needs "me" chosen', ['member'], facts(null), false],
  ['any member', ['member'], facts(person('x')), true],
  ['setup while the team is empty', ['setup'], facts(null, { setup: true }), true],
  ['setup is over once someone exists', ['setup'], facts(null), false],
  ['a founder', ['founder', 'admin'], facts(person('f', ['founder'])), true],
  ['an admin', ['founder', 'admin'], facts(person('a', ['admin'])), true],
  ['a hiring manager is not an admin', ['founder', 'admin'], facts(person('h', ['hiring_manager'])), false],
  ['capability holders', ['hiring_manager'], facts(person('h', ['hiring_manager'])), true],
  ['default question editors include interviewers', ['editors.questions'], facts(person('i', ['interviewer'])), true],
  ['default principle editors are nobody extra', ['editors.principles'], facts(person('i', ['interviewer', 'hiring_manager'])), false],
  ['settings widen principle editors', ['editors.principles'], facts(person('i', ['interviewer']), { editors: { ...DEFAULT_EDITORS, principles: ['interviewer'] } }), true],
  ['settings narrow question editors', ['editors.questions'], facts(person('i', ['interviewer']), { editors: { ...DEFAULT_EDITORS, questions: [] } }), false],
  ["the loop's hiring manager", ['loop.hiring_manager'], facts(person('hm')), true],
  ['another hiring manager', ['loop.hiring_manager'], facts(person('other', ['hiring_manager'])), false],
  ["the loop's bar raiser", ['loop.bar_raiser'], facts(person('br')), true],
  ['an interviewer is not the bar raiser', ['loop.bar_raiser'], facts(person('i1', ['bar_raiser'])), false],
  ['an interviewer of the loop', ['loop.interviewer'], facts(person('i2')), true],
  ['a shadow is not an interviewer', ['loop.interviewer'], facts(person('sh')), false],
  ['a shadow', ['loop.shadow'], facts(person('sh')), true],
  ['loop roles without a loop', ['loop.hiring_manager'], facts(person('hm'), { loop: undefined }), false],
  ['themselves', ['self'], facts(person('me'), { subjectId: 'me' }), true],
  ['someone else', ['self'], facts(person('me'), { subjectId: 'you' }), false],
  ['nobody chosen is never a founder', ['founder'], facts(null), false],
];

describe('mayCall', () => {
  it.each(cases)('%s', (_name, who, f, allowed) => {
    expect(mayCall({ who }, f).ok).toBe(allowed);
  });

  it('says who may, and asks to choose "me" first when nobody is chosen', () => {
    const access: Access = { who: ['founder', 'admin', 'loop.hiring_manager'] };
    expect(mayCall(access, facts(person('x')))).toEqual({ ok: false, message: "Only founders, admins or the loop's hiring manager may do this." });
    const none = mayCall(access, facts(null));
    expect(none.ok ? '' : none.message).toMatch(/^Choose who you are in Settings first/);
    expect(describeAccess({ who: ['editors.roles'] })).toBe('whoever the settings allow to edit roles');
  });
});

describe('inSetup: who sets a workspace up', () => {
  it.each([
    ['an empty workspace nobody has chosen "me" in', false, null, true],
    ['a device joined to a team before its members arrive ("me" is its owner)', false, 'eng', false],
    ['a workspace with people', true, 'f', false],
    ['people but nobody chosen', true, null, false],
  ] as const)('%s → %s', (_case, anyMember, me, expected) => {
    expect(inSetup({ anyMember, me })).toBe(expected);
  });
});
