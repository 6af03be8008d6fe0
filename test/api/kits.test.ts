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

describe('kits.get composes each kit from the loop, its people, principles and questions', () => {
  const w = workspacePerTest();

  it('slots in order with interviewer, candidate and role; principles in the slot\'s order with anchors; questions in kit order', async () => {
    const c = await company(w.api);
    const call = w.api.call.bind(w.api);
    value(await call('principles.update', { id: c.own.id, revision: c.own.revision, anchors: ['Blames others', 'Does the task', 'Owns the result', 'Owns the team\'s result'] }));
    const probing = value(
      await call('questions.create', { text: 'Tell me about a time you owned a failing launch.', principleIds: [c.own.id], probes: ['What did you change?', 'Who helped?'] }),
    );
    // A principle with no question gives a principle with an empty list, not a missing one.
    const bare = value(await call('principles.create', { name: 'Frugality', summary: 'Does more with less' }));
    const loop = value(await call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const planned = value(
      await call('loops.plan', {
        id: loop.id,
        revision: loop.revision,
        slots: [
          { title: 'Mixed', durationMinutes: 60, interviewerId: c.eng.id, startsAt: '2026-12-01T10:00:00Z', principleIds: [c.cust.id, bare.id, c.own.id] },
          { title: 'Unassigned', durationMinutes: 30, interviewerId: null, startsAt: null, principleIds: [c.own.id] },
        ],
      }),
    );
    // The question with probes goes into the first slot's last principle, where the kit's first question was.
    const [mixed] = value(await call('kits.get', { loopId: loop.id }));
    const own = mixed?.principles[2];
    if (!mixed || !own?.questions[0] || own.questions.some((q) => q.id === probing.id)) throw new Error('unexpected kit');
    const swapped = value(
      await call('kits.swap', { loopId: loop.id, slotId: mixed.slotId, principleId: c.own.id, questionId: own.questions[0].id, replacementId: probing.id }),
    );
    expect(swapped.principles[2]?.questions.map((q) => q.id)).toEqual([probing.id, ...own.questions.slice(1).map((q) => q.id)]);
    const kits = value(await call('kits.get', { loopId: loop.id }));

    // The same kits from the parts, each read on its own.
    const [candidate, role] = [value(await call('candidates.get', { id: c.candidate.id })), value(await call('roles.get', { id: c.role.id }))];
    const slotsWithKit = value(await call('loops.get', { id: loop.id })).loop.slots;
    const expected: Kit[] = [];
    for (const slot of slotsWithKit) {
      const principles = [];
      for (const principleId of slot.principleIds) {
        const p = value(await call('principles.get', { id: principleId }));
        const questions = [];
        for (const k of kits.find((x) => x.slotId === slot.id)?.principles.find((x) => x.principleId === principleId)?.questions ?? []) {
          const q = value(await call('questions.get', { id: k.id }));
          expect(q.principleIds).toContain(principleId);
          questions.push({ id: q.id, text: q.text, probes: q.probes, kind: q.kind });
        }
        principles.push({ principleId, name: p.name, summary: p.summary, anchors: p.anchors, questions });
      }
      expected.push({
        loopId: loop.id,
        slotId: slot.id,
        slotTitle: slot.title,
        durationMinutes: slot.durationMinutes,
        startsAt: slot.startsAt,
        interviewerId: slot.interviewerId,
        interviewerName: slot.interviewerId ? value(await call('team.get', { id: slot.interviewerId })).name : null,
        candidateName: candidate.name,
        roleTitle: role.title,
        principles,
      });
    }
    expect(kits).toEqual(expected);
    expect(kits.map((k) => k.slotTitle)).toEqual(['Mixed', 'Unassigned']);
    expect(kits[0]?.principles.map((p) => p.principleId)).toEqual([c.cust.id, bare.id, c.own.id]);
    expect(kits[0]?.principles[1]?.questions).toEqual([]);
    expect(kits[0]?.principles[0]?.questions.length).toBeGreaterThan(0);
    expect(kits[0]?.principles[2]?.questions[0]).toEqual({ id: probing.id, text: probing.text, probes: ['What did you change?', 'Who helped?'], kind: 'behavioural' });
    expect(kits[0]?.principles[2]?.anchors).toEqual(['Blames others', 'Does the task', 'Owns the result', "Owns the team's result"]);

    // One slot; a slot of another loop is refused, as is a loop that does not exist.
    expect(value(await call('kits.get', { loopId: loop.id, slotId: planned.slots[1]?.id }))).toEqual([expected[1]]);
    const other = value(await call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    expect(failure(await call('kits.get', { loopId: loop.id, slotId: other.slots[0]?.id })).issues?.[0]?.path).toBe('slotId');
    expect(failure(await call('kits.get', { loopId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' })).issues?.[0]?.path).toBe('loopId');
  });
});
