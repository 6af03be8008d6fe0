import { afterEach, describe, expect, it } from 'vitest';
import { interviewingLoop, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

// The role's focus, the names of principles and people and the due-hours setting reach the debrief in one query
// (db/queries/debriefLookups.ts): each of them must still show, and follow a change.
describe('debrief.get: focus, names and the due hours, read together', () => {
  let t: TestWorkspace | null = null;
  afterEach(() => {
    t?.close();
    t = null;
  });

  it('marks the focus in its order, names principles and interviewers, and flags lateness by the setting', async () => {
    // The interviews start at 2026-01-05 10:00 and last 45 minutes; the feedback comes about 74 hours later.
    let at = Date.parse('2026-01-08T12:00:00.000Z');
    t = tempWorkspace({ clock: () => new Date((at += 1_000)) });
    const api = t.client;
    const s = await interviewingLoop(api);
    for (const m of [s.ceo.id, s.eng.id]) {
      await s.as(m);
      value(await api.call('feedback.submit', s.complete(s.slotOf(m), 'inclined', 3)));
    }
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    const read = async () => value(await api.call('debrief.get', { loopId: s.loop.id }));

    const first = await read();
    expect(first.matrix.map((r) => [r.name, r.focus])).toEqual([
      ['Ownership', true],
      ['Customers', true],
    ]);
    expect(first.interviewers.map((i) => i.name)).toEqual(['Eng', 'Ceo']);
    const late = (d: typeof first) => d.flags.filter((f) => f.flag === 'late-feedback').map((f) => f.authorId).sort();
    expect(late(first)).toEqual([s.ceo.id, s.eng.id].sort());

    // A narrower focus and longer due time: Ownership stays (a slot asks about it), no longer the focus; nobody is late.
    await s.as(s.ceo.id);
    const role = value(await api.call('roles.get', { id: s.role.id }));
    value(await api.call('roles.update', { id: role.id, revision: role.revision, focusPrincipleIds: [s.cust.id] }));
    value(await api.call('settings.update', { feedbackDueHours: 96 }));
    value(await api.call('principles.update', { id: s.own.id, revision: s.own.revision, name: 'Owns it' }));
    await s.as(s.sales.id);
    const second = await read();
    expect(second.matrix.map((r) => [r.name, r.focus])).toEqual([
      ['Customers', true],
      ['Owns it', false],
    ]);
    expect(late(second)).toEqual([]);
  });
});
