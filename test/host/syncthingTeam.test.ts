// Two workspaces in a team over two real Syncthing instances on loopback: the folder each workspace sees is its
// own copy, and only Syncthing carries files between them. Syncthing must be installed (CI installs it):
// without it startSyncthingPair fails saying what to install, never skips.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { STIGNORE_RULE } from '../../core/server/sync/engineIgnores';
import { interviewingLoop } from '../support/company';
import { openInstall, type Install } from '../support/syncInstalls';
import { startSyncthingPair, type SyncthingPair } from '../support/syncthing';

const PASSPHRASE = 'correct horse battery';

interface Side extends Install {
  folder: string;
}

const side = (root: string, name: string, folder: string): Side => ({ ...openInstall(root, name), folder });

describe('two workspaces in a team over real Syncthing', () => {
  let root: string;
  let pair: SyncthingPair | undefined;
  let a: Side;
  let b: Side;
  let company: Awaited<ReturnType<typeof interviewingLoop>>;

  /** Both export, Syncthing carries it, both import; repeated, as the app's timers would, until nothing is left to carry. */
  async function exchange(rounds = 2): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await a.workspace.syncNow();
      await b.workspace.syncNow();
      await pair!.waitUntilInSync(60_000);
    }
    await a.workspace.syncNow();
    await b.workspace.syncNow();
  }

  const notesAndPhone = (s: Side) => s.row<{ notes: string; phone: string }>('SELECT notes, phone FROM candidates WHERE id = ?', company.candidate.id);
  const revision = async (s: Side) => (await s.call<{ revision: number }>('candidates.get', { id: company.candidate.id })).revision;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'principled-syncthing-team-'));
    const dirA = join(root, 'folder-a');
    const dirB = join(root, 'folder-b');
    pair = await startSyncthingPair({ dirA, dirB });
    a = side(root, 'data-a', dirA);
    b = side(root, 'data-b', dirB);
    company = await interviewingLoop(a.api);
  }, 120_000);

  afterAll(async () => {
    a?.workspace.close();
    b?.workspace.close();
    await pair?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('makes a team on A, joins on B through B’s own copy of the folder, confirms on A, and B has A’s data', async () => {
    // The harness wrote its own .stignore; makeTeam keeps it and makes sure the rule is there.
    await a.call<SyncStatus>('sync.makeTeam', { folder: a.folder, deviceName: 'desk', passphrase: PASSPHRASE });
    expect(readFileSync(join(a.folder, '.stignore'), 'utf8').split('\n')).toContain(STIGNORE_RULE);
    await pair!.waitForFile(join(b.folder, 'format.json'), 30_000);
    await pair!.waitUntilInSync(60_000);

    const { invitation } = await a.call<{ invitation: string }>('sync.invite', { memberId: company.admin.id });
    const joined = await b.call<SyncStatus>('sync.join', { folder: b.folder, invitation, deviceName: 'laptop', passphrase: PASSPHRASE });
    await pair!.waitForFile(join(a.folder, 'devices', `${joined.deviceId}.json`), 30_000);
    await a.workspace.syncNow();
    await a.call('sync.confirmDevice', { deviceId: joined.deviceId });
    await pair!.waitUntilInSync(60_000);
    await exchange();

    expect(b.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', company.candidate.id)?.name).toBe('Grace Hopper');
    expect(b.hash()).toBe(a.hash());
    for (const s of [a, b]) expect(await s.call<SyncStatus>('sync.status', {})).toMatchObject({ state: 'in sync', quarantined: 0 });
  }, 180_000);

  it('a change on A appears on B', async () => {
    await a.call('candidates.update', { id: company.candidate.id, revision: await revision(a), notes: 'Strong systems background' });
    await exchange(1);
    expect(notesAndPhone(b)?.notes).toBe('Strong systems background');
    expect(b.hash()).toBe(a.hash());
  }, 120_000);

  it('with the link paused both change (one record’s different fields, and different records), and on resume both converge', async () => {
    await pair!.pause();
    await a.call('candidates.update', { id: company.candidate.id, revision: await revision(a), notes: 'written on A while apart' });
    await b.call('candidates.update', { id: company.candidate.id, revision: await revision(b), phone: '+44 20 7946 0000' });
    await a.call('principles.create', { name: 'Frugality', summary: 'Does more with less' });
    await b.call('principles.create', { name: 'Candour', summary: 'Says the hard thing kindly' });
    await a.workspace.syncNow();
    await b.workspace.syncNow();
    expect(a.hash()).not.toBe(b.hash());

    await pair!.resume();
    await exchange();
    expect(notesAndPhone(a)).toEqual({ notes: 'written on A while apart', phone: '+44 20 7946 0000' });
    for (const name of ['Frugality', 'Candour']) {
      for (const s of [a, b]) expect(s.row<{ n: number }>('SELECT count(*) AS n FROM principles WHERE name = ?', name)?.n).toBe(1);
    }
    expect(b.hash()).toBe(a.hash());
    for (const s of [a, b]) expect(await s.call<SyncStatus>('sync.status', {})).toMatchObject({ state: 'in sync', quarantined: 0 });
  }, 180_000);

  it('stops both Syncthing processes by their pids', async () => {
    const nodes = [pair!.a, pair!.b];
    await pair!.stop();
    for (const node of nodes) expect(existsSync(`/proc/${node.pid}`)).toBe(false);
  });
});
