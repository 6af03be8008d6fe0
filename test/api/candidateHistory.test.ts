import { afterEach, describe, expect, it } from 'vitest';
import { company, failure, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

describe("candidates.history: a candidate's loops as the candidate screen lists them", () => {
  let t: TestWorkspace | null = null;
  afterEach(() => {
    t?.close();
    t = null;
  });
  // A minute passes at every call, so each change has a time of its own to be ordered by.
  function stepping(): TestWorkspace {
    let at = Date.parse('2026-03-01T09:00:00.000Z');
    return tempWorkspace({ clock: () => new Date((at += 60_000)) });
  }

  it("gives only the candidate's own loops, the latest changed first, with role, status and last change and no more", async () => {
    t = stepping();
    const api = t.client;
    const c = await company(api);
    const older = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const newer = value(await api.call('loops.create', { candidateId: c.candidate.id, roleId: c.role.id }));
    const other = value(await api.call('candidates.create', { name: 'Bo Other' }));
    value(await api.call('loops.create', { candidateId: other.id, roleId: c.role.id }));
    // Changing the older loop last puts it first, though its id sorts before the newer one's.
    const cancelled = value(await api.call('loops.transition', { id: older.id, revision: older.revision, to: 'cancelled', reason: 'Withdrew' }));

    expect(value(await api.call('candidates.history', { id: c.candidate.id }))).toEqual([
      { id: older.id, status: 'cancelled', roleTitle: 'Backend engineer', updatedAt: cancelled.updatedAt },
      { id: newer.id, status: 'draft', roleTitle: 'Backend engineer', updatedAt: newer.updatedAt },
    ]);
    expect(cancelled.updatedAt > newer.updatedAt).toBe(true);
    // The Loops screen's list is unchanged: it still names the candidate and counts the slots.
    expect(value(await api.call('loops.list', { status: 'all', candidateId: c.candidate.id }))[0]).toMatchObject({
      candidateName: 'Grace Hopper',
      slotCount: 2,
    });
  });

  it('is empty for a candidate with no loops or none at all, and refuses a malformed id naming the field', async () => {
    t = stepping();
    const api = t.client;
    const c = await company(api);
    expect(value(await api.call('candidates.history', { id: c.candidate.id }))).toEqual([]);
    expect(value(await api.call('candidates.history', { id: '01900000-0000-7000-8000-000000000000' }))).toEqual([]);
    const hostile: [unknown, string][] = [
      [{}, 'id'],
      [{ id: '' }, 'id'],
      [{ id: 'x'.repeat(5000) }, 'id'],
      [{ id: 42 }, 'id'],
      [{ id: "' OR 1=1 --" }, 'id'],
      [{ id: c.candidate.id, status: 'all' }, 'status'],
    ];
    for (const [input, path] of hostile) {
      const error = failure(await api.call('candidates.history', input as { id: string }));
      expect([error.code, error.issues?.[0]?.path], JSON.stringify(input).slice(0, 80)).toEqual(['VALIDATION', path]);
    }
  });
});
