import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../core/server/sync/batchFile';
import { passphraseProtector, readDeviceConfig, readSecrets, type DeviceSecrets } from '../../core/server/sync/deviceStore';
import { teamView } from '../../core/server/sync/team';
import { joinAs, PASSPHRASE, settle, type Install, syncTestSpace, foundedTeam } from '../support/syncInstalls';

// A revote changes its author's vote and says why (docs/sync.md, "Per-feedback keys", "Revotes"): it leaves its
// device sealed under the key of that feedback, so a device blind to the feedback holds it sealed.
const NOTE = 'Alice changed her mind after hearing the on-call story twice';
const REASON = 'Alice wrote in the loop channel that she is unreachable this week';

let root: string;
let folder: string;
const installs = syncTestSpace('principled-revotes-', (made) => ({ root, folder } = made));

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

const rawText = (dir: string) => filesUnder(dir).map((p) => readFileSync(p).toString('latin1')).join('\n');

/** Each batch and snapshot of the folder decoded with every key one device holds. */
function decodedFolder(i: Install): { rel: string; text: string }[] {
  const config = readDeviceConfig(i.dir);
  if (!config) throw new Error('not in a team');
  const secrets = readSecrets(i.dir, passphraseProtector(PASSPHRASE)) as DeviceSecrets;
  const team = teamView(config);
  return filesUnder(folder).flatMap((path) => {
    const rel = path.slice(folder.length + 1);
    if (!rel.startsWith('log/') && !rel.startsWith('snapshots/')) return [];
    const decoded = decodeEnvelope(rel, readFileSync(path), { teamId: config.teamId, signingKeyFor: (id) => team.devices.get(id)?.record.signing, keyFor: (id) => secrets.keys[id] });
    expect(decoded.ok, `${rel} decodes with the team key`).toBe(true);
    return decoded.ok ? [{ rel, text: JSON.stringify(decoded.value.sections) }] : [];
  });
}

const revoteOf = (i: Install, loopId: string) =>
  i.row<{ fromVote: string; toVote: string; note: string }>('SELECT from_vote AS fromVote, to_vote AS toVote, note FROM revotes WHERE loop_id = ?', loopId);

describe('revotes are sealed under their feedback’s key', () => {
  it('a device blind to the feedback holds the revote sealed (not in its database, nor in the folder decoded with its keys, nor in a snapshot); early access opens it; a device bootstrapped from a snapshot gets it once granted', async () => {
    const { c, bob } = await foundedTeam(root, folder, installs);
    const alice = await joinAs(bob, root, 'alice', folder, c.eng.id);
    const hm = await joinAs(bob, root, 'hm', folder, c.cto.id);
    const admin = await joinAs(bob, root, 'admin', folder, c.admin.id);
    installs.push(alice, hm, admin);
    const feedback = await alice.call<{ id: string }>('feedback.submit', { ...c.complete(c.slotOf(c.eng.id), 'strong_hire', 4), authorId: c.eng.id });
    await bob.call('feedback.submit', { ...c.complete(c.slotOf(c.ceo.id), 'inclined', 3), authorId: c.ceo.id });
    await settle(alice, bob, hm, admin);
    await hm.call('debrief.open', { loopId: c.loop.id });
    await settle(hm, alice);
    await alice.call('debrief.revote', { loopId: c.loop.id, vote: 'strong_no_hire', note: NOTE });
    await settle(alice, bob, hm, admin);

    // Those who may read Alice's feedback have the revote; the admin's device (no early access) knows that she
    // re-voted (the routing: who, which loop, when) and holds the votes and note sealed.
    for (const reader of [bob, hm]) expect(revoteOf(reader, c.loop.id)).toEqual({ fromVote: 'strong_hire', toVote: 'strong_no_hire', note: NOTE });
    expect(revoteOf(admin, c.loop.id)).toEqual({ fromVote: '', toVote: '', note: '' });
    expect(admin.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed WHERE feedback_id = ?', feedback.id)?.n).toBe(2);
    expect(rawText(admin.dir)).not.toContain(NOTE);
    expect(rawText(folder)).not.toContain(NOTE);
    const readable = decodedFolder(admin).map((f) => f.text).join('\n');
    expect(readable).not.toContain(NOTE);
    expect(readable).not.toContain('strong_no_hire');

    // Bob's device writes until it snapshots: the revote is in it only sealed.
    for (let n = 0; n < 11; n++) {
      const { revision } = await bob.call<{ revision: number }>('candidates.get', { id: c.candidate.id });
      await bob.call('candidates.update', { id: c.candidate.id, revision, notes: `note ${n}` });
      await bob.workspace.syncNow();
    }
    await settle(bob, hm, admin);
    const bobId = readDeviceConfig(bob.dir)?.deviceId ?? '';
    const snapshot = decodedFolder(admin).filter((f) => f.rel.startsWith(`snapshots/${bobId}/`)).at(-1);
    if (!snapshot) throw new Error('Bob’s device wrote no snapshot');
    expect(snapshot.text).not.toContain(NOTE);
    expect(snapshot.text).not.toContain('strong_no_hire');
    const sealedItems = (JSON.parse(snapshot.text) as { payload: { part?: string; items?: [string, string, string, number, string][] } }[]).flatMap((s) =>
      s.payload.part === 'sealed' ? (s.payload.items ?? []) : [],
    );
    // Alice's feedback content and her revote, each sealed under her feedback's key.
    expect(sealedItems.filter(([id, , , , author]) => id === feedback.id && author === c.eng.id)).toHaveLength(2);

    // A second device of the hiring manager bootstraps and is granted the key: the revote comes with it.
    const hm2 = await joinAs(bob, root, 'hm2', folder, c.cto.id);
    installs.push(hm2);
    await settle(bob, hm, hm2);
    expect(revoteOf(hm2, c.loop.id)?.note).toBe(NOTE);
    expect(hm2.hash()).toBe(hm.hash());

    // Early access with a reason grants the admin the key: the revote it held sealed is applied.
    await admin.call('feedback.recordView', { loopId: c.loop.id, earlyAccessReason: REASON });
    await settle(admin, alice, bob, hm);
    expect(revoteOf(admin, c.loop.id)).toEqual({ fromVote: 'strong_hire', toVote: 'strong_no_hire', note: NOTE });
    expect(admin.row<{ n: number }>('SELECT count(*) AS n FROM sync_sealed')?.n).toBe(0);
    expect(admin.hash()).toBe(bob.hash());
    for (const i of [bob, alice, hm, hm2, admin]) expect(await i.status()).toMatchObject({ quarantined: 0 });
  }, 240_000);
});

