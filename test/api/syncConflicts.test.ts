import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictPage, SyncStatus } from '../../core/api/contract/sync';
import { conflictPage } from '../../core/server/sync/conflictWords';
import { stateHash } from '../../core/server/sync/stateHash';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { failure, interviewingLoop, value } from '../support/company';
import { baseWorkspace, deliverAll, device, type Company, type Device } from '../support/syncDevices';

let image: Buffer;
let s: Company;
beforeAll(async () => {
  ({ image, company: s } = await baseWorkspace());
});

const open: Device[] = [];
const make = (id: string, ownerId: string) => {
  const d = device(image, id, ownerId);
  open.push(d);
  return d;
};
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

const conflicts = (d: Device) =>
  d.db
    .prepare('SELECT tbl, pk, col, loser_device, loser_hlc, loser_value, winner_device, winner_hlc, winner_value FROM sync_conflicts ORDER BY id')
    .all() as Record<string, unknown>[];
const revisionOf = (d: Device, id: string) => (d.db.prepare('SELECT revision FROM candidates WHERE id = ?').get(id) as { revision: number }).revision;
const update = (d: Device, fields: Record<string, string>) => {
  d.call('candidates.update', { id: s.candidate.id, revision: revisionOf(d, s.candidate.id), ...fields });
  d.flush();
};

describe('what a conflict resolved to (recorded at merge)', () => {
  it('two devices change one field offline: both record the same resolution; a field changed on one side only records nothing', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    update(a, { email: 'grace@a.example', phone: '111' });
    update(b, { email: 'grace@b.example', notes: 'only B' });
    deliverAll([a, b]);
    expect(stateHash(a.db)).toBe(stateHash(b.db));
    const expected = {
      tbl: 'candidates',
      pk: JSON.stringify([s.candidate.id]),
      col: 'email',
      loser_device: 'dev-a',
      loser_value: 'grace@a.example',
      winner_device: 'dev-b',
      winner_value: 'grace@b.example',
    };
    // One row each, for the email only: not phone or notes (one side), nor revision and updated_at (bookkeeping).
    expect(conflicts(a)).toEqual([expect.objectContaining(expected)]);
    expect(conflicts(b)).toEqual(conflicts(a));
    const [row] = conflicts(a);
    expect(String(row?.winner_hlc) > String(row?.loser_hlc)).toBe(true);
  });

  it('an edit made after seeing the other device’s edit of the same field is no conflict', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    update(a, { email: 'grace@a.example' });
    deliverAll([a, b]);
    update(b, { email: 'grace@b.example' });
    deliverAll([a, b]);
    update(a, { email: 'grace@c.example' });
    deliverAll([a, b]);
    expect(b.db.prepare('SELECT email FROM candidates WHERE id = ?').get(s.candidate.id)).toEqual({ email: 'grace@c.example' });
    expect(conflicts(a)).toEqual([]);
    expect(conflicts(b)).toEqual([]);
  });

  it('a third device that made neither edit records nothing, and converges', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    const c = make('dev-c', s.eng.id);
    update(a, { email: 'grace@a.example' });
    update(b, { email: 'grace@b.example' });
    deliverAll([a, b, c]);
    expect(conflicts(c)).toEqual([]);
    expect(conflicts(a)).toHaveLength(1);
    expect(stateHash(c.db)).toBe(stateHash(a.db));
  });
});

describe('sync.conflicts: what a conflict resolved to, in words', () => {
  const PASSPHRASE = 'correct horse battery';
  let root = '';
  const workspaces: Workspace[] = [];
  afterEach(() => {
    for (const w of workspaces.splice(0)) w.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const openAs = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir);
    const workspace = openWorkspace(dir, { sync: { auto: false }, onInternalError: (m, e) => console.error(m, e) });
    workspaces.push(workspace);
    const api = inProcessClient(workspace);
    return { workspace, api, call: async <T>(method: string, input: unknown) => value(await api.call(method as never, input as never)) as T };
  };

  it('both devices list the same resolution, each from its own side; a solo workspace lists none; bad paging is refused naming the field', async () => {
    root = mkdtempSync(join(tmpdir(), 'principled-sync-conflicts-'));
    const folder = join(root, 'shared');
    mkdirSync(folder);
    const founder = openAs('founder');
    const c = await interviewingLoop(founder.api);
    await founder.call('settings.setMe', { memberId: c.ceo.id });
    expect(await founder.call<ConflictPage>('sync.conflicts', {})).toEqual({ items: [], total: 0 });
    await founder.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
    const member = openAs('member');
    const { invitation } = await founder.call<{ invitation: string }>('sync.invite', { memberId: c.cto.id });
    const joined = await member.call<SyncStatus>('sync.join', { folder, invitation, deviceName: 'laptop', passphrase: PASSPHRASE });
    await founder.workspace.syncNow();
    await founder.call('sync.confirmDevice', { deviceId: joined.deviceId });
    const settle = async () => {
      for (let round = 0; round < 3; round++) for (const w of [founder, member]) await w.workspace.syncNow();
    };
    await settle();

    // Offline: each changes the email (the cto later); the founder alone changes the phone.
    const edit = async (w: typeof founder, fields: Record<string, string>) => {
      const { revision } = await w.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
      await w.call('candidates.update', { id: c.candidate.id, revision, ...fields });
    };
    await edit(founder, { email: 'grace@ceo.example', phone: '+44 20 7946 0000' });
    await edit(member, { email: 'grace@cto.example' });
    await settle();

    const onFounder = await founder.call<ConflictPage>('sync.conflicts', {});
    const onMember = await member.call<ConflictPage>('sync.conflicts', {});
    expect(onFounder.total).toBe(1);
    expect(onMember.total).toBe(1);
    expect(onFounder.items[0]).toMatchObject({
      table: 'candidates',
      field: 'email',
      yoursKept: false,
      kept: { deviceId: joined.deviceId, device: "Cto's laptop", memberId: c.cto.id, value: 'grace@cto.example' },
      lost: { device: 'this device', memberId: c.ceo.id, value: 'grace@ceo.example' },
      summary: "Cto's laptop and yours both changed the candidate Grace Hopper's email; Cto's change (later) was kept: “grace@cto.example” (yours was “grace@ceo.example”).",
    });
    expect(onMember.items[0]).toMatchObject({
      yoursKept: true,
      kept: { device: 'this device', value: 'grace@cto.example' },
      lost: { device: "Ceo's desk", value: 'grace@ceo.example' },
      summary: "Ceo's desk and yours both changed the candidate Grace Hopper's email; your change (later) was kept: “grace@cto.example” (Ceo's change was “grace@ceo.example”).",
    });
    // The same resolution: the same two changes, by the same clocks.
    expect(onMember.items[0]?.kept.at).toBe(onFounder.items[0]?.kept.at);
    expect(onMember.items[0]?.lost.at).toBe(onFounder.items[0]?.lost.at);
    expect(await founder.call<ConflictPage>('sync.conflicts', { limit: 1, offset: 1 })).toEqual({ items: [], total: 1 });
    const refused = failure(await founder.api.call('sync.conflicts', { limit: 0 }));
    expect(refused.code).toBe('VALIDATION');
    expect(JSON.stringify(refused)).toContain('limit');
  });
});

describe('conflict words never show blind content', () => {
  it('a conflict on feedback names who and when, never the values', () => {
    const a = make('dev-a', s.eng.id);
    const secret = 'the candidate froze on the design question';
    a.db
      .prepare(
        `INSERT INTO sync_conflicts (tbl, pk, col, loser_device, loser_hlc, loser_value, winner_device, winner_hlc, winner_value, recorded_at)
         VALUES ('feedback', ?, 'reason_to_hire', 'dev-a', '2026-01-05T10:00:00.000Z-0000-dev-a', ?, 'dev-b', '2026-01-05T10:00:01.000Z-0000-dev-b', ?, '2026-01-05T11:00:00.000Z')`,
      )
      .run(JSON.stringify(['f1']), `${secret} (A)`, `${secret} (B)`);
    const page = conflictPage(a.db, { own: ['dev-a'], me: s.eng.id, describe: () => ({ words: "Eng's laptop", name: 'laptop', memberId: s.eng.id, ownerName: 'Eng' }) }, { limit: 20, offset: 0 });
    expect(page.items[0]?.summary).toBe(
      "Your laptop and this device both changed the reason to hire of a feedback; your laptop's change (later) was kept (what each change said is not shown here).",
    );
    expect(page.items[0]?.kept).not.toHaveProperty('value');
    expect(JSON.stringify(page)).not.toContain(secret);
  });
});
