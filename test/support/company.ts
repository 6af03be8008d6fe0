import type { ApiClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import type { Capability } from '../../core/rules/planTypes';

export function value<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export function failure<T>(r: ApiResult<T>) {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

/** A five-person company with a reporting chain, two principles with questions, a role and a candidate. */
export async function company(api: ApiClient) {
  value(await api.call('workspace.start', { starter: false }));
  const member = async (name: string, team: string, managerId: string | null, capabilities: Capability[]) =>
    value(await api.call('team.create', { name, team, managerId, capabilities, email: `${name.toLowerCase()}@acme.test` }));
  const ceo = await member('Ceo', 'Exec', null, ['founder', 'interviewer', 'bar_raiser', 'hiring_manager']);
  const cto = await member('Cto', 'Engineering', ceo.id, ['interviewer', 'hiring_manager']);
  const eng = await member('Eng', 'Engineering', cto.id, ['interviewer']);
  const sales = await member('Sales', 'Sales', ceo.id, ['interviewer', 'bar_raiser']);
  const ops = await member('Ops', 'Operations', ceo.id, ['interviewer', 'bar_raiser_in_training']);
  const own = value(await api.call('principles.create', { name: 'Ownership', summary: 'Owns outcomes' }));
  const cust = value(await api.call('principles.create', { name: 'Customers', summary: 'Starts from customers' }));
  for (let i = 0; i < 4; i++) {
    value(await api.call('questions.create', { text: `Tell me about a time you owned outcome number ${i}.`, principleIds: [own.id] }));
    value(await api.call('questions.create', { text: `Tell me about a time you helped customer number ${i}.`, principleIds: [cust.id] }));
  }
  const role = value(
    await api.call('roles.create', {
      title: 'Backend engineer',
      team: 'Engineering',
      hiringManagerId: cto.id,
      focusPrincipleIds: [own.id, cust.id],
      template: [
        { title: 'Ownership', durationMinutes: 45, principleIds: [own.id] },
        { title: 'Customers', durationMinutes: 45, principleIds: [cust.id] },
      ],
    }),
  );
  const candidate = value(await api.call('candidates.create', { name: 'Grace Hopper', email: 'grace@example.com' }));
  return { ceo, cto, eng, sales, ops, own, cust, role, candidate };
}


/**
 * The company above with a loop in interviewing: Eng and Ceo interview, Sales
 * raises the bar, Ops shadows, Cto is the hiring manager; plus an admin, Adm,
 * who is not on the loop.
 */
export async function interviewingLoop(api: ApiClient, options: { slotTitles?: readonly string[]; everySlotBothPrinciples?: boolean } = {}) {
  const c = await company(api);
  const admin = value(await api.call('team.create', { name: 'Adm', team: 'People', capabilities: ['admin'] }));
  const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
  const planned = value(
    await api.call('loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: c.sales.id,
      shadowIds: [c.ops.id],
      slots: loop.slots.map(({ position: _p, ...s }, i) => ({
        ...s,
        title: options.slotTitles?.[i] ?? s.title,
        principleIds: options.everySlotBothPrinciples ? [c.own.id, c.cust.id] : s.principleIds,
        interviewerId: i === 0 ? c.eng.id : c.ceo.id,
        startsAt: '2026-01-05T10:00:00Z',
      })),
    }),
  );
  const p = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'test team' }));
  const running = value(await api.call('loops.transition', { id: loop.id, revision: p.revision, to: 'interviewing' }));
  // Feedback writes name the author they were opened as; the helpers write as whoever `as` chose last.
  let me = '';
  const as = async (memberId: string) => {
    const settings = value(await api.call('settings.setMe', { memberId }));
    me = memberId;
    return settings;
  };
  /** A feedback write's identity: the loop and the author (the current me). */
  const mine = (loopId: string = running.id) => ({ loopId, authorId: me });
  const evidence = {
    situation: 'Our payment service kept failing at night and nobody owned the on-call rota for it.',
    task: 'I had to make the service reliable without a dedicated team or extra budget.',
    action: 'I wrote the runbook, set up alerts, and I paired with two engineers until they could take shifts.',
    result: 'Night pages fell from nine a week to one within a month and the rota has run since.',
  };
  /** Complete feedback for the slot's principles, with the given vote. */
  const complete = (principleIds: readonly string[], vote: 'strong_hire' | 'inclined' | 'not_inclined' | 'strong_no_hire', rating: 1 | 2 | 3 | 4) => ({
    ...mine(),
    ratings: principleIds.map((principleId) => ({ principleId, rating: rating, evidence })),
    vote,
    raiseBar: 'yes' as const,
    reasonToHire: 'Owns problems end to end.',
    reasonNotToHire: 'Little experience with customers.',
  });
  const slotOf = (memberId: string) => running.slots.find((s) => s.interviewerId === memberId)?.principleIds ?? [];
  return { ...c, admin, loop: running, as, mine, complete, slotOf, evidence };
}
