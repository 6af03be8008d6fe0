import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, interviewingLoop, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

// debrief.get is a screen read held to 1.5× of its raw statements (bench/README.md): what it reads beyond them
// is counted here. Every statement of every connection is recorded while a call runs (the workspace's reader
// is not reachable from a test, and statements are shared through a cache).
const statementProto = (() => {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'get' | 'all', (...args: unknown[]) => unknown>;
  probe.close();
  return proto;
})();

let recording: { sql: string; args: unknown[] }[] | null = null;
const originals = { get: statementProto.get, all: statementProto.all };

beforeAll(() => {
  for (const method of ['get', 'all'] as const) {
    const original = originals[method];
    statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
      recording?.push({ sql: this.source, args });
      return original.apply(this, args);
    };
  }
});
afterAll(() => {
  statementProto.get = originals.get;
  statementProto.all = originals.all;
});

describe('debrief.get: what it reads', () => {
  let t: TestWorkspace;
  let s: Awaited<ReturnType<typeof interviewingLoop>>;

  beforeEach(async () => {
    t = tempWorkspace();
    s = await interviewingLoop(t.client);
    // Eng and Ceo interview and submit; Sales, the bar raiser, opens the debrief.
    for (const m of [s.eng.id, s.ceo.id]) {
      await s.as(m);
      value(await t.client.call('feedback.submit', s.complete(s.slotOf(m), 'inclined', 3)));
    }
    await s.as(s.sales.id);
    value(await t.client.call('debrief.open', { loopId: s.loop.id }));
  });
  afterEach(() => t.close());

  const read = async () => {
    recording = [];
    try {
      const result = await t.client.call('debrief.get', { loopId: s.loop.id });
      return { result, ran: recording };
    } finally {
      recording = null;
    }
  };
  const memberRowReads = (ran: { sql: string }[]) => ran.filter((r) => /^SELECT \* FROM team_members WHERE id = \?$/.test(r.sql)).length;
  const readsWhoSubmitted = (ran: { sql: string }[]) => ran.some((r) => /SELECT DISTINCT author_id/.test(r.sql));

  it('reads "me" and their member row once, in one statement, for the access check and the handler together', async () => {
    await s.as(s.eng.id);
    const { result, ran } = await read();
    expect(value(result).interviewers.map((i) => i.name)).toEqual(['Eng', 'Ceo']);
    expect(ran.filter((r) => /FROM settings s LEFT JOIN team_members m/.test(r.sql))).toHaveLength(1);
    expect(memberRowReads(ran)).toBe(0);
    expect(ran.some((r) => /^SELECT value FROM settings WHERE key = \?$/.test(r.sql) && r.args[0] === 'me')).toBe(false);
  });

  it('an interviewer who has submitted is let in by their feedback in the debrief, without reading who else has', async () => {
    await s.as(s.eng.id);
    const { result, ran } = await read();
    expect(value(result).feedback.map((f) => f.authorId)).toEqual([s.eng.id, s.ceo.id]);
    expect(readsWhoSubmitted(ran)).toBe(false);
  });

  it('the hiring manager, with no slot, is let in without reading who has submitted', async () => {
    await s.as(s.cto.id);
    const { result, ran } = await read();
    expect(value(result).feedback).toHaveLength(2);
    expect(readsWhoSubmitted(ran)).toBe(false);
  });

  it('a shadow who has not submitted is still refused, having been looked up among everyone who submitted', async () => {
    await s.as(s.ops.id);
    const { result, ran } = await read();
    expect(failure(result).code).toBe('FORBIDDEN');
    expect(readsWhoSubmitted(ran)).toBe(true);
  });

  it('earlier versions are read only once feedback has come after the decision', async () => {
    await s.as(s.cto.id);
    value(await t.client.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership' }));
    const readsEarlierVersions = (ran: { sql: string }[]) => ran.some((r) => /\bfeedback f\b.*status = 'submitted' AND f\.superseded = 1/s.test(r.sql));
    const onTime = await read();
    expect(value(onTime.result).lateFeedback).toEqual([]);
    expect(readsEarlierVersions(onTime.ran)).toBe(false);

    await s.as(s.eng.id);
    value(await t.client.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), reason: 'Rechecked my notes' }));
    await s.as(s.cto.id);
    const amended = await read();
    expect(value(amended.result).lateFeedback.map((l) => [l.authorId, l.version, l.usedVersion, l.text])).toEqual([
      [s.eng.id, 2, 1, "Eng's feedback was amended after the decision (version 2); the decision used version 1."],
    ]);
    expect(readsEarlierVersions(amended.ran)).toBe(true);
  });

  it('a shadow whose training feedback is in may read it (who submitted counts every kind)', async () => {
    await s.as(s.ops.id);
    const shadowing = { ...s.complete([s.own.id, s.cust.id], 'inclined', 3) };
    value(await t.client.call('feedback.submit', shadowing));
    const { result } = await read();
    expect(value(result).feedback).toHaveLength(2);
  });
});

describe('debrief.get: its order, and its own state read together', () => {
  let t: TestWorkspace;
  let s: Awaited<ReturnType<typeof interviewingLoop>>;
  beforeEach(async () => {
    t = tempWorkspace();
    // Two principles a slot, so a form's order can differ from the principles' ids.
    s = await interviewingLoop(t.client, { everySlotBothPrinciples: true });
  });
  afterEach(() => t.close());

  it("shows feedback in the order it was submitted and each one's ratings in its form's order, whatever the ids' order", async () => {
    // The rows come from their indexes in id order and are sorted after: submit against that order.
    const [first, second] = [s.eng.id, s.ceo.id].sort().reverse() as [string, string];
    const formOrder = (m: string) => [...s.slotOf(m)].sort().reverse();
    expect(formOrder(first).length).toBeGreaterThan(1);
    for (const m of [first, second]) {
      await s.as(m);
      value(await t.client.call('feedback.submit', s.complete(formOrder(m), 'inclined', 3)));
    }
    await s.as(s.sales.id);
    value(await t.client.call('debrief.open', { loopId: s.loop.id }));
    const debrief = value(await t.client.call('debrief.get', { loopId: s.loop.id }));
    expect(debrief.feedback.map((f) => f.authorId)).toEqual([first, second]);
    expect(debrief.feedback.map((f) => f.ratings.map((r) => r.principleId))).toEqual([formOrder(first), formOrder(second)]);
  });

  it("reads the debrief's row, its decision and the re-votes in one statement, and shows each as written", async () => {
    for (const m of [s.eng.id, s.ceo.id]) {
      await s.as(m);
      value(await t.client.call('feedback.submit', s.complete(s.slotOf(m), 'inclined', 3)));
    }
    await s.as(s.sales.id);
    value(await t.client.call('debrief.open', { loopId: s.loop.id }));
    value(await t.client.call('debrief.saveNotes', { loopId: s.loop.id, notes: 'Agreed on ownership' }));
    await s.as(s.eng.id);
    const revoted = value(await t.client.call('debrief.revote', { loopId: s.loop.id, vote: 'strong_hire', note: 'Heard the others' }));
    await s.as(s.cto.id);
    const decision = value(await t.client.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership' }));

    const ran: { sql: string }[] = (recording = []);
    const result = await t.client.call('debrief.get', { loopId: s.loop.id });
    recording = null;
    const debrief = value(result);
    expect(ran.filter((r) => /\b(?:debriefs|decisions|revotes)\b/.test(r.sql))).toHaveLength(1);
    expect(debrief.notes).toBe('Agreed on ownership');
    expect(debrief.openedEarly).toBe(false);
    expect(debrief.decision).toEqual(decision);
    expect(debrief.revotes).toEqual(revoted.revotes);
    expect(debrief.revotes.map((r) => [r.authorId, r.fromVote, r.toVote, r.note])).toEqual([[s.eng.id, 'inclined', 'strong_hire', 'Heard the others']]);
    expect(debrief.interviewers.find((i) => i.memberId === s.eng.id)?.currentVote).toBe('strong_hire');
  });
});
