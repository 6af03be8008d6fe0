import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../core/api/contract/candidates';
import { candidateKeyOf, candidatePurpose, unsealCandidateData } from '../../core/server/sync/candidateKeys';
import { readDeviceConfig } from '../../core/server/sync/deviceStore';
import { sealValue } from '../../core/server/sync/sealedContent';
import type { ReadableDB } from '../../db/handles';
import { DATABASE_FILE_NAME } from '../../db/open';
import { founderAndAdmin, settle, type Install, syncTestSpace } from '../support/syncInstalls';

/*
 * A blank name is how a device tells a candidate it holds blind (their key not granted yet). A modified member's
 * device could send one in the clear ('' is not sealed) and make a readable candidate count as sealed everywhere:
 * every other device refuses such a change (quarantined, with the rest of its write).
 */

let root: string;
let folder: string;
const installs = syncTestSpace('principled-blankname-', (made) => ({ root, folder } = made));

/** Adds a change to the newest write in a device's outbox, not yet exported: what a modified copy could publish. */
function slipIntoLastWrite(i: Install, change: { table: string; pk: string; column: string; value: string; op: 'update' | 'insert' }): void {
  const db = new Database(join(i.dir, DATABASE_FILE_NAME));
  try {
    const seq = (db.prepare('SELECT max(seq) AS s FROM sync_outbox').get() as { s: number }).s;
    db.prepare('INSERT INTO sync_outbox_changes (seq, tbl, pk, col, value, op) VALUES (?, ?, ?, ?, ?, ?)').run(seq, change.table, change.pk, change.column, change.value, change.op);
  } finally {
    db.close();
  }
}

describe('a candidate’s name blanked by another device', () => {
  /** Bob adds Ada; Alice's device edits her with `patch` and slips a blank name into that write; it reaches Bob. */
  async function editedWithBlankName(patch: Partial<Candidate>) {
    const { bob, alice } = await founderAndAdmin(root, folder, installs);
    const ada = await bob.call<Candidate>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await settle(bob, alice);
    const current = await alice.call<Candidate>('candidates.get', { id: ada.id });
    await alice.call('candidates.update', { id: ada.id, revision: current.revision, ...patch });
    slipIntoLastWrite(alice, { table: 'candidates', pk: JSON.stringify([ada.id]), column: 'name', value: '', op: 'update' });
    await settle(alice, bob);
    return { bob, ada };
  }

  it('is refused: the honest device keeps her name, unflagged, and quarantines the write (its sealed notes too)', async () => {
    const { bob, ada } = await editedWithBlankName({ notes: 'met at a meetup' });

    expect(bob.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_keys WHERE candidate_id = ?', ada.id)?.n).toBeGreaterThan(0);
    const onBob = await bob.call<Candidate>('candidates.get', { id: ada.id });
    expect(onBob).toMatchObject({ name: 'Ada Lovelace', notes: '' });
    expect(onBob.sealed).toBeUndefined();
    expect(bob.row<{ reason: string }>('SELECT reason FROM sync_quarantine ORDER BY rowid DESC LIMIT 1')?.reason).toMatch(/name may not be made blank/);
  }, 240_000);

  it('is refused in a write that holds nothing sealed (a status edit with the blank slipped in)', async () => {
    const { bob, ada } = await editedWithBlankName({ status: 'withdrawn' });

    const onBob = await bob.call<Candidate>('candidates.get', { id: ada.id });
    expect(onBob).toMatchObject({ name: 'Ada Lovelace', status: 'active' });
    expect(onBob.sealed).toBeUndefined();
  }, 240_000);

  it('is refused sealed under her real key too (a modified device can seal what it likes): the item opens, and is not applied', async () => {
    const { bob, alice } = await founderAndAdmin(root, folder, installs);
    const ada = await bob.call<Candidate>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await settle(bob, alice);
    const teamId = readDeviceConfig(alice.dir)?.teamId ?? '';
    const db = new Database(join(bob.dir, DATABASE_FILE_NAME), { readonly: true }) as unknown as ReadableDB;
    try {
      const key = candidateKeyOf(db, ada.id);
      if (!key) throw new Error('Bob holds no key of hers');
      const pk = JSON.stringify([ada.id]);
      const item = sealValue(
        { candidateId: ada.id, at: [1], changes: [{ table: 'candidates', pk, column: 'name', value: '', op: 'update' }] },
        key.key,
        { teamId, purpose: candidatePurpose(ada.id), keyId: key.keyId },
      );
      const tx = {
        seq: 9,
        hlc: '0',
        method: 'candidates.update',
        actor: 'x',
        deps: {},
        changes: [{ table: 'candidates', pk, column: 'status', value: 'withdrawn', op: 'update' as const }],
      };
      const out = unsealCandidateData(db, teamId, tx, [item], true);
      expect(out.opened).toEqual([key.keyId]);
      expect(out.refused).toMatch(/name may not be made blank/);
    } finally {
      (db as unknown as Database.Database).close();
    }
  }, 240_000);
});
