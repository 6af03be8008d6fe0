import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERASED_CANDIDATE_NAME } from '../../core/api/contract/privacy';
import { filesUnder, folderText, forgedGrant, grantNames, holdBackGrants, keysHeld, readFolder } from '../support/syncFolderText';
import { joinAs, settle, type Install, syncTestSpace, founderAndAdmin } from '../support/syncInstalls';

const ADA = { name: 'Ada Lovelace', email: 'ada.lovelace@example.com', phone: '+44 20 7946 0958', notes: 'Prefers to start after the analytical engine demo' };
const GRACE = { name: 'Grace Hopper', email: 'grace@example.com' };
const EVIDENCE = 'Grace-only evidence: she found the moth in relay 70 of panel F';
const CANCEL = 'Ada asked to pause: her notes on the engine are due first';

let root: string;
let folder: string;
const installs = syncTestSpace('principled-candkeys-', (made) => ({ root, folder } = made));

const rawFolder = () => filesUnder(folder).map((p) => readFileSync(p).toString('latin1')).join('\n');

interface Person {
  name: string;
  email: string;
  duplicate_of: string | null;
}
const personOf = (i: Install, id: string) => i.row<Person>('SELECT name, email, duplicate_of FROM candidates WHERE id = ?', id);


const team = () => founderAndAdmin(root, folder, installs);

describe('per-candidate keys', () => {
  it('no candidate’s name, email or notes in any batch or snapshot decoded with the team key; a device holds the row blind until granted, then the profile; an email clash found on opening is settled as uniqueMerge settles one', async () => {
    const { c, bob, alice } = await team();
    const before = grantNames(folder, alice);

    const ada = await bob.call<{ id: string; revision: number }>('candidates.create', { name: ADA.name, email: ADA.email, phone: ADA.phone });
    await bob.call('candidates.update', { id: ada.id, revision: ada.revision, notes: ADA.notes });
    const loop = await bob.call<{ id: string; revision: number }>('loops.create', { candidateId: ada.id, roleId: c.role.id });
    await bob.call('loops.transition', { id: loop.id, revision: loop.revision, to: 'cancelled', reason: CANCEL });
    await bob.workspace.syncNow();

    // Alice's engine has brought the batch but not yet the grant: she holds Ada's row with its routing only.
    const putBack = holdBackGrants(root, folder, alice, before);
    await alice.workspace.syncNow();
    expect(personOf(alice, ada.id)).toEqual({ name: '', email: '', duplicate_of: null });
    expect(alice.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed WHERE candidate_id = ?', ada.id)?.n).toBeGreaterThan(0);
    expect(alice.row<{ summary: string }>(`SELECT summary FROM activity WHERE entity_id = ? AND method = 'candidates.create'`, ada.id)?.summary).toBe('');
    // Any member's device can sign a grant: one naming Ada's key id with another key is refused, and keeps nothing.
    const sealedUnder = alice.row<{ keyId: string }>('SELECT key_id AS keyId FROM sync_candidate_sealed WHERE candidate_id = ?', ada.id);
    forgedGrant(folder, bob, alice, ada.id, sealedUnder?.keyId ?? '');
    await alice.workspace.syncNow();
    expect((await alice.status()).details.join('\n')).toMatch(/key grant .* was refused: its key does not open the candidate/);
    expect(alice.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_keys WHERE candidate_id = ?', ada.id)?.n).toBe(0);
    expect(personOf(alice, ada.id)?.name).toBe('');
    // Meanwhile she adds the same person (the same email), which her device cannot see is taken.
    const hers = await alice.call<{ id: string }>('candidates.create', { name: 'A. Lovelace', email: ADA.email });
    await alice.workspace.syncNow();

    putBack();
    await settle(alice, bob, alice);

    // Bob's was first: it keeps the email, Alice's is flagged its duplicate, on both devices alike.
    for (const i of [alice, bob]) {
      expect(personOf(i, ada.id)).toEqual({ name: ADA.name, email: ADA.email, duplicate_of: null });
      expect(personOf(i, hers.id)).toEqual({ name: 'A. Lovelace', email: ADA.email, duplicate_of: ada.id });
      expect(i.row<{ phone: string; notes: string }>('SELECT phone, notes FROM candidates WHERE id = ?', ada.id)).toEqual({ phone: ADA.phone, notes: ADA.notes });
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n).toBe(0);
      expect(await i.status()).toMatchObject({ quarantined: 0 });
    }
    expect(alice.row<{ summary: string }>(`SELECT summary FROM activity WHERE entity_id = ? AND method = 'candidates.create'`, ada.id)?.summary).toContain(ADA.name);
    // Search finds the profile once it is here.
    expect(alice.row<{ n: number }>(`SELECT count(*) AS n FROM candidates_fts WHERE candidates_fts MATCH 'Lovelace'`)?.n).toBe(2);
    expect(alice.row<{ reason: string }>('SELECT cancel_reason AS reason FROM loops WHERE id = ?', loop.id)?.reason).toBe(CANCEL);
    expect(alice.hash()).toBe(bob.hash());

    // Bob writes until he snapshots (every 10 files): the first snapshot (made with the team) and his later one.
    for (let n = 0; n < 11; n++) {
      const { revision } = await bob.call<{ revision: number }>('candidates.get', { id: ada.id });
      await bob.call('candidates.update', { id: ada.id, revision, source: `referral ${n}` });
      await bob.workspace.syncNow();
    }
    await settle(bob, alice);
    const { text, snapshots, batches } = readFolder(folder, bob);
    expect(snapshots).toBeGreaterThanOrEqual(2);
    expect(batches).toBeGreaterThan(0);
    for (const secret of [ADA.name, 'Lovelace', ADA.email, ADA.phone, ADA.notes, CANCEL, GRACE.name, GRACE.email]) {
      expect(text).not.toContain(secret);
      expect(rawFolder()).not.toContain(secret);
    }
    // The sealed items are there, under each candidate's purpose.
    expect(text).toContain(`candidate:${ada.id}`);
    expect(text).toContain(`candidate:${c.candidate.id}`);
    // With the keys, the same files do hold the profile: it is sealed, not missing.
    expect(folderText(folder, bob, keysHeld(bob))).toContain(ADA.email);

    // A new device bootstraps from Bob's newest snapshot and reads every profile once granted.
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    installs.push(hm);
    await settle(bob, hm);
    expect(personOf(hm, ada.id)).toEqual({ name: ADA.name, email: ADA.email, duplicate_of: null });
    expect(personOf(hm, c.candidate.id)).toEqual({ name: GRACE.name, email: GRACE.email, duplicate_of: null });
    expect(hm.row<{ source: string }>('SELECT source FROM candidates WHERE id = ?', ada.id)?.source).toBe('referral 10');
    expect(hm.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed')?.n).toBe(0);
    expect(hm.hash()).toBe(bob.hash());
    expect(await hm.status()).toMatchObject({ quarantined: 0 });
  }, 240_000);

  it('an erasure destroys the candidate’s key on every device, one offline at the time included: the old batches and snapshots, opened with every key any device still holds, show nothing of them', async () => {
    const { c, bob, alice } = await team();
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    installs.push(hm);
    const evidence = { ...c.evidence, action: EVIDENCE };
    await bob.call('feedback.submit', {
      ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3),
      authorId: c.ceo.id,
      ratings: c.slotOf(c.ceo.id).map((principleId) => ({ principleId, rating: 3, evidence })),
    });
    const { revision } = await bob.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
    await bob.call('candidates.update', { id: c.candidate.id, revision, notes: 'Grace keeps a nanosecond of wire on her desk' });
    await settle(bob, alice, hm);
    for (const i of [bob, alice, hm]) {
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_keys WHERE candidate_id = ?', c.candidate.id)?.n).toBeGreaterThan(0);
      expect(personOf(i, c.candidate.id)?.name).toBe(GRACE.name);
    }
    // With the keys held now, the folder does hold her: the erasure is what makes it unreadable.
    expect(folderText(folder, hm, keysHeld(hm))).toContain(GRACE.email);
    expect(folderText(folder, hm, keysHeld(hm))).toContain(EVIDENCE);

    // The hiring manager's laptop is off while Bob erases her.
    await bob.call('privacy.eraseCandidate', { id: c.candidate.id, confirmName: GRACE.name });
    await settle(bob, alice);
    for (const i of [bob, alice]) {
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_keys WHERE candidate_id = ?', c.candidate.id)?.n).toBe(0);
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_grants_done g JOIN sync_candidate_keys k USING (key_id) WHERE k.candidate_id = ?', c.candidate.id)?.n).toBe(0);
      expect(personOf(i, c.candidate.id)?.name).toBe(ERASED_CANDIDATE_NAME);
      const everything = folderText(folder, i, keysHeld(i));
      for (const secret of [GRACE.name, GRACE.email, EVIDENCE, 'nanosecond']) expect(everything).not.toContain(secret);
    }

    // Back online, it applies the erasure and destroys its copy of the key.
    await settle(hm, bob, alice);
    expect(hm.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_keys WHERE candidate_id = ?', c.candidate.id)?.n).toBe(0);
    expect(hm.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_sealed WHERE candidate_id = ?', c.candidate.id)?.n).toBe(0);
    expect(personOf(hm, c.candidate.id)?.name).toBe(ERASED_CANDIDATE_NAME);
    const all = new Map([...keysHeld(bob), ...keysHeld(alice), ...keysHeld(hm)]);
    const everything = folderText(folder, hm, all);
    for (const secret of [GRACE.name, GRACE.email, EVIDENCE, 'nanosecond']) expect(everything).not.toContain(secret);
    // The erasure's own marks travel readable, so every device applies them.
    expect(everything).toContain(ERASED_CANDIDATE_NAME);
    expect(hm.hash()).toBe(bob.hash());
    for (const i of [bob, alice, hm]) expect(await i.status()).toMatchObject({ quarantined: 0 });
  }, 240_000);
});
