import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { decodeEnvelope } from '../../core/server/sync/batchFile';
import { passphraseProtector, readDeviceConfig, readSecrets, type DeviceSecrets } from '../../core/server/sync/deviceStore';
import { publishEnvelope, writeFileAtomic } from '../../core/server/sync/atomicWrite';
import type { Change, SyncTransaction } from '../../core/server/sync/batch';
import { encodeBatchFile } from '../../core/server/sync/batchFile';
import { formatHlc, parseHlc } from '../../core/server/sync/hlc';
import { makeKeyGrant } from '../../core/server/sync/keyGrant';
import { sealValue } from '../../core/server/sync/sealedContent';
import { newSymmetricKey } from '../../core/server/sync/keyWrap';
import { teamView } from '../../core/server/sync/team';
import { newId } from '../../db/ids';
import Database from 'better-sqlite3-multiple-ciphers';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop } from '../support/company';
import { joinAs, openInstall, PASSPHRASE, settle, type Install, syncTestSpace } from '../support/syncInstalls';

// Alice is the engineer who interviews first; Bob's device is the founder's (Ceo, the other interviewer).
const SECRET = 'Alice-only evidence: the rota spreadsheet had 41 unowned alerts';
const SOLO = 'Ceo-only evidence, written before the team: the billing migration slipped twice';
const REASON = 'Alice wrote in the loop channel that she is unreachable this week';

let root: string;
let folder: string;
const installs = syncTestSpace('principled-fbkeys-', (made) => ({ root, folder } = made));

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
  return decodedFolder(i).map((f) => JSON.stringify(f.sections)).join('\n');
}

/** Each batch and snapshot of the folder decoded with the keys one device holds. */
function decodedFolder(i: Install): { rel: string; sections: { payload: unknown }[] }[] {
  const config = readDeviceConfig(i.dir);
  if (!config) throw new Error('not in a team');
  const secrets = secretsOf(i);
  const team = teamView(config);
  const out: { rel: string; sections: { payload: unknown }[] }[] = [];
  for (const path of filesUnder(folder)) {
    const rel = path.slice(folder.length + 1);
    if (!rel.startsWith('log/') && !rel.startsWith('snapshots/')) continue;
    const decoded = decodeEnvelope(rel, readFileSync(path), {
      teamId: config.teamId,
      signingKeyFor: (id) => team.devices.get(id)?.record.signing,
      keyFor: (id) => secrets.keys[id],
    });
    expect(decoded.ok, `${rel} decodes with the team key`).toBe(true);
    if (decoded.ok) out.push({ rel, sections: decoded.value.sections });
  }
  return out;
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
  }, 120_000);

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
  }, 120_000);

  it('a forged grant (a key that does not open the feedback, or signed by another device) is refused and opens nothing', async () => {
    const { c, bob, admin, alice, feedbackId } = await teamWithAliceSubmitted();
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
    forge(adminConfig.deviceId); // the admin's own device, signed by it, but another key than the feedback's
    forge(aliceConfig.deviceId); // claims Alice's device, signed with the admin's key
    await bob.workspace.syncNow();
    const status = await bob.status();
    expect(status.state).toBe('problem');
    // Bob may not read it yet: the genuinely signed grant waits, the forged signature is refused at once.
    expect(status.details.filter((p) => p.includes('key grant')).length).toBe(1);
    expect(status.details.join('\n')).toMatch(/bad-signature/);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId)?.n).toBe(0);
    expect(ratingsOf(bob, feedbackId)?.n).toBe(0);
    // Refused once, not re-opened every cycle.
    await bob.workspace.syncNow();
    expect((await bob.status()).details.filter((p) => p.includes('key grant'))).toEqual([]);
    // Once Bob may read it (he submits), the admin's grant is judged: its key does not open the feedback, so it is
    // refused; the genuine grant from a reader's device opens it.
    await bob.call('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(bob, alice, admin);
    expect(ratingsOf(bob, feedbackId)?.action).toBe(SECRET);
  }, 120_000);

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

  it('snapshots are blind too: feedback submitted solo is sealed in the first snapshot, a blind device’s snapshot carries what it holds sealed, and a device bootstrapped from it reads the content once granted', async () => {
    const bob = openInstall(root, 'bob');
    installs.push(bob);
    const c = await interviewingLoop(bob.api);
    await bob.call('settings.setMe', { memberId: c.ceo.id });
    await bob.call('settings.update', { sync: { snapshotEvery: 10 } });
    const solo = await bob.call<{ id: string }>('feedback.submit', {
      ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3),
      authorId: c.ceo.id,
      ratings: c.slotOf(c.ceo.id).map((principleId) => ({ principleId, rating: 3, evidence: { ...c.evidence, action: SOLO } })),
    });
    await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', solo.id)?.n).toBe(1);
    const alice = await joinAs(bob, root, 'alice', folder, c.eng.id);
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    const admin = await joinAs(bob, root, 'admin', folder, c.admin.id);
    installs.push(alice, hm, admin);
    await settle(bob, alice, hm, admin);

    // Everyone bootstrapped from the founder's first snapshot. The hiring manager may read Ceo's feedback: granted,
    // the content comes out of the snapshot's sealed item (no batch ever carried it). Alice and the admin may not.
    expect(ratingsOf(hm, solo.id)?.action).toBe(SOLO);
    for (const blind of [alice, admin]) {
      expect(ratingsOf(blind, solo.id)).toEqual({ n: 0, action: null });
      expect(blind.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', solo.id)?.n).toBeGreaterThan(0);
      expect(rawText(blind.dir)).not.toContain(SOLO);
      expect(everythingReadable(blind)).not.toContain(SOLO);
    }
    expect(rawText(folder)).not.toContain(SOLO);

    const submitted = await alice.call<{ id: string }>('feedback.submit', {
      ...c.complete(c.slotOf(c.eng.id), 'strong_hire', 4),
      authorId: c.eng.id,
      ratings: c.slotOf(c.eng.id).map((principleId) => ({ principleId, rating: 4, evidence: { ...c.evidence, action: SECRET } })),
    });
    await settle(alice, bob, hm, admin);
    expect(ratingsOf(alice, solo.id)?.action).toBe(SOLO);
    expect(ratingsOf(admin, submitted.id)?.n).toBe(0);

    // The admin, blind to both, writes until it snapshots (every 10 files).
    for (let n = 0; n < 11; n++) {
      const { revision } = await admin.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
      await admin.call('candidates.update', { id: c.candidate.id, revision, notes: `note ${n}` });
      await admin.workspace.syncNow();
    }
    await settle(admin, bob, hm);
    const adminId = readDeviceConfig(admin.dir)?.deviceId ?? '';
    const snapshots = decodedFolder(admin).filter((f) => f.rel.startsWith(`snapshots/${adminId}/`));
    const newest = snapshots.at(-1);
    if (!newest) throw new Error('the admin’s device wrote no snapshot');
    // Decoded with every key the admin's device holds: no evidence, no votes' reasons, but the sealed items are there.
    for (const text of [JSON.stringify(newest.sections), everythingReadable(admin)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SOLO);
      expect(text).not.toContain('Little experience with customers');
    }
    const sealedIn = newest.sections.flatMap((s) => ((s.payload as { part?: string }).part === 'sealed' ? (s.payload as { items: [string][] }).items.map((i) => i[0]) : []));
    expect(new Set(sealedIn)).toEqual(new Set([solo.id, submitted.id]));

    // Alice's batches are compacted away (her device gone), and the admin's snapshot is the newest there is: a
    // second device of the hiring manager bootstraps from it and still gets her content, once granted.
    const aliceId = readDeviceConfig(alice.dir)?.deviceId ?? '';
    const manifest = newest.sections.at(-1)?.payload as { positions: [string, number, string][] };
    const aliceLast = alice.row<{ n: number }>(`SELECT seq AS n FROM sqlite_sequence WHERE name = 'sync_outbox'`)?.n ?? 0;
    expect(manifest.positions.find(([id]) => id === aliceId)?.[1]).toBe(aliceLast);
    alice.workspace.close();
    installs.splice(installs.indexOf(alice), 1);
    rmSync(join(folder, 'log', aliceId), { recursive: true, force: true });
    rmSync(join(folder, 'snapshots', aliceId), { recursive: true, force: true });
    const later = new Date(Date.now() + 86_400_000);
    utimesSync(join(folder, newest.rel), later, later);

    const hm2 = await joinAs(bob, root, 'hm2', folder, c.cto.id);
    installs.push(hm2);
    await settle(bob, hm, hm2);
    expect(ratingsOf(hm2, submitted.id)?.action).toBe(SECRET);
    expect(ratingsOf(hm2, solo.id)?.action).toBe(SOLO);
    expect(hm2.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed')?.n).toBe(0);
    expect(hm2.hash()).toBe(hm.hash());
    for (const i of [bob, hm, hm2]) expect(await i.status()).toMatchObject({ quarantined: 0 });
  }, 180_000);
});

/** A key grant to `to`'s device, signed by `from`'s device, of any key under any key id. */
function grantFrom(from: Install, to: Install, feedbackId: string, keyId: string, key: Uint8Array): void {
  const toConfig = readDeviceConfig(to.dir);
  const fromConfig = readDeviceConfig(from.dir);
  if (!toConfig || !fromConfig) throw new Error('not in a team');
  const recipient = teamView(toConfig).devices.get(toConfig.deviceId);
  if (!recipient) throw new Error('no device record');
  const grant = makeKeyGrant({
    teamId: toConfig.teamId,
    grantId: newId(),
    keyId,
    purpose: `feedback:${feedbackId}`,
    key,
    recipient: { deviceId: toConfig.deviceId, agreementKey: recipient.record.agreement },
    granter: { deviceId: fromConfig.deviceId, signingKey: secretsOf(from).device.signing },
    createdAt: Date.now(),
  });
  writeFileAtomic(join(folder, grant.path), grant.bytes);
}

/**
 * What a modified copy of the app on Alice's device could write: her next change, signed by her device, whose
 * routing is `changes` and which carries `content` for her submitted feedback sealed under its real key, a
 * minute after her last change.
 */
function forgeAliceChange(alice: Install, feedbackId: string, changes: Change[], content: Change[]): void {
  const config = readDeviceConfig(alice.dir);
  if (!config) throw new Error('not in a team');
  const secrets = secretsOf(alice);
  const teamKeyId = secrets.teamKeyId ?? '';
  const teamKey = secrets.keys[teamKeyId];
  const held = alice.row<{ keyId: string; key: Buffer }>('SELECT key_id AS keyId, key FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId);
  const last = alice.row<{ seq: number; hlc: string }>('SELECT seq, hlc FROM sync_outbox ORDER BY seq DESC LIMIT 1');
  if (!teamKey || !held || !last) throw new Error('nothing to forge with');
  const clock = parseHlc(last.hlc);
  const tx: SyncTransaction = {
    seq: last.seq + 1,
    hlc: formatHlc({ ...clock, millis: clock.millis + 60_000 }),
    method: 'feedback.submit',
    actor: config.memberId,
    deps: {},
    changes,
    sealed: [
      sealValue({ feedbackId, at: content.map((_, i) => changes.length + i), changes: content }, held.key, {
        teamId: config.teamId,
        purpose: `feedback:${feedbackId}`,
        keyId: held.keyId,
      }),
    ],
  };
  const file = encodeBatchFile(
    { teamId: config.teamId, deviceId: config.deviceId, seq: tx.seq, createdAt: Date.now(), keyId: teamKeyId, key: teamKey, payload: { deviceId: config.deviceId, seq: tx.seq, deps: {}, transactions: [tx] } },
    secrets.device.signing,
  );
  expect(publishEnvelope(folder, file).ok).toBe(true);
}

/** Alice's feedback's content rewritten: another vote, and every rating's evidence replaced. */
function rewrittenContent(hm: Install, feedbackId: string): Change[] {
  const pk = JSON.stringify([feedbackId]);
  const ratings = readRows(hm, 'SELECT * FROM feedback_ratings WHERE feedback_id = ? ORDER BY principle_id', feedbackId);
  expect(ratings.length).toBeGreaterThan(0);
  return [
    { table: 'feedback', pk, column: 'vote', value: 'strong_no_hire', op: 'insert' },
    ...ratings.flatMap((r) =>
      Object.entries({ ...r, rating: 1, action: REWRITTEN }).map(([column, value]) => ({
        table: 'feedback_ratings',
        pk: JSON.stringify([r.feedback_id, r.principle_id]),
        column,
        value: value as string | number | null,
        op: 'insert' as const,
      })),
    ),
  ];
}

const REWRITTEN = 'Rewritten after submitting, without an amendment';

function readRows(i: Install, sql: string, ...args: unknown[]): Record<string, unknown>[] {
  const db = new Database(join(i.dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('per-feedback keys: checks', () => {
  it('sealed content a later change of the author carries for feedback already submitted is refused, on devices holding the key and on those holding it sealed, visibly', async () => {
    const { c, bob, alice, hm, feedbackId } = await teamWithAliceSubmitted();
    forgeAliceChange(alice, feedbackId, [], rewrittenContent(hm, feedbackId));
    await settle(bob, hm);
    // The hiring manager's device holds the key: the transaction is refused as it arrives.
    expect(hm.row<{ vote: string }>('SELECT vote FROM feedback WHERE id = ?', feedbackId)?.vote).toBe('strong_hire');
    expect(ratingsOf(hm, feedbackId)?.action).toBe(SECRET);
    expect((await hm.status()).quarantined).toBe(1);
    // Bob's device cannot open it: it keeps only the item the submitting change carried, and says so.
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', feedbackId)?.n).toBe(1);
    expect((await bob.status()).quarantined).toBe(1);

    await bob.call('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(bob, hm);
    expect(bob.row<{ vote: string }>('SELECT vote FROM feedback WHERE id = ?', feedbackId)?.vote).toBe('strong_hire');
    expect(ratingsOf(bob, feedbackId)?.action).toBe(SECRET);
    expect(rawText(bob.dir)).not.toContain(REWRITTEN);
    expect(bob.hash()).toBe(hm.hash());
  }, 120_000);

  it('a grant of the real key id with another key is refused and keeps the sealed content; the genuine grant still opens it', async () => {
    const { c, bob, alice, admin, feedbackId } = await teamWithAliceSubmitted();
    const real = alice.row<{ keyId: string }>('SELECT key_id AS keyId FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId);
    if (!real) throw new Error('Alice holds no key');
    // Bob's device will be entitled once he submits; the admin's device, once the admin looked early, may grant.
    await admin.call('feedback.recordView', { loopId: c.loop.id, earlyAccessReason: REASON });
    await settle(admin, alice, bob);
    await bob.call('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    grantFrom(admin, bob, feedbackId, real.keyId, newSymmetricKey());
    // Bob's device alone: only the bogus grant is there to take.
    await bob.workspace.syncNow();
    const status = await bob.status();
    expect(status.details.join('\n')).toMatch(/key grant .* was refused: its key does not open/);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId)?.n).toBe(0);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', feedbackId)?.n).toBe(1);
    expect(ratingsOf(bob, feedbackId)?.n).toBe(0);
    expect(status.quarantined).toBe(0);

    await settle(alice, admin, bob);
    expect(ratingsOf(bob, feedbackId)?.action).toBe(SECRET);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed')?.n).toBe(0);
    expect(bob.hash()).toBe(alice.hash());
  }, 120_000);

  it('an erasure leaves no key and no sealed item of the candidate’s feedback on any device, and a grant arriving afterwards applies nothing', async () => {
    const { c, bob, alice, hm, feedbackId } = await teamWithAliceSubmitted();
    const held = alice.row<{ keyId: string; key: Buffer }>('SELECT key_id AS keyId, key FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId);
    if (!held) throw new Error('Alice holds no key');
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', feedbackId)?.n).toBe(1);
    await bob.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: c.candidate.name });
    await settle(bob, alice, hm);
    for (const i of [bob, alice, hm]) {
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId)?.n).toBe(0);
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', feedbackId)?.n).toBe(0);
    }
    // A grant of the old key (a slow device, or a copy someone kept) brings nothing back.
    await bob.call('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    grantFrom(alice, bob, feedbackId, held.keyId, held.key);
    await settle(bob, alice, hm);
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_feedback_keys WHERE feedback_id = ?', feedbackId)?.n).toBe(0);
    expect(ratingsOf(bob, feedbackId)?.n).toBe(0);
    expect(rawText(bob.dir)).not.toContain(SECRET);
  }, 120_000);
});
