import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { DEFAULT_TRAINING_SETTINGS } from '../../core/rules/training/paths';
import { company, failure, value } from '../support/company';
import { tempWorkspace, workspacePerTest } from '../support/workspace';

type Company = Awaited<ReturnType<typeof company>>;

/** A loop run to interviewing (so it counts towards training) with these people; the Ceo plans it. */
async function runLoop(api: ApiClient, c: Company, plan: { interviewers: [string, string]; barRaiser: string; shadows?: string[] }) {
  value(await api.call('settings.setMe', { memberId: c.ceo.id }));
  const candidate = value(await api.call('candidates.create', { name: `Candidate ${Math.random().toString(36).slice(2, 8)}` }));
  const loop = value(await api.call('loops.create', { candidateId: candidate.id, roleId: c.role.id }));
  const planned = value(
    await api.call('loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: plan.barRaiser,
      shadowIds: plan.shadows ?? [],
      slots: loop.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: plan.interviewers[i] ?? null, startsAt: '2026-01-05T10:00:00Z' })),
      overrideReason: 'training test',
    }),
  );
  const p = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'training test' }));
  return value(await api.call('loops.transition', { id: loop.id, revision: p.revision, to: 'interviewing' }));
}

const ONE_EACH = { interviewerShadows: 1, interviewerReverseShadows: 1, barRaiserInterviews: 1, barRaiserShadows: 1, barRaiserReverseShadows: 1 };

async function as(api: ApiClient, memberId: string) {
  value(await api.call('settings.setMe', { memberId }));
}

describe('training settings', () => {
  const w = workspacePerTest();

  it('start at the defaults, change within range, and refuse a count out of range naming the field', async () => {
    await company(w.api);
    expect(value(await w.api.call('settings.get', {})).training).toEqual(DEFAULT_TRAINING_SETTINGS);
    expect(value(await w.api.call('settings.update', { training: { barRaiserShadows: 5 } })).training).toEqual({ ...DEFAULT_TRAINING_SETTINGS, barRaiserShadows: 5 });
    const negative = failure(await w.api.call('settings.update', { training: { interviewerShadows: -1 } }));
    expect(negative.code).toBe('VALIDATION');
    expect(negative.issues?.[0]?.path).toBe('training.interviewerShadows');
    const huge = failure(await w.api.call('settings.update', { training: { barRaiserInterviews: 101, interviewerShadows: 3 } }));
    expect(huge.issues?.[0]?.path).toBe('training.barRaiserInterviews');
    expect(value(await w.api.call('settings.get', {})).training).toEqual({ ...DEFAULT_TRAINING_SETTINGS, barRaiserShadows: 5 });
  });
});

describe('the bar-raiser path, through real loops, to a recorded certification', () => {
  const w = workspacePerTest();

  it('counts each step from loops, refuses early or self certification, and grants bar_raiser once a bar raiser and a founder signed', async () => {
    const api = w.api;
    const c = await company(api);
    value(await api.call('settings.update', { training: ONE_EACH }));
    const progress = async () => value(await api.call('training.progress', { memberId: c.ops.id }));
    expect((await progress()).barRaiser.stage).toBe('interviewing');

    // Too early: the refusal names the field and says what is missing.
    const early = failure(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Keen' }));
    expect(early.code).toBe('VALIDATION');
    expect(early.issues).toEqual([
      { path: 'memberId', message: 'Ops still needs 1 more interview; 1 more loop to shadow with a certified bar raiser; 1 more loop to raise the bar on with a certified bar raiser shadowing' },
    ]);

    await runLoop(api, c, { interviewers: [c.eng.id, c.ops.id], barRaiser: c.sales.id });
    expect((await progress()).barRaiser.stage).toBe('shadowing');
    // Shadowing a loop whose bar raiser is not certified does not count.
    await runLoop(api, c, { interviewers: [c.eng.id, c.cto.id], barRaiser: c.ops.id, shadows: [] });
    expect((await progress()).counts).toMatchObject({ interviews: 1, barRaiserShadows: 0, reverseShadows: 0 });
    await runLoop(api, c, { interviewers: [c.eng.id, c.cto.id], barRaiser: c.sales.id, shadows: [c.ops.id] });
    expect((await progress()).barRaiser.stage).toBe('reverse_shadowing');
    await runLoop(api, c, { interviewers: [c.eng.id, c.cto.id], barRaiser: c.ops.id, shadows: [c.sales.id] });
    const ready = await progress();
    expect(ready.counts).toMatchObject({ interviews: 1, barRaiserShadows: 1, reverseShadows: 1 });
    expect(ready.barRaiser.stage).toBe('ready');
    expect(ready.barRaiser.needs).toEqual(['sign-off by a certified bar raiser', 'sign-off by a founder']);

    await as(api, c.ops.id);
    const self = failure(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Me' }));
    expect(self.code).toBe('FORBIDDEN');
    await as(api, c.eng.id);
    expect(failure(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Good' })).code).toBe('FORBIDDEN');

    await as(api, c.sales.id);
    const half = value(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Ran a fair debrief on the last loop' }));
    expect(half.barRaiser.signOff).toEqual({ byBarRaiser: true, byFounder: false });
    expect(half.barRaiser.needs).toEqual(['sign-off by a founder']);
    expect(value(await api.call('team.get', { id: c.ops.id })).capabilities).not.toContain('bar_raiser');
    expect(failure(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Again' })).code).toBe('CONFLICT');

    await as(api, c.ceo.id);
    const done = value(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Calm and independent' }));
    expect(done.barRaiser.stage).toBe('certified');
    expect(done.barRaiser.signedBy).toEqual(['Sales', 'Ceo']);
    const ops = value(await api.call('team.get', { id: c.ops.id }));
    expect(ops.capabilities).toContain('bar_raiser');
    expect(ops.capabilities).not.toContain('bar_raiser_in_training');
    expect(ops.training.certifiedAt).not.toBeNull();
    expect(done.history.map((e) => [e.kind, e.actorName, e.reason])).toEqual([
      ['sign', 'Ceo', 'Calm and independent'],
      ['sign', 'Sales', 'Ran a fair debrief on the last loop'],
    ]);
    const log = value(await api.call('activity.list', { entityId: c.ops.id })).map((a) => a.summary);
    expect(log).toContain('Certified Ops as a bar raiser, signed off by Sales and you: Calm and independent');
    expect(log).toContain('Signed Ops off as a bar raiser, as a bar raiser: Ran a fair debrief on the last loop');

    // Revoking: founders and admins only, with a reason; the capability goes, the history stays.
    await as(api, c.sales.id);
    expect(failure(await api.call('training.revoke', { memberId: c.ops.id, path: 'bar_raiser', reason: 'No' })).code).toBe('FORBIDDEN');
    await as(api, c.ceo.id);
    expect(failure(await api.call('training.revoke', { memberId: c.ops.id, path: 'bar_raiser', reason: '' })).issues?.[0]?.path).toBe('reason');
    const revoked = value(await api.call('training.revoke', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Vetoed without evidence twice' }));
    expect(revoked.barRaiser.stage).not.toBe('certified');
    expect(revoked.history.map((e) => e.kind)).toEqual(['revoke', 'sign', 'sign']);
    const after = value(await api.call('team.get', { id: c.ops.id }));
    expect(after.capabilities).not.toContain('bar_raiser');
    expect(after.training.certifiedAt).toBeNull();
    expect(value(await api.call('activity.list', { entityId: c.ops.id }))[0]?.summary).toBe("Revoked Ops's certification as a bar raiser: Vetoed without evidence twice");
    expect(failure(await api.call('training.revoke', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Again' })).issues?.[0]?.path).toBe('path');
  });

  it('takes the founder first too, and two founders are not a bar raiser and a founder', async () => {
    const api = w.api;
    const c = await company(api);
    value(await api.call('settings.update', { training: { ...ONE_EACH, barRaiserInterviews: 0, barRaiserShadows: 0, barRaiserReverseShadows: 0 } }));
    const founder2 = value(await api.call('team.create', { name: 'Fou', capabilities: ['founder'] }));
    await as(api, founder2.id);
    value(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Ready' }));
    // Ceo is founder and bar raiser: counts as the bar raiser here, which completes it.
    await as(api, c.ceo.id);
    const done = value(await api.call('training.certify', { memberId: c.ops.id, path: 'bar_raiser', reason: 'Agreed' }));
    expect(done.barRaiser.stage).toBe('certified');

    const other = value(await api.call('team.create', { name: 'Tia', capabilities: ['interviewer', 'bar_raiser_in_training'] }));
    value(await api.call('training.certify', { memberId: other.id, path: 'bar_raiser', reason: 'Ready' }));
    // Ceo alone is one person though founder and bar raiser: a second person, a founder, completes it.
    await as(api, founder2.id);
    expect(value(await api.call('training.certify', { memberId: other.id, path: 'bar_raiser', reason: 'Agreed' })).barRaiser.stage).toBe('certified');

    const third = value(await api.call('team.create', { name: 'Ulf', capabilities: ['interviewer', 'bar_raiser_in_training'] }));
    value(await api.call('training.certify', { memberId: third.id, path: 'bar_raiser', reason: 'Ready' }));
    await as(api, c.ceo.id);
    const another = value(await api.call('team.create', { name: 'Vic', capabilities: ['founder'] }));
    await as(api, another.id);
    const twoFounders = failure(await api.call('training.certify', { memberId: third.id, path: 'bar_raiser', reason: 'Also' }));
    expect(twoFounders.code).toBe('CONFLICT');
    expect(twoFounders.message).toMatch(/a certified bar raiser/);
  });
});

describe('the interviewer path', () => {
  const w = workspacePerTest();

  it('counts shadows and interviews led with a trained interviewer shadowing, then a trained interviewer certifies', async () => {
    const api = w.api;
    const c = await company(api);
    value(await api.call('settings.update', { training: ONE_EACH }));
    const nia = value(await api.call('team.create', { name: 'Nia', team: 'Engineering' }));
    const progress = async () => value(await api.call('training.progress', { memberId: nia.id }));
    expect((await progress()).interviewer.stage).toBe('shadowing');

    await runLoop(api, c, { interviewers: [c.eng.id, c.cto.id], barRaiser: c.sales.id, shadows: [nia.id] });
    expect((await progress()).interviewer.stage).toBe('reverse_shadowing');
    // Leading an interview nobody trained shadowed does not count.
    await runLoop(api, c, { interviewers: [nia.id, c.cto.id], barRaiser: c.sales.id });
    expect((await progress()).counts.interviewsShadowed).toBe(0);
    await as(api, c.eng.id);
    const early = failure(await api.call('training.certify', { memberId: nia.id, path: 'interviewer', reason: 'Good' }));
    expect(early.issues?.[0]).toEqual({ path: 'memberId', message: 'Nia still needs 1 more interview to lead with a trained interviewer shadowing' });

    await runLoop(api, c, { interviewers: [nia.id, c.cto.id], barRaiser: c.sales.id, shadows: [c.eng.id] });
    expect((await progress()).interviewer.stage).toBe('ready');
    await as(api, nia.id);
    expect(failure(await api.call('training.certify', { memberId: nia.id, path: 'interviewer', reason: 'Me' })).code).toBe('FORBIDDEN');
    await as(api, c.eng.id);
    const done = value(await api.call('training.certify', { memberId: nia.id, path: 'interviewer', reason: 'Clear evidence in both write-ups' }));
    expect(done.interviewer.stage).toBe('trained');
    expect(value(await api.call('team.get', { id: nia.id })).capabilities).toContain('interviewer');
    const again = failure(await api.call('training.certify', { memberId: nia.id, path: 'interviewer', reason: 'Twice' }));
    expect(again.issues?.[0]).toEqual({ path: 'memberId', message: 'Nia is already a trained interviewer' });
    expect(done.history).toMatchObject([{ kind: 'sign', path: 'interviewer', actorName: 'Eng', reason: 'Clear evidence in both write-ups' }]);
  });
});

describe('training.readiness', () => {
  it('shows trained interviewers per principle, bar raisers and loads per team, trainees, the founder rule and who can take over', async () => {
    const t = tempWorkspace({ clock: () => new Date() });
    try {
      const api = t.client;
      const c = await company(api);
      value(await api.call('settings.update', { training: ONE_EACH }));
      await runLoop(api, c, { interviewers: [c.eng.id, c.cto.id], barRaiser: c.sales.id, shadows: [c.ops.id] });
      await runLoop(api, c, { interviewers: [c.ceo.id, c.eng.id], barRaiser: c.sales.id });
      const r = value(await api.call('training.readiness', {}));
      expect(r.month).toBe(new Date().toISOString().slice(0, 7));
      // Ownership: Eng and Ceo interviewed for it; Customers: Cto and Eng.
      expect(r.principles).toEqual([
        { principleId: c.own.id, name: 'Ownership', trainedInterviewers: 2 },
        { principleId: c.cust.id, name: 'Customers', trainedInterviewers: 2 },
      ]);
      expect(r.barRaisers).toBe(2);
      expect(r.loopsThisMonth).toBe(2);
      expect(r.bottleneck).toBe('2 bar raisers for 2 loops this month: 1 each');
      expect(r.teams).toEqual([
        { team: 'Engineering', barRaisers: 0, loopsThisMonth: 2 },
        { team: 'Exec', barRaisers: 1, loopsThisMonth: 0 },
        { team: 'Sales', barRaisers: 1, loopsThisMonth: 0 },
      ]);
      expect(r.inTraining).toEqual([
        { memberId: c.ops.id, name: 'Ops', path: 'bar_raiser', stageLabel: 'Giving interviews before bar-raiser training', needs: expect.any(Array) as unknown },
      ]);
      expect(r.inTraining[0]?.needs.slice(0, 2)).toEqual(['1 more interview', '1 more loop to raise the bar on with a certified bar raiser shadowing']);
      expect(r.founderRule).toMatchObject({ threshold: 50, hiresMade: 0, hiresWithFounder: 0 });
      expect(r.readyToTakeOver.map((p) => p.name)).toEqual(['Sales']);
    } finally {
      t.close();
    }
  });
});
