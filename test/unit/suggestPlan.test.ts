import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLoopPlan, hasBlockers } from '../../core/rules/loopChecks';
import { CAPABILITIES, type PlanMember, type PlanningContext, type TemplateSlot } from '../../core/rules/planTypes';
import { suggestPlan, type SuggestInput, type TraineeOnOffer } from '../../core/rules/suggestPlan';
import { DEFAULT_TRAINING_SETTINGS, maySupervise, plannerTrainingStage } from '../../core/rules/training/paths';
import { company, context, crowd, person, role } from './planFixtures';

const SLOT_IDS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7'];

function input(ctx: PlanningContext, overrides: Partial<SuggestInput> = {}): SuggestInput {
  return { ctx, hiringManagerId: 'hm', recentLoad: {}, slotIds: SLOT_IDS, ...overrides };
}

const interviewersOf = (i: SuggestInput): (string | null)[] => suggestPlan(i).plan.slots.map((s) => s.interviewerId);
const blockersOf = (i: SuggestInput) => checkLoopPlan(suggestPlan(i).plan, i.ctx).filter((f) => f.kind === 'blocker');
const template = (...principles: string[][]): TemplateSlot[] => principles.map((p, i) => ({ title: `T${i + 1}`, durationMinutes: 45, principleIds: p }));

/**
 * A small team with an independent bar raiser: hm manages a and b on Eng;
 * br sits on Other with no manager. `extra` joins as more people.
 */
function smallTeam(templateSlots: number, extra: PlanMember[] = [], overrides: Partial<PlanningContext> = {}): PlanningContext {
  return context(
    [
      person('hm', 'Eng', null, ['interviewer', 'hiring_manager'], { name: 'Hana' }),
      person('a', 'Eng', 'hm', ['interviewer'], { name: 'Ari' }),
      person('b', 'Eng', 'hm', ['interviewer'], { name: 'Bo' }),
      person('br', 'Other', null, ['interviewer', 'bar_raiser'], { name: 'Bree' }),
      ...extra,
    ],
    { role: role({ team: 'Eng', focusPrincipleIds: ['p1'], template: template(...Array.from({ length: templateSlots }, () => ['p1'])) }), ...overrides },
  );
}

describe('suggestPlan: the company fixture', () => {
  const { ctx } = company();
  const load = { brit: 4, d1: 2, e1: 0, e2: 1, o1: 1, o2: 3, o3: 3, sl: 2, f1: 5 };

  it('fills the template with a passing plan', () => {
    const result = suggestPlan(input(ctx, { recentLoad: load }));
    expect(result.unresolved).toEqual([]);
    expect(result.plan).toEqual({
      hiringManagerId: 'hm',
      barRaiserId: 'br',
      slots: [
        { id: 's1', title: 'Ownership', durationMinutes: 45, interviewerId: 'e1', principleIds: ['p1', 'p2'] },
        { id: 's2', title: 'Deep dive', durationMinutes: 60, interviewerId: 'e2', principleIds: ['p3'] },
        // o1 (load 1) would sit here, but the company is young: a founder takes the last slot.
        { id: 's3', title: 'Customers', durationMinutes: 45, interviewerId: 'f1', principleIds: ['p4'] },
      ],
      shadowIds: ['brit'],
    });
    expect(hasBlockers(checkLoopPlan(result.plan, ctx))).toBe(false);
  });

  it('explains each choice in one sentence naming the person', () => {
    const { explanations } = suggestPlan(input(ctx, { recentLoad: load }));
    expect(explanations).toEqual([
      expect.stringMatching(/^Bea Raiser is the bar raiser: certified, outside .*\(0 recent interviews\)\.$/),
      expect.stringMatching(/^Eve One interviews in "Ownership": a trained interviewer with 0 recent interviews/),
      expect.stringMatching(/^Ed Two interviews in "Deep dive": a trained interviewer with 1 recent interview,/),
      expect.stringMatching(/^Founder Fay Founder interviews in "Customers" instead of Oli Ops because the company has made fewer than 50 hires/),
      expect.stringMatching(/^Tia Trainee shadows the loop as a bar raiser in training/),
    ]);
    for (const sentence of explanations) expect(sentence.split(/[.;:]\s+[A-Z]/)).toHaveLength(1);
  });

  it('does not force a founder once the company has made enough hires', () => {
    const result = suggestPlan(input({ ...ctx, hiresMade: 50 }, { recentLoad: load }));
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['e1', 'e2', 'o1']);
    expect(result.explanations.join(' ')).not.toMatch(/fewer than 50 hires/);
  });

  it('leaves the loop alone when a founder is already on it', () => {
    const result = suggestPlan(input(ctx, { recentLoad: { ...load, f1: 0 } }));
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['e1', 'f1', 'e2']);
    expect(result.explanations.join(' ')).not.toMatch(/fewer than 50 hires/);
  });

  it('finds no independent bar raiser when the founder at the top is the hiring manager', () => {
    const result = suggestPlan(input(ctx, { hiringManagerId: 'f1', recentLoad: load }));
    expect(result.plan.barRaiserId).toBeNull();
    expect(result.unresolved).toEqual([
      'No certified bar raiser is independent of this loop: Bea Raiser reports to the hiring manager (directly or further down). Certify a bar raiser from another team or record an override reason.',
    ]);
  });
});

describe('suggestPlan: choosing interviewers', () => {
  it('breaks load ties by id', () => {
    const ctx = smallTeam(2, [person('c', 'Eng', 'hm', ['interviewer'])]);
    expect(interviewersOf(input(ctx))).toEqual(['a', 'b']);
    expect(interviewersOf(input(ctx, { recentLoad: { a: 2 } }))).toEqual(['b', 'c']);
  });

  it('prefers a trained interviewer over an untrained one with less load', () => {
    const ctx = smallTeam(2, [person('c', 'Eng', 'hm', [])]);
    expect(interviewersOf(input(ctx, { recentLoad: { a: 9, b: 9, c: 0 } }))).toEqual(['a', 'b']);
  });

  it('uses an untrained person before the hiring manager, and says so', () => {
    const ctx = smallTeam(3, [person('c', 'Eng', 'hm', [], { name: 'Cy' })]);
    const result = suggestPlan(input(ctx));
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['a', 'b', 'c']);
    expect(result.explanations.join('\n')).toMatch(/Cy interviews in "T3" \(0 recent interviews\) although not a trained interviewer.*shadow/);
  });

  it('lets the hiring manager interview only when nobody else is free, and says so', () => {
    const result = suggestPlan(input(smallTeam(3)));
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['a', 'b', 'hm']);
    expect(result.explanations).toContain('Hiring manager Hana interviews in "T3" because nobody else was available.');
    expect(result.unresolved).toEqual([]);
  });

  it('never seats the bar raiser, even when short of people', () => {
    const ctx = smallTeam(4);
    const result = suggestPlan(input(ctx));
    expect(result.plan.barRaiserId).toBe('br');
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['a', 'b', 'hm', null]);
    expect(result.unresolved).toEqual([
      'Not enough active people to fill 4 interviews without repeating someone: only 3 are available besides the bar raiser; remove 1 interview or record an override reason.',
    ]);
  });

  it('skips people who have left', () => {
    const ctx = smallTeam(2, [person('c', 'Eng', 'hm', ['interviewer'])]);
    const left = { ...ctx, members: ctx.members.map((m) => (m.id === 'a' ? { ...m, active: false } : m)) };
    expect(interviewersOf(input(left))).toEqual(['b', 'c']);
  });

  it('ignores recent-load keys that are not own properties', () => {
    const ctx = smallTeam(2, [person('constructor', 'Eng', 'hm', ['interviewer'])]);
    expect(interviewersOf(input(ctx, { recentLoad: { a: 1, b: 1 } }))).toEqual(['constructor', 'a']);
  });
});

describe('suggestPlan: choosing the bar raiser', () => {
  /** hm ← x (reports to hm); up ← hm; others on their own. */
  const team = (extra: PlanMember[]) =>
    context(
      [
        person('up', 'Exec', null, ['bar_raiser'], { name: 'Uma' }),
        person('hm', 'Eng', 'up', ['hiring_manager', 'bar_raiser'], { name: 'Hana' }),
        person('x', 'Ops', 'hm', ['bar_raiser'], { name: 'Xia' }),
        person('t', ' eng ', null, ['bar_raiser'], { name: 'Tam' }),
        ...crowd(4),
        ...extra,
      ],
      { role: role({ team: 'Eng', focusPrincipleIds: ['p1'], template: template(['p1'], ['p1'], ['p1']) }) },
    );

  it('skips everyone who is not independent, even with less load', () => {
    const ctx = team([person('far', 'Sales', null, ['bar_raiser']), person('near', 'Sales', null, ['bar_raiser'])]);
    const result = suggestPlan(input(ctx, { recentLoad: { up: 0, hm: 0, x: 0, t: 0, far: 3, near: 2 } }));
    expect(result.plan.barRaiserId).toBe('near');
    expect(result.unresolved).toEqual([]);
  });

  it('breaks load ties by id', () => {
    const ctx = team([person('zed', 'Sales', null, ['bar_raiser']), person('amy', 'Sales', null, ['bar_raiser'])]);
    expect(suggestPlan(input(ctx)).plan.barRaiserId).toBe('amy');
  });

  it('never picks one who has left or is only in training', () => {
    const ctx = team([person('gone', 'Sales', null, ['bar_raiser'], { active: false }), person('trainee', 'Sales', null, ['bar_raiser_in_training'])]);
    const result = suggestPlan(input(ctx));
    expect(result.plan.barRaiserId).toBeNull();
    expect(result.plan.shadowIds).toEqual(['trainee']);
    expect(result.unresolved).toHaveLength(1);
    expect(result.unresolved[0]).toBe(
      "No certified bar raiser is independent of this loop: Hana is the hiring manager and is on the role's team (Eng); Tam is on the role's team (Eng); Uma is above the hiring manager in the reporting chain; Xia reports to the hiring manager (directly or further down). Certify a bar raiser from another team or record an override reason.",
    );
  });

  it('explains a company where nobody holds the capability', () => {
    const ctx = smallTeam(2, [person('trainee', 'Other', null, ['bar_raiser_in_training'])]);
    const noBr = { ...ctx, members: ctx.members.filter((m) => m.id !== 'br') };
    const result = suggestPlan(input(noBr));
    expect(result.plan.barRaiserId).toBeNull();
    expect(result.unresolved[0]).toMatch(/^No active team member holds the bar-raiser capability \(a bar raiser in training is not enough\)/);
    expect(result.unresolved[0]).toMatch(/A company of 4 active people often has nobody independent/);
  });

  it('explains why a three-person company has no independent bar raiser', () => {
    const ctx = context(
      [
        person('f', 'Eng', null, ['founder', 'hiring_manager', 'bar_raiser', 'interviewer'], { name: 'Fen' }),
        person('a', 'Eng', 'f', ['bar_raiser', 'interviewer'], { name: 'Abe' }),
        person('b', 'Eng', 'f', ['interviewer'], { name: 'Bex' }),
      ],
      { role: role({ team: 'Eng', focusPrincipleIds: ['p1', 'p2'], template: template(['p1'], ['p2']) }), hiresMade: 1 },
    );
    const result = suggestPlan(input(ctx, { hiringManagerId: 'f' }));
    expect(result.plan.barRaiserId).toBeNull();
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['a', 'b']);
    expect(result.unresolved).toEqual([
      "No certified bar raiser is independent of this loop: Abe reports to the hiring manager (directly or further down) and is on the role's team (Eng); Fen is the hiring manager and is on the role's team (Eng). A company of 3 active people often has nobody independent; record an override reason.",
    ]);
    expect(blockersOf(input(ctx, { hiringManagerId: 'f' })).map((f) => f.check)).toEqual(['bar-raiser-missing']);
  });
});

describe('suggestPlan: slots and principles', () => {
  it.each([
    [[], [[]]],
    [['p1'], [['p1']]],
    [['p1', 'p2', 'p3'], [['p1', 'p2', 'p3']]],
    [['p1', 'p2', 'p3', 'p4'], [['p1', 'p2'], ['p3', 'p4']]],
    [['p1', 'p2', 'p3', 'p4', 'p5'], [['p1', 'p2', 'p3'], ['p4', 'p5']]],
    [['p1', 'p2', 'p3', 'p4', 'p5', 'p6'], [['p1', 'p2', 'p3'], ['p4', 'p5', 'p6']]],
    [['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'], [['p1', 'p2', 'p3'], ['p4', 'p5'], ['p6', 'p7']]],
  ])('without a template, focus %j becomes slots %j', (focus, expected) => {
    const ctx = smallTeam(0, crowd(5), { role: role({ team: 'Eng', focusPrincipleIds: focus, template: [] }) });
    const result = suggestPlan(input(ctx));
    expect(result.plan.slots.map((s) => s.principleIds)).toEqual(expected);
    expect(result.plan.slots.map((s) => [s.id, s.title, s.durationMinutes])).toEqual(expected.map((_, i) => [`s${i + 1}`, `Interview ${i + 1}`, 60]));
    expect(result.explanations[0]).toMatch(/^The role has no loop template/);
  });

  it('squeezes focus principles into the slot ids it was given', () => {
    const ctx = smallTeam(0, [], { role: role({ team: 'Eng', focusPrincipleIds: ['p1', 'p2', 'p3', 'p4', 'p5'], template: [] }) });
    const result = suggestPlan(input(ctx, { slotIds: ['only'] }));
    expect(result.plan.slots.map((s) => [s.id, s.principleIds])).toEqual([['only', ['p1', 'p2', 'p3', 'p4', 'p5']]]);
    expect(result.explanations[0]).toMatch(/1 more would keep each to 3 principles/);
  });

  it('adds uncovered focus principles to the emptiest slots, earlier slots first', () => {
    const ctx = smallTeam(0, crowd(3), {
      role: role({ team: 'Eng', focusPrincipleIds: ['p1', 'p5', 'p6', 'p7', 'p4'], template: template(['p1', 'p2', 'p3'], ['p4'], []) }),
    });
    const result = suggestPlan(input(ctx));
    expect(result.plan.slots.map((s) => s.principleIds)).toEqual([['p1', 'p2', 'p3'], ['p4', 'p6'], ['p5', 'p7']]);
    expect(result.explanations.slice(0, 3)).toEqual([
      'Focus principle p5 was added to "T3" so every focus principle is assessed.',
      'Focus principle p6 was added to "T2" so every focus principle is assessed.',
      'Focus principle p7 was added to "T3" so every focus principle is assessed.',
    ]);
  });

  it('overfills a slot rather than leave a focus principle uncovered', () => {
    const ctx = smallTeam(0, [], { role: role({ team: 'Eng', focusPrincipleIds: ['a', 'd'], template: template(['a', 'b', 'c']) }) });
    const result = suggestPlan(input(ctx));
    expect(result.plan.slots[0]?.principleIds).toEqual(['a', 'b', 'c', 'd']);
    expect(result.explanations[0]).toMatch(/now has 4 principles, because every interview already had 3/);
    expect(checkLoopPlan(result.plan, ctx).map((f) => f.check)).toContain('slot-principle-count');
  });

  it('keeps template slots as they are and does not share arrays with the input', () => {
    const { ctx } = company();
    const result = suggestPlan(input(ctx));
    expect(result.plan.slots[0]?.principleIds).not.toBe(ctx.role.template[0]?.principleIds);
  });

  it('makes only as many template slots as it has ids for, and says so', () => {
    const { ctx } = company();
    const result = suggestPlan(input(ctx, { slotIds: ['x1', 'x2'] }));
    expect(result.plan.slots.map((s) => [s.id, s.principleIds])).toEqual([
      ['x1', ['p1', 'p2']],
      ['x2', ['p3', 'p4']],
    ]);
    expect(result.explanations[0]).toBe("Only 2 of the template's 3 interviews were made, because only 2 slot ids were given.");
  });

  it('reports the missing slot ids instead of inventing any', () => {
    const { ctx } = company();
    const result = suggestPlan(input(ctx, { slotIds: [] }));
    expect(result.plan.slots).toEqual([]);
    expect(result.unresolved[0]).toMatch(/No slot ids were given/);
  });
});

describe('suggestPlan: shadows', () => {
  it.each([
    ['a trainee not otherwise on the loop shadows', [person('t1', 'X', null, ['bar_raiser_in_training'])], 1, ['t1']],
    ['the least-loaded trainee, then id', [person('t2', 'X', null, ['bar_raiser_in_training']), person('t1', 'X', null, ['bar_raiser_in_training'])], 1, ['t1']],
    ['a trainee who has left does not', [person('t1', 'X', null, ['bar_raiser_in_training'], { active: false })], 1, []],
    ['a trainee already interviewing does not', [person('t1', 'X', null, ['bar_raiser_in_training', 'interviewer'])], 3, []],
    ['nobody in training, no shadow', [], 1, []],
  ])('%s', (_name, extra, slots, shadows) => {
    expect(suggestPlan(input(smallTeam(slots, extra))).plan.shadowIds).toEqual(shadows);
  });

  it('never makes the hiring manager a shadow', () => {
    const ctx = smallTeam(1);
    const hmTrainee = { ...ctx, members: ctx.members.map((m) => (m.id === 'hm' ? { ...m, capabilities: ['bar_raiser_in_training' as const] } : m)) };
    expect(suggestPlan(input(hmTrainee)).plan.shadowIds).toEqual([]);
  });
});

describe('suggestPlan: founder rule', () => {
  const young = (extra: PlanMember[]) => smallTeam(2, [person('c', 'Eng', 'hm', ['interviewer']), ...extra], { hiresMade: 3 });

  it('puts the least-loaded active founder into the last slot', () => {
    const ctx = young([person('f2', 'Board', null, ['founder']), person('f1', 'Board', null, ['founder']), person('f0', 'Board', null, ['founder'], { active: false })]);
    const result = suggestPlan(input(ctx, { recentLoad: { f1: 4 } }));
    expect(result.plan.slots.map((s) => s.interviewerId)).toEqual(['a', 'f2']);
    expect(result.explanations).toContain('Founder Person f2 interviews in "T2" instead of Bo because the company has made fewer than 50 hires, so a founder should be on every loop.');
    expect(result.explanations.join('\n')).not.toMatch(/^Bo interviews/m);
  });

  it('is satisfied by a founder who is the bar raiser', () => {
    const ctx = young([]);
    const withFounderBr = { ...ctx, members: ctx.members.map((m) => (m.id === 'br' ? { ...m, capabilities: [...m.capabilities, 'founder' as const] } : m)) };
    expect(suggestPlan(input(withFounderBr)).plan.slots.map((s) => s.interviewerId)).toEqual(['a', 'b']);
  });

  it('says when there is no founder to add', () => {
    const result = suggestPlan(input(young([])));
    expect(result.explanations.at(-1)).toBe('No active founder is recorded, so no founder could be put on this loop although the company has made fewer than 50 hires.');
    expect(result.unresolved).toEqual([]);
  });
});

describe('suggestPlan: blockers no plan can fix', () => {
  it('names the candidate cooldown', () => {
    const { ctx } = company();
    const result = suggestPlan(input({ ...ctx, candidateCooldownUntil: '2025-06-01' }));
    expect(result.unresolved).toEqual(['The candidate is in a no-recycle cooldown until 2025-06-01; no plan can change that, so wait or record an override reason.']);
  });

  it.each([
    [null, /^No hiring manager was chosen/],
    ['ghost', /^The hiring manager "ghost" is not a team member/],
  ])('names a missing hiring manager (%s)', (hiringManagerId, message) => {
    const { ctx } = company();
    const result = suggestPlan(input(ctx, { hiringManagerId }));
    expect(result.unresolved).toHaveLength(1);
    expect(result.unresolved[0]).toMatch(message);
    expect(blockersOf(input(ctx, { hiringManagerId })).map((f) => f.check)).toEqual(['hiring-manager-missing']);
  });

  it('names a hiring manager who has left', () => {
    const { ctx } = company();
    const left = { ...ctx, members: ctx.members.map((m) => (m.id === 'hm' ? { ...m, active: false } : m)) };
    expect(suggestPlan(input(left)).unresolved).toEqual(['The hiring manager Hal Manager has left the company; choose an active hiring manager.']);
  });
});

describe('suggestPlan: determinism', () => {
  it('gives the same answer for the same input, whatever the member order, and leaves the input untouched', () => {
    const { ctx } = company();
    const i = input(ctx, { recentLoad: { e1: 2, o2: 1 } });
    const before = JSON.stringify(i);
    const first = suggestPlan(i);
    expect(suggestPlan(i)).toEqual(first);
    expect(suggestPlan({ ...i, ctx: { ...ctx, members: [...ctx.members].reverse() } })).toEqual(first);
    expect(JSON.stringify(i)).toBe(before);
  });
});

// ---------------------------------------------------------------------------
// Properties over random teams and roles
// ---------------------------------------------------------------------------

const TEAMS = ['Engineering', ' engineering ', 'Sales', 'Design', '', 'Ops'];
const PRINCIPLES = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];

const memberArb = fc.record({
  // 0–1: no manager; 2–8: someone earlier (a tree); 9: anyone (cycles possible).
  managerKind: fc.integer({ min: 0, max: 9 }),
  managerPick: fc.nat(),
  team: fc.constantFrom(...TEAMS),
  active: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  capabilities: fc.subarray([...CAPABILITIES]),
  load: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
});

const templateSlotArb: fc.Arbitrary<TemplateSlot> = fc.record({
  title: fc.constantFrom('Ownership', 'Deep dive', ''),
  durationMinutes: fc.constantFrom(30, 45, 60),
  principleIds: fc.uniqueArray(fc.constantFrom(...PRINCIPLES), { maxLength: 3 }),
});

const scenarioArb: fc.Arbitrary<SuggestInput> = fc
  .record({
    // Half small teams (where independence is hard), half up to sixty people.
    people: fc
      .oneof(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 9, max: 60 }))
      .chain((n) => fc.array(memberArb, { minLength: n, maxLength: n })),
    roleTeam: fc.constantFrom(...TEAMS),
    focus: fc.uniqueArray(fc.constantFrom(...PRINCIPLES), { minLength: 1, maxLength: 6 }),
    template: fc.array(templateSlotArb, { maxLength: 6 }),
    hiringManagerPick: fc.option(fc.nat(), { nil: null, freq: 8 }),
    hiresMade: fc.integer({ min: 0, max: 100 }),
    cooldown: fc.option(fc.constantFrom('2025-03-09', '2025-03-10', '2025-03-11'), { nil: null, freq: 2 }),
  })
  .map((s) => {
    const ids = s.people.map((_, i) => `m${String(i).padStart(2, '0')}`);
    const members: PlanMember[] = s.people.map((p, i) => {
      let managerId: string | null = null;
      if (p.managerKind >= 2 && p.managerKind <= 8 && i > 0) managerId = ids[p.managerPick % i] ?? null;
      if (p.managerKind === 9) managerId = ids[p.managerPick % ids.length] ?? null;
      return { id: ids[i] as string, name: `Member ${i}`, team: p.team, managerId, active: p.active, capabilities: p.capabilities };
    });
    const recentLoad: Record<string, number> = {};
    s.people.forEach((p, i) => {
      if (p.load !== undefined) recentLoad[ids[i] as string] = p.load;
    });
    const slotCount = Math.max(1, s.template.length, Math.ceil(s.focus.length / 3));
    return {
      ctx: context(members, {
        role: role({ team: s.roleTeam, focusPrincipleIds: s.focus, template: s.template }),
        hiresMade: s.hiresMade,
        founderRuleThreshold: 50,
        candidateCooldownUntil: s.cooldown,
      }),
      hiringManagerId: s.hiringManagerPick === null ? null : (ids[s.hiringManagerPick % ids.length] ?? null),
      recentLoad,
      slotIds: Array.from({ length: slotCount }, (_, i) => `slot-${i + 1}`),
    };
  });

/** Brute force, written without the rules' helpers: is `above` anywhere above `id`? */
function isAbove(above: string, id: string, members: readonly PlanMember[]): boolean {
  const seen = new Set<string>([id]);
  let current = members.find((m) => m.id === id)?.managerId ?? null;
  while (current !== null && !seen.has(current)) {
    if (current === above) return true;
    seen.add(current);
    const next = members.find((m) => m.id === current);
    current = next ? next.managerId : null;
  }
  return false;
}

const normTeam = (t: string) => t.trim().toLowerCase();

function isIndependent(m: PlanMember, i: SuggestInput): boolean {
  const hm = i.hiringManagerId;
  const sameTeam = normTeam(m.team) !== '' && normTeam(m.team) === normTeam(i.ctx.role.team);
  const inChain = hm !== null && (m.id === hm || isAbove(m.id, hm, i.ctx.members) || isAbove(hm, m.id, i.ctx.members));
  return !sameTeam && !inChain;
}

function qualifiesAsBarRaiser(m: PlanMember, i: SuggestInput): boolean {
  return m.active && m.capabilities.includes('bar_raiser') && isIndependent(m, i);
}

const RUNS = { numRuns: 200 };

describe('suggestPlan: properties', () => {
  it('(a) covers every focus principle whenever the loop has a slot, and it always has one', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan } = suggestPlan(i);
        expect(plan.slots.length).toBeGreaterThan(0);
        const covered = new Set(plan.slots.flatMap((s) => s.principleIds));
        for (const p of i.ctx.role.focusPrincipleIds) expect(covered.has(p)).toBe(true);
      }),
      RUNS,
    );
  });

  it('(b) never makes the hiring manager, anyone in their chain or anyone on the role team the bar raiser', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan } = suggestPlan(i);
        if (plan.barRaiserId === null) return;
        const br = i.ctx.members.find((m) => m.id === plan.barRaiserId);
        expect(br).toBeDefined();
        expect(qualifiesAsBarRaiser(br as PlanMember, i)).toBe(true);
      }),
      RUNS,
    );
  });

  it('(c) never seats one person twice, nor the bar raiser, nor anyone inactive', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan } = suggestPlan(i);
        const seated = plan.slots.flatMap((s) => (s.interviewerId === null ? [] : [s.interviewerId]));
        expect(new Set(seated).size).toBe(seated.length);
        if (plan.barRaiserId !== null) expect(seated).not.toContain(plan.barRaiserId);
        const active = new Set(i.ctx.members.filter((m) => m.active).map((m) => m.id));
        for (const id of [...seated, ...plan.shadowIds]) expect(active.has(id)).toBe(true);
        for (const id of plan.shadowIds) expect(seated.includes(id) || id === plan.barRaiserId || id === plan.hiringManagerId).toBe(false);
      }),
      RUNS,
    );
  });

  it('(d) is deterministic, whatever the member order', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const first = suggestPlan(i);
        expect(suggestPlan(structuredClone(i))).toEqual(first);
        expect(suggestPlan({ ...i, ctx: { ...i.ctx, members: [...i.ctx.members].reverse() } })).toEqual(first);
      }),
      RUNS,
    );
  });

  it('(e) passes every blocker whenever nothing is reported unresolved', () => {
    let clean = 0;
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan, unresolved } = suggestPlan(i);
        if (unresolved.length > 0) return;
        clean++;
        expect(checkLoopPlan(plan, i.ctx).filter((f) => f.kind === 'blocker')).toEqual([]);
      }),
      { numRuns: 400 },
    );
    // The property means little if no random scenario ever resolves.
    expect(clean).toBeGreaterThan(20);
  });

  it('(e′) every unresolved blocker shows up in the checks, so nothing is reported needlessly', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan, unresolved } = suggestPlan(i);
        expect(unresolved.length > 0).toBe(hasBlockers(checkLoopPlan(plan, i.ctx)));
      }),
      RUNS,
    );
  });

  it('(f) reports no independent bar raiser exactly when brute force finds none', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan, unresolved } = suggestPlan(i);
        const anyone = i.ctx.members.some((m) => qualifiesAsBarRaiser(m, i));
        expect(plan.barRaiserId !== null).toBe(anyone);
        expect(unresolved.some((u) => /^No (certified bar raiser|active team member holds the bar-raiser)/.test(u))).toBe(!anyone);
      }),
      RUNS,
    );
  });

  it('fills every slot exactly when there are enough active people besides the bar raiser', () => {
    fc.assert(
      fc.property(scenarioArb, (i) => {
        const { plan } = suggestPlan(i);
        const available = i.ctx.members.filter((m) => m.active && m.id !== plan.barRaiserId).length;
        const filled = plan.slots.filter((s) => s.interviewerId !== null).length;
        expect(filled).toBe(Math.min(plan.slots.length, available));
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------
// Interviewers in training: shadows and reverse shadows
// ---------------------------------------------------------------------------

describe('suggestPlan: interviewers in training', () => {
  const trainees = (...t: [string, 'shadow' | 'reverse_shadow', number][]): TraineeOnOffer[] =>
    t.map(([memberId, stage, recentSessions]) => ({ memberId, stage, recentSessions }));
  const extra = [
    person('t1', 'Ops', null, [], { name: 'Tom Trainee' }),
    person('t2', 'Ops', null, [], { name: 'Tess Trainee' }),
    person('t3', 'Ops', null, [], { name: 'Ty Trainee' }),
  ];
  const withTrainees = (): PlanningContext => {
    const { ctx } = company();
    return { ...ctx, members: [...ctx.members, ...extra] };
  };

  // Without trainees the company fixture's suggestion seats brit, d1 and f1 and has no shadow.
  const CASES: { name: string; offered: TraineeOnOffer[]; shadows: string[]; leader: string | null; explains?: RegExp }[] = [
    { name: 'nobody offered: no trainee placed', offered: [], shadows: [], leader: null },
    { name: 'a trainee at the shadow stage shadows', offered: trainees(['t1', 'shadow', 0]), shadows: ['t1'], leader: null, explains: /Tom Trainee shadows the loop as an interviewer in training/ },
    { name: 'a trainee at the reverse-shadow stage leads a slot', offered: trainees(['t1', 'reverse_shadow', 0]), shadows: [], leader: 't1', explains: /Tom Trainee leads "Ownership" as a reverse shadow .* supervised by Tia Trainee/ },
    { name: 'fewest recent sessions first', offered: trainees(['t1', 'shadow', 3], ['t2', 'shadow', 1], ['t3', 'shadow', 2]), shadows: ['t2'], leader: null },
    { name: 'ties go by id', offered: trainees(['t3', 'reverse_shadow', 1], ['t2', 'reverse_shadow', 1]), shadows: [], leader: 't2' },
    { name: 'one of each stage at most', offered: trainees(['t1', 'shadow', 0], ['t2', 'shadow', 0], ['t3', 'reverse_shadow', 4]), shadows: ['t1'], leader: 't3' },
    { name: 'someone already on the panel is never also a trainee', offered: trainees(['d1', 'reverse_shadow', 0], ['brit', 'shadow', 0]), shadows: [], leader: null },
    { name: 'the hiring manager and the bar raiser are never trainees', offered: trainees(['hm', 'shadow', 0], ['br', 'reverse_shadow', 0]), shadows: [], leader: null },
    { name: 'someone who has left is never a trainee', offered: trainees(['gone', 'shadow', 0]), shadows: [], leader: null },
  ];

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const ctx = { ...withTrainees(), members: [...withTrainees().members, person('gone', 'Ops', null, [], { active: false })] };
    const i = input(ctx, { recentLoad: { e1: 2, e2: 0, o1: 1, o2: 1, o3: 1 }, trainees: c.offered });
    const result = suggestPlan(i);
    expect(result.plan.shadowIds).toEqual(c.shadows);
    const leaders = result.plan.slots.flatMap((s) => (s.traineeId ? [s.traineeId] : []));
    expect(leaders).toEqual(c.leader ? [c.leader] : []);
    if (c.explains) expect(result.explanations.join('\n')).toMatch(c.explains);
    expect(checkLoopPlan(result.plan, ctx).filter((f) => f.kind === 'blocker')).toEqual([]);
  });

  it('puts the trainee under the least loaded trained supervisor, never an untrained interviewer', () => {
    const ctx = context(
      [
        person('u', 'Eng', null, [], { name: 'Uma' }),
        person('a', 'Eng', null, ['interviewer'], { name: 'Ari' }),
        person('b', 'Eng', null, ['interviewer'], { name: 'Bo' }),
        person('br', 'Other', null, ['interviewer', 'bar_raiser'], { name: 'Bree' }),
        person('t', 'Ops', null, [], { name: 'Tia' }),
      ],
      { role: role({ team: 'Eng', focusPrincipleIds: ['p1'], template: template(['p1'], ['p1'], ['p1']) }) },
    );
    const { plan } = suggestPlan(input(ctx, { hiringManagerId: null, recentLoad: { a: 3, b: 1, t: 5 }, trainees: trainees(['t', 'reverse_shadow', 0]) }));
    expect(plan.slots.map((s) => s.interviewerId)).toEqual(['b', 'a', 'u']);
    expect(plan.slots.find((s) => s.traineeId === 't')?.interviewerId).toBe('b');
  });

  it('says so when no interview has a trained interviewer to supervise', () => {
    const ctx = context([...smallTeam(1).members.map((m) => (m.id === 'a' || m.id === 'b' || m.id === 'hm' ? { ...m, capabilities: [] } : m)), person('t', 'Ops', null, [])]);
    const i: SuggestInput = { ...input({ ...ctx, role: smallTeam(1).role }), trainees: trainees(['t', 'reverse_shadow', 0]) };
    const result = suggestPlan(i);
    expect(result.plan.slots.some((s) => s.traineeId)).toBe(false);
    expect(result.explanations.join('\n')).toMatch(/no interview here has a trained interviewer to supervise/);
  });
});

/** Random scenarios where every active person without interviewer training is offered as a trainee, at their stage on the path. */
const traineeScenarioArb: fc.Arbitrary<SuggestInput> = scenarioArb.chain((i) =>
  fc.array(fc.record({ shadows: fc.integer({ min: 0, max: 4 }), interviewsShadowed: fc.integer({ min: 0, max: 4 }), recent: fc.integer({ min: 0, max: 5 }) }), { minLength: i.ctx.members.length, maxLength: i.ctx.members.length }).map((t) => ({
    ...i,
    trainees: i.ctx.members.flatMap((m, k) => {
      const stage = plannerTrainingStage(m, { shadows: t[k]?.shadows ?? 0, interviewsShadowed: t[k]?.interviewsShadowed ?? 0 }, DEFAULT_TRAINING_SETTINGS);
      return stage ? [{ memberId: m.id, stage, recentSessions: t[k]?.recent ?? 0 }] : [];
    }),
  })),
);

describe('suggestPlan: properties with interviewers in training', () => {
  it('(t1) trainees never add a blocker: the checks fail exactly as they would with no trainee offered', () => {
    let placed = 0;
    fc.assert(
      fc.property(traineeScenarioArb, (i) => {
        const withT = suggestPlan(i);
        const without = suggestPlan({ ...i, trainees: [] });
        if (withT.plan.slots.some((s) => s.traineeId) || withT.plan.shadowIds.length > without.plan.shadowIds.length) placed++;
        const blockers = (p: typeof withT.plan) => checkLoopPlan(p, i.ctx).filter((f) => f.kind === 'blocker').map((f) => f.check);
        expect(blockers(withT.plan)).toEqual(blockers(without.plan));
        expect(withT.unresolved).toEqual(without.unresolved);
        if (withT.unresolved.length === 0) expect(blockers(withT.plan)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(placed).toBeGreaterThan(30);
  });

  it("(t2) a trainee's feedback never counts: no trainee holds a place whose feedback enters the decision", () => {
    fc.assert(
      fc.property(traineeScenarioArb, (i) => {
        const { plan } = suggestPlan(i);
        // Counted feedback is the slot interviewers'; the hiring manager and bar raiser decide.
        const counted = new Set(plan.slots.flatMap((s) => (s.interviewerId === null ? [] : [s.interviewerId])));
        if (plan.barRaiserId) counted.add(plan.barRaiserId);
        if (plan.hiringManagerId) counted.add(plan.hiringManagerId);
        const offered = new Set((i.trainees ?? []).map((t) => t.memberId));
        const placedTrainees = [...plan.slots.flatMap((s) => (s.traineeId ? [s.traineeId] : [])), ...plan.shadowIds.filter((id) => offered.has(id))];
        for (const id of placedTrainees) expect(counted.has(id)).toBe(false);
        expect(new Set(placedTrainees).size).toBe(placedTrainees.length);
        for (const s of plan.slots) if (s.traineeId) expect(maySupervise(i.ctx.members.find((m) => m.id === s.interviewerId))).toBe(true);
      }),
      RUNS,
    );
  });

  it('(t3) spreads the load: the trainee placed at each stage has the fewest recent sessions among those free', () => {
    fc.assert(
      fc.property(traineeScenarioArb, (i) => {
        const { plan } = suggestPlan(i);
        const others = new Set(plan.slots.flatMap((s) => (s.interviewerId === null ? [] : [s.interviewerId])));
        if (plan.barRaiserId) others.add(plan.barRaiserId);
        if (plan.hiringManagerId) others.add(plan.hiringManagerId);
        const leader = plan.slots.find((s) => s.traineeId)?.traineeId;
        if (!leader) return;
        const free = (i.trainees ?? []).filter((t) => t.stage === 'reverse_shadow' && !others.has(t.memberId) && !plan.shadowIds.includes(t.memberId));
        const min = Math.min(...free.map((t) => t.recentSessions));
        expect((i.trainees ?? []).find((t) => t.memberId === leader)?.recentSessions).toBe(min);
      }),
      RUNS,
    );
  });
});
