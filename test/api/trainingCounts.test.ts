import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import type { Loop } from '../../core/api/contract/loops';
import type { TeamMember } from '../../core/api/contract/team';
import { company, value } from '../support/company';
import { tempWorkspace } from '../support/workspace';

const STARTED = new Set<Loop['status']>(['interviewing', 'debrief', 'decided', 'closed']);
const PEOPLE = 5;
const LOOPS = 2;

/** What the team screen promises, counted from the loops and people as the API returns them. */
function countsFromScratch(members: readonly TeamMember[], loops: readonly Loop[]) {
  const barRaisers = new Set(members.filter((m) => m.capabilities.includes('bar_raiser')).map((m) => m.id));
  const started = loops.filter((l) => STARTED.has(l.status));
  return Object.fromEntries(
    members.map((m) => {
      const raised = started.filter((l) => l.barRaiserId === m.id);
      return [
        m.id,
        {
          interviews: started.flatMap((l) => l.slots).filter((s) => s.interviewerId === m.id).length,
          shadows: started.filter((l) => l.shadowIds.includes(m.id)).length,
          barRaised: raised.length,
          reverseShadows: raised.filter((l) => l.shadowIds.some((id) => barRaisers.has(id))).length,
        },
      ];
    }),
  );
}

const person = fc.integer({ min: 0, max: PEOPLE - 1 });
const loopIndex = fc.integer({ min: 0, max: LOOPS - 1 });
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('create' as const) }),
  fc.record({
    kind: fc.constant('plan' as const),
    loop: loopIndex,
    barRaiser: fc.option(person),
    shadows: fc.uniqueArray(person, { maxLength: 2 }),
    interviewers: fc.tuple(fc.option(person), fc.option(person)),
  }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('transition' as const), loop: loopIndex, to: fc.constantFrom('forward', 'forward', 'forward', 'back', 'cancel' as const) }) },
  fc.record({ kind: fc.constant('barRaiserCapability' as const), member: person, grant: fc.boolean() }),
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs one write through the API; a refused write (a rule, a transition not allowed) changes nothing and is fine. */
async function run(api: ApiClient, people: readonly TeamMember[], loopIds: string[], step: Step, candidateId: string, roleId: string) {
  const loop = async (i: number) => {
    const id = loopIds[i % Math.max(1, loopIds.length)];
    return id ? value(await api.call('loops.get', { id })).loop : null;
  };
  const at = (i: number | null) => (i === null ? null : (people[i]?.id ?? null));
  switch (step.kind) {
    case 'create': {
      const created = await api.call('loops.create', { candidateId, roleId });
      if (created.ok) loopIds.push(created.value.id);
      return;
    }
    case 'plan': {
      const l = await loop(step.loop);
      if (!l) return;
      await api.call('loops.plan', {
        id: l.id,
        revision: l.revision,
        barRaiserId: at(step.barRaiser),
        shadowIds: step.shadows.map((i) => at(i) ?? ''),
        slots: l.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: at(step.interviewers[i] ?? null), startsAt: '2026-01-05T10:00:00Z' })),
        overrideReason: 'test team',
      });
      return;
    }
    case 'transition': {
      const l = await loop(step.loop);
      if (!l) return;
      const to = step.to === 'cancel' ? 'cancelled' : step.to === 'back' ? 'draft' : l.status === 'draft' ? 'planned' : 'interviewing';
      await api.call('loops.transition', { id: l.id, revision: l.revision, to, reason: 'test', overrideReason: 'test team' });
      return;
    }
    case 'barRaiserCapability': {
      const m = value(await api.call('team.get', { id: at(step.member) ?? '' }));
      const capabilities = step.grant ? [...new Set([...m.capabilities, 'bar_raiser' as const])] : m.capabilities.filter((c) => c !== 'bar_raiser');
      await api.call('team.update', { id: m.id, revision: m.revision, capabilities });
    }
  }
}

describe('training counts through the API (kept in member_training by triggers)', () => {
  it('after random loop plans, transitions and capability changes, team.list and team.get show the counts from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 16, size: 'max' }), async (steps) => {
        const t = tempWorkspace();
        try {
          const api = t.client;
          const c = await company(api);
          // The Ceo (a founder) makes every change, and is never the one whose capability changes: nobody grants themselves one.
          const people = [c.cto, c.eng, c.sales, c.ops, value(await api.call('team.create', { name: 'Fay', capabilities: ['interviewer'] }))];
          value(await api.call('settings.setMe', { memberId: c.ceo.id }));
          const loopIds: string[] = [];
          for (let i = 0; i < 2; i++) await run(api, people, loopIds, { kind: 'create' }, c.candidate.id, c.role.id);
          for (const step of steps) await run(api, people, loopIds, step, c.candidate.id, c.role.id);

          const members = value(await api.call('team.list', {}));
          const loops = await Promise.all(loopIds.map(async (id) => value(await api.call('loops.get', { id })).loop));
          const expected = countsFromScratch(members, loops);
          const shown = (m: TeamMember) => ({
            interviews: m.training.interviews,
            shadows: m.training.shadows,
            barRaised: m.training.barRaised,
            reverseShadows: m.training.reverseShadows,
          });
          expect(Object.fromEntries(members.map((m) => [m.id, shown(m)]))).toEqual(expected);
          for (const p of people) expect(shown(value(await api.call('team.get', { id: p.id })))).toEqual(expected[p.id]);
        } finally {
          t.close();
        }
      }),
      { numRuns: 12 },
    );
  });
});
