import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { company, failure, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

const EVIDENCE = {
  situation: 'Our payment service kept failing at night and nobody owned the on-call rota for it.',
  task: 'I had to make the service reliable without a dedicated team or extra budget.',
  action: 'I wrote the runbook, set up alerts, and I paired with two engineers until they could take shifts.',
  result: 'Night pages fell from nine a week to one within a month and the rota has run since.',
};
// Vague and short: the evidence linter has something to say about the trainee's write-up.
const THIN = { situation: 'They seemed like a culture fit.', task: '', action: 'We fixed it.', result: '' };

/**
 * The shared five-person company with a reverse shadow: Trey (an interviewer in training) leads the
 * Ownership interview while Eng supervises; Ceo interviews Customers; Sales raises the bar; Ops shadows;
 * Cto is the hiring manager. Adm is an admin outside the loop.
 */
async function reverseShadowLoop(api: ApiClient) {
  const c = await company(api);
  const trey = value(await api.call('team.create', { name: 'Trey', team: 'Support', capabilities: [] }));
  const admin = value(await api.call('team.create', { name: 'Adm', team: 'People', capabilities: ['admin'] }));
  const as = (memberId: string) => api.call('settings.setMe', { memberId }).then(value);
  await as(c.ceo.id);
  const loop = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
  const planned = value(
    await api.call('loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: c.sales.id,
      shadowIds: [c.ops.id],
      slots: loop.slots.map(({ position: _p, ...s }, i) => ({
        ...s,
        interviewerId: i === 0 ? c.eng.id : c.ceo.id,
        traineeId: i === 0 ? trey.id : null,
        startsAt: '2026-01-05T10:00:00Z',
      })),
    }),
  );
  const p = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'small team' }));
  const running = value(await api.call('loops.transition', { id: loop.id, revision: p.revision, to: 'interviewing' }));
  const principlesOf = (memberId: string) => running.slots.find((s) => s.interviewerId === memberId || s.traineeId === memberId)?.principleIds ?? [];
  const submit = async (authorId: string, vote: 'strong_hire' | 'inclined' | 'not_inclined' | 'strong_no_hire', rating: 1 | 2 | 3 | 4, evidence = EVIDENCE) => {
    await as(authorId);
    return value(
      await api.call('feedback.submit', {
        loopId: running.id,
        authorId,
        ratings: principlesOf(authorId).map((principleId) => ({ principleId, rating, evidence })),
        vote,
        raiseBar: 'yes',
        reasonToHire: 'Owns problems end to end.',
        reasonNotToHire: 'Little experience with customers.',
      }),
    );
  };
  const opsPrinciples = [...new Set(running.slots.flatMap((s) => s.principleIds))];
  const submitShadow = async () => {
    await as(c.ops.id);
    return value(
      await api.call('feedback.submit', {
        loopId: running.id,
        authorId: c.ops.id,
        ratings: opsPrinciples.map((principleId) => ({ principleId, rating: 2, evidence: EVIDENCE })),
        vote: 'not_inclined',
        raiseBar: 'no',
        reasonToHire: 'Fine.',
        reasonNotToHire: 'Thin.',
      }),
    );
  };
  return { ...c, trey, admin, as, loop: running, submit, submitShadow };
}

type Setup = Awaited<ReturnType<typeof reverseShadowLoop>>;

describe('reverse-shadow slots: the trainee leads, the supervisor counts', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let s: Setup;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    s = await reverseShadowLoop(api);
  });
  afterEach(() => t.close());

  it('keeps the trainee on the slot, passes the checks, and refuses an unknown trainee naming the field', async () => {
    const detail = value(await api.call('loops.get', { id: s.loop.id }));
    expect(detail.loop.slots[0]).toMatchObject({ interviewerId: s.eng.id, traineeId: s.trey.id });
    expect(detail.checks.filter((f) => f.check.startsWith('reverse-shadow'))).toEqual([]);
    await s.as(s.ceo.id);
    const draft = value(await api.call('loops.create', { candidateId: s.candidate.id, roleId: s.role.id }));
    const bad = failure(
      await api.call('loops.plan', {
        id: draft.id,
        revision: draft.revision,
        slots: draft.slots.map(({ position: _p, ...x }) => ({ ...x, traineeId: '01900000-0000-7000-8000-000000000000' })),
      }),
    );
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain('slots.0.traineeId');
  });

  it("counts a started reverse-shadow slot on the trainee's interviewer path, and not once the loop is cancelled", async () => {
    const reverse = async () => value(await api.call('training.progress', { memberId: s.trey.id })).interviewer.steps.find((x) => x.id === 'interviewsShadowed')?.have;
    expect(await reverse()).toBe(1);
    // Eng supervised, Trey did not interview in a slot of their own: only the reverse shadow counts.
    expect(value(await api.call('training.progress', { memberId: s.trey.id })).counts).toMatchObject({ interviews: 0, shadows: 0, interviewsShadowed: 1 });
    await s.as(s.ceo.id);
    value(await api.call('loops.transition', { id: s.loop.id, revision: s.loop.revision, to: 'cancelled', reason: 'candidate withdrew' }));
    expect(await reverse()).toBe(0);
  });

  it("Suggest a plan offers a trainee the place the training settings give, not a fixed count", async () => {
    await s.as(s.ceo.id);
    const draft = value(await api.call('loops.create', { candidateId: s.candidate.id, roleId: s.role.id }));
    const led = (p: { slots: { traineeId?: string | null | undefined }[] }) => p.slots.flatMap((x) => (x.traineeId ? [x.traineeId] : []));
    // Adm (no interviewer training, fewer sessions than Trey) has shadowed nothing: with the default two shadows first, Adm shadows.
    const first = value(await api.call('loops.suggest', { id: draft.id }));
    expect(first.shadowIds).toContain(s.admin.id);
    expect(led(first)).toEqual([]);
    // The team skips shadowing: the same Adm now leads an interview under supervision.
    value(await api.call('settings.update', { training: { interviewerShadows: 0 } }));
    const second = value(await api.call('loops.suggest', { id: draft.id }));
    expect(second.shadowIds).not.toContain(s.admin.id);
    expect(led(second)).toEqual([s.admin.id]);
    expect(second.explanations.join('\n')).toMatch(/Adm leads .* as a reverse shadow/);
  });

  it('flags a trainee who also has a counted part as a blocker', async () => {
    await s.as(s.ceo.id);
    const draft = value(await api.call('loops.create', { candidateId: s.candidate.id, roleId: s.role.id }));
    const planned = value(
      await api.call('loops.plan', {
        id: draft.id,
        revision: draft.revision,
        hiringManagerId: s.cto.id,
        slots: draft.slots.map(({ position: _p, ...x }, i) => ({ ...x, interviewerId: i === 0 ? s.eng.id : s.ceo.id, traineeId: i === 0 ? s.cto.id : null })),
      }),
    );
    const checks = value(await api.call('loops.get', { id: planned.id })).checks;
    expect(checks.find((f) => f.check === 'reverse-shadow-trainee')).toMatchObject({ kind: 'blocker', memberId: s.cto.id });
  });

  it('the trainee writes training feedback for their slot, owed like any and listed as training', async () => {
    await s.as(s.trey.id);
    const mine = value(await api.call('feedback.mine', { loopId: s.loop.id }));
    expect(mine).toMatchObject({ kind: 'training', slotId: s.loop.slots[0]?.id });
    expect(mine.principles.map((p) => p.principleId)).toEqual(s.loop.slots[0]?.principleIds);
    const owed = value(await api.call('feedback.owed'));
    expect(owed).toEqual([expect.objectContaining({ loopId: s.loop.id, training: true })]);
    await s.as(s.eng.id);
    expect(value(await api.call('feedback.owed'))).toEqual([expect.objectContaining({ loopId: s.loop.id, training: false })]);
    const status = value(await api.call('feedback.status', { loopId: s.loop.id }));
    expect(status.find((p) => p.memberId === s.trey.id)).toMatchObject({ part: 'trainee', state: expect.not.stringMatching(/submitted/) });
    const record = await s.submit(s.trey.id, 'strong_no_hire', 1);
    expect(record).toMatchObject({ kind: 'training', slotId: s.loop.slots[0]?.id });
    await s.as(s.trey.id);
    expect(value(await api.call('feedback.owed'))).toEqual([]);
  });

  it('is blind to the trainee until they submit, like any feedback', async () => {
    await s.submit(s.eng.id, 'inclined', 3);
    await s.as(s.trey.id);
    const blind = value(await api.call('feedback.list', { loopId: s.loop.id }));
    expect(blind).toMatchObject({ visibility: 'counts', items: [] });
    await s.submit(s.trey.id, 'strong_no_hire', 1);
    expect(value(await api.call('feedback.list', { loopId: s.loop.id })).visibility).toBe('full');
  });

  it("feedback.list: the trainee's feedback is training, never an item or a count of the panel", async () => {
    await s.submit(s.trey.id, 'strong_no_hire', 1);
    await s.submit(s.eng.id, 'inclined', 3);
    await s.as(s.cto.id);
    const list = value(await api.call('feedback.list', { loopId: s.loop.id }));
    expect(list.items.map((f) => f.authorId)).toEqual([s.eng.id]);
    expect(list).toMatchObject({ submitted: 1, expected: 2 });
    expect(list.training.map((f) => f.authorId)).toEqual([s.trey.id]);
  });

  it("the debrief counts only the supervisor's vote and ratings, not the trainee's", async () => {
    await s.submit(s.trey.id, 'strong_no_hire', 1);
    await s.submit(s.eng.id, 'inclined', 3);
    await s.submit(s.ceo.id, 'strong_hire', 4);
    await s.as(s.sales.id);
    const debrief = value(await api.call('debrief.open', { loopId: s.loop.id }));
    const text = JSON.stringify(debrief);
    expect(text).not.toContain(s.trey.id);
    expect(text).not.toContain('strong_no_hire');
    expect(debrief.flags.map((f) => f.flag)).not.toContain('strong-no-hire');
  });

  it('calibration reads no training feedback', async () => {
    await s.submit(s.trey.id, 'strong_no_hire', 1);
    await s.submit(s.eng.id, 'inclined', 3);
    await s.submit(s.ceo.id, 'inclined', 3);
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id, earlyReason: 'The shadow writes later' }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Weighed the evidence', recycle: null }));
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Agreed' }));
    await s.as(s.admin.id);
    const report = value(await api.call('science.calibration'));
    expect(report.loops).toBe(1);
    expect(report.interviewers.map((i) => i.memberId).sort()).toEqual([s.ceo.id, s.eng.id].sort());
    expect(report.ratings).toBe(2);
  });
});

describe('coaching: feedback on a trainee\'s feedback', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let s: Setup;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    s = await reverseShadowLoop(api);
  });
  afterEach(() => t.close());

  const note = (traineeId: string, text = 'Ask for the result: your evidence stops at what the team did.') =>
    api.call('coaching.note', { loopId: s.loop.id, traineeId, note: text });

  it('waits for the trainee, then for the panel, and the supervisor reads the write-up only after submitting', async () => {
    await s.as(s.eng.id);
    expect(value(await api.call('coaching.forLoop', { loopId: s.loop.id }))).toEqual([
      expect.objectContaining({ traineeId: s.trey.id, coachId: s.eng.id, part: 'reverse_shadow', state: 'awaiting-trainee', viewerIs: 'coach' }),
    ]);
    expect(failure(await note(s.trey.id)).code).toBe('CONFLICT');

    await s.submit(s.trey.id, 'inclined', 3, THIN);
    await s.as(s.eng.id);
    const before = value(await api.call('coaching.session', { loopId: s.loop.id, traineeId: s.trey.id }));
    // Eng has not submitted: the write-up and the panel are as blind as any feedback.
    expect(before).toMatchObject({ state: 'awaiting-panel', writeUp: null, panel: [], mayNote: false });
    expect(failure(await note(s.trey.id)).code).toBe('CONFLICT');

    await s.submit(s.eng.id, 'inclined', 3);
    await s.submit(s.ceo.id, 'inclined', 3);
    await s.as(s.eng.id);
    const ready = value(await api.call('coaching.session', { loopId: s.loop.id, traineeId: s.trey.id }));
    expect(ready).toMatchObject({ state: 'ready', mayNote: true, writeUp: { authorId: s.trey.id, kind: 'training' } });
    expect(ready.panel.map((f) => f.authorId).sort()).toEqual([s.ceo.id, s.eng.id].sort());
    const rules = ready.findings.flatMap((f) => f.findings.map((x) => x.rule));
    expect(rules).toContain('vague-label');
  });

  it('the supervisor leaves a note, logged without its text; the trainee sees it; progress counts the review', async () => {
    await s.submit(s.trey.id, 'inclined', 3, THIN);
    await s.submit(s.eng.id, 'inclined', 3);
    await s.submit(s.ceo.id, 'inclined', 3);
    await s.as(s.eng.id);
    expect(value(await api.call('coaching.progress', { memberId: s.trey.id }))).toEqual({ memberId: s.trey.id, trainingSessions: 1, reviewedSessions: 0 });
    const saved = value(await note(s.trey.id, 'SECRET-NOTE ask for the result'));
    expect(saved).toMatchObject({ coachId: s.eng.id, coachName: 'Eng', traineeId: s.trey.id });
    const [entry] = value(await api.call('activity.list', { entityId: s.loop.id, limit: 1 }));
    expect(entry?.summary).toBe('Eng left a coaching note for Trey');
    expect(JSON.stringify(value(await api.call('activity.list', { limit: 500 })))).not.toContain('SECRET-NOTE');

    await s.as(s.trey.id);
    const mine = value(await api.call('coaching.session', { loopId: s.loop.id, traineeId: s.trey.id }));
    expect(mine).toMatchObject({ viewerIs: 'trainee', state: 'reviewed', mayNote: false });
    expect(mine.coachingNotes.map((n) => n.note)).toEqual(['SECRET-NOTE ask for the result']);
    expect(failure(await note(s.trey.id)).code).toBe('FORBIDDEN');
    expect(value(await api.call('coaching.progress', { memberId: s.trey.id }))).toMatchObject({ trainingSessions: 1, reviewedSessions: 1 });
  });

  it('only the trainee and their coach see a session; a shadow is coached by the bar raiser', async () => {
    await s.submitShadow();
    await s.submit(s.eng.id, 'inclined', 3);
    await s.submit(s.ceo.id, 'inclined', 3);
    for (const outsider of [s.admin.id, s.ceo.id, s.cto.id]) {
      await s.as(outsider);
      expect(failure(await api.call('coaching.session', { loopId: s.loop.id, traineeId: s.trey.id })).code).toBe('FORBIDDEN');
    }
    await s.as(s.admin.id);
    expect(value(await api.call('coaching.forLoop', { loopId: s.loop.id }))).toEqual([]);
    // Eng supervises Trey, not Ops: the shadow's coach is the bar raiser.
    await s.as(s.eng.id);
    expect(failure(await note(s.ops.id)).code).toBe('FORBIDDEN');
    await s.as(s.sales.id);
    expect(value(await note(s.ops.id))).toMatchObject({ traineeId: s.ops.id, coachId: s.sales.id });
    expect(failure(await note(s.trey.id)).code).toBe('FORBIDDEN');
    expect(failure(await note(s.cto.id)).code).toBe('VALIDATION');
  });
});
