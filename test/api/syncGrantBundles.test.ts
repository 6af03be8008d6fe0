import Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { readDeviceConfig } from '../../core/server/sync/deviceStore';
import { feedbackGrantsDue, feedbackReaders } from '../../core/server/sync/feedbackGrants';
import { feedbackPurpose } from '../../core/server/sync/feedbackKeys';
import { grantFileHeader } from '../../core/server/sync/keyGrant';
import { teamView, type Session } from '../../core/server/sync/team';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop } from '../support/company';
import { filesUnder } from '../support/syncFolderText';
import { joinAs, openInstall, PASSPHRASE, settle, type Install, syncTestSpace } from '../support/syncInstalls';

let root: string;
let folder: string;
const installs = syncTestSpace('principled-grant-bundles-', (made) => ({ root, folder } = made));

const deviceOf = (i: Install) => readDeviceConfig(i.dir)?.deviceId ?? '';
/** The grant files addressed to a device: each one's kind and purposes, read unopened. */
const grantsTo = (i: Install) => filesUnder(join(folder, 'keys', deviceOf(i))).map((path) => grantFileHeader(readFileSync(path)));
const CANDIDATES = 12;

/** Bob's device is the founder's: solo, he adds candidates and both interviewers submit; then Eng's laptop joins. */
async function soloThenTeam() {
  const bob = openInstall(root, 'bob');
  installs.push(bob);
  const c = await interviewingLoop(bob.api);
  for (let i = 0; i < CANDIDATES; i++) await bob.call('candidates.create', { name: `Person ${i}`, email: `person${i}@example.com` });
  for (const id of [c.eng.id, c.ceo.id]) {
    await c.as(id);
    await bob.call('feedback.submit', c.complete(c.slotOf(id), 'inclined', 3));
  }
  await bob.call('settings.setMe', { memberId: c.ceo.id });
  await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  const eng = await joinAs(bob, root, 'eng', folder, c.eng.id);
  installs.push(eng);
  return { c, bob, eng };
}

describe('key grants in bundles', () => {
  it('a joining device is granted every candidate key and the feedback it may read in one bundle, not a file per key; a cycle with nothing new grants nothing', async () => {
    const { bob, eng } = await soloThenTeam();
    const grants = grantsTo(eng);
    const bundles = grants.filter((g) => g?.type === 'key-grants');
    // The team key comes as a single grant (an admin's); everything else in one bundle from Bob's device.
    expect(grants.filter((g) => g?.type === 'key-grant').map((g) => g?.purposes)).toEqual([['team']]);
    expect(bundles).toHaveLength(1);
    const purposes = bundles[0]?.purposes ?? [];
    expect(purposes.filter((p) => p.startsWith('candidate:'))).toHaveLength(CANDIDATES + 1);
    expect(purposes.filter((p) => p.startsWith('feedback:'))).toHaveLength(2);
    // What the bundle carries opens on Eng's laptop: every profile and both feedback.
    expect(eng.row<{ n: number }>(`SELECT count(*) AS n FROM candidates WHERE name LIKE 'Person %'`)?.n).toBe(CANDIDATES);
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed')?.n).toBe(0);
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n).toBe(0);

    const before = filesUnder(join(folder, 'keys')).length;
    await settle(bob, eng);
    expect(filesUnder(join(folder, 'keys'))).toHaveLength(before);

    // A new candidate: one more bundle, with one key.
    await bob.call('candidates.create', { name: 'Late Person', email: 'late@example.com' });
    await settle(bob, eng);
    const added = grantsTo(eng).filter((g) => g?.type === 'key-grants' && !bundles.some((b) => b?.purposes.join() === g.purposes.join()));
    expect(added.map((g) => g?.purposes.length)).toEqual([1]);
    expect(eng.row<{ name: string }>(`SELECT name FROM candidates WHERE email = 'late@example.com'`)?.name).toBe('Late Person');
  });

  it('the feedback keys due are those a reader would be granted asking feedback by feedback', async () => {
    const { c, bob, eng } = await soloThenTeam();
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    const admin = await joinAs(bob, root, 'admin', folder, c.admin.id);
    const shadow = await joinAs(bob, root, 'ops', folder, c.ops.id);
    installs.push(hm, admin, shadow);
    await admin.call('feedback.recordView', { loopId: c.loop.id, earlyAccessReason: 'The hiring manager is away; the decision is due today' });
    await settle(bob, eng, hm, admin, shadow);

    // Bob's database as if nothing had been granted yet: due by loop in bulk, and by each feedback's readers.
    const copy = join(root, 'copy.sqlite');
    await bob.workspace.syncNow();
    const live = new Database(join(bob.dir, DATABASE_FILE_NAME), { readonly: true });
    await live.backup(copy);
    live.close();
    const db = new Database(copy);
    try {
      db.exec('DELETE FROM sync_grants_done');
      const config = readDeviceConfig(bob.dir);
      if (!config) throw new Error('not in a team');
      const team = teamView(config);
      const due = feedbackGrantsDue(db as never, { config } as Session, team);
      const bulk = [...due].flatMap(([deviceId, keys]) => keys.map((k) => `${deviceId} ${k.purpose}`)).sort();
      const keys = db.prepare('SELECT feedback_id AS feedbackId FROM sync_feedback_keys').all() as { feedbackId: string }[];
      const byFeedback = keys
        .flatMap(({ feedbackId }) => {
          const readers = feedbackReaders(db as never, feedbackId);
          return [...team.devices.values()]
            .filter((d) => d.state === 'confirmed' && d.record.id !== config.deviceId && readers?.has(d.record.memberId))
            .map((d) => `${d.record.id} ${feedbackPurpose(feedbackId)}`);
        })
        .sort();
      expect(bulk).toEqual(byFeedback);
      // Eng and the CEO submitted: Eng reads both, the hiring manager and the admin (early look) too; the shadow,
      // who has not submitted, nothing.
      expect(new Set(bulk.map((line) => line.split(' ')[0]))).toEqual(new Set([eng, hm, admin].map(deviceOf)));
    } finally {
      db.close();
    }
  });
});
