import { describe, expect, it } from 'vitest';
import type { Kit, Loop } from '../../core/api/contract/loops';
import { company, failure, interviewingLoop, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

const kitIds = (kits: Kit[]) => kits.flatMap((k) => k.principles.flatMap((p) => p.questions.map((q) => q.id)));

describe('kits never repeat a question to a candidate', () => {
  const w = workspacePerTest();

  const kitsOf = async (loopId: string) => value(await w.api.call('kits.get', { loopId }));
  const move = async (loop: Loop, to: Loop['status'], extra: { reason?: string; overrideReason?: string } = {}) =>
    value(await w.api.call('loops.transition', { id: loop.id, revision: loop.revision, to, ...extra }));

  /** Every swap a kit offers for each of its questions, and the refusals of an explicit replacement. */
  async function swapAttempts(loopId: string) {
    const offered: string[] = [];
    const refusals: string[] = [];
    for (const kit of await kitsOf(loopId)) {
      for (const p of kit.principles) {
        for (const q of p.questions) {
          const r = await w.api.call('kits.swap', { loopId, slotId: kit.slotId, principleId: p.principleId, questionId: q.id });
          if (r.ok) offered.push(...kitIds([r.value]).filter((id) => !p.questions.some((x) => x.id === id)));
          else refusals.push(r.error.message);
        }
      }
    }
    return { offered, refusals };
  }

  it('leaves out questions asked outside the kit, typed or picked, and the kit of a loop cancelled after interviewing', async () => {
    const s = await interviewingLoop(w.api);
    // Loop 1 took two questions per principle; three more each make seven.
    for (let i = 4; i < 7; i++) {
      value(await w.api.call('questions.create', { text: `Tell me about a time you owned outcome number ${i}.`, principleIds: [s.own.id] }));
      value(await w.api.call('questions.create', { text: `Tell me about a time you helped customer number ${i}.`, principleIds: [s.cust.id] }));
    }
    const bank = value(await w.api.call('questions.list', { status: 'active', limit: 100 })).items;
    const byText = (text: string) => bank.find((q) => q.text === text)?.id ?? '';
    const loop1Kit = kitIds(await kitsOf(s.loop.id));

    // Loop 2 reached interviewing, with no times set and no feedback, and was cancelled.
    const loop2 = value(await w.api.call('loops.create', { candidateId: s.candidate.id, roleId: s.role.id }));
    const loop2Kit = kitIds(await kitsOf(loop2.id));
    const running = await move(await move(loop2, 'planned', { overrideReason: 'test' }), 'interviewing');
    await move(running, 'cancelled', { reason: 'Candidate withdrew after the first interview' });

    // In loop 1, Eng asks two never-used questions beyond the kit: one picked from the bank, one typed.
    const pickedOutsideKit = byText('Tell me about a time you owned outcome number 4.');
    const typed = byText('Tell me about a time you helped customer number 4.');
    expect([...loop1Kit, ...loop2Kit]).not.toContain(pickedOutsideKit);
    expect([...loop1Kit, ...loop2Kit]).not.toContain(typed);
    await s.as(s.eng.id);
    value(
      await w.api.call('feedback.submit', {
        ...s.complete(s.slotOf(s.eng.id), 'inclined', 3),
        questionsAsked: [
          { questionId: loop1Kit[0] ?? null, text: 'From the kit' },
          { questionId: pickedOutsideKit, text: 'Tell me about a time you owned outcome number 4.' },
          { questionId: null, text: 'tell me about a time  you helped Customer number 4' },
        ],
      }),
    );

    // A loop cancelled as a draft never reached the candidate: its questions stay available.
    await s.as(s.ceo.id);
    const unused = value(await w.api.call('loops.create', { candidateId: s.candidate.id, roleId: s.role.id }));
    const unusedKit = kitIds(await kitsOf(unused.id));
    await move(unused, 'cancelled', { reason: 'Opened by mistake' });

    const met = new Set([...loop1Kit, pickedOutsideKit, typed, ...loop2Kit]);
    const loop3 = value(await w.api.call('loops.create', { candidateId: s.candidate.id, roleId: s.role.id }));
    const loop3Kit = kitIds(await kitsOf(loop3.id));
    expect(loop3Kit.filter((id) => met.has(id))).toEqual([]);
    expect(met.size).toBe(10);
    expect([...loop3Kit].sort()).toEqual([...unusedKit].sort());
    expect(loop3Kit).toHaveLength(4);

    // Every other question is met or in this kit, so a swap offers nothing rather than a repeat.
    const { offered, refusals } = await swapAttempts(loop3.id);
    expect(offered).toEqual([]);
    expect(refusals).toHaveLength(4);
    for (const message of refusals) expect(message).toMatch(/No other eligible question/);

    const [kit] = await kitsOf(loop3.id);
    const entry = kit?.principles[0];
    if (!kit || !entry?.questions[0]) throw new Error('no kit');
    const forbidden = bank.filter((q) => met.has(q.id) && q.principleIds.includes(entry.principleId));
    expect(forbidden).toHaveLength(5);
    for (const q of forbidden) {
      const refused = failure(
        await w.api.call('kits.swap', { loopId: loop3.id, slotId: kit.slotId, principleId: entry.principleId, questionId: entry.questions[0].id, replacementId: q.id }),
      );
      expect(refused.code).toBe('VALIDATION');
      expect(refused.message).toMatch(/earlier loop/);
    }
  });

  it('a loop cancelled after a slot began counts; one cancelled before its slots did not', async () => {
    const c = await company(w.api);
    const cancelledWith = async (startsAt: string) => {
      const loop = value(await w.api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
      const planned = value(
        await w.api.call('loops.plan', { id: loop.id, revision: loop.revision, slots: loop.slots.map(({ position: _p, ...slot }) => ({ ...slot, startsAt })) }),
      );
      const kit = kitIds(await kitsOf(loop.id));
      await move(await move(planned, 'planned', { overrideReason: 'test' }), 'cancelled', { reason: 'Role paused' });
      return kit;
    };
    // Four questions per principle: each loop takes two, leaving two.
    const future = await cancelledWith('2999-01-05T10:00:00Z');
    const past = await cancelledWith('2020-01-06T10:00:00+01:00');
    expect(past.filter((id) => future.includes(id))).toEqual([]);

    const next = value(await w.api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const nextKit = kitIds(await kitsOf(next.id));
    expect(nextKit.filter((id) => past.includes(id))).toEqual([]);
    expect([...nextKit].sort()).toEqual([...future].sort());
    const { offered, refusals } = await swapAttempts(next.id);
    expect(offered).toEqual([]);
    expect(refusals).toHaveLength(nextKit.length);
  });

  it("an interviewer swaps questions in their own slot only, never in someone else's", async () => {
    const s = await interviewingLoop(w.api);
    for (let i = 4; i < 8; i++) {
      value(await w.api.call('questions.create', { text: `Tell me about a time you owned outcome number ${i}.`, principleIds: [s.own.id] }));
      value(await w.api.call('questions.create', { text: `Tell me about a time you helped customer number ${i}.`, principleIds: [s.cust.id] }));
    }
    const other = value(await w.api.call('candidates.create', { name: 'Alan Turing' }));
    const draft = value(await w.api.call('loops.create', { candidateId: other.id, roleId: s.role.id }));
    const slots = draft.slots.map(({ position: _p, ...x }, i) => ({ ...x, interviewerId: i === 0 ? s.eng.id : s.ceo.id }));
    const loop = value(await w.api.call('loops.plan', { id: draft.id, revision: draft.revision, slots }));
    const swapIn = async (interviewerId: string) => {
      const slot = loop.slots.find((x) => x.interviewerId === interviewerId);
      const [kit] = value(await w.api.call('kits.get', { loopId: loop.id, slotId: slot?.id }));
      const entry = kit?.principles[0];
      return w.api.call('kits.swap', { loopId: loop.id, slotId: kit?.slotId ?? '', principleId: entry?.principleId ?? '', questionId: entry?.questions[0]?.id ?? '' });
    };
    await s.as(s.eng.id);
    const before = kitIds(await kitsOf(loop.id));
    expect(failure(await swapIn(s.ceo.id)).code).toBe('FORBIDDEN');
    expect(kitIds(await kitsOf(loop.id))).toEqual(before);
    value(await swapIn(s.eng.id));
    // The hiring manager plans every slot.
    await s.as(s.cto.id);
    value(await swapIn(s.ceo.id));
  });
});
