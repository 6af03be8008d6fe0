import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { interviewingLoop, value } from '../support/company';

describe('a draft’s autosaves in the activity log', () => {
  let dir = '';
  let workspace: Workspace | null = null;
  afterEach(() => {
    workspace?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('coalesce into one row per editing session: saves within 30 minutes of the last one update it', async () => {
    let now = new Date('2026-01-05T12:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'principled-drafts-'));
    workspace = openWorkspace(dir, { clock: () => now, onInternalError: (method, error) => console.error(method, error) });
    const api = inProcessClient(workspace);
    const s = await interviewingLoop(api);
    const at = (iso: string) => (now = new Date(iso));
    const save = async (who: string, text: string) => {
      await s.as(who);
      return value(await api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: text }));
    };
    const draftRows = async (feedbackId: string) =>
      value(await api.call('activity.list', { entityId: feedbackId, limit: 50 }))
        .filter((e) => e.method === 'feedback.saveDraft')
        .map((e) => `${e.actor} ${e.at}`);

    at('2026-01-05T12:00:00Z');
    const draft = await save(s.eng.id, 'first');
    at('2026-01-05T12:10:00Z');
    await save(s.eng.id, 'second');
    at('2026-01-05T12:39:00Z'); // 29 minutes after the last save: the same session, though 39 after the first
    await save(s.eng.id, 'third');
    expect(await draftRows(draft.id)).toEqual([`${s.eng.id} 2026-01-05T12:39:00.000Z`]);

    at('2026-01-05T13:10:00Z'); // 31 minutes later: a new session
    await save(s.eng.id, 'after lunch');
    expect(await draftRows(draft.id)).toEqual([`${s.eng.id} 2026-01-05T13:10:00.000Z`, `${s.eng.id} 2026-01-05T12:39:00.000Z`]);

    // Another author's draft in the same minute is their own row, and leaves Eng's alone.
    at('2026-01-05T13:11:00Z');
    const other = await save(s.ceo.id, 'mine');
    expect(await draftRows(other.id)).toEqual([`${s.ceo.id} 2026-01-05T13:11:00.000Z`]);
    expect(await draftRows(draft.id)).toHaveLength(2);
    // Newest first still holds across the whole log: the folded row took a fresh id.
    const log = value(await api.call('activity.list', { limit: 500 }));
    expect(log.map((e) => e.at)).toEqual([...log.map((e) => e.at)].sort().reverse());
  });
});
