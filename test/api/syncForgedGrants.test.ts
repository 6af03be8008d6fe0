import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { writeFileAtomic } from '../../core/server/sync/atomicWrite';
import { candidatePurpose } from '../../core/server/sync/candidateKeys';
import { readDeviceConfig } from '../../core/server/sync/deviceStore';
import { openGrantFile } from '../../core/server/sync/keyGrant';
import { teamView } from '../../core/server/sync/team';
import { interviewingLoop } from '../support/company';
import { filesUnder, forgedGrant, secretsOf } from '../support/syncFolderText';
import { joinAs, openInstall, PASSPHRASE, settle, type Install, syncTestSpace } from '../support/syncInstalls';

/*
 * What a modified member's device can do with key grants (it may write any file in the shared folder and sign with
 * its own device key), and what an erasure leaves behind when a granter never syncs again. Found reviewing the
 * grant bundles; each case failed before its fix (takeCandidateGrant's key-id checks, removeErasedCandidateGrants).
 */

let root: string;
let folder: string;
const installs = syncTestSpace('principled-bundle-holes-', (made) => ({ root, folder } = made));

const deviceOf = (i: Install) => readDeviceConfig(i.dir)?.deviceId ?? '';

/** Bob's device is the founder's (Ceo); Alice's the admin's; Eng's laptop the interviewer's. */
async function team() {
  const bob = openInstall(root, 'bob');
  installs.push(bob);
  const c = await interviewingLoop(bob.api);
  await bob.call('settings.setMe', { memberId: c.ceo.id });
  await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  const alice = await joinAs(bob, root, 'alice', folder, c.admin.id);
  const eng = await joinAs(bob, root, 'eng', folder, c.eng.id);
  installs.push(alice, eng);
  await settle(bob, alice, eng);
  return { c, bob, alice, eng };
}

function grantsFor(purpose: string): { path: string; granter: string; recipient: string }[] {
  return filesUnder(join(folder, 'keys')).flatMap((path) => {
    const { record } = JSON.parse(readFileSync(path, 'utf8')) as { record: { purpose?: string; grants?: { purpose: string }[]; granterDeviceId: string; recipientDeviceId: string } };
    const purposes = record.grants?.map((g) => g.purpose) ?? [record.purpose];
    return purposes.includes(purpose) ? [{ path, granter: record.granterDeviceId, recipient: record.recipientDeviceId }] : [];
  });
}

describe('forged key grants and erased keys in bundles', () => {
  it('a modified device cannot keep an interviewer blind for good by granting a candidate key under a feedback key id', async () => {
    const { c, bob, alice, eng } = await team();
    // Ceo submits on Bob's device: its key id travels in the clear on the sealed item (any member reads it).
    const ceoFeedback = await bob.call<{ id: string }>('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(bob, alice, eng);
    const keyId = bob.row<{ keyId: string }>('SELECT key_id AS keyId FROM sync_feedback_keys WHERE feedback_id = ?', ceoFeedback.id)?.keyId ?? '';
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', ceoFeedback.id)?.n).toBe(0);

    // Alice's device, modified: a bundle to Eng's laptop of "Grace's candidate key" under the feedback's key id.
    forgedGrant(folder, alice, eng, c.candidate.id, keyId, 'bundle');
    // Eng's laptop takes it (nothing is held under that id to tell) and passes it on; Bob's device takes it from Eng's
    // and notes Eng's laptop as holding that key id.
    await settle(eng, bob, alice);

    // Eng submits: Bob's device should now grant Eng's laptop the Ceo's feedback key.
    await eng.call('feedback.submit', { ...c.complete(c.slotOf(c.eng.id), 'inclined', 3), loopId: c.loop.id, authorId: c.eng.id });
    await settle(eng, bob, alice, eng, bob);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_grants_done WHERE key_id = ? AND device_id = ?', keyId, deviceOf(eng))?.n).toBe(1);
    // A key id known here as a feedback's is no candidate's: the forged grant is refused on every device, so no
    // "granter holds it" row stands for the feedback key.
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', ceoFeedback.id)?.n).toBe(1);
  }, 240_000);

  it('a modified device cannot keep another blind to a candidate for good by granting that candidate\'s key id under another candidate', async () => {
    const { c, bob, alice, eng } = await team();
    const ada = await bob.call<{ id: string }>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await bob.workspace.syncNow();
    const keyId = bob.row<{ keyId: string }>('SELECT key_id AS keyId FROM sync_candidate_keys WHERE candidate_id = ?', ada.id)?.keyId ?? '';
    // Bob's bundle to Eng's laptop has not reached it yet (a synced folder delivers files in any order).
    const honest = grantsFor(candidatePurpose(ada.id)).filter((g) => g.recipient === deviceOf(eng));
    expect(honest).toHaveLength(1);
    const honestPath = honest[0]?.path ?? '';
    const honestBytes = readFileSync(honestPath);
    rmSync(honestPath);

    // Alice's device, modified: Ada's key id, filed under Grace, with a key of its own.
    forgedGrant(folder, alice, eng, c.candidate.id, keyId, 'bundle');
    await eng.workspace.syncNow();
    // Eng's laptop holds Ada's row blind, her item sealed under that key id.
    expect(eng.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', ada.id)?.name).toBe('');

    // The genuine grant arrives; every device settles.
    writeFileAtomic(honestPath, honestBytes);
    await settle(eng, bob, alice, eng, bob, alice, eng);
    // A key id under which Ada's data is held is not Grace's: the forged grant is refused, the genuine one opens Ada.
    expect(eng.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', ada.id)?.name).toBe('Ada Lovelace');
  }, 240_000);

  it('a forged grant of a candidate key already taken and used here is refused and said once, not re-read every cycle; two grants of an unused key id taken on trust are said while they wait, once per granter however many it forges', async () => {
    const { bob, alice, eng } = await team();
    const ada = await bob.call<{ id: string }>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await settle(bob, eng);
    const real = eng.row<{ keyId: string; key: Buffer }>('SELECT key_id AS keyId, key FROM sync_candidate_keys WHERE candidate_id = ?', ada.id);
    expect(eng.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', ada.id)?.name).toBe('Ada Lovelace');
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n).toBe(0);

    // Alice's device, modified: Ada's key id with a key of its own, after the real one opened her here.
    forgedGrant(folder, alice, eng, ada.id, real?.keyId ?? '', 'single');
    await eng.workspace.syncNow();
    expect((await eng.status()).details.join('\n')).toMatch(/key grant from .* was refused/);
    expect(eng.row<{ key: Buffer }>('SELECT key FROM sync_candidate_keys WHERE key_id = ?', real?.keyId)?.key.equals(real?.key ?? Buffer.alloc(0))).toBe(true);
    // Dealt with: the next cycle neither reads nor reports it again.
    await eng.workspace.syncNow();
    expect((await eng.status()).details.join('\n')).not.toMatch(/key grant/);

    // Two grants of a key id nothing here is sealed under: the first is taken on trust, the second disputes it,
    // and they wait for data under that id to tell, said every cycle meanwhile — once for the granter, however
    // many key ids it forges.
    const unused = ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000003'];
    for (const keyId of unused) forgedGrant(folder, alice, eng, ada.id, keyId, 'single');
    await eng.workspace.syncNow();
    for (const keyId of unused) forgedGrant(folder, alice, eng, ada.id, keyId, 'bundle');
    for (let cycle = 0; cycle < 2; cycle++) {
      await eng.workspace.syncNow();
      const said = (await eng.status()).details.filter((d) => /held here with another key/.test(d));
      expect(said).toEqual([expect.stringMatching(/^3 candidate keys granted by .* are held here with another key granted earlier: one of each pair is forged/)]);
    }
    expect(eng.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', ada.id)?.name).toBe('Ada Lovelace');
  }, 240_000);

  it('after an erasure, a bundle from a device revoked since, addressed to a device that syncs, does not keep wrapping the erased key', async () => {
    const { bob, alice, eng } = await team();
    // Eng's laptop is away while Alice's device adds two candidates and grants their keys in one bundle each.
    const ada = await alice.call<{ id: string }>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await alice.call('candidates.create', { name: 'Edsger Dijkstra', email: 'edsger@example.com' });
    await alice.workspace.syncNow();
    await bob.workspace.syncNow();
    const adaKey = alice.row<{ keyId: string; key: Buffer }>('SELECT key_id AS keyId, key FROM sync_candidate_keys WHERE candidate_id = ?', ada.id);
    const fromAlice = grantsFor(candidatePurpose(ada.id)).filter((g) => g.granter === deviceOf(alice) && g.recipient === deviceOf(eng));
    expect(fromAlice).toHaveLength(1);

    // Alice's laptop is lost: revoked, then Ada is erased. Alice's device never syncs again.
    await bob.call('sync.revokeDevice', { deviceId: deviceOf(alice) });
    await bob.call('privacy.eraseCandidate', { id: ada.id, confirmName: 'Ada Lovelace' });
    await settle(bob, eng);
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM erased_candidates WHERE id = ?', ada.id)?.n).toBe(1);

    // What is left in the folder that Eng's device secret opens: Alice's bundle, which still wraps Ada's key.
    const left = grantsFor(candidatePurpose(ada.id));
    const config = readDeviceConfig(eng.dir);
    const aliceRecord = config && teamView(config).devices.get(deviceOf(alice))?.record;
    for (const g of left) {
      const opened = openGrantFile(g.path.slice(folder.length + 1), readFileSync(g.path), {
        teamId: config?.teamId ?? '',
        signingKeyFor: (id) => (id === aliceRecord?.id ? aliceRecord.signing : undefined),
        me: { deviceId: deviceOf(eng), agreementSecret: secretsOf(eng).device.agreement },
      });
      const wrapped = opened.ok ? opened.value.keys.find((k) => k.keyId === adaKey?.keyId) : undefined;
      // Its granter is revoked and will never rewrite it: Eng's device removes it, as it would a single grant.
      expect(wrapped?.key.equals(adaKey?.key ?? Buffer.alloc(0)) ? `${g.granter}>${g.recipient} still wraps Ada's key` : null).toBeNull();
    }
    expect(left).toEqual([]);
  }, 240_000);
});
