import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { failure, interviewingLoop } from '../support/company';
import { joinAs, openInstall, PASSPHRASE, settle, type Install, syncTestSpace } from '../support/syncInstalls';

let root: string;
let folder: string;
const installs = syncTestSpace('principled-sync-growth-', (made) => ({ root, folder } = made));

const EVERY = 10;

/** A founder's team with the given members, everyone on snapshotEvery = 10. */
async function team(...members: ((c: Awaited<ReturnType<typeof interviewingLoop>>) => string)[]) {
  const founder = openInstall(root, 'founder');
  installs.push(founder);
  const c = await interviewingLoop(founder.api);
  await founder.call('settings.setMe', { memberId: c.ceo.id });
  await founder.call('settings.update', { sync: { snapshotEvery: EVERY } });
  const made = await founder.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  const others: Install[] = [];
  for (const [n, pick] of members.entries()) {
    const other = await joinAs(founder, root, `laptop${n}`, folder, pick(c));
    installs.push(other);
    others.push(other);
  }
  await settle(founder, ...others);
  return { founder, others, c, made };
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}
const logOf = (deviceId: string) => files(join(folder, 'log', deviceId));
const snapshotsOf = (deviceId: string) => files(join(folder, 'snapshots', deviceId));

/** One round: each install edits the candidate's notes (one batch file each) and runs a sync cycle. */
async function round(all: Install[], candidateId: string, n: number) {
  for (const [k, i] of all.entries()) {
    const { revision } = await i.call<{ revision: number }>('candidates.get', { id: candidateId });
    await i.call('candidates.update', { id: candidateId, revision, notes: `round ${n} by ${k}` });
    await i.workspace.syncNow();
  }
}

describe('growth: snapshots, published positions and compaction', () => {
  it('sync.snapshotEvery is validated at the API boundary, naming the field, nothing written', async () => {
    const founder = openInstall(root, 'solo');
    installs.push(founder);
    await interviewingLoop(founder.api);
    for (const bad of [9, 100_001, 12.5, '50']) {
      const error = failure(await founder.api.call('settings.update', { sync: { snapshotEvery: bad } } as never));
      expect([error.code, error.issues?.[0]?.path]).toEqual(['VALIDATION', 'sync.snapshotEvery']);
    }
    expect((await founder.call<{ sync: { snapshotEvery: number } }>('settings.get', {})).sync.snapshotEvery).toBe(500);
    await founder.call('settings.update', { sync: { snapshotEvery: 10 } });
    expect((await founder.call<{ sync: { snapshotEvery: number } }>('settings.get', {})).sync.snapshotEvery).toBe(10);
  });

  it('ten simulated years, scaled down: three devices stay bounded, and a device joining after compaction converges', async () => {
    const { founder, others, c, made } = await team((c) => c.cto.id, (c) => c.admin.id);
    const all = [founder, ...others];
    const ROUNDS = 15;
    for (let n = 0; n < ROUNDS; n++) await round(all, c.candidate.id, n);
    await settle(...all);

    const ids = await Promise.all(all.map(async (i) => (await i.status()).deviceId as string));
    for (const id of ids) {
      // Every device wrote ROUNDS files of its own; compaction keeps what came after the slowest position,
      // bounded by one snapshot interval plus the files written since (a round or two), and two snapshots.
      expect(logOf(id).length).toBeLessThanOrEqual(EVERY + 3);
      expect(snapshotsOf(id).length).toBeLessThanOrEqual(2);
    }
    expect(snapshotsOf(ids[1] as string).length).toBeGreaterThan(0);
    // The founder's first snapshot (made with the team) is gone: only the two newest stay.
    expect(snapshotsOf(made.deviceId as string).some((f) => f.includes(String(1).padStart(10, '0')))).toBe(false);
    // One state record per device, nothing else grows.
    expect(readdirSync(join(folder, 'state')).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    expect(files(folder).length).toBeLessThan(3 * (EVERY + 3 + 2 + 1) + 40);

    const late = await joinAs(founder, root, 'late', folder, c.eng.id);
    installs.push(late);
    await settle(...all, late);
    expect(late.hash()).toBe(founder.hash());
    expect(others.map((o) => o.hash())).toEqual([founder.hash(), founder.hash()]);
    expect((await late.status()).state).toBe('in sync');
    expect(late.row<{ notes: string }>('SELECT notes FROM candidates WHERE id = ?', c.candidate.id)?.notes).toBe(`round ${ROUNDS - 1} by 2`);
    // Dozens of sync cycles on a shared 2-core machine: the time is the machine's, the assertions are the test.
  }, 90_000);

  it('a device restored from a backup: its old id holds nothing back, and a joiner never starts from that id’s snapshot', async () => {
    const { founder, others, c } = await team((c) => c.cto.id);
    const [cto] = others as [Install];
    const oldId = (await founder.status()).deviceId as string;
    const ctoId = (await cto.status()).deviceId as string;
    const backup = await founder.call<{ name: string }>('backups.create', {});
    await round([founder, cto], c.candidate.id, 0);
    await settle(founder, cto);
    const grantsToOldId = () => (existsSync(join(folder, 'keys', oldId)) ? readdirSync(join(folder, 'keys', oldId)).length : 0);
    const grantedBefore = grantsToOldId();
    await founder.call('backups.restore', { name: backup.name });
    await founder.workspace.syncNow();
    expect((await founder.status()).deviceId).not.toBe(oldId);
    // Nobody reads under the id it left: no key is granted to it, not even by the device that had it.
    await settle(founder, cto);
    expect(grantsToOldId()).toBe(grantedBefore);
    for (let n = 1; n < 2 * EVERY; n++) await round([founder, cto], c.candidate.id, n);
    await settle(founder, cto);
    expect(logOf(ctoId).length).toBeLessThanOrEqual(EVERY + 3);
    expect((await cto.status()).details.join('\n')).not.toContain('cannot shrink');

    // The old id's snapshot made to look newest: a joiner starting from it would wait for files long removed.
    const future = new Date(Date.now() + 3_600_000);
    for (const f of snapshotsOf(oldId)) utimesSync(f, future, future);
    const late = await joinAs(founder, root, 'late', folder, c.eng.id);
    installs.push(late);
    await settle(founder, cto, late);
    expect((await late.status()).state).toBe('in sync');
    expect(late.hash()).toBe(founder.hash());
  }, 90_000);

  it('a device that stops syncing holds compaction back and the status names it; a tampered record changes nothing; revoked, it no longer counts', async () => {
    const { founder, others, c } = await team((c) => c.cto.id, (c) => c.admin.id);
    const [cto, adm] = others as [Install, Install];
    const active = [founder, cto];
    for (let n = 0; n < 3 * EVERY; n++) await round(active, c.candidate.id, n);
    await settle(...active);
    const founderId = (await founder.status()).deviceId as string;
    const admId = (await adm.status()).deviceId as string;
    // Adm's laptop published its position once, at the start: the founder's files after it must all stay.
    expect(logOf(founderId).length).toBeGreaterThanOrEqual(3 * EVERY);
    const status = await founder.status();
    expect(status.state).toBe('in sync');
    expect(status.details.join('\n')).toMatch(/^Adm's laptop1 has not synced since \d{4}-\d\d-\d\d: the folder cannot shrink/m);

    // A record rewritten to claim Adm has applied everything no longer verifies: ignored.
    const path = join(folder, 'state', `${admId}.json`);
    const record = JSON.parse(readFileSync(path, 'utf8')) as { record: { positions: Record<string, number> } };
    record.record.positions[founderId] = 1_000_000;
    writeFileSync(path, JSON.stringify(record));
    const before = logOf(founderId).length;
    await round(active, c.candidate.id, 99);
    expect(logOf(founderId).length).toBe(before + 1);

    await founder.call('sync.revokeDevice', { deviceId: admId });
    await settle(...active);
    await round(active, c.candidate.id, 100);
    await settle(...active);
    expect(logOf(founderId).length).toBeLessThanOrEqual(EVERY + 3);
    expect((await founder.status()).details.join('\n')).not.toContain('cannot shrink');
  }, 90_000);
});
