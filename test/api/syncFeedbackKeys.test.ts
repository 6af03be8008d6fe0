import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { decodeEnvelope } from '../../core/server/sync/batchFile';
import { passphraseProtector, readDeviceConfig, readSecrets, type DeviceSecrets } from '../../core/server/sync/deviceStore';
import { writeFileAtomic } from '../../core/server/sync/atomicWrite';
import { makeKeyGrant } from '../../core/server/sync/keyGrant';
import { newSymmetricKey } from '../../core/server/sync/keyWrap';
import { teamView } from '../../core/server/sync/team';
import { newId } from '../../db/ids';
import { interviewingLoop } from '../support/company';
import { joinAs, openInstall, PASSPHRASE, settle, type Install } from '../support/syncInstalls';

// Alice is the engineer who interviews first; Bob's device is the founder's (Ceo, the other interviewer).
const SECRET = 'Alice-only evidence: the rota spreadsheet had 41 unowned alerts';
const REASON = 'Alice wrote in the loop channel that she is unreachable this week';

let root: string;
let folder: string;
const installs: Install[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'principled-fbkeys-'));
  folder = join(root, 'shared');
  mkdirSync(folder);
});
afterEach(() => {
  for (const i of installs.splice(0)) i.workspace.close();
  rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Every byte of a folder's files, as text, for a needle search (the database, its WAL, the shared folder). */
function rawText(dir: string, only?: (path: string) => boolean): string {
  return filesUnder(dir)
    .filter((p) => !only || only(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('\n');
}

const secretsOf = (i: Install): DeviceSecrets => readSecrets(i.dir, passphraseProtector(PASSPHRASE)) as DeviceSecrets;

/** Everything one device can decode in the shared folder with every key it holds: each batch and snapshot's JSON. */
function everythingReadable(i: Install): string {
  const config = readDeviceConfig(i.dir);
  if (!config) throw new Error('not in a team');
  const secrets = secretsOf(i);
  const team = teamView(config);
  const out: string[] = [];
  for (const path of filesUnder(folder)) {
    const rel = path.slice(folder.length + 1);
    if (!rel.startsWith('log/') && !rel.startsWith('snapshots/')) continue;
    const decoded = decodeEnvelope(rel, readFileSync(path), {
      teamId: config.teamId,
      signingKeyFor: (id) => team.devices.get(id)?.record.signing,
      keyFor: (id) => secrets.keys[id],
    });
    expect(decoded.ok, `${rel} decodes with the team key`).toBe(true);
    if (decoded.ok) out.push(JSON.stringify(decoded.value.sections));
  }
  return out.join('\n');
}

async function teamWithAliceSubmitted() {
  const bob = openInstall(root, 'bob');
  installs.push(bob);
  const c = await interviewingLoop(bob.api);
  await bob.call('settings.setMe', { memberId: c.ceo.id });
  await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  const alice = await joinAs(bob, root, 'alice', folder, c.eng.id);
  const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
  const admin = await joinAs(bob, root, 'admin', folder, c.admin.id);
  installs.push(alice, hm, admin);
  const evidence = { ...c.evidence, action: SECRET };
  const submitted = await alice.call<{ id: string }>('feedback.submit', {
    ...c.complete(c.slotOf(c.eng.id), 'strong_hire', 4),
    authorId: c.eng.id,
    ratings: c.slotOf(c.eng.id).map((principleId) => ({ principleId, rating: 4, evidence })),
  });
  await settle(alice, bob, hm, admin);
  return { c, bob, alice, hm, admin, feedbackId: submitted.id };
}

const ratingsOf = (i: Install, feedbackId: string) => i.row<{ n: number; action: string | null }>('SELECT count(*) AS n, max(action) AS action FROM feedback_ratings WHERE feedback_id = ?', feedbackId);

describe('per-feedback keys: blind in the files', () => {
  it('Bob holds Alice’s submitted feedback sealed: none of her evidence in his database, WAL or the folder until he submits; then the grant arrives and he reads it', async () => {
    const { c, bob, alice, hm, feedbackId } = await teamWithAliceSubmitted();

    // Routing is shared: Bob's device knows Alice has submitted, and counts it.
    expect(bob.row<{ status: string; vote: string | null }>('SELECT status, vote FROM feedback WHERE id = ?', feedbackId)).toEqual({ status: 'submitted', vote: null });
    expect(ratingsOf(bob, feedbackId)).toEqual({ n: 0, action: null });
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', feedbackId)?.n).toBe(1);
    const list = await bob.call<{ visibility: string; submitted: number }>('feedback.list', { loopId: c.loop.id, earlyAccessReason: '' });
    expect(list).toMatchObject({ visibility: 'counts', submitted: 1 });
    expect(rawText(bob.dir)).not.toContain(SECRET);
    expect(rawText(folder)).not.toContain(SECRET);
    // Bob's device reading every file with every key it holds still finds nothing of her content.
    expect(everythingReadable(bob)).not.toContain(SECRET);
    expect(everythingReadable(bob)).not.toContain('Little experience with customers');

    // The hiring manager (no slot) may read it at once, so his device was granted the key.
    expect(ratingsOf(hm, feedbackId)?.action).toBe(SECRET);
    expect(ratingsOf(alice, feedbackId)?.action).toBe(SECRET);

    await bob.call('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(bob, alice, hm);
    expect(ratingsOf(bob, feedbackId)?.action).toBe(SECRET);
    expect(bob.row<{ vote: string }>('SELECT vote FROM feedback WHERE id = ?', feedbackId)?.vote).toBe('strong_hire');
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed')?.n).toBe(0);
    const after = await bob.call<{ visibility: string; items: { ratings: { evidence: { action: string } }[] }[] }>('feedback.list', { loopId: c.loop.id, earlyAccessReason: '' });
    expect(after.visibility).toBe('full');
    expect(after.items.flatMap((f) => f.ratings.map((r) => r.evidence.action))).toContain(SECRET);
    // Evidence search finds it now that it is here.
    expect(bob.row<{ n: number }>(`SELECT count(*) AS n FROM evidence_fts WHERE evidence_fts MATCH 'unowned'`)?.n).toBeGreaterThan(0);
    for (const i of [bob, alice, hm]) expect(await i.status()).toMatchObject({ quarantined: 0 });
    expect(bob.hash()).toBe(alice.hash());
  });

  it('early access with a reason grants the admin the key, and the early look is in every device’s log', async () => {
    const { c, bob, alice, admin, feedbackId } = await teamWithAliceSubmitted();
    expect(ratingsOf(admin, feedbackId)?.n).toBe(0);
    expect(rawText(admin.dir)).not.toContain(SECRET);
    await admin.call('feedback.recordView', { loopId: c.loop.id, earlyAccessReason: REASON });
    await settle(admin, alice, bob);
    expect(ratingsOf(admin, feedbackId)?.action).toBe(SECRET);
    const list = await admin.call<{ visibility: string; items: unknown[] }>('feedback.list', { loopId: c.loop.id, earlyAccessReason: REASON });
    expect(list.visibility).toBe('full');
    expect(JSON.stringify(list.items)).toContain(SECRET);
    for (const i of [alice, bob]) {
      expect(i.row<{ summary: string }>(`SELECT summary FROM activity WHERE summary LIKE ?`, `%early access: ${REASON}%`)?.summary).toContain('Viewed the loop');
    }
    // Bob still has not submitted: he gets nothing from the admin's early look.
    expect(ratingsOf(bob, feedbackId)?.n).toBe(0);
    expect(rawText(bob.dir)).not.toContain(SECRET);
  });

  it('a forged grant (a granter whose owner may not read the feedback, or signed by another device) is refused and opens nothing', async () => {
    const { bob, admin, alice, feedbackId } = await teamWithAliceSubmitted();
    const bobConfig = readDeviceConfig(bob.dir);
    const adminConfig = readDeviceConfig(admin.dir);
    const aliceConfig = readDeviceConfig(alice.dir);
    if (!bobConfig || !adminConfig || !aliceConfig) throw new Error('not in a team');
    const bobDevice = teamView(bobConfig).devices.get(bobConfig.deviceId);
    if (!bobDevice) throw new Error('no device record');
    const adminSigning = secretsOf(admin).device.signing;
    const forge = (granterDeviceId: string) => {
      const grant = makeKeyGrant({
        teamId: bobConfig.teamId,
        grantId: newId(),
        keyId: newId(),
        purpose: `feedback:${feedbackId}`,
        key: newSymmetricKey(),
        recipient: { deviceId: bobConfig.deviceId, agreementKey: bobDevice.record.agreement },
        granter: { deviceId: granterDeviceId, signingKey: adminSigning },
        createdAt: Date.now(),
      });
      writeFileAtomic(join(folder, grant.path), grant.bytes);
    };
    forge(adminConfig.deviceId); // the admin's own device, but the admin may not read it (no early access)
    forge(aliceConfig.deviceId); // claims Alice's device, signed with the admin's key
    await bob.workspace.syncNow();
    const status = await bob.status();
    expect(status.state).toBe('problem');
    expect(status.details.filter((p) => p.includes('key grant')).length).toBe(2);
    expect(status.details.join('\n')).toMatch(/refused: its owner may not read that feedback/);
    expect(status.details.join('\n')).toMatch(/bad-signature/);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId)?.n).toBe(0);
    expect(ratingsOf(bob, feedbackId)?.n).toBe(0);
    // Refused once, not re-opened every cycle.
    await bob.workspace.syncNow();
    expect((await bob.status()).details.filter((p) => p.includes('key grant'))).toEqual([]);
  });

  it('drafts never leave their device: not in the folder, not on another device', async () => {
    const bob = openInstall(root, 'bob');
    installs.push(bob);
    const c = await interviewingLoop(bob.api);
    await bob.call('settings.setMe', { memberId: c.ceo.id });
    await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
    const alice = await joinAs(bob, root, 'alice', folder, c.eng.id);
    installs.push(alice);
    const draft = await alice.call<{ id: string }>('feedback.saveDraft', {
      ...c.complete(c.slotOf(c.eng.id), 'strong_hire', 4),
      authorId: c.eng.id,
      ratings: c.slotOf(c.eng.id).map((principleId) => ({ principleId, rating: 4, evidence: { ...c.evidence, action: SECRET } })),
    });
    await settle(alice, bob);
    expect(alice.row<{ status: string }>('SELECT status FROM feedback WHERE id = ?', draft.id)?.status).toBe('draft');
    expect(bob.row('SELECT 1 FROM feedback WHERE id = ?', draft.id)).toBeUndefined();
    expect(everythingReadable(alice)).not.toContain(SECRET);
    expect(everythingReadable(alice)).not.toContain(draft.id);
    expect(rawText(bob.dir)).not.toContain(SECRET);
  });
});
