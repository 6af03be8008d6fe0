import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import type { PracticeSummary } from '../../core/api/contract/practice';
import { candidatePurpose, keepCandidateSealed, unsealCandidateData } from '../../core/server/sync/candidateKeys';
import { readDeviceConfig } from '../../core/server/sync/deviceStore';
import { openGrantFile } from '../../core/server/sync/keyGrant';
import { newSymmetricKey } from '../../core/server/sync/keyWrap';
import { sealValue } from '../../core/server/sync/sealedContent';
import { teamView } from '../../core/server/sync/team';
import { newId } from '../../db/ids';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop, value } from '../support/company';
import { filesUnder, folderText, forgedGrant, keysHeld, secretsOf } from '../support/syncFolderText';
import { joinAs, openInstall, PASSPHRASE, settle, type Install, syncTestSpace, founderAndAdmin } from '../support/syncInstalls';

/*
 * What a candidate's sealed data may hold once opened (the checks a change in the clear gets), and what else of a
 * candidate's is sealed or forgotten: practice write-ups made from their loops, what concurrent edits of their
 * profile resolved to (docs/sync.md, "Per-candidate keys").
 */

const GRACE = { name: 'Grace Hopper', email: 'grace@example.com' };

let root: string;
let folder: string;
const installs = syncTestSpace('principled-candscope-', (made) => ({ root, folder } = made));

/** A device's database, read or written by the test as a modified copy of the app would. */
function withDb<T>(i: Install, fn: (db: Database.Database) => T, readonly = false): T {
  const db = new Database(join(i.dir, DATABASE_FILE_NAME), { readonly });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const team = () => founderAndAdmin(root, folder, installs);

/** The candidate-key grants addressed to a device, moved out of the folder (a slow engine): returns how to put them back. */
function holdBackCandidateGrants(i: Install): () => void {
  const config = readDeviceConfig(i.dir);
  if (!config) throw new Error('not in a team');
  const team = teamView(config);
  const secrets = secretsOf(i);
  const dir = join(folder, 'keys', config.deviceId);
  const aside = join(root, `grants-${config.deviceId}`);
  mkdirSync(aside, { recursive: true });
  const moved = readdirSync(dir).filter((name) => {
    const opened = openGrantFile(`keys/${config.deviceId}/${name}`, readFileSync(join(dir, name)), {
      teamId: config.teamId,
      signingKeyFor: (id) => team.devices.get(id)?.record.signing,
      me: { deviceId: config.deviceId, agreementSecret: secrets.device.agreement },
    });
    return opened.ok && opened.value.keys.some((k) => k.purpose.startsWith('candidate:'));
  });
  expect(moved.length).toBeGreaterThan(0);
  for (const name of moved) renameSync(join(dir, name), join(aside, name));
  return () => {
    for (const name of moved) renameSync(join(aside, name), join(dir, name));
  };
}

/**
 * Alice's device joins Bob's team, confirmed, and bootstraps from Bob's snapshot while its engine has not brought
 * the candidate-key grants Bob's device wrote for it yet: returns it and how to put the grants back.
 */
async function joinWithoutCandidateKeys(bob: Install, memberId: string, options: Parameters<typeof openInstall>[2] = {}) {
  const alice = openInstall(root, 'alice', options);
  installs.push(alice);
  const { invitation } = await bob.call<{ invitation: string }>('sync.invite', { memberId });
  const joined = await alice.call<SyncStatus>('sync.join', { folder, invitation, deviceName: 'alice', passphrase: PASSPHRASE });
  await bob.workspace.syncNow();
  await bob.call('sync.confirmDevice', { deviceId: joined.deviceId });
  const putBack = holdBackCandidateGrants(alice);
  await alice.workspace.syncNow();
  return { alice, putBack };
}

/** Files under a folder of the shared folder written since `before`, moved aside (a slow engine): returns how to put them back. */
function holdBackNew(dir: string, before: ReadonlySet<string>): () => void {
  const aside = mkdtempSync(join(root, 'aside-'));
  const moved = filesUnder(dir).filter((path) => !before.has(path));
  moved.forEach((path, n) => renameSync(path, join(aside, String(n))));
  return () => moved.forEach((path, n) => renameSync(join(aside, String(n)), path));
}

/** Adds a change to the newest transaction in a device's outbox, not yet exported: what a modified copy could publish. */
function slipIntoLastWrite(i: Install, change: { table: string; pk: string; column: string; value: string; op: 'update' }): void {
  withDb(i, (db) => {
    const seq = (db.prepare('SELECT max(seq) AS s FROM sync_outbox').get() as { s: number }).s;
    db.prepare('INSERT INTO sync_outbox_changes (seq, tbl, pk, col, value, op) VALUES (?, ?, ?, ?, ?, ?)').run(seq, change.table, change.pk, change.column, change.value, change.op);
  });
}

describe('sealed candidate data', () => {
  it('opened once its key is granted, is authorised with the transaction it came in: a change its method may not make is quarantined, as in the clear, and the rest of the write applied', async () => {
    const { c, bob, alice } = await team();
    // A modified copy on Alice's device forgets its key for Grace, so its next item about her is under a key id Bob's
    // device does not hold yet (held, then opened when Alice's device grants the new key), and slips a change to
    // Grace's loop into a write that adds a candidate, which may not change loops.
    const zed = await alice.call<{ id: string }>('candidates.create', { name: 'Zed Zimmer', email: 'zed@example.com' });
    withDb(alice, (db) => db.prepare('DELETE FROM sync_candidate_keys WHERE candidate_id = ?').run(c.candidate.id));
    slipIntoLastWrite(alice, { table: 'loops', pk: JSON.stringify([c.loop.id]), column: 'override_reason', value: 'FORGED-BY-ADMIN', op: 'update' });
    await settle(alice, bob);

    expect(bob.row<{ o: string | null }>('SELECT override_reason AS o FROM loops WHERE id = ?', c.loop.id)?.o ?? null).toBeNull();
    expect(bob.row<{ method: string; reason: string }>('SELECT method, reason FROM sync_quarantine')).toEqual({ method: 'candidate.sealed', reason: 'candidates.create may not change loops' });
    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n).toBe(0);
    // Zed's own profile, in the same write, is Alice's to add: applied.
    expect(bob.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', zed.id)?.name).toBe('Zed Zimmer');
  }, 240_000);

  it('may hold only its own candidate’s rows: a change to a log line about another candidate, sealed under Grace’s key, is refused', async () => {
    const { c, bob } = await team();
    const zed = await bob.call<{ id: string }>('candidates.create', { name: 'Zed Zimmer', email: 'zed@example.com' });
    const config = readDeviceConfig(bob.dir);
    if (!config) throw new Error('not in a team');
    withDb(
      bob,
      (db) => {
        const line = db.prepare(`SELECT id FROM activity WHERE entity = 'candidate' AND entity_id = ?`).pluck().get(zed.id) as string;
        const { keyId, key } = db.prepare('SELECT key_id AS keyId, key FROM sync_candidate_keys WHERE candidate_id = ?').get(c.candidate.id) as { keyId: string; key: Buffer };
        const ownLine = db.prepare(`SELECT id FROM activity WHERE entity = 'candidate' AND entity_id = ?`).pluck().get(c.candidate.id) as string;
        const seal = (pk: string) =>
          sealValue(
            { candidateId: c.candidate.id, at: [0], changes: [{ table: 'activity', pk, column: 'summary', value: 'FORGED', op: 'update' }] },
            key,
            { teamId: config.teamId, purpose: candidatePurpose(c.candidate.id), keyId },
          );
        const tx = { seq: 1, hlc: '0', method: 'candidates.update', actor: c.ceo.id, deps: {}, changes: [] };
        expect(unsealCandidateData(db as never, config.teamId, tx, [seal(JSON.stringify([line]))], true).refused).toBe('A sealed candidate item may hold only that candidate’s data');
        // Her own log line is hers to seal.
        expect(unsealCandidateData(db as never, config.teamId, tx, [seal(JSON.stringify([ownLine]))], true).refused).toBeNull();
      },
      true,
    );
  }, 240_000);

  it('held, keeps only the routing of its transaction: a value opened here (another candidate’s profile) does not travel with it in a snapshot', async () => {
    const { c, bob } = await team();
    const config = readDeviceConfig(bob.dir);
    if (!config) throw new Error('not in a team');
    const zed = await bob.call<{ id: string }>('candidates.create', { name: 'Zed Zimmer', email: 'zed@example.com' });
    const item = sealValue({ candidateId: zed.id, at: [1], changes: [] }, newSymmetricKey(), { teamId: config.teamId, purpose: candidatePurpose(zed.id), keyId: newId() });
    const tx = {
      seq: 1,
      hlc: '0',
      method: 'candidates.update',
      actor: c.ceo.id,
      deps: {},
      changes: [
        { table: 'candidates', pk: JSON.stringify([c.candidate.id]), column: 'notes', value: 'OPENED-HERE Grace’s notes', op: 'update' as const },
        { table: 'loops', pk: JSON.stringify([c.loop.id]), column: 'candidate_id', value: c.candidate.id, op: 'update' as const },
      ],
    };
    withDb(bob, (db) => keepCandidateSealed(db as never, newId(), c.ceo.id, tx, [item]));
    const kept = bob.row<{ changes: string }>('SELECT changes FROM sync_candidate_sealed WHERE candidate_id = ?', zed.id)?.changes ?? '';
    expect(kept).not.toContain('OPENED-HERE');
    expect(JSON.parse(kept)).toEqual([
      { ...tx.changes[0], value: null },
      tx.changes[1],
    ]);
  }, 240_000);

  it('a grant forged under a key id before anything sealed under it was here blinds the device only until the real grant: the one that opens what came replaces it', async () => {
    const { c, bob, alice } = await team();
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    installs.push(hm);
    await settle(bob, alice, hm);
    // Alice's device makes a key of its own for Grace (as one that got her in the clear does): her next edit is
    // sealed under a key id the hiring manager's device does not hold yet.
    withDb(alice, (db) => db.prepare('DELETE FROM sync_candidate_keys WHERE candidate_id = ?').run(c.candidate.id));
    const { revision } = await alice.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
    await alice.call('candidates.update', { id: c.candidate.id, revision, notes: 'Notes Alice wrote under her own key' });
    const hmId = readDeviceConfig(hm.dir)?.deviceId ?? '';
    const aliceId = readDeviceConfig(alice.dir)?.deviceId ?? '';
    const grantsBefore = new Set(filesUnder(join(folder, 'keys', hmId)));
    const logBefore = new Set(filesUnder(join(folder, 'log', aliceId)));
    await alice.workspace.syncNow();
    const keyId = alice.row<{ keyId: string }>('SELECT key_id AS keyId FROM sync_candidate_keys WHERE candidate_id = ?', c.candidate.id)?.keyId ?? '';
    expect(hm.row('SELECT 1 AS held FROM sync_candidate_keys WHERE key_id = ?', keyId)).toBeUndefined();

    // The hiring manager's engine has brought neither Alice's batch nor her grant yet, but a grant of that key id
    // with another key, signed by Bob's device: nothing here to check it by, so it is taken.
    const grantsBack = holdBackNew(join(folder, 'keys', hmId), grantsBefore);
    const logBack = holdBackNew(join(folder, 'log', aliceId), logBefore);
    forgedGrant(folder, bob, hm, c.candidate.id, keyId);
    await hm.workspace.syncNow();
    expect(hm.row('SELECT 1 AS held FROM sync_candidate_keys WHERE key_id = ?', keyId)).toEqual({ held: 1 });

    grantsBack();
    logBack();
    await settle(hm, alice, bob, hm);
    const notes = (i: Install) => i.row<{ notes: string }>('SELECT notes FROM candidates WHERE id = ?', c.candidate.id)?.notes;
    expect(notes(hm)).toBe('Notes Alice wrote under her own key');
    const keyOf = (i: Install) => i.row<{ key: Buffer }>('SELECT key FROM sync_candidate_keys WHERE key_id = ?', keyId)?.key;
    expect(keyOf(hm)).toEqual(keyOf(alice));
    expect(hm.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n).toBe(0);
    expect(await hm.status()).toMatchObject({ quarantined: 0 });
    expect((await hm.status()).details.join('\n')).not.toMatch(/was refused/);
    expect(hm.hash()).toBe(alice.hash());
  }, 240_000);
});

describe('a candidate’s data beyond the profile', () => {
  it('practice write-ups made from their loop leave sealed under their key: a joining device shows none until granted, then reads it; after the erasure no key left opens it', async () => {
    const bob = openInstall(root, 'bob');
    installs.push(bob);
    const s = await interviewingLoop(bob.api);
    const evidence = { situation: 'PRACTICE-EVIDENCE the payment service kept failing', task: 'make it reliable', action: 'She wrote the runbook', result: 'Night pages fell from nine a week to one' };
    await s.as(s.eng.id);
    const engFeedback = value(
      await bob.api.call('feedback.submit', {
        ...s.mine(),
        ratings: s.slotOf(s.eng.id).map((principleId) => ({ principleId, rating: 2, evidence })),
        vote: 'not_inclined',
        raiseBar: 'no',
        reasonToHire: 'owns problems',
        reasonNotToHire: 'little customer work',
      }),
    );
    await s.as(s.ceo.id);
    value(await bob.api.call('feedback.submit', s.complete(s.slotOf(s.ceo.id), 'strong_hire', 4)));
    await s.as(s.sales.id);
    value(await bob.api.call('debrief.open', { loopId: s.loop.id }));
    await s.as(s.cto.id);
    value(await bob.api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence.' }));
    await s.as(s.sales.id);
    value(await bob.api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Above the bar.' }));
    value(await bob.api.call('practice.fromLoop', { loopId: s.loop.id, feedbackId: engFeedback.id }));
    await s.as(s.ceo.id);
    await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });

    // Alice's device joins from Bob's snapshot: the item is there, blank, and not listed until the key is granted.
    const { alice, putBack } = await joinWithoutCandidateKeys(bob, s.admin.id);
    expect(alice.row<{ n: number; blank: number }>(`SELECT count(*) AS n, sum(write_up = '') AS blank FROM practice_items`)).toEqual({ n: 1, blank: 1 });
    expect(await alice.call<PracticeSummary[]>('practice.list', {})).toEqual([]);
    putBack();
    await settle(bob, alice);
    const listed = await alice.call<PracticeSummary[]>('practice.list', {});
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(await alice.call('practice.get', { id: listed[0]?.id }))).toContain('PRACTICE-EVIDENCE');
    // The same row as Bob's (the device is no reader of the loop's feedback, so the state hashes differ by that).
    const practice = (i: Install) => withDb(i, (db) => db.prepare('SELECT * FROM practice_items').all(), true);
    expect(practice(alice)).toEqual(practice(bob));
    expect(folderText(folder, bob)).not.toContain('PRACTICE-EVIDENCE');
    expect(folderText(folder, bob, keysHeld(bob))).toContain('PRACTICE-EVIDENCE');

    await bob.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: GRACE.name });
    await settle(bob, alice);
    const all = new Map([...keysHeld(bob), ...keysHeld(alice)]);
    expect(folderText(folder, bob, all)).not.toContain('PRACTICE-EVIDENCE');
    for (const i of [bob, alice]) expect(await i.status()).toMatchObject({ quarantined: 0 });
  }, 240_000);

  it('an erasure forgets what concurrent edits of the candidate’s profile resolved to, both texts, on every device', async () => {
    const { c, bob, alice } = await team();
    await settle(bob, alice);
    const rb = (await bob.call<{ revision: number }>('candidates.get', { id: c.candidate.id })).revision;
    const ra = (await alice.call<{ revision: number }>('candidates.get', { id: c.candidate.id })).revision;
    await bob.call('candidates.update', { id: c.candidate.id, revision: rb, notes: 'CONFLICT-B Grace told us about her move' });
    await alice.call('candidates.update', { id: c.candidate.id, revision: ra, notes: 'CONFLICT-A Grace is on leave' });
    await settle(bob, alice);
    const conflicts = (i: Install) => i.row<{ n: number }>(`SELECT count(*) AS n FROM sync_conflicts WHERE loser_value LIKE 'CONFLICT-%' OR winner_value LIKE 'CONFLICT-%'`)?.n;
    for (const i of [bob, alice]) expect(conflicts(i)).toBe(1);

    await bob.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await settle(bob, alice);
    for (const i of [bob, alice]) expect(conflicts(i)).toBe(0);
  }, 240_000);
});

describe('candidate keys that arrive after the first snapshot', () => {
  it('open the held data a chunk a cycle, oldest first, with calls answered in between, until every profile reads as on the device that wrote it', async () => {
    const bob = openInstall(root, 'bob');
    installs.push(bob);
    const s = await interviewingLoop(bob.api);
    const names = ['Ada Lovelace', 'Katherine Johnson', 'Annie Easley', 'Mary Jackson'];
    for (const name of names) await bob.call('candidates.create', { name, email: `${name.replace(' ', '.').toLowerCase()}@example.com` });
    await s.as(s.ceo.id);
    await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });

    const { alice, putBack } = await joinWithoutCandidateKeys(bob, s.admin.id, { sync: { heldChunk: 2 } });
    const held = () => alice.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n ?? 0;
    const blank = () => alice.row<{ n: number }>(`SELECT count(*) AS n FROM candidates WHERE name = ''`)?.n ?? 0;
    const before = held();
    expect(before).toBeGreaterThanOrEqual(names.length + 1);
    expect(blank()).toBe(names.length + 1);

    // The keys come: each cycle opens two items, the oldest first; the app answers between cycles.
    putBack();
    const seen: number[] = [];
    while (held() > 0 && seen.length < before) {
      await alice.workspace.syncNow();
      seen.push(held());
      expect((await alice.call<{ total: number }>('candidates.list', { limit: 10 })).total).toBe(names.length + 1);
    }
    expect(seen[0]).toBe(before - 2);
    expect(seen.at(-1)).toBe(0);
    expect(seen.length).toBe(Math.ceil(before / 2));
    expect(blank()).toBe(0);
    const profiles = (i: Install) => withDb(i, (db) => db.prepare('SELECT id, name, email FROM candidates ORDER BY id').all(), true);
    expect(profiles(alice)).toEqual(profiles(bob));
    expect(await alice.status()).toMatchObject({ quarantined: 0 });
  }, 240_000);
});
