import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import type { SyncOptions } from '../../core/server/sync/syncEngine';
import { verifyChain } from '../../core/rules/logChain';
import { readChain, readLoggedRows, chainHash } from '../../db/activityChain';
import { DATABASE_FILE_NAME } from '../../db/open';
import { failure, interviewingLoop, value } from '../support/company';
import { joinAs, openInstall, PASSPHRASE, settle, syncTestSpace } from '../support/syncInstalls';

// Snapshots are built in the background worker (loaded through tsx from source: seconds on a busy machine).
// What is asserted is order and outcome, never time.
const LONG = { timeout: 120_000 };

let root: string;
let folder: string;
const installs = syncTestSpace('principled-sync-snapshot-', (made) => ({ root, folder } = made));

function workspace(name: string, sync: SyncOptions, clock?: () => Date) {
  const install = openInstall(root, name, { sync, quiet: true, ...(clock ? { clock } : {}) });
  installs.push(install);
  return { install, dir: install.dir, w: install.workspace, api: install.api };
}

describe('team snapshots off the API thread', LONG, () => {
  it('makeTeam is all or nothing: a first snapshot that fails leaves no folder file, device config, capture or logged write; a second try makes the team', async () => {
    let fail = true;
    const { install, dir, w, api } = workspace('founder', {
      snapshotFault: () => {
        if (fail) throw new Error('disk full (injected)');
      },
    });
    const c = await interviewingLoop(api);
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    writeFileSync(join(folder, '.stignore'), 'my own rule\n');
    const activityBefore = value(await api.call('activity.list', { limit: 500 })).length;

    const refused = failure(await api.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE }));
    expect(refused.code).toBe('INTERNAL');
    expect(readdirSync(folder)).toEqual(['.stignore']);
    expect(readFileSync(join(folder, '.stignore'), 'utf8')).toBe('my own rule\n');
    expect(existsSync(join(dir, 'sync'))).toBe(false);
    expect(value(await api.call('sync.status', {})).state).toBe('solo');
    const activity = value(await api.call('activity.list', { limit: 500 }));
    expect(activity.length).toBe(activityBefore);
    expect(activity.some((a) => a.method === 'sync.makeTeam')).toBe(false);
    // Capture is off again: a write records no change for other devices.
    const { revision } = value(await api.call('candidates.get', { id: c.candidate.id }));
    value(await api.call('candidates.update', { id: c.candidate.id, revision, notes: 'still solo' }));
    await w.syncNow();
    expect(install.row('SELECT count(*) AS n FROM sync_outbox')).toEqual({ n: 0 });
    expect(install.row('SELECT count(*) AS n FROM sync_device')).toEqual({ n: 0 });

    fail = false;
    const made = value(await api.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE }));
    expect(made.state).not.toBe('solo');
    expect(readdirSync(join(folder, 'snapshots', made.deviceId ?? ''))).toHaveLength(1);
  });

  it('the API thread answers a read while the first snapshot is built in the background worker', async () => {
    const events: string[] = [];
    let started!: () => void;
    const building = new Promise<void>((resolve) => (started = resolve));
    const { api } = workspace('founder', {
      snapshotSectionBytes: 1_000,
      onSnapshotProgress: (sections) => {
        events.push(`section ${sections}`);
        started();
      },
    });
    const c = await interviewingLoop(api);
    for (let i = 0; i < 150; i++) value(await api.call('candidates.create', { name: `Person ${i}`, email: `p${i}@example.test`, notes: 'x'.repeat(200) }));
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));

    const making = api.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE }).then((r) => {
      events.push('makeTeam answered');
      return r;
    });
    await building;
    const listed = await api.call('principles.list');
    events.push('principles.list answered');
    const made = value(await making);

    expect(value(listed).length).toBeGreaterThan(0);
    expect(made.state).not.toBe('solo');
    const answered = events.indexOf('principles.list answered');
    expect(events.at(-1)).toBe('makeTeam answered');
    // Sections were still being written after the read was answered.
    expect(events.slice(answered + 1).filter((e) => e.startsWith('section ')).length).toBeGreaterThan(0);
  });

  it('a joining device applies the team snapshot in the background worker: a read is answered meanwhile', async () => {
    const events: string[] = [];
    const founder = workspace('founder', { snapshotSectionBytes: 1_000 });
    const c = await interviewingLoop(founder.api);
    for (let i = 0; i < 150; i++) value(await founder.api.call('candidates.create', { name: `Person ${i}`, email: `p${i}@example.test`, notes: 'x'.repeat(200) }));
    // Evidence the joiner (Eng) may read: their own.
    await c.as(c.eng.id);
    value(await founder.api.call('feedback.submit', c.complete(c.slotOf(c.eng.id), 'inclined', 3)));
    value(await founder.api.call('settings.setMe', { memberId: c.ceo.id }));
    value(await founder.api.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE }));

    let applying!: () => void;
    const started = new Promise<void>((resolve) => (applying = resolve));
    const member = workspace('member', {
      onBootstrapProgress: (sections) => {
        events.push(`section ${sections}`);
        applying();
      },
    });
    const { invitation } = value(await founder.api.call('sync.invite', { memberId: c.eng.id }));
    const joined = value(await member.api.call('sync.join', { folder, invitation, deviceName: 'laptop', passphrase: PASSPHRASE }));
    await founder.w.syncNow();
    value(await founder.api.call('sync.confirmDevice', { deviceId: joined.deviceId ?? '' }));

    const bootstrapping = member.w.syncNow().then(() => events.push('bootstrap done'));
    await started;
    const status = value(await member.api.call('sync.status', {}));
    events.push('sync.status answered');
    await bootstrapping;

    expect(status.state).toBe('syncing');
    expect(status.summary).toMatch(/applying the team’s data/);
    const answered = events.indexOf('sync.status answered');
    expect(answered).toBeGreaterThan(0);
    // Sections were still being applied after the read was answered, and the bootstrap finished after both.
    expect(events.slice(answered + 1).filter((e) => e.startsWith('section ')).length).toBeGreaterThan(0);
    expect(events.at(-1)).toBe('bootstrap done');
    expect(member.install.row<{ n: number }>('SELECT count(*) AS n FROM candidates')?.n).toBeGreaterThanOrEqual(150);
    await settle(founder.install, member.install);
    expect(member.install.hash()).toBe(founder.install.hash());
    // The evidence index is built in the worker after the bootstrap; a search says so until it is done.
    let found = value(await member.api.call('evidence.search', { query: 'runbook' }));
    for (let i = 0; i < 600 && found.indexBuilding; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = value(await member.api.call('evidence.search', { query: 'runbook' }));
    }
    expect([found.indexBuilding, found.items.length]).toEqual([undefined, c.slotOf(c.eng.id).length]);
    expect(member.install.row<{ n: number }>('SELECT count(*) AS n FROM sync_search_pending')?.n).toBe(0);
    // The joiner's own log chain covers every row the snapshot brought: nothing reads as added outside the app.
    const log = new Database(join(member.install.dir, DATABASE_FILE_NAME), { readonly: true });
    try {
      const report = verifyChain(readChain(log as never), readLoggedRows(log as never), chainHash);
      expect(report.problems).toEqual([]);
      expect(report.intact).toBe(true);
      expect(report.entries).toBeGreaterThan(150);
    } finally {
      log.close();
    }
  });

  it('a periodic snapshot that fails is tried again only after a back-off, not every cycle; once built it is published and a joiner bootstraps from it', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z');
    let builds = 0;
    let fail = false;
    const { install: founder, w, api } = workspace(
      'founder',
      {
        snapshotFault: () => {
          builds++;
          if (fail) throw new Error('worker out of memory (injected)');
        },
      },
      () => new Date(now),
    );
    const c = await interviewingLoop(api);
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    value(await api.call('settings.update', { sync: { snapshotEvery: 10 } }));
    const made = value(await api.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE }));
    expect(builds).toBe(1);
    fail = true;
    const edit = async (notes: string) => {
      const { revision } = value(await api.call('candidates.get', { id: c.candidate.id }));
      value(await api.call('candidates.update', { id: c.candidate.id, revision, notes }));
      await w.syncNow();
    };
    for (let i = 0; i < 10; i++) await edit(`week ${i}`);
    expect(builds).toBe(2);
    for (let i = 0; i < 5; i++) await edit(`more ${i}`);
    expect(builds).toBe(2);
    const status = value(await api.call('sync.status', {})) as SyncStatus;
    expect(JSON.stringify(status)).toContain('last snapshot failed (worker out of memory (injected))');

    now += 61_000;
    await edit('after a minute');
    expect(builds).toBe(3);
    now += 61_000;
    await edit('not yet: two minutes now');
    expect(builds).toBe(3);
    now += 120_000;
    fail = false;
    await edit('works again');
    expect(builds).toBe(4);
    const snapshots = readdirSync(join(folder, 'snapshots', made.deviceId ?? ''));
    expect(snapshots).toHaveLength(2);

    const member = await joinAs(founder, root, 'member', folder, c.cto.id);
    installs.push(member);
    await settle(founder, member);
    expect(member.hash()).toBe(founder.hash());
  });
});

