import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { failure, interviewingLoop, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

// Eng's evidence names the candidate every way a write-up might: full name, first name, surname, email, phone, link.
const TELLING = {
  situation: 'Grace Hopper joined a team whose payment service kept failing; grace@example.com was on every alert.',
  task: 'Grace had to make the service reliable; Hopper said +44 20 7946 0958 was her on-call number.',
  action: 'She wrote the runbook (github.com/ghopper/runbooks), set up alerts and paired with two engineers.',
  result: 'Night pages fell from nine a week to one within a month, as HOPPER measured.',
};

async function decidedLoop(api: ApiClient) {
  const s = await interviewingLoop(api);
  await s.as(s.ceo.id);
  value(
    await api.call('candidates.update', {
      id: s.candidate.id,
      revision: value(await api.call('candidates.get', { id: s.candidate.id })).revision,
      phone: '+44 20 7946 0958',
      links: ['github.com/ghopper/runbooks'],
    }),
  );
  const trey = value(await api.call('team.create', { name: 'Trey', team: 'Support', capabilities: [] }));
  await s.as(s.eng.id);
  const engFeedback = value(
    await api.call('feedback.submit', {
      ...s.mine(),
      ratings: s.slotOf(s.eng.id).map((principleId) => ({ principleId, rating: 2, evidence: TELLING })),
      vote: 'not_inclined',
      raiseBar: 'no',
      reasonToHire: 'Grace owns problems end to end.',
      reasonNotToHire: 'Ms Hopper had little experience with customers.',
    }),
  );
  await s.as(s.ceo.id);
  value(await api.call('feedback.submit', s.complete(s.slotOf(s.ceo.id), 'strong_hire', 4)));
  const decide = async () => {
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence.' }));
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Above the bar.' }));
  };
  return { ...s, trey, engFeedback, decide };
}

describe('calibration practice', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let s: Awaited<ReturnType<typeof decidedLoop>>;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    s = await decidedLoop(api);
  });
  afterEach(() => t.close());

  const fromLoop = () => api.call('practice.fromLoop', { loopId: s.loop.id, feedbackId: s.engFeedback.id });

  it('is made from decided loops only, by bar raisers, founders and admins', async () => {
    await s.as(s.sales.id);
    expect(failure(await fromLoop()).code).toBe('CONFLICT');
    await s.decide();
    await s.as(s.eng.id);
    expect(failure(await fromLoop())).toMatchObject({ code: 'FORBIDDEN', message: 'Only bar raisers, founders or admins may do this.' });
    await s.as(s.sales.id);
    const bad = failure(await api.call('practice.fromLoop', { loopId: s.loop.id, feedbackId: s.loop.id }));
    expect(bad).toMatchObject({ code: 'VALIDATION' });
    expect(bad.message).toContain('feedbackId');
    expect(value(await api.call('practice.list'))).toEqual([]);
    value(await fromLoop());
    expect(failure(await fromLoop()).code).toBe('CONFLICT');
    expect(value(await api.call('practice.list'))).toHaveLength(1);
  });

  it("reveals nothing identifying: no name, email, phone, link, loop, candidate, interviewer or interview date", async () => {
    await s.decide();
    await s.as(s.sales.id);
    const item = value(await fromLoop());
    await s.as(s.trey.id);
    const seen = JSON.stringify([item, value(await api.call('practice.get', { id: item.id })), value(await api.call('practice.list'))]);
    for (const telling of ['Grace', 'grace', 'Hopper', 'HOPPER', 'example.com', '7946', 'ghopper', s.candidate.id, s.loop.id, s.eng.id, s.engFeedback.id, '2026-01-05']) {
      expect(seen, telling).not.toContain(telling);
    }
    expect(item.principles).toEqual([
      {
        principleId: s.own.id,
        name: 'Ownership',
        evidence: {
          situation: '[erased] joined a team whose payment service kept failing; [erased] was on every alert.',
          task: '[erased] had to make the service reliable; [erased] said [erased] was her on-call number.',
          action: 'She wrote the runbook ([erased]), set up alerts and paired with two engineers.',
          result: 'Night pages fell from nine a week to one within a month, as [erased] measured.',
        },
      },
    ]);
    expect(item.reasonNotToHire).toBe('Ms [erased] had little experience with customers.');
    expect(item.title).toBe('Backend engineer');
    // The log names neither the candidate nor the loop.
    const log = JSON.stringify(value(await api.call('activity.list', { entityId: item.id })));
    expect(log).toContain('added a practice write-up');
    expect(log).not.toMatch(/Grace|Hopper/);
  });

  it("hides the answers until the trainee has rated blind, then shows the writer's, the panel's and the decision", async () => {
    await s.decide();
    await s.as(s.sales.id);
    const item = value(await fromLoop());
    await s.as(s.trey.id);
    const before = value(await api.call('practice.get', { id: item.id }));
    expect(before).toMatchObject({ attempt: null, answers: null, comparison: null });
    expect(JSON.stringify(before)).not.toMatch(/not_inclined|strong_hire|"rating"|hire/);
    expect(value(await api.call('practice.results'))).toEqual([]);

    const missing = failure(await api.call('practice.rate', { id: item.id, ratings: [], vote: 'inclined' }));
    expect(missing.code).toBe('VALIDATION');
    expect(missing.message).toContain(`ratings.${s.own.id}`);
    const stranger = failure(await api.call('practice.rate', { id: item.id, ratings: [{ principleId: s.cust.id, rating: 3 }, { principleId: s.own.id, rating: 3 }], vote: 'inclined' }));
    expect(stranger.message).toContain('ratings.0.principleId');
    expect(value(await api.call('practice.get', { id: item.id })).attempt).toBeNull();

    const rated = value(await api.call('practice.rate', { id: item.id, ratings: [{ principleId: s.own.id, rating: 4 }], vote: 'strong_hire' }));
    expect(rated.answers).toEqual({
      writer: { ratings: [{ principleId: s.own.id, rating: 2 }], vote: 'not_inclined' },
      panel: [{ ratings: [{ principleId: s.cust.id, rating: 4 }], vote: 'strong_hire' }],
      decision: 'hire',
    });
    expect(rated.comparison).toMatchObject({ withinOne: 0, comparable: 1, vote: { sameSideAsWriter: false, sameSideAsDecision: true } });
    expect(rated.comparison?.principles).toEqual([{ principleId: s.own.id, mine: 4, writer: 2, panel: [], gap: 2 }]);
    // Once: the first, blind reading is the one kept.
    expect(failure(await api.call('practice.rate', { id: item.id, ratings: [{ principleId: s.own.id, rating: 2 }], vote: 'not_inclined' })).code).toBe('CONFLICT');
    expect(value(await api.call('practice.get', { id: item.id })).attempt).toMatchObject({ ratings: [{ principleId: s.own.id, rating: 4 }], vote: 'strong_hire' });

    // Someone else is still blind, and sees only their own results.
    await s.as(s.ops.id);
    expect(value(await api.call('practice.get', { id: item.id })).answers).toBeNull();
    expect(value(await api.call('practice.results'))).toEqual([]);
    expect(value(await api.call('practice.list'))).toEqual([expect.objectContaining({ id: item.id, rated: false })]);
    await s.as(s.trey.id);
    expect(value(await api.call('practice.results')).map((r) => r.item.id)).toEqual([item.id]);
    expect(value(await api.call('practice.list'))).toEqual([expect.objectContaining({ id: item.id, rated: true })]);
  });

  it('a bar raiser writes one by hand; its answers are their own ratings and vote, with no decision', async () => {
    const written = {
      title: 'Support lead, ownership',
      principles: [{ principleId: s.own.id, rating: 3 as const, evidence: { situation: 'A queue nobody owned.', task: 'Clear it.', action: 'I triaged it daily.', result: 'Empty in two weeks.' } }],
      vote: 'inclined' as const,
    };
    await s.as(s.eng.id);
    expect(failure(await api.call('practice.write', written)).code).toBe('FORBIDDEN');
    await s.as(s.sales.id);
    const blank = failure(await api.call('practice.write', { ...written, principles: [{ principleId: s.own.id, rating: 3, evidence: {} }] }));
    expect(blank.message).toContain('principles.0.evidence');
    const item = value(await api.call('practice.write', written));
    expect(item).toMatchObject({ source: 'written', title: 'Support lead, ownership' });
    await s.as(s.trey.id);
    const rated = value(await api.call('practice.rate', { id: item.id, ratings: [{ principleId: s.own.id, rating: 2 }], vote: 'not_inclined' }));
    expect(rated.answers).toEqual({ writer: { ratings: [{ principleId: s.own.id, rating: 3 }], vote: 'inclined' }, panel: [], decision: null });
    expect(rated.comparison?.vote.sameSideAsDecision).toBeNull();
  });

  it("an erasure of the candidate removes the practice made from their loop, and its ratings", async () => {
    await s.decide();
    await s.as(s.sales.id);
    const item = value(await fromLoop());
    await s.as(s.trey.id);
    value(await api.call('practice.rate', { id: item.id, ratings: [{ principleId: s.own.id, rating: 2 }], vote: 'not_inclined' }));
    await s.as(s.ceo.id);
    value(await api.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: 'Grace Hopper' }));
    expect(value(await api.call('practice.list'))).toEqual([]);
    await s.as(s.trey.id);
    expect(value(await api.call('practice.results'))).toEqual([]);
    expect(failure(await api.call('practice.get', { id: item.id })).code).toBe('NOT_FOUND');
  });
});
