import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { interviewingLoop, value } from '../support/company';

const DAY = 86_400_000;
const HIRED_AT = Date.parse('2026-02-02T10:00:00.000Z');

describe('science.calibration: what predicts', () => {
  let dir = '';
  let workspace: Workspace | null = null;
  afterEach(() => {
    workspace?.close();
    workspace = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it("pairs a hire's interview ratings with the check-in on the same principle, and changes once one is recorded", async () => {
    dir = mkdtempSync(join(tmpdir(), 'principled-predicts-'));
    let clock = HIRED_AT - DAY;
    workspace = openWorkspace(dir, { clock: () => new Date(clock), onInternalError: (m, e) => console.error(m, e) });
    const api = inProcessClient(workspace);
    const s = await interviewingLoop(api);
    for (const [id, rating] of [[s.ceo.id, 3], [s.eng.id, 4]] as const) {
      await s.as(id);
      value(await api.call('feedback.submit', s.complete(s.slotOf(id), 'inclined', rating)));
    }
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence.' }));
    clock = HIRED_AT;
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Above the bar.' }));

    await s.as(s.admin.id);
    const before = value(await api.call('science.calibration'));
    expect(before.predicts).toMatchObject({ hires: 0, principles: [], interviewers: [], minimum: 10 });

    clock = HIRED_AT + 80 * DAY;
    await s.as(s.cto.id);
    value(
      await api.call('checkins.record', {
        loopId: s.loop.id,
        kind: 'day90',
        ratings: [{ principleId: s.own.id, rating: 4 }, { principleId: s.cust.id, rating: null }],
        note: '',
      }),
    );
    await s.as(s.admin.id);
    const after = value(await api.call('science.calibration'));
    expect(after.predicts.hires).toBe(1);
    // Ownership only (Customers was not observed): one loop's mean rating against the check-in, too few to say.
    expect(after.predicts.principles.map((p) => [p.name, p.status, p.n, p.words])).toEqual([
      ['Ownership', 'not-enough-data', 1, 'Not enough data yet on Interview ratings on Ownership: 1 of the 10 pairs needed.'],
    ]);
    // Each interviewer's own rating on it is a pair of theirs: Eng's slot assessed Ownership, Ceo's did not.
    expect(after.predicts.interviewers.map((i) => [i.name, i.n])).toEqual([['Eng', 1]]);
    expect(after.questionFlags).toEqual([]);
  });
});
