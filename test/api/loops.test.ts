import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { company, failure, value } from '../support/company';
import { snapshot, tempWorkspace, type TestWorkspace } from '../support/workspace';


describe('team, roles, candidates and loops through the API', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  beforeEach(() => {
    t = tempWorkspace();
    api = t.client;
  });
  afterEach(() => t.close());

  it('refuses a manager that would make a reporting loop, and a duplicate email', async () => {
    const c = await company(api);
    const cycle = failure(await api.call('team.update', { id: c.ceo.id, revision: c.ceo.revision, managerId: c.eng.id }));
    expect(cycle.code).toBe('VALIDATION');
    expect(cycle.issues?.[0]?.path).toBe('managerId');
    const dup = failure(await api.call('team.create', { name: 'Other', email: 'CEO@acme.test' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.issues?.[0]?.path).toBe('email');
  });

  it('logs switching "me"', async () => {
    const c = await company(api);
    value(await api.call('settings.setMe', { memberId: c.cto.id }));
    const [entry] = value(await api.call('activity.list', { limit: 1 }));
    expect(entry?.method).toBe('settings.setMe');
    expect(entry?.summary).toContain('Cto');
    // The switch is recorded by whoever was "me" before it, so a shared machine shows who handed over to whom:
    // here the first person added, who became "me" (and founder and admin) on their own.
    expect(entry?.actor).toBe(c.ceo.id);
  });

  it('creates a draft loop from the role template with blockers shown', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    expect(loop.status).toBe('draft');
    expect(loop.slots.map((s) => s.title)).toEqual(['Ownership', 'Customers']);
    expect(loop.hiringManagerId).toBe(c.cto.id);
    const detail = value(await api.call('loops.get', { id: loop.id }));
    const ids = detail.checks.filter((f) => f.kind === 'blocker').map((f) => f.check);
    expect(ids).toEqual(expect.arrayContaining(['bar-raiser-missing', 'slot-unassigned']));
  });

  it('refuses draft → planned with a blocker and no override, and writes nothing', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const before = snapshot(t.workspace.file);
    const error = failure(await api.call('loops.transition', { id: loop.id, revision: loop.revision, to: 'planned' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.issues?.[0]?.path).toBe('overrideReason');
    expect(error.message).toMatch(/bar raiser/i);
    expect(snapshot(t.workspace.file)).toBe(before);
  });

  it('plans with an override reason, keeping it in the activity log', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const planned = value(
      await api.call('loops.transition', { id: loop.id, revision: loop.revision, to: 'planned', overrideReason: 'Three of us; no one else' }),
    );
    expect(planned.status).toBe('planned');
    expect(planned.overrideReason).toBe('Three of us; no one else');
    const [entry] = value(await api.call('activity.list', { entityId: loop.id, limit: 1 }));
    expect(entry?.summary).toContain('Three of us; no one else');
  });

  it('suggests a passing plan, applies it, plans the loop and builds kits with no repeated question', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const suggestion = value(await api.call('loops.suggest', { id: loop.id }));
    expect(suggestion.unresolved).toEqual([]);
    expect(suggestion.barRaiserId).toBe(c.sales.id);
    expect(suggestion.explanations.length).toBeGreaterThan(0);
    expect(value(await api.call('loops.suggest', { id: loop.id }))).toEqual(suggestion);

    const saved = value(
      await api.call('loops.plan', {
        id: loop.id,
        revision: loop.revision,
        hiringManagerId: suggestion.hiringManagerId,
        barRaiserId: suggestion.barRaiserId,
        shadowIds: suggestion.shadowIds,
        slots: suggestion.slots.map((s) => ({ ...s, startsAt: '2026-12-01T10:00:00Z' })),
      }),
    );
    const detail = value(await api.call('loops.get', { id: loop.id }));
    expect(detail.checks.filter((f) => f.kind === 'blocker')).toEqual([]);
    const planned = value(await api.call('loops.transition', { id: loop.id, revision: saved.revision, to: 'planned' }));
    expect(planned.overrideReason).toBeNull();

    const kits = value(await api.call('kits.get', { loopId: loop.id }));
    const questionIds = kits.flatMap((k) => k.principles.flatMap((p) => p.questions.map((q) => q.id)));
    expect(questionIds.length).toBe(4);
    expect(new Set(questionIds).size).toBe(questionIds.length);

    const pdf = value(await api.call('kits.pdf', { loopId: loop.id, slotId: kits[0]?.slotId ?? '' }));
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.fileName).toMatch(/\.pdf$/);
  });

  it('never gives a candidate a question from their earlier loop', async () => {
    const c = await company(api);
    const first = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    value(await api.call('loops.transition', { id: first.id, revision: first.revision, to: 'planned', overrideReason: 'test' }));
    const firstIds = value(await api.call('kits.get', { loopId: first.id })).flatMap((k) => k.principles.flatMap((p) => p.questions.map((q) => q.id)));
    const second = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const secondIds = value(await api.call('kits.get', { loopId: second.id })).flatMap((k) => k.principles.flatMap((p) => p.questions.map((q) => q.id)));
    expect(secondIds.length).toBeGreaterThan(0);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
  });

  it('swaps a kit question for an unused one', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const [kit] = value(await api.call('kits.get', { loopId: loop.id }));
    const principle = kit?.principles[0];
    const old = principle?.questions[0];
    if (!kit || !principle || !old) throw new Error('no kit');
    const swapped = value(await api.call('kits.swap', { loopId: loop.id, slotId: kit.slotId, principleId: principle.principleId, questionId: old.id }));
    const ids = swapped.principles[0]?.questions.map((q) => q.id) ?? [];
    expect(ids).not.toContain(old.id);
    expect(ids).toHaveLength(principle.questions.length);
  });

  it('warns when a slot assesses a principle with no active question for its kit', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const bare = async () => value(await api.call('loops.get', { id: loop.id })).checks.filter((f) => f.check === 'slot-principle-no-questions');
    expect(await bare()).toEqual([]);

    const customers = loop.slots.find((s) => s.title === 'Customers');
    const { items } = value(await api.call('questions.list', { principleId: customers?.principleIds[0] }));
    expect(items.length).toBeGreaterThan(0);
    for (const q of items) value(await api.call('questions.retire', { id: q.id }));
    expect(await bare()).toEqual([expect.objectContaining({ kind: 'warning', slotId: customers?.id })]);
  });

  it("re-reads the company's planning facts after each write: loops.get's checks follow the people in the loop", async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const suggestion = value(await api.call('loops.suggest', { id: loop.id }));
    const { hiringManagerId, barRaiserId, shadowIds, slots } = suggestion;
    const plan = { hiringManagerId, barRaiserId, shadowIds, slots: slots.map((s) => ({ ...s, startsAt: '2026-12-01T10:00:00Z' })) };
    value(await api.call('loops.plan', { id: loop.id, revision: loop.revision, ...plan }));
    const blockers = async () =>
      value(await api.call('loops.get', { id: loop.id })).checks.filter((f) => f.kind === 'blocker').map((f) => f.check);
    expect(await blockers()).toEqual([]);
    // Read twice with nothing written in between (the second from what the read connection kept), then a write.
    expect(await blockers()).toEqual([]);

    const barRaiser = value(await api.call('team.get', { id: suggestion.barRaiserId ?? '' }));
    value(await api.call('team.update', { id: barRaiser.id, revision: barRaiser.revision, capabilities: ['interviewer'] }));
    expect(await blockers()).toEqual(['bar-raiser-not-certified']);
    const detail = value(await api.call('loops.get', { id: loop.id }));
    expect(detail.context.members.find((m) => m.id === barRaiser.id)?.capabilities).toEqual(['interviewer']);

    // The question pool per principle, as the kit-warning check counts it.
    const pool: Record<string, number> = {};
    for (const q of value(await api.call('questions.list', {})).items) for (const id of q.principleIds) pool[id] = (pool[id] ?? 0) + 1;
    expect(detail.context.questionsByPrinciple).toEqual(pool);
  });

  it("counts Home's thin principles again after a write, not from what the read connection kept", async () => {
    const c = await company(api);
    const thin = async () => value(await api.call('home.get', {})).thinPrinciples;
    const before = await thin();
    expect(await thin()).toBe(before);
    const { items } = value(await api.call('questions.list', { principleId: c.own.id }));
    for (const q of items) value(await api.call('questions.retire', { id: q.id }));
    expect(await thin()).toBe(before + 1);
  });

  it('blocks a candidate in a no-recycle cooldown', async () => {
    const c = await company(api);
    value(await api.call('candidates.update', { id: c.candidate.id, revision: c.candidate.revision, cooldownUntil: '2999-01-01' }));
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const detail = value(await api.call('loops.get', { id: loop.id }));
    expect(detail.checks.map((f) => f.check)).toContain('candidate-cooldown');
  });

  it('requires a reason to cancel and refuses moves the status graph does not allow', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    expect(failure(await api.call('loops.transition', { id: loop.id, revision: 1, to: 'cancelled' })).issues?.[0]?.path).toBe('reason');
    expect(failure(await api.call('loops.transition', { id: loop.id, revision: 1, to: 'decided' })).code).toBe('CONFLICT');
    const cancelled = value(await api.call('loops.transition', { id: loop.id, revision: 1, to: 'cancelled', reason: 'Candidate withdrew' }));
    expect(cancelled.cancelReason).toBe('Candidate withdrew');
  });

  it('counts interviews, shadows and reverse shadows in the training record as loops happen', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const planned = value(
      await api.call('loops.plan', {
        id: loop.id,
        revision: loop.revision,
        barRaiserId: c.ops.id,
        shadowIds: [c.sales.id],
        slots: loop.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: i === 0 ? c.eng.id : c.ceo.id })),
      }),
    );
    const p2 = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'trainee bar raiser' }));
    expect(value(await api.call('team.get', { id: c.eng.id })).training.interviews).toBe(0);
    value(await api.call('loops.transition', { id: loop.id, revision: p2.revision, to: 'interviewing' }));
    expect(value(await api.call('team.get', { id: c.eng.id })).training.interviews).toBe(1);
    expect(value(await api.call('team.get', { id: c.sales.id })).training.shadows).toBe(1);
    expect(value(await api.call('team.get', { id: c.ops.id })).training.reverseShadows).toBe(1);
  });

  it('lists loops by person and shows them on that person\'s home', async () => {
    const c = await company(api);
    const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    value(await api.call('loops.plan', { id: loop.id, revision: 1, slots: loop.slots.map(({ position: _p, ...s }) => ({ ...s, interviewerId: c.eng.id })) }));
    expect(value(await api.call('loops.list', { memberId: c.cto.id })).map((l) => l.id)).toEqual([loop.id]);
    expect(value(await api.call('loops.list', { memberId: c.sales.id }))).toEqual([]);
    value(await api.call('settings.setMe', { memberId: c.cto.id }));
    const home = value(await api.call('home.get'));
    expect(home.myLoops.map((l) => [l.id, l.myPart])).toEqual([[loop.id, 'hiring manager']]);
  });
});
