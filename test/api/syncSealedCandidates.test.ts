import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../core/api/contract/activity';
import type { Candidate, CandidatePage } from '../../core/api/contract/candidates';
import type { LoopDetail, LoopSummary } from '../../core/api/contract/loops';
import { ERASED_CANDIDATE_NAME } from '../../core/api/contract/privacy';
import { grantNames, holdBackGrants } from '../support/syncFolderText';
import { founderAndAdmin, settle, syncTestSpace } from '../support/syncInstalls';

/*
 * A device holding a candidate blind (their row came, the key sealing their personal data not yet): its reads say
 * so instead of showing a blank name, and its admin can still erase them, confirming with the id.
 */

let root: string;
let folder: string;
const installs = syncTestSpace('principled-sealedcand-', (made) => ({ root, folder } = made));


/** Bob's device (the founder's) adds Ada with a loop; Alice's (the admin's) has the batch but not the grant yet. */
async function adaHeldBlind() {
  const { c, bob, alice } = await founderAndAdmin(root, folder, installs);
  const before = grantNames(folder, alice);
  const ada = await bob.call<{ id: string }>('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' });
  const loop = await bob.call<{ id: string }>('loops.create', { candidateId: ada.id, roleId: c.role.id });
  await bob.workspace.syncNow();
  const putBack = holdBackGrants(root, folder, alice, before);
  await alice.workspace.syncNow();
  return { c, bob, alice, ada, loop, putBack };
}

describe('a candidate held blind', () => {
  it('is flagged sealed in the candidate list, the candidate, the loop and the loops list until the key arrives, then not', async () => {
    const { bob, alice, ada, loop, putBack } = await adaHeldBlind();

    const listed = (await alice.call<CandidatePage>('candidates.list', {})).items.find((x) => x.id === ada.id);
    expect(listed).toMatchObject({ name: '', sealed: true });
    expect(await alice.call<Candidate>('candidates.get', { id: ada.id })).toMatchObject({ name: '', sealed: true });
    expect((await alice.call<LoopDetail>('loops.get', { id: loop.id })).candidate.sealed).toBe(true);
    const summary = (await alice.call<LoopSummary[]>('loops.list', {})).find((l) => l.id === loop.id);
    expect(summary).toMatchObject({ candidateName: '', candidateSealed: true });
    // The device that wrote her reads her in full, unflagged.
    expect((await bob.call<Candidate>('candidates.get', { id: ada.id })).sealed).toBeUndefined();

    putBack();
    await settle(alice);
    const opened = await alice.call<Candidate>('candidates.get', { id: ada.id });
    expect(opened.name).toBe('Ada Lovelace');
    expect(opened.sealed).toBeUndefined();
    expect((await alice.call<CandidatePage>('candidates.list', {})).items.find((x) => x.id === ada.id)?.sealed).toBeUndefined();
    expect((await alice.call<LoopSummary[]>('loops.list', {})).find((l) => l.id === loop.id)?.candidateSealed).toBeUndefined();
  }, 240_000);

  it('is erased on the blind device by typing the id (a blank or the name is refused naming confirmName), and the erasure reaches the other device', async () => {
    const { bob, alice, ada, putBack } = await adaHeldBlind();

    for (const confirmName of [' ', 'Ada Lovelace', `${ada.id}x`]) {
      const refused = await alice.api.call('privacy.eraseCandidate', { id: ada.id, confirmName });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('VALIDATION');
        expect(JSON.stringify(refused.error)).toContain('confirmName');
      }
    }
    expect(alice.row<{ n: number }>('SELECT count(*) AS n FROM erased_candidates WHERE id = ?', ada.id)?.n).toBe(0);

    const erased = await alice.call<{ candidate: Candidate }>('privacy.eraseCandidate', { id: ada.id, confirmName: ada.id });
    expect(erased.candidate.name).toBe(ERASED_CANDIDATE_NAME);
    expect(erased.candidate.sealed).toBeUndefined();

    // The grant arriving late gives nothing back; Bob's device applies the erasure.
    putBack();
    await settle(alice, bob, alice);
    for (const i of [alice, bob]) {
      expect(i.row<{ name: string; email: string }>('SELECT name, email FROM candidates WHERE id = ?', ada.id)).toEqual({ name: ERASED_CANDIDATE_NAME, email: '' });
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM erased_candidates WHERE id = ?', ada.id)?.n).toBe(1);
      expect(i.row<{ n: number }>('SELECT count(*) AS n FROM sync_candidate_keys WHERE candidate_id = ?', ada.id)?.n).toBe(0);
    }
  }, 240_000);

  it('a candidate whose name is readable still needs the name typed, not the id', async () => {
    const { bob, ada } = await adaHeldBlind();
    const refused = await bob.api.call('privacy.eraseCandidate', { id: ada.id, confirmName: ada.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(JSON.stringify(refused.error)).toContain('confirmName');
    await bob.call('privacy.eraseCandidate', { id: ada.id, confirmName: 'Ada Lovelace' });
  }, 240_000);

  it('refuses a profile change on the blind device (a name typed into the blank field would replace hers everywhere), naming the fields', async () => {
    const { bob, alice, ada, putBack } = await adaHeldBlind();
    const blind = await alice.call<Candidate>('candidates.get', { id: ada.id });
    // What the editor used to send: the whole profile as the form holds it, a name typed to be allowed to save.
    const refused = await alice.api.call('candidates.update', {
      id: ada.id,
      revision: blind.revision,
      name: 'someone',
      email: '',
      phone: '',
      source: '',
      links: [],
      notes: '',
      status: 'withdrawn',
      cooldownUntil: null,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.message).toMatch(/not readable on this device yet/);
      expect(refused.error.issues?.map((i) => i.path)).toEqual(['name', 'email', 'phone', 'source', 'links', 'notes']);
    }
    // One personal field alone is refused too: a blank here is not her value.
    const notes = await alice.api.call('candidates.update', { id: ada.id, revision: blind.revision, notes: 'met at a meetup' });
    expect(notes.ok ? null : notes.error.code).toBe('CONFLICT');
    expect((await alice.call<Candidate>('candidates.get', { id: ada.id })).revision).toBe(blind.revision);

    putBack();
    await settle(alice, bob, alice, bob);
    for (const i of [alice, bob]) expect(i.row<{ name: string; status: string }>('SELECT name, status FROM candidates WHERE id = ?', ada.id)).toEqual({ name: 'Ada Lovelace', status: 'active' });
  }, 240_000);

  it('takes a status edit on the blind device, keeps her name everywhere, and words her in its log lines instead of leaving a gap', async () => {
    const { c, bob, alice, ada, putBack } = await adaHeldBlind();
    const blind = await alice.call<Candidate>('candidates.get', { id: ada.id });
    await alice.call('candidates.update', { id: ada.id, revision: blind.revision, status: 'withdrawn' });
    const loop = await alice.call<{ id: string }>('loops.create', { candidateId: ada.id, roleId: c.role.id });
    const words = `a candidate whose name is not readable here yet (id ${ada.id})`;
    const edited = (entries: ActivityEntry[]) => entries.find((e) => e.summary.startsWith('Edited status'))?.summary;
    expect(edited(await alice.call<ActivityEntry[]>('activity.list', { entityId: ada.id }))).toBe(`Edited status of ${words}`);
    expect((await alice.call<ActivityEntry[]>('activity.list', { entityId: loop.id })).map((e) => e.summary)).toContain(`Created a loop for ${words} (${c.role.title})`);

    putBack();
    await settle(alice, bob, alice, bob);
    for (const i of [alice, bob]) expect(i.row<{ name: string; status: string }>('SELECT name, status FROM candidates WHERE id = ?', ada.id)).toEqual({ name: 'Ada Lovelace', status: 'withdrawn' });
    expect(edited(await bob.call<ActivityEntry[]>('activity.list', { entityId: ada.id }))).toBe(`Edited status of ${words}`);
  }, 240_000);
});
