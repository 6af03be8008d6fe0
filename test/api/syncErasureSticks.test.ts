import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { ERASED_CANDIDATE_NAME, ERASED_MARK } from '../../core/api/contract/privacy';
import { readDeviceConfig } from '../../core/server/sync/deviceStore';
import { readSnapshotSections } from '../../core/server/sync/snapshot';
import { DATABASE_FILE_NAME } from '../../db/open';
import { filesUnder, folderText, keysHeld } from '../support/syncFolderText';
import { joinAs, settle, type Install, syncTestSpace, founderAndAdmin } from '../support/syncInstalls';

/*
 * An erasure in a team sticks (docs/sync.md, "Per-candidate keys"): nothing in the shared folder gives the
 * candidate's key back, a text written about them on a device that had not heard of it yet ends on the marks on
 * every device, and the log lines it rewrites publish nothing that was sealed until then.
 */

const GRACE = { name: 'Grace Hopper', email: 'grace@example.com' };

let root: string;
let folder: string;
const installs = syncTestSpace('principled-erasure-sticks-', (made) => ({ root, folder } = made));

const team = () => founderAndAdmin(root, folder, installs);

const deviceOf = (i: Install) => readDeviceConfig(i.dir)?.deviceId ?? '';

/** The grant files in the folder for a candidate's (or a feedback's) keys, as "granter>recipient" (single grants and bundles: a grant's purposes are readable unopened). */
function grantsFor(id: string, kind: 'candidate' | 'feedback' = 'candidate'): string[] {
  return filesUnder(join(folder, 'keys')).flatMap((path) => {
    const { record } = JSON.parse(readFileSync(path, 'utf8')) as { record: { purpose?: string; grants?: { purpose: string }[]; granterDeviceId: string; recipientDeviceId: string } };
    const purposes = record.grants?.map((g) => g.purpose) ?? [record.purpose];
    return purposes.includes(`${kind}:${id}`) ? [`${record.granterDeviceId}>${record.recipientDeviceId}`] : [];
  });
}

/** A snapshot of `i` as it would write one now, decompressed: what anyone with the team key reads of it. */
function snapshotNow(i: Install): string {
  const config = readDeviceConfig(i.dir);
  if (!config) throw new Error('not in a team');
  const db = new Database(join(i.dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    const s = readSnapshotSections(db as never, { sealing: { teamId: config.teamId, deviceId: config.deviceId, seq: 999 } });
    return s.compressed.map((b) => brotliDecompressSync(b).toString('utf8')).join('\n');
  } finally {
    db.close();
  }
}

describe('team sync: an erasure sticks', () => {
  it('every grant of the erased candidate’s key and of her feedback’s leaves the folder, those each device wrote and those addressed to it; other candidates’ grants stay', async () => {
    const { c, bob, alice } = await team();
    const ada = await bob.call<{ id: string }>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await settle(bob, alice);
    const [b, a] = [deviceOf(bob), deviceOf(alice)];
    // Bob's device granted Grace's key (and Ada's) to Alice's; Alice's, given them by Bob's, grants nothing back.
    expect(grantsFor(c.candidate.id)).toEqual([`${b}>${a}`]);
    expect(grantsFor(ada.id)).toEqual([`${b}>${a}`]);
    // Bob's feedback on her: its key is granted to the hiring manager's device, who reads it at once.
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    installs.push(hm);
    const feedback = await bob.call<{ id: string }>('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(bob, alice, hm);
    expect(grantsFor(feedback.id, 'feedback')).toContain(`${b}>${deviceOf(hm)}`);

    await bob.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await settle(bob, alice, hm);
    expect(grantsFor(c.candidate.id)).toEqual([]);
    // Her feedback's key went with hers, and so did its grants.
    expect(grantsFor(feedback.id, 'feedback')).toEqual([]);
    expect(grantsFor(ada.id).length).toBeGreaterThan(0);
    // With every key any device still holds, no batch or snapshot in the folder shows her again.
    for (const i of [bob, alice, hm]) expect(folderText(folder, i, keysHeld(i))).not.toContain(GRACE.email);
  }, 240_000);

  it('an edit made offline while another device erases ends on the erasure marks on both devices: the same state, and nothing of it readable with the team key', async () => {
    const { c, bob, alice } = await team();
    await settle(bob, alice);
    await bob.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await bob.workspace.syncNow();
    // Alice has not synced since: her edits have later clocks than the erasure's marks.
    const { revision } = await alice.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
    await alice.call('candidates.update', { id: c.candidate.id, revision, notes: 'OFFLINE-NOTE about her', phone: '+1 555 0100' });
    const loop = alice.row<{ revision: number }>('SELECT revision FROM loops WHERE id = ?', c.loop.id);
    await alice.call('loops.transition', { id: c.loop.id, revision: loop?.revision, to: 'cancelled', reason: 'OFFLINE-CANCEL she took another offer' });
    await settle(alice, bob, alice, bob);

    const profile = 'SELECT name, email, phone, notes FROM candidates WHERE id = ?';
    for (const i of [alice, bob]) {
      expect(i.row(profile, c.candidate.id)).toEqual({ name: ERASED_CANDIDATE_NAME, email: '', phone: '', notes: '' });
      expect(i.row<{ r: string }>('SELECT cancel_reason AS r FROM loops WHERE id = ?', c.loop.id)?.r).toBe(ERASED_MARK);
      expect(i.row<{ n: number }>(`SELECT count(*) AS n FROM activity WHERE summary LIKE '%OFFLINE%'`)?.n).toBe(0);
    }
    expect(alice.hash()).toBe(bob.hash());
    for (const text of [folderText(folder, alice), snapshotNow(alice), snapshotNow(bob)]) {
      expect(text).not.toContain('OFFLINE-');
      expect(text).not.toContain('555 0100');
    }

    // A later edit on a device that knows of the erasure keeps the marks too.
    const again = await alice.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
    await alice.call('candidates.update', { id: c.candidate.id, revision: again.revision, notes: 'AFTER-NOTE about her' });
    await settle(alice, bob);
    for (const i of [alice, bob]) expect(i.row(profile, c.candidate.id)).toEqual({ name: ERASED_CANDIDATE_NAME, email: '', phone: '', notes: '' });
    expect(alice.hash()).toBe(bob.hash());
    expect(folderText(folder, bob)).not.toContain('AFTER-NOTE');
  }, 240_000);

  it('the hiring manager, no admin, cancels the loop offline while an admin erases: their device’s marks are accepted everywhere and the devices converge', async () => {
    const { c, bob, alice } = await team();
    const cto = await joinAs(bob, root, 'cto', folder, c.cto.id);
    installs.push(cto);
    await settle(bob, alice, cto);
    await alice.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await alice.workspace.syncNow();
    const loop = cto.row<{ revision: number }>('SELECT revision FROM loops WHERE id = ?', c.loop.id);
    await cto.call('loops.transition', { id: c.loop.id, revision: loop?.revision, to: 'cancelled', reason: 'OFFLINE-CANCEL she took another offer' });
    await settle(cto, bob, alice, cto, bob, alice);

    for (const i of [alice, bob, cto]) {
      expect(i.row<{ r: string }>('SELECT cancel_reason AS r FROM loops WHERE id = ?', c.loop.id)?.r).toBe(ERASED_MARK);
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_quarantine')?.n).toBe(0);
    }
    expect(bob.hash()).toBe(cto.hash());
    expect(alice.hash()).toBe(cto.hash());
    expect(folderText(folder, bob)).not.toContain('OFFLINE-CANCEL');
  }, 240_000);

  it('an erasure turns every log line about the candidate into a plain mark (a cooldown’s reason with it); another candidate’s line it rewrites leaves sealed under that candidate’s key', async () => {
    const { c, bob, alice } = await team();
    const namesake = await bob.call<{ id: string }>('candidates.create', { name: 'Grace Hopper Quillfeather', email: 'gq@example.com' });
    const { revision } = await bob.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
    await bob.call('candidates.update', { id: c.candidate.id, revision, cooldownUntil: '2027-06-01', cooldownReason: 'COOLDOWN-SECRET recovering from surgery' });
    await settle(bob, alice);
    expect(folderText(folder, bob)).not.toContain('COOLDOWN-SECRET');

    await bob.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await settle(bob, alice);
    for (const i of [bob, alice]) {
      const about = i.row<{ n: number; marked: number }>(
        `SELECT count(*) AS n, sum(summary = ?) AS marked FROM activity WHERE entity_id = ? AND method <> 'privacy.eraseCandidate'`,
        ERASED_MARK,
        c.candidate.id,
      );
      expect(about?.n).toBeGreaterThan(1);
      expect(about?.marked).toBe(about?.n);
      expect(i.row<{ summary: string }>(`SELECT summary FROM activity WHERE entity_id = ? AND method = 'candidates.create'`, namesake.id)?.summary).toBe(`Added candidate ${ERASED_MARK} Quillfeather`);
    }
    const teamText = folderText(folder, bob);
    expect(teamText).not.toContain('COOLDOWN-SECRET');
    expect(teamText).not.toContain('Quillfeather');
    // The rewritten line is in the folder, sealed: a holder of that candidate's key reads it.
    expect(folderText(folder, bob, keysHeld(bob))).toContain(`Added candidate ${ERASED_MARK} Quillfeather`);
  }, 240_000);
  it('an erasure by a device that cannot read a feedback still reaches that feedback on its author’s device', async () => {
    const { c, bob, alice } = await team();
    // Bob's (the founder's) feedback on Grace: Alice's device, the admin's, is no participant and holds it sealed.
    const feedback = await bob.call<{ id: string }>('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(bob, alice);
    const evidence = (i: Install) => {
      const db = new Database(join(i.dir, DATABASE_FILE_NAME), { readonly: true });
      try {
        return (db.prepare('SELECT situation, action FROM feedback_ratings WHERE feedback_id = ?').all(feedback.id) as { situation: string; action: string }[])
          .flatMap((r) => [r.situation, r.action])
          .filter((text) => text && text !== ERASED_MARK);
      } finally {
        db.close();
      }
    };
    expect(evidence(bob).length).toBeGreaterThan(0);
    expect(evidence(alice)).toEqual([]);

    await alice.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await settle(alice, bob);
    // The erasure Alice's device wrote carries none of that text (it never held it): Bob's device erases it on applying.
    expect(evidence(bob)).toEqual([]);
    expect(await bob.status()).toMatchObject({ quarantined: 0 });
  }, 240_000);
});
