import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { candidatePurpose, unsealCandidateData } from '../../core/server/sync/candidateKeys';
import { readDeviceConfig } from '../../core/server/sync/deviceStore';
import { sealValue } from '../../core/server/sync/sealedContent';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop } from '../support/company';
import { joinAs, openInstall, PASSPHRASE, settle, type Install } from '../support/syncInstalls';

/*
 * What a candidate's sealed data may hold once opened (the checks a change in the clear gets), and what else of a
 * candidate's is sealed or forgotten: practice write-ups made from their loops, what concurrent edits of their
 * profile resolved to (docs/sync.md, "Per-candidate keys").
 */

const GRACE = { name: 'Grace Hopper', email: 'grace@example.com' };

let root: string;
let folder: string;
const installs: Install[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'principled-candscope-'));
  folder = join(root, 'shared');
  mkdirSync(folder);
});
afterEach(() => {
  for (const i of installs.splice(0)) i.workspace.close();
  rmSync(root, { recursive: true, force: true });
});

/** A device's database, read or written by the test as a modified copy of the app would. */
function withDb<T>(i: Install, fn: (db: Database.Database) => T, readonly = false): T {
  const db = new Database(join(i.dir, DATABASE_FILE_NAME), { readonly });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Bob's device is the founder's (Ceo); Alice's device is the admin's, who may add candidates too. */
async function team() {
  const bob = openInstall(root, 'bob');
  installs.push(bob);
  const c = await interviewingLoop(bob.api);
  await bob.call('settings.setMe', { memberId: c.ceo.id });
  await bob.call('settings.update', { sync: { snapshotEvery: 10 } });
  await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  const alice = await joinAs(bob, root, 'alice', folder, c.admin.id);
  installs.push(alice);
  return { c, bob, alice };
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
});

describe('a candidate’s data beyond the profile', () => {
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
