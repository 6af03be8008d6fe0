import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../db/open';
import { failure, interviewingLoop, value } from '../support/company';
import { snapshot, workspacePerTest } from '../support/workspace';

describe('rights that only founders and admins grant', () => {
  const w = workspacePerTest();
  const unchanged = async (call: () => Promise<unknown>) => {
    const file = join(w.t.dir, DATABASE_FILE_NAME);
    const before = snapshot(file);
    await call();
    expect(snapshot(file)).toBe(before);
  };

  it("makes an empty workspace's first person its founder, admin and \"me\"", async () => {
    value(await w.api.call('workspace.start', { starter: false }));
    const first = value(await w.api.call('team.create', { name: 'Ada', capabilities: ['interviewer'] }));
    expect(first.capabilities).toEqual(['founder', 'admin', 'interviewer']);
    expect(value(await w.api.call('settings.get')).me).toBe(first.id);
    const second = value(await w.api.call('team.create', { name: 'Bob', capabilities: ['interviewer'] }));
    expect(second.capabilities).toEqual(['interviewer']);
  });

  it('lets nobody grant themselves a capability, lets people edit their own profile, and keeps one founder or admin', async () => {
    const s = await interviewingLoop(w.api);
    // An admin may grant others, never themselves.
    await s.as(s.admin.id);
    const admin = value(await w.api.call('team.get', { id: s.admin.id }));
    await unchanged(async () => {
      const refused = failure(await w.api.call('team.update', { id: admin.id, revision: admin.revision, capabilities: ['admin', 'bar_raiser'] }));
      expect([refused.code, refused.issues?.[0]?.path]).toEqual(['FORBIDDEN', 'capabilities']);
    });
    const eng = value(await w.api.call('team.get', { id: s.eng.id }));
    value(await w.api.call('team.update', { id: eng.id, revision: eng.revision, capabilities: ['interviewer', 'bar_raiser'] }));
    // A member edits their own name, but not their capabilities, manager or status.
    await s.as(s.eng.id);
    const self = value(await w.api.call('team.get', { id: s.eng.id }));
    const renamed = value(await w.api.call('team.update', { id: self.id, revision: self.revision, title: 'Staff engineer' }));
    await unchanged(async () => {
      expect(failure(await w.api.call('team.update', { id: self.id, revision: renamed.revision, capabilities: ['admin'] })).code).toBe('FORBIDDEN');
      expect(failure(await w.api.call('team.update', { id: self.id, revision: renamed.revision, managerId: null })).code).toBe('FORBIDDEN');
      expect(failure(await w.api.call('team.update', { id: self.id, revision: renamed.revision, capabilities: [] })).code).toBe('FORBIDDEN');
    });
    // The founder is the only founder or admin besides Adm; once Adm is no admin, the founder cannot step down.
    await s.as(s.ceo.id);
    const adm = value(await w.api.call('team.get', { id: s.admin.id }));
    value(await w.api.call('team.update', { id: adm.id, revision: adm.revision, capabilities: [] }));
    const ceo = value(await w.api.call('team.get', { id: s.ceo.id }));
    const last = failure(await w.api.call('team.update', { id: ceo.id, revision: ceo.revision, capabilities: ['interviewer'] }));
    expect([last.code, last.message]).toEqual(['CONFLICT', 'Ceo is the last founder or admin: make someone else an admin first.']);
  });

  it("sets a candidate's hired or rejected only by a decision, and guards a running cooldown", async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.cto.id);
    const c = value(await w.api.call('candidates.get', { id: s.candidate.id }));
    await unchanged(async () => {
      expect(failure(await w.api.call('candidates.update', { id: c.id, revision: c.revision, status: 'hired' })).issues?.[0]?.path).toBe('status');
      expect(failure(await w.api.call('candidates.update', { id: c.id, revision: c.revision, cooldownUntil: '2020-01-01' })).issues?.[0]).toEqual({
        path: 'cooldownUntil',
        message: 'The cooldown must end after today.',
      });
    });
    const cooling = value(await w.api.call('candidates.update', { id: c.id, revision: c.revision, cooldownUntil: '2099-01-01' }));
    // The hiring manager may set one, but not clear it.
    const clear = { id: c.id, revision: cooling.revision, cooldownUntil: null };
    expect(failure(await w.api.call('candidates.update', clear)).message).toBe('cooldownUntil: Only founders and admins can clear or shorten a cooldown.');
    await s.as(s.admin.id);
    expect(failure(await w.api.call('candidates.update', clear)).issues?.[0]?.path).toBe('cooldownReason');
    const cleared = value(await w.api.call('candidates.update', { ...clear, cooldownReason: 'They asked to be considered for a new team' }));
    expect(cleared.cooldownUntil).toBeNull();
    const [entry] = value(await w.api.call('activity.list', { entityId: c.id, limit: 1 }));
    expect(entry?.summary).toContain('cooldown 2099-01-01 → none because: They asked to be considered for a new team');
  });

  it('refuses a no-recycle cooldown in the past, and a concurrence without a rationale', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.ceo.id);
    value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(s.ceo.id), 'not_inclined', 2), authorId: s.ceo.id }));
    await s.as(s.eng.id);
    value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), authorId: s.eng.id }));
    await s.as(s.cto.id);
    value(await w.api.call('debrief.open', { loopId: s.loop.id }));
    const past = { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'no_recycle', cooldownUntil: '2001-01-01' } as const;
    expect(failure(await w.api.call('decision.decide', past)).issues?.[0]?.path).toBe('cooldownUntil');
    value(await w.api.call('decision.decide', { ...past, cooldownUntil: '2099-01-01' }));
    await s.as(s.sales.id);
    expect(failure(await w.api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur' })).issues?.[0]?.path).toBe('rationale');
    value(await w.api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The ownership evidence was thin.' }));
  });
});

describe('a reopened decision undoes exactly what it set', () => {
  const w = workspacePerTest();

  async function decided(decision: { decision: 'hire' } | { decision: 'no_hire'; recycle: 'no_recycle'; cooldownUntil: string }) {
    const s = await interviewingLoop(w.api);
    for (const id of [s.ceo.id, s.eng.id]) {
      await s.as(id);
      value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(id), 'inclined', 3), authorId: id }));
    }
    await s.as(s.cto.id);
    value(await w.api.call('debrief.open', { loopId: s.loop.id }));
    value(await w.api.call('decision.decide', { loopId: s.loop.id, rationale: 'Weighed in the debrief', ...decision }));
    await s.as(s.sales.id);
    value(await w.api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The evidence holds' }));
    return s;
  }

  it('a closed loop: the hire is undone and the loop is back in its debrief', async () => {
    const s = await decided({ decision: 'hire' });
    await s.as(s.cto.id);
    const loop = value(await w.api.call('loops.get', { id: s.loop.id })).loop;
    value(await w.api.call('loops.transition', { id: loop.id, revision: loop.revision, to: 'closed' }));
    value(await w.api.call('decision.reopen', { loopId: s.loop.id, reason: 'References came back badly' }));
    expect(value(await w.api.call('candidates.get', { id: s.candidate.id })).status).toBe('active');
    expect(value(await w.api.call('loops.get', { id: s.loop.id })).loop.status).toBe('debrief');
  });

  it('clearing a running no-recycle cooldown by reopening is for founders and admins; a founder who is no admin may reopen', async () => {
    const s = await decided({ decision: 'no_hire', recycle: 'no_recycle', cooldownUntil: '2099-01-01' });
    expect(value(await w.api.call('candidates.get', { id: s.candidate.id }))).toMatchObject({ status: 'rejected', cooldownUntil: '2099-01-01' });
    const file = join(w.t.dir, DATABASE_FILE_NAME);
    for (const who of [s.cto.id, s.sales.id]) {
      await s.as(who);
      const before = snapshot(file);
      const refused = failure(await w.api.call('decision.reopen', { loopId: s.loop.id, reason: 'Changed my mind' }));
      expect([who, refused.code]).toEqual([who, 'FORBIDDEN']);
      expect(snapshot(file)).toBe(before);
    }
    // Adm makes Ceo a founder only; Ceo, no admin, reopens.
    await s.as(s.admin.id);
    const ceo = value(await w.api.call('team.get', { id: s.ceo.id }));
    value(await w.api.call('team.update', { id: ceo.id, revision: ceo.revision, capabilities: ['founder', 'interviewer'] }));
    await s.as(s.ceo.id);
    value(await w.api.call('decision.reopen', { loopId: s.loop.id, reason: 'The cooldown was set by mistake' }));
    expect(value(await w.api.call('candidates.get', { id: s.candidate.id }))).toMatchObject({ status: 'active', cooldownUntil: null });
  });
});

describe('blind feedback through whole-workspace copies', () => {
  const w = workspacePerTest();

  // Ceo is a founder and admin, and interviews in the loop; Eng has submitted, Ceo has not.
  async function founderWhoOwesFeedback() {
    const s = await interviewingLoop(w.api);
    const backup = value(await w.api.call('backups.create'));
    await s.as(s.eng.id);
    value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(s.eng.id), 'strong_hire', 4), authorId: s.eng.id }));
    await s.as(s.ceo.id);
    return { s, backup };
  }

  it.each([
    ['transfer.exportWorkspace', 'a whole-workspace export'],
    ['backups.download', 'a copy of a backup'],
  ] as const)('%s asks someone who still owes feedback for an early-access reason, then logs it and flags their feedback', async (method, what) => {
    const { s, backup } = await founderWhoOwesFeedback();
    const input: { name: string } | Record<string, never> = method === 'backups.download' ? { name: backup.name } : {};
    const file = join(w.t.dir, DATABASE_FILE_NAME);
    const before = snapshot(file);
    const refused = failure(await w.api.call(method, input as never));
    expect([refused.code, refused.issues?.[0]?.path]).toEqual(['FORBIDDEN', 'earlyAccessReason']);
    expect(refused.message).toContain('You still owe feedback on 1 open loop (Grace Hopper)');
    expect(snapshot(file)).toBe(before);

    value(await w.api.call(method, { ...input, earlyAccessReason: 'Moving to a new laptop' } as never));
    const log = value(await w.api.call('activity.list', { entityId: s.loop.id, limit: 5 }));
    expect(log.map((e) => e.summary)).toContain(
      `Viewed the loop's feedback through ${what} (had submitted own: no); early access: Moving to a new laptop`,
    );
    const mine = value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(s.ceo.id), 'inclined', 3), authorId: s.ceo.id }));
    expect(mine.sawOthersBeforeSubmitting).toBe(true);
  });

  it('needs no reason once the founder has submitted their own', async () => {
    const { s } = await founderWhoOwesFeedback();
    value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(s.ceo.id), 'inclined', 3), authorId: s.ceo.id }));
    const exported = value(await w.api.call('transfer.exportWorkspace', {}));
    expect(JSON.parse(exported.json).tables.feedback.length).toBe(2);
  });
});
