import { describe, expect, it } from 'vitest';
import { company, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

describe("loops.list counts each loop's interviews and gives the first one's start", () => {
  const w = workspacePerTest();

  it('for a candidate, a status and a role, with and without times set', async () => {
    const c = await company(w.api);
    const draft = value(await w.api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const other = value(await w.api.call('candidates.create', { name: 'Bo Other' }));
    const scheduled = value(await w.api.call('loops.create', { candidateId: other.id, roleId: c.role.id }));
    const times = ['2026-03-02T15:00:00.000Z', '2026-03-02T09:30:00.000Z'];
    value(
      await w.api.call('loops.plan', {
        id: scheduled.id,
        revision: scheduled.revision,
        slots: [
          ...scheduled.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: c.eng.id, startsAt: times[i] ?? null })),
          { title: 'Extra', durationMinutes: 30, principleIds: [c.own.id], interviewerId: null, startsAt: null },
        ],
      }),
    );
    const byCandidate = value(await w.api.call('loops.list', { status: 'all', candidateId: other.id }));
    expect(byCandidate).toEqual([expect.objectContaining({ id: scheduled.id, candidateName: 'Bo Other', roleTitle: 'Backend engineer', slotCount: 3, firstStartsAt: times[1] })]);
    const drafts = value(await w.api.call('loops.list', { status: 'draft' }));
    expect(drafts.find((l) => l.id === draft.id)).toMatchObject({ slotCount: 2, firstStartsAt: null, candidateName: c.candidate.name });
    expect(value(await w.api.call('loops.list', { status: 'all', roleId: c.role.id })).map((l) => [l.id, l.slotCount, l.firstStartsAt])).toEqual([
      [scheduled.id, 3, times[1]],
      [draft.id, 2, null],
    ]);
  });
});
