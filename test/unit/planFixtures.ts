// Small builders for loop-planning tests: each gives sensible defaults so a
// test states only what it is about.

import type {
  Capability,
  KitCandidateQuestion,
  LoopPlan,
  PlanMember,
  PlanRole,
  PlanSlot,
  PlanningContext,
} from '../../core/rules/planTypes';

export function member(id: string, overrides: Partial<PlanMember> = {}): PlanMember {
  return { id, name: `Person ${id}`, team: '', managerId: null, active: true, capabilities: ['interviewer'], ...overrides };
}

/** Shorthand for a member with these capabilities on this team, reporting to `managerId`. */
export function person(id: string, team: string, managerId: string | null, capabilities: readonly Capability[], overrides: Partial<PlanMember> = {}): PlanMember {
  return member(id, { team, managerId, capabilities, ...overrides });
}

export function slot(id: string, interviewerId: string | null, principleIds: readonly string[], overrides: Partial<PlanSlot> = {}): PlanSlot {
  return { id, title: `Interview ${id}`, durationMinutes: 45, interviewerId, principleIds, ...overrides };
}

export function role(overrides: Partial<PlanRole> = {}): PlanRole {
  return { id: 'role-1', team: 'Engineering', focusPrincipleIds: [], template: [], ...overrides };
}

export function context(members: readonly PlanMember[], overrides: Partial<PlanningContext> = {}): PlanningContext {
  return {
    members,
    role: role(),
    hiresMade: 100,
    founderRuleThreshold: 50,
    candidateCooldownUntil: null,
    now: '2025-03-10T09:30:00.000Z',
    ...overrides,
  };
}

export function plan(overrides: Partial<LoopPlan> = {}): LoopPlan {
  return { hiringManagerId: null, barRaiserId: null, slots: [], shadowIds: [], ...overrides };
}

export function question(id: string, principleIds: readonly string[], overrides: Partial<KitCandidateQuestion> = {}): KitCandidateQuestion {
  return { id, principleIds, kind: 'behavioural', lintStatus: 'clean', status: 'active', lastAskedAt: null, ...overrides };
}

/** `count` active trained interviewers with ids `${prefix}01`, `${prefix}02`…, on `team`, no manager. */
export function crowd(count: number, prefix = 'm', team = 'Other'): PlanMember[] {
  return Array.from({ length: count }, (_, i) => member(`${prefix}${String(i + 1).padStart(3, '0')}`, { team }));
}

/**
 * A twelve-person company where a well-formed loop exists:
 *
 *   f1 (founder, Leadership)
 *   ├── hm (Engineering, hiring manager) ── e1, e2, e3 (Engineering)
 *   ├── sl (Sales lead) ── br (Sales, bar raiser)
 *   ├── brit (Design, bar raiser in training) ── d1 (Design)
 *   └── o1, o2, o3 (Ops)
 *
 * The role is on Engineering with focus principles p1–p4.
 */
export function company(): { members: PlanMember[]; ctx: PlanningContext; plan: LoopPlan } {
  const members = [
    person('f1', 'Leadership', null, ['founder', 'admin', 'interviewer', 'hiring_manager'], { name: 'Fay Founder' }),
    person('hm', 'Engineering', 'f1', ['interviewer', 'hiring_manager'], { name: 'Hal Manager' }),
    person('e1', 'Engineering', 'hm', ['interviewer'], { name: 'Eve One' }),
    person('e2', 'Engineering', 'hm', ['interviewer'], { name: 'Ed Two' }),
    person('e3', 'Engineering', 'hm', [], { name: 'Em Three' }),
    person('sl', 'Sales', 'f1', ['interviewer'], { name: 'Sal Lead' }),
    person('br', 'Sales', 'sl', ['interviewer', 'bar_raiser'], { name: 'Bea Raiser' }),
    person('brit', 'Design', 'f1', ['interviewer', 'bar_raiser_in_training'], { name: 'Tia Trainee' }),
    person('d1', 'Design', 'brit', ['interviewer'], { name: 'Dan Design' }),
    person('o1', 'Ops', 'f1', ['interviewer'], { name: 'Oli Ops' }),
    person('o2', 'Ops', 'f1', ['interviewer'], { name: 'Ora Ops' }),
    person('o3', 'Ops', 'f1', ['interviewer'], { name: 'Oz Ops' }),
  ];
  const ctx = context(members, {
    role: role({
      team: 'Engineering',
      focusPrincipleIds: ['p1', 'p2', 'p3', 'p4'],
      template: [
        { title: 'Ownership', durationMinutes: 45, principleIds: ['p1', 'p2'] },
        { title: 'Deep dive', durationMinutes: 60, principleIds: ['p3'] },
        { title: 'Customers', durationMinutes: 45, principleIds: ['p4'] },
      ],
    }),
    hiresMade: 10,
    founderRuleThreshold: 50,
  });
  const loop = plan({
    hiringManagerId: 'hm',
    barRaiserId: 'br',
    slots: [slot('s1', 'e1', ['p1', 'p2']), slot('s2', 'e2', ['p3']), slot('s3', 'f1', ['p4'])],
    shadowIds: ['brit'],
  });
  return { members, ctx, plan: loop };
}
