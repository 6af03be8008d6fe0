import { describe, expect, it } from 'vitest';
import { checkLoopPlan, hasBlockers } from '../../core/rules/loopChecks';
import type { CheckFinding, CheckId, CheckKind, LoopPlan, PlanMember, PlanningContext } from '../../core/rules/planTypes';
import { company, context, crowd, member, person, plan, role, slot } from './planFixtures';

const KIND: Readonly<Record<CheckId, CheckKind>> = {
  'hiring-manager-missing': 'blocker',
  'focus-uncovered': 'blocker',
  'principle-repeated': 'info',
  'slot-principle-count': 'warning',
  'slot-unassigned': 'blocker',
  'slot-principle-no-questions': 'warning',
  'bar-raiser-missing': 'blocker',
  'bar-raiser-not-certified': 'blocker',
  'bar-raiser-not-independent': 'blocker',
  'interviewer-repeated': 'blocker',
  'interviewer-inactive': 'blocker',
  'interviewer-untrained': 'warning',
  'loop-size': 'warning',
  'founder-rule': 'warning',
  'candidate-cooldown': 'blocker',
  'reverse-shadow-supervisor': 'blocker',
  'reverse-shadow-trainee': 'blocker',
};

const findingsOf = (p: LoopPlan, ctx: PlanningContext, check: CheckId): CheckFinding[] =>
  checkLoopPlan(p, ctx).filter((f) => f.check === check);

/** The company fixture's members with one person changed (or added, when the id is new). */
function patchMember(members: readonly PlanMember[], id: string, patch: Partial<PlanMember>): PlanMember[] {
  return members.some((m) => m.id === id) ? members.map((m) => (m.id === id ? { ...m, ...patch } : m)) : [...members, member(id, patch)];
}

function withSlot(p: LoopPlan, index: number, patch: Partial<LoopPlan['slots'][number]>): LoopPlan {
  return { ...p, slots: p.slots.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

interface Case {
  name: string;
  check: CheckId;
  present: boolean;
  plan?: (p: LoopPlan) => LoopPlan;
  ctx?: (c: PlanningContext) => PlanningContext;
  /** Fields every finding of that check must have (present cases). */
  fields?: Partial<CheckFinding>;
  count?: number;
  message?: RegExp;
}

const members = (c: PlanningContext, id: string, patch: Partial<PlanMember>): PlanningContext => ({ ...c, members: patchMember(c.members, id, patch) });

const CASES: Case[] = [
  // hiring-manager-missing
  { name: 'no hiring manager', check: 'hiring-manager-missing', present: true, plan: (p) => ({ ...p, hiringManagerId: null }) },
  { name: 'unknown hiring manager', check: 'hiring-manager-missing', present: true, plan: (p) => ({ ...p, hiringManagerId: 'ghost' }), fields: { memberId: 'ghost' }, message: /not a team member/ },
  { name: 'hiring manager has left', check: 'hiring-manager-missing', present: true, ctx: (c) => members(c, 'hm', { active: false }), fields: { memberId: 'hm' }, message: /Hal Manager has left/ },
  { name: 'active hiring manager', check: 'hiring-manager-missing', present: false },

  // focus-uncovered
  { name: 'one focus principle dropped', check: 'focus-uncovered', present: true, plan: (p) => withSlot(p, 2, { principleIds: [] }), fields: { principleId: 'p4' }, count: 1, message: /p4/ },
  { name: 'two focus principles dropped', check: 'focus-uncovered', present: true, plan: (p) => withSlot(p, 0, { principleIds: ['x'] }), count: 2 },
  { name: 'a repeated focus principle is reported once', check: 'focus-uncovered', present: true, ctx: (c) => ({ ...c, role: { ...c.role, focusPrincipleIds: ['p9', 'p9'] } }), fields: { principleId: 'p9' }, count: 1 },
  { name: 'every focus principle covered', check: 'focus-uncovered', present: false },
  { name: 'no focus principles', check: 'focus-uncovered', present: false, ctx: (c) => ({ ...c, role: { ...c.role, focusPrincipleIds: [] } }) },
  { name: 'covered twice still covered', check: 'focus-uncovered', present: false, plan: (p) => withSlot(p, 1, { principleIds: ['p3', 'p1'] }) },

  // principle-repeated
  { name: 'a principle in two slots', check: 'principle-repeated', present: true, plan: (p) => withSlot(p, 2, { principleIds: ['p4', 'p1'] }), fields: { principleId: 'p1' }, count: 1, message: /"Interview s1", "Interview s3"/ },
  { name: 'a principle in three slots', check: 'principle-repeated', present: true, plan: (p) => ({ ...p, slots: p.slots.map((s) => ({ ...s, principleIds: [...s.principleIds, 'p5'] })) }), fields: { principleId: 'p5' }, message: /3 interviews/ },
  { name: 'listed twice inside one slot', check: 'principle-repeated', present: false, plan: (p) => withSlot(p, 1, { principleIds: ['p3', 'p3'] }) },
  { name: 'distinct principles', check: 'principle-repeated', present: false },

  // slot-principle-no-questions
  { name: 'a slot principle with no question', check: 'slot-principle-no-questions', present: true, ctx: (c) => ({ ...c, questionsByPrinciple: { p1: 2, p3: 1, p4: 3 } }), fields: { slotId: 's1' }, count: 1, message: /a principle with no question/ },
  { name: 'a zero count counts as none', check: 'slot-principle-no-questions', present: true, ctx: (c) => ({ ...c, questionsByPrinciple: { p1: 2, p2: 2, p3: 0, p4: 3 } }), fields: { slotId: 's2' }, count: 1 },
  { name: 'two bare principles in one slot, one finding', check: 'slot-principle-no-questions', present: true, ctx: (c) => ({ ...c, questionsByPrinciple: { p3: 1, p4: 1 } }), fields: { slotId: 's1' }, count: 1, message: /2 principles/ },
  { name: 'an empty bank warns on every slot', check: 'slot-principle-no-questions', present: true, ctx: (c) => ({ ...c, questionsByPrinciple: {} }), count: 3 },
  { name: 'every slot principle has a question', check: 'slot-principle-no-questions', present: false, ctx: (c) => ({ ...c, questionsByPrinciple: { p1: 1, p2: 1, p3: 1, p4: 1 } }) },
  { name: 'counts unknown: no finding', check: 'slot-principle-no-questions', present: false },

  // slot-principle-count
  { name: 'slot with no principle', check: 'slot-principle-count', present: true, plan: (p) => withSlot(p, 1, { principleIds: [] }), fields: { slotId: 's2' }, message: /no principle/ },
  { name: 'slot with four principles', check: 'slot-principle-count', present: true, plan: (p) => withSlot(p, 0, { principleIds: ['p1', 'p2', 'p5', 'p6'] }), fields: { slotId: 's1' }, message: /4 principles/ },
  { name: 'slot with three principles', check: 'slot-principle-count', present: false, plan: (p) => withSlot(p, 0, { principleIds: ['p1', 'p2', 'p5'] }) },
  { name: 'duplicates count once', check: 'slot-principle-count', present: false, plan: (p) => withSlot(p, 0, { principleIds: ['p1', 'p1', 'p2', 'p2'] }) },
  { name: 'one principle each', check: 'slot-principle-count', present: false },

  // slot-unassigned
  { name: 'slot without interviewer', check: 'slot-unassigned', present: true, plan: (p) => withSlot(p, 1, { interviewerId: null }), fields: { slotId: 's2' } },
  { name: 'every slot assigned', check: 'slot-unassigned', present: false },

  // bar-raiser-missing
  { name: 'no bar raiser', check: 'bar-raiser-missing', present: true, plan: (p) => ({ ...p, barRaiserId: null }) },
  { name: 'a bar raiser', check: 'bar-raiser-missing', present: false },

  // bar-raiser-not-certified
  { name: 'bar raiser in training', check: 'bar-raiser-not-certified', present: true, plan: (p) => ({ ...p, barRaiserId: 'brit', shadowIds: [] }), fields: { memberId: 'brit' }, message: /in training/ },
  { name: 'no bar-raiser capability', check: 'bar-raiser-not-certified', present: true, plan: (p) => ({ ...p, barRaiserId: 'o1' }), fields: { memberId: 'o1' }, message: /not a certified bar raiser/ },
  { name: 'bar raiser has left', check: 'bar-raiser-not-certified', present: true, ctx: (c) => members(c, 'br', { active: false }), message: /has left/ },
  { name: 'unknown bar raiser', check: 'bar-raiser-not-certified', present: true, plan: (p) => ({ ...p, barRaiserId: 'ghost' }), message: /not a team member/ },
  { name: 'certified and active', check: 'bar-raiser-not-certified', present: false },
  { name: 'missing bar raiser is reported once, as missing', check: 'bar-raiser-not-certified', present: false, plan: (p) => ({ ...p, barRaiserId: null }) },

  // bar-raiser-not-independent
  {
    name: 'bar raiser is the hiring manager',
    check: 'bar-raiser-not-independent',
    present: true,
    ctx: (c) => members(c, 'hm', { capabilities: ['interviewer', 'bar_raiser'], team: 'Platform' }),
    plan: (p) => ({ ...p, barRaiserId: 'hm' }),
    fields: { memberId: 'hm' },
    message: /^Bar raiser Hal Manager is the hiring manager, so is not independent/,
  },
  {
    name: 'bar raiser manages the hiring manager',
    check: 'bar-raiser-not-independent',
    present: true,
    ctx: (c) => members(c, 'f1', { capabilities: ['founder', 'bar_raiser'] }),
    plan: (p) => ({ ...p, barRaiserId: 'f1', slots: [p.slots[0]!, p.slots[1]!, { ...p.slots[2]!, interviewerId: 'o1' }] }),
    message: /above the hiring manager/,
  },
  {
    name: 'bar raiser reports to the hiring manager and is on the team',
    check: 'bar-raiser-not-independent',
    present: true,
    ctx: (c) => members(c, 'e3', { capabilities: ['bar_raiser'] }),
    plan: (p) => ({ ...p, barRaiserId: 'e3' }),
    message: /reports to the hiring manager .* and is on the role's team \(Engineering\)/,
  },
  {
    name: "role team compared trimmed and case-insensitively",
    check: 'bar-raiser-not-independent',
    present: true,
    ctx: (c) => members(c, 'br', { team: '  engineering ' }),
    message: /on the role's team/,
  },
  {
    name: 'bar raiser also interviews',
    check: 'bar-raiser-not-independent',
    present: true,
    plan: (p) => withSlot(p, 2, { interviewerId: 'br' }),
    message: /also interviews in "Interview s3"/,
  },
  { name: 'sibling branch, other team', check: 'bar-raiser-not-independent', present: false },
  {
    name: 'empty teams never match',
    check: 'bar-raiser-not-independent',
    present: false,
    ctx: (c) => ({ ...members(c, 'br', { team: '' }), role: { ...c.role, team: '' } }),
  },
  {
    name: 'whitespace-only teams never match',
    check: 'bar-raiser-not-independent',
    present: false,
    ctx: (c) => ({ ...members(c, 'br', { team: '  ' }), role: { ...c.role, team: ' ' } }),
  },
  {
    name: 'no hiring manager: only the team is checked',
    check: 'bar-raiser-not-independent',
    present: false,
    plan: (p) => ({ ...p, hiringManagerId: null }),
  },

  // interviewer-repeated
  { name: 'same person in two slots', check: 'interviewer-repeated', present: true, plan: (p) => withSlot(p, 1, { interviewerId: 'e1' }), fields: { slotId: 's2', memberId: 'e1' }, count: 1, message: /Eve One interviews in 2 slots/ },
  { name: 'same person in three slots', check: 'interviewer-repeated', present: true, plan: (p) => ({ ...p, slots: p.slots.map((s) => ({ ...s, interviewerId: 'o1' })) }), count: 1, message: /3 slots/ },
  { name: 'different people', check: 'interviewer-repeated', present: false },

  // interviewer-inactive
  { name: 'interviewer has left', check: 'interviewer-inactive', present: true, ctx: (c) => members(c, 'e2', { active: false }), fields: { slotId: 's2', memberId: 'e2' }, message: /Ed Two has left/ },
  { name: 'interviewer unknown', check: 'interviewer-inactive', present: true, plan: (p) => withSlot(p, 0, { interviewerId: 'ghost' }), fields: { slotId: 's1' }, message: /not a team member/ },
  { name: 'shadow has left', check: 'interviewer-inactive', present: true, ctx: (c) => members(c, 'brit', { active: false }), fields: { memberId: 'brit' }, message: /shadows this loop/ },
  { name: 'everyone active', check: 'interviewer-inactive', present: false },

  // interviewer-untrained
  { name: 'untrained interviewer', check: 'interviewer-untrained', present: true, plan: (p) => withSlot(p, 1, { interviewerId: 'e3' }), fields: { slotId: 's2', memberId: 'e3' }, message: /shadow/ },
  {
    name: 'a bar raiser in training without interviewer training',
    check: 'interviewer-untrained',
    present: true,
    ctx: (c) => members(c, 'brit', { capabilities: ['bar_raiser_in_training'] }),
    plan: (p) => ({ ...withSlot(p, 1, { interviewerId: 'brit' }), shadowIds: [] }),
    fields: { memberId: 'brit' },
  },
  { name: 'trained interviewers', check: 'interviewer-untrained', present: false },
  // The training paths count a certified bar raiser as a trained interviewer (paths.ts, isTrainedInterviewer).
  {
    name: 'a certified bar raiser interviewing without the interviewer capability',
    check: 'interviewer-untrained',
    present: false,
    ctx: (c) => members(c, 'e3', { capabilities: ['bar_raiser'] }),
    plan: (p) => withSlot(p, 1, { interviewerId: 'e3' }),
  },
  { name: 'departed people are a blocker, not a training warning', check: 'interviewer-untrained', present: false, ctx: (c) => members(c, 'e3', { active: false }), plan: (p) => withSlot(p, 1, { interviewerId: 'e3' }) },

  // founder-rule
  { name: 'no founder on the loop', check: 'founder-rule', present: true, plan: (p) => withSlot(p, 2, { interviewerId: 'o1' }), message: /add Fay Founder/ },
  { name: 'one hire below the threshold', check: 'founder-rule', present: true, plan: (p) => withSlot(p, 2, { interviewerId: 'o1' }), ctx: (c) => ({ ...c, hiresMade: 49 }) },
  { name: 'threshold reached', check: 'founder-rule', present: false, plan: (p) => withSlot(p, 2, { interviewerId: 'o1' }), ctx: (c) => ({ ...c, hiresMade: 50 }) },
  { name: 'a founder only shadowing does not count', check: 'founder-rule', present: true, plan: (p) => ({ ...withSlot(p, 2, { interviewerId: 'o1' }), shadowIds: ['f1'] }) },
  { name: 'founder as bar raiser', check: 'founder-rule', present: false, plan: (p) => ({ ...withSlot(p, 2, { interviewerId: 'o1' }), barRaiserId: 'f1' }) },
  { name: 'founder as hiring manager', check: 'founder-rule', present: false, plan: (p) => ({ ...withSlot(p, 2, { interviewerId: 'o1' }), hiringManagerId: 'f1' }) },
  { name: 'founder interviewing', check: 'founder-rule', present: false },
  { name: 'the only founder has left', check: 'founder-rule', present: true, ctx: (c) => members(c, 'f1', { active: false }), message: /No active founder/ },
  { name: 'nobody is marked founder', check: 'founder-rule', present: true, ctx: (c) => members(c, 'f1', { capabilities: ['interviewer'] }), message: /No active founder/ },
  { name: 'no founder, but past the threshold', check: 'founder-rule', present: false, ctx: (c) => ({ ...members(c, 'f1', { capabilities: ['interviewer'] }), hiresMade: 80 }) },

  // candidate-cooldown
  { name: 'cooldown ends tomorrow', check: 'candidate-cooldown', present: true, ctx: (c) => ({ ...c, candidateCooldownUntil: '2025-03-11' }), message: /2025-03-11/ },
  { name: 'cooldown ends tomorrow, late in the day', check: 'candidate-cooldown', present: true, ctx: (c) => ({ ...c, candidateCooldownUntil: '2025-03-11', now: '2025-03-10T23:59:59.999Z' }) },
  { name: 'cooldown next year', check: 'candidate-cooldown', present: true, ctx: (c) => ({ ...c, candidateCooldownUntil: '2026-01-01' }) },
  { name: 'cooldown ends today', check: 'candidate-cooldown', present: false, ctx: (c) => ({ ...c, candidateCooldownUntil: '2025-03-10' }) },
  { name: 'cooldown ended', check: 'candidate-cooldown', present: false, ctx: (c) => ({ ...c, candidateCooldownUntil: '2024-12-31' }) },
  { name: 'no cooldown', check: 'candidate-cooldown', present: false },

  // reverse shadows: e3 (untrained) leads s2 while e2 supervises
  { name: 'a trained supervisor', check: 'reverse-shadow-supervisor', present: false, plan: (p) => withSlot(p, 1, { traineeId: 'e3' }) },
  { name: 'a supervisor without interviewer training', check: 'reverse-shadow-supervisor', present: true, plan: (p) => withSlot(p, 1, { interviewerId: 'e3', traineeId: 'e2' }), fields: { slotId: 's2', memberId: 'e3' }, message: /Em Three is not a trained interviewer/ },
  { name: 'the trainee supervising themselves', check: 'reverse-shadow-supervisor', present: true, plan: (p) => withSlot(p, 1, { interviewerId: 'e3', traineeId: 'e3' }), fields: { slotId: 's2' }, message: /cannot supervise their own/ },
  { name: 'no supervisor is slot-unassigned, not this', check: 'reverse-shadow-supervisor', present: false, plan: (p) => withSlot(p, 1, { interviewerId: null, traineeId: 'e3' }) },
  { name: 'the bar raiser supervising is not independent', check: 'bar-raiser-not-independent', present: true, plan: (p) => withSlot(p, 1, { interviewerId: 'br', traineeId: 'e3' }), message: /also interviews in "Interview s2"/ },
  { name: 'an untrained supervisor is a blocker, not also a warning', check: 'interviewer-untrained', present: false, plan: (p) => withSlot(p, 1, { interviewerId: 'e3', traineeId: 'e2' }) },
  { name: 'a trainee alone on their slot', check: 'reverse-shadow-trainee', present: false, plan: (p) => withSlot(p, 1, { traineeId: 'e3' }) },
  { name: 'a trainee also on the panel', check: 'reverse-shadow-trainee', present: true, plan: (p) => withSlot(p, 1, { traineeId: 'e1' }), fields: { slotId: 's2', memberId: 'e1' }, message: /also interviews in "Interview s1"/ },
  { name: 'a trainee who is the bar raiser', check: 'reverse-shadow-trainee', present: true, plan: (p) => withSlot(p, 1, { traineeId: 'br' }), message: /is the bar raiser/ },
  { name: 'a trainee who is the hiring manager', check: 'reverse-shadow-trainee', present: true, plan: (p) => withSlot(p, 1, { traineeId: 'hm' }), message: /is the hiring manager/ },
  { name: 'a trainee who also shadows the loop', check: 'reverse-shadow-trainee', present: true, plan: (p) => withSlot(p, 1, { traineeId: 'brit' }), message: /also shadows the loop/ },
  { name: 'a trainee leading two slots', check: 'reverse-shadow-trainee', present: true, plan: (p) => withSlot(withSlot(p, 0, { traineeId: 'e3' }), 1, { traineeId: 'e3' }), fields: { slotId: 's2' }, count: 1, message: /already leads "Interview s1"/ },
  { name: 'a trainee who has left', check: 'interviewer-inactive', present: true, ctx: (c) => members(c, 'e3', { active: false }), plan: (p) => withSlot(p, 1, { traineeId: 'e3' }), fields: { slotId: 's2', memberId: 'e3' }, message: /leads "Interview s2" as a reverse shadow/ },
  { name: 'an unknown trainee', check: 'interviewer-inactive', present: true, plan: (p) => withSlot(p, 1, { traineeId: 'ghost' }), message: /not a team member/ },
];

describe('checkLoopPlan: the company fixture', () => {
  it('finds nothing wrong with a well-formed loop', () => {
    const { ctx, plan: p } = company();
    expect(checkLoopPlan(p, ctx)).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.present ? '+' : '−'} ${c.check}: ${c.name}`, c] as const))('%s', (_, c) => {
    const base = company();
    const p = c.plan ? c.plan(base.plan) : base.plan;
    const ctx = c.ctx ? c.ctx(base.ctx) : base.ctx;
    const found = findingsOf(p, ctx, c.check);
    if (!c.present) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.length).toBeGreaterThan(0);
    if (c.count !== undefined) expect(found).toHaveLength(c.count);
    for (const f of found) {
      expect(f.kind).toBe(KIND[c.check]);
      expect(f.message.length).toBeGreaterThan(10);
      if (c.fields) expect(f).toMatchObject(c.fields);
      if (c.message) expect(f.message).toMatch(c.message);
    }
  });
});

describe('checkLoopPlan: bar-raiser independence through deep chains', () => {
  /**
   *   top ── a1 ── a2 ── hm ── b1 ── b2 ── b3
   *           └── s1 ── s2 ── s3           (sibling branch)
   *   x → y → z → x                         (a cycle in the data)
   */
  const chain = [
    person('top', 'Board', null, ['bar_raiser']),
    person('a1', 'Exec', 'top', ['bar_raiser']),
    person('a2', 'Exec', 'a1', ['bar_raiser']),
    person('hm', 'Product', 'a2', ['hiring_manager']),
    person('b1', 'Product', 'hm', ['bar_raiser']),
    person('b2', 'Product', 'b1', ['bar_raiser']),
    person('b3', 'Product', 'b2', ['bar_raiser']),
    person('s1', 'Research', 'a1', ['bar_raiser']),
    person('s2', 'Research', 's1', ['bar_raiser']),
    person('s3', 'Research', 's2', ['bar_raiser']),
    person('x', 'Loop', 'z', ['bar_raiser']),
    person('y', 'Loop', 'x', ['bar_raiser']),
    person('z', 'Loop', 'y', ['bar_raiser']),
  ];

  it.each([
    ['top', 'three levels above', /above the hiring manager/],
    ['a2', 'direct manager', /above the hiring manager/],
    ['b1', 'direct report', /reports to the hiring manager/],
    ['b3', 'three levels below', /reports to the hiring manager/],
  ])('%s (%s) is not independent', (barRaiserId, _why, message) => {
    const ctx = context(chain, { role: role({ team: 'Elsewhere' }) });
    const found = findingsOf(plan({ hiringManagerId: 'hm', barRaiserId }), ctx, 'bar-raiser-not-independent');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(message);
    // Thirteen people: no small-team hint.
    expect(found[0]?.message).not.toMatch(/override/);
  });

  it.each([
    ['s1', 'sibling branch'],
    ['s3', 'deep in a sibling branch'],
    ['y', 'in a cycle that does not touch the hiring manager'],
  ])('%s (%s) is independent', (barRaiserId) => {
    const ctx = context(chain, { role: role({ team: 'Elsewhere' }) });
    expect(findingsOf(plan({ hiringManagerId: 'hm', barRaiserId }), ctx, 'bar-raiser-not-independent')).toEqual([]);
  });

  it('does not hang when the hiring manager sits inside a cycle', () => {
    const cyclic = [...chain.filter((m) => m.id !== 'hm'), person('hm', 'Product', 'z', ['hiring_manager']), person('w', 'Other', null, ['bar_raiser'])];
    const ctx = context(cyclic, { role: role({ team: 'Elsewhere' }) });
    expect(findingsOf(plan({ hiringManagerId: 'hm', barRaiserId: 'x' }), ctx, 'bar-raiser-not-independent')).toHaveLength(1);
    expect(findingsOf(plan({ hiringManagerId: 'hm', barRaiserId: 'w' }), ctx, 'bar-raiser-not-independent')).toEqual([]);
  });

  it('names every reason at once', () => {
    const ctx = context([person('hm', 'Product', null, ['bar_raiser', 'interviewer'])], { role: role({ team: 'product' }) });
    const p = plan({ hiringManagerId: 'hm', barRaiserId: 'hm', slots: [slot('s1', 'hm', ['p1'])] });
    const [f] = findingsOf(p, ctx, 'bar-raiser-not-independent');
    expect(f?.message).toMatch(/is the hiring manager, is on the role's team \(product\) and also interviews in "Interview s1"/);
  });

  it.each([
    [3, true],
    [5, true],
    [6, false],
  ])('with %i active people the message mentions an override: %s', (size, hint) => {
    const team = [person('hm', 'Eng', null, ['hiring_manager']), person('br', 'Eng', null, ['bar_raiser']), ...crowd(size - 2)];
    const ctx = context(team, { role: role({ team: 'Eng' }) });
    const [f] = findingsOf(plan({ hiringManagerId: 'hm', barRaiserId: 'br' }), ctx, 'bar-raiser-not-independent');
    expect(f?.message).toBeDefined();
    expect(/record an override reason/.test(f?.message ?? '')).toBe(hint);
  });

  it('people who have left do not count towards the small-team size', () => {
    const team = [person('hm', 'Eng', null, []), person('br', 'Eng', null, ['bar_raiser']), ...crowd(3), ...crowd(4, 'gone').map((m) => ({ ...m, active: false }))];
    const ctx = context(team, { role: role({ team: 'Eng' }) });
    const [f] = findingsOf(plan({ hiringManagerId: 'hm', barRaiserId: 'br' }), ctx, 'bar-raiser-not-independent');
    expect(f?.message).toMatch(/override/);
  });
});

describe('checkLoopPlan: loop size against team size', () => {
  /** `size` active people: a bar raiser plus a crowd; the first `interviewers` of the crowd interview. */
  function loopOf(size: number, interviewers: number, opts: { barRaiser?: boolean } = {}): { p: LoopPlan; ctx: PlanningContext } {
    const withBarRaiser = opts.barRaiser ?? true;
    const crowdSize = withBarRaiser ? size - 1 : size;
    const people = crowd(crowdSize);
    const team = withBarRaiser ? [person('br', 'Elsewhere', null, ['bar_raiser']), ...people] : people;
    const slots = Array.from({ length: interviewers }, (_, i) => slot(`s${i + 1}`, people[i]?.id ?? `ghost${i}`, ['p1']));
    return { p: plan({ hiringManagerId: people[0]?.id ?? null, barRaiserId: withBarRaiser ? 'br' : null, slots }), ctx: context(team, { role: role({ team: 'Eng' }) }) };
  }

  it.each([
    // team ≤ 5: everyone but the bar raiser interviews
    [3, 2, false],
    [3, 1, true],
    [5, 4, false],
    [5, 3, true],
    [5, 1, true],
    // 6–40: three or four
    [6, 2, true],
    [6, 3, false],
    [6, 4, false],
    [6, 5, true],
    [40, 2, true],
    [40, 3, false],
    [40, 4, false],
    [40, 5, true],
    // > 40: four to six
    [41, 3, true],
    [41, 4, false],
    [41, 6, false],
    [41, 7, true],
    [200, 3, true],
    [200, 4, false],
    [200, 5, false],
    [200, 6, false],
    [200, 7, true],
    [200, 10, true],
  ])('%i active people, %i interviewers → warn: %s', (size, interviewers, warn) => {
    const { p, ctx } = loopOf(size, interviewers);
    expect(ctx.members.filter((m) => m.active)).toHaveLength(size);
    const found = findingsOf(p, ctx, 'loop-size');
    expect(found).toHaveLength(warn ? 1 : 0);
    if (warn) expect(found[0]?.kind).toBe('warning');
  });

  it('more than six is always warned, and says so', () => {
    const { p, ctx } = loopOf(200, 7);
    expect(findingsOf(p, ctx, 'loop-size')[0]?.message).toMatch(/More than 6/);
  });

  it('in a small team without a bar raiser, everyone is expected to interview', () => {
    expect(findingsOf(loopOf(3, 2, { barRaiser: false }).p, loopOf(3, 2, { barRaiser: false }).ctx, 'loop-size')).toHaveLength(1);
    expect(findingsOf(loopOf(3, 3, { barRaiser: false }).p, loopOf(3, 3, { barRaiser: false }).ctx, 'loop-size')).toEqual([]);
  });

  it('a reverse-shadow trainee is not an interviewer: only the supervisor counts', () => {
    const { ctx, plan: p } = company();
    const withTrainee = withSlot(p, 1, { traineeId: 'e3' });
    expect(checkLoopPlan(withTrainee, ctx)).toEqual(checkLoopPlan(p, ctx));
  });

  it('the bar raiser sitting in a slot and shadows are not interviewers', () => {
    const { p, ctx } = loopOf(10, 3);
    const withBr = { ...p, slots: [...p.slots, slot('s4', 'br', ['p2'])], shadowIds: ['m009'] };
    expect(findingsOf(withBr, ctx, 'loop-size')).toEqual([]);
    const twoPlusShadows = { ...p, slots: p.slots.slice(0, 2), shadowIds: ['m008', 'm009'] };
    expect(findingsOf(twoPlusShadows, ctx, 'loop-size')).toHaveLength(1);
  });

  it('counts a person once however many slots they hold', () => {
    const { p, ctx } = loopOf(10, 3);
    const repeated = { ...p, slots: p.slots.map((s) => ({ ...s, interviewerId: 'm001' })) };
    expect(findingsOf(repeated, ctx, 'loop-size')[0]?.message).toMatch(/has 1 interviewer\./);
  });

  it('people who have left do not count towards team size', () => {
    const { p, ctx } = loopOf(5, 4);
    const withLeavers = { ...ctx, members: [...ctx.members, ...crowd(10, 'gone').map((m) => ({ ...m, active: false }))] };
    expect(findingsOf(p, withLeavers, 'loop-size')).toEqual([]);
  });
});

describe('checkLoopPlan: ordering', () => {
  it('sorts blockers, then warnings, then info; loop-wide first, then slot order', () => {
    const { ctx } = company();
    const p = plan({
      hiringManagerId: null,
      barRaiserId: 'e3',
      slots: [
        slot('s1', 'e3', ['p1', 'p2', 'p5', 'p6']),
        slot('s2', null, ['p1']),
        slot('s3', 'ghost', []),
        slot('s4', 'e3', ['p3']),
      ],
    });
    const found = checkLoopPlan(p, { ...ctx, candidateCooldownUntil: '2030-01-01' });
    const rank = { blocker: 0, warning: 1, info: 2 } as const;
    const order = new Map(p.slots.map((s, i) => [s.id, i]));
    for (let i = 1; i < found.length; i++) {
      const a = found[i - 1]!;
      const b = found[i]!;
      expect(rank[a.kind]).toBeLessThanOrEqual(rank[b.kind]);
      if (a.kind === b.kind) expect(order.get(a.slotId ?? '') ?? -1).toBeLessThanOrEqual(order.get(b.slotId ?? '') ?? -1);
    }
    expect(new Set(found.map((f) => f.check))).toEqual(
      new Set<CheckId>([
        'hiring-manager-missing',
        'focus-uncovered',
        'principle-repeated',
        'slot-principle-count',
        'slot-unassigned',
        'bar-raiser-not-certified',
        'bar-raiser-not-independent',
        'interviewer-repeated',
        'interviewer-inactive',
        'interviewer-untrained',
        'loop-size',
        'founder-rule',
        'candidate-cooldown',
      ]),
    );
    expect(found.at(-1)?.check).toBe('principle-repeated');
    expect(found[0]?.slotId).toBeUndefined();
  });

  it('is deterministic and does not mutate its input', () => {
    const { ctx, plan: p } = company();
    const frozen = JSON.stringify([p, ctx]);
    expect(checkLoopPlan(p, ctx)).toEqual(checkLoopPlan(p, ctx));
    expect(JSON.stringify([p, ctx])).toBe(frozen);
  });
});

describe('hasBlockers', () => {
  it.each([
    [[], false],
    [[{ check: 'loop-size', kind: 'warning', message: 'm' }], false],
    [[{ check: 'principle-repeated', kind: 'info', message: 'm' }, { check: 'loop-size', kind: 'warning', message: 'm' }], false],
    [[{ check: 'loop-size', kind: 'warning', message: 'm' }, { check: 'slot-unassigned', kind: 'blocker', message: 'm' }], true],
  ] satisfies [CheckFinding[], boolean][])('%j → %s', (findings, expected) => {
    expect(hasBlockers(findings)).toBe(expected);
  });

  it('agrees with the company fixture before and after breaking it', () => {
    const { ctx, plan: p } = company();
    expect(hasBlockers(checkLoopPlan(p, ctx))).toBe(false);
    expect(hasBlockers(checkLoopPlan({ ...p, barRaiserId: null }, ctx))).toBe(true);
    expect(hasBlockers(checkLoopPlan(withSlot(p, 1, { interviewerId: 'e3' }), ctx))).toBe(false);
  });
});
