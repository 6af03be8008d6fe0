import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import type { ServerEvent } from '../../core/api/contract/events';
import type { SyncStatus } from '../../core/api/contract/sync';
import { STIGNORE_RULE } from '../../core/server/sync/engineIgnores';
import { stateHash } from '../../core/server/sync/stateHash';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { DATABASE_FILE_NAME } from '../../db/open';
import { failure, interviewingLoop, value } from '../support/company';
import { syncTestSpace } from '../support/syncInstalls';

const PASSPHRASE = 'correct horse battery';

interface Install {
  dir: string;
  workspace: Workspace;
  api: ApiClient;
  events: ServerEvent[];
  call<T>(method: string, input: unknown): Promise<T>;
  hash(): string;
  row<T>(sql: string, ...args: unknown[]): T | undefined;
  status(): Promise<SyncStatus>;
}

let root: string;
let folder: string;
const installs = syncTestSpace<Install>('principled-sync-team-', (made) => ({ root, folder } = made));

function install(name: string): Install {
  const dir = join(root, name);
  mkdirSync(dir);
  const workspace = openWorkspace(dir, { sync: { auto: false }, onInternalError: (m, e) => console.error(m, e) });
  const api = inProcessClient(workspace);
  const events: ServerEvent[] = [];
  workspace.subscribe((e) => events.push(e));
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const i: Install = {
    dir,
    workspace,
    api,
    events,
    call: async <T>(method: string, input: unknown) => value(await api.call(method as never, input as never)) as T,
    hash: () => read((db) => stateHash(db as never)),
    row: <T>(sql: string, ...args: unknown[]) => read((db) => db.prepare(sql).get(...args) as T | undefined),
    status: async () => value(await api.call('sync.status', {})) as SyncStatus,
  };
  installs.push(i);
  return i;
}

/** Every install exports and imports until nothing changes (a change may need a second round to come back). */
async function settle(...all: Install[]): Promise<void> {
  for (let round = 0; round < 3; round++) for (const i of all) await i.workspace.syncNow();
}

type Company = Awaited<ReturnType<typeof interviewingLoop>>;

/** A founder with the test company makes a team; each other install joins as the given member and is confirmed. */
async function team(...members: ((c: Company) => string)[]) {
  return teamAfter(async () => {}, ...members);
}

/** As `team`, with `setup` run on the founder's workspace while it is still solo (anyone can be "me" there). */
async function teamAfter(setup: (c: Company, founder: Install) => Promise<void>, ...members: ((c: Company) => string)[]) {
  const founder = install('founder');
  const c = await interviewingLoop(founder.api);
  await setup(c, founder);
  await founder.call('settings.setMe', { memberId: c.ceo.id });
  const made = await founder.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  const others: Install[] = [];
  for (const [n, pick] of members.entries()) {
    const other = install(`member${n}`);
    const { invitation } = await founder.call<{ invitation: string }>('sync.invite', { memberId: pick(c) });
    const joined = await other.call<SyncStatus>('sync.join', { folder, invitation, deviceName: `laptop${n}`, passphrase: PASSPHRASE });
    await founder.workspace.syncNow();
    await founder.call('sync.confirmDevice', { deviceId: joined.deviceId });
    await settle(founder, other);
    others.push(other);
  }
  await settle(founder, ...others);
  return { founder, others, c, made };
}

const candidateNotes = (i: Install, id: string) => i.row<{ notes: string; phone: string }>('SELECT notes, phone FROM candidates WHERE id = ?', id);

describe('a team through a shared folder', () => {
  it('founder makes a team, invites, the member joins and is confirmed, and bootstraps from the founder’s history', async () => {
    const founder = install('founder');
    const c = await interviewingLoop(founder.api);
    const made = await founder.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
    expect(made).toMatchObject({ mode: 'team', state: 'in sync' });
    expect(readdirSync(join(folder, 'snapshots'))).toEqual([made.deviceId]);

    const { invitation } = await founder.call<{ invitation: string }>('sync.invite', { memberId: c.cto.id });
    const member = install('member');
    const joined = await member.call<SyncStatus>('sync.join', { folder, invitation, deviceName: 'laptop', passphrase: PASSPHRASE });
    expect(joined).toMatchObject({ state: 'waiting', summary: 'Waiting for an admin to confirm this device' });
    // Until its data arrives the new device writes nothing.
    expect(failure(await member.api.call('workspace.start', { starter: false })).code).toBe('FORBIDDEN');

    await founder.workspace.syncNow();
    const pending = (await founder.status()).devices.find((d) => d.deviceId === joined.deviceId);
    expect(pending).toMatchObject({ ownerName: 'Cto', name: 'laptop', state: 'waiting for confirmation' });
    await founder.call('sync.confirmDevice', { deviceId: joined.deviceId });
    await settle(founder, member);

    expect(member.row<{ name: string }>('SELECT name FROM candidates WHERE id = ?', c.candidate.id)?.name).toBe('Grace Hopper');
    expect(member.row<{ value: string }>(`SELECT value FROM settings WHERE key = 'me'`)?.value).toBe(c.cto.id);
    expect(member.hash()).toBe(founder.hash());
    const status = await founder.status();
    expect(status.state).toBe('in sync');
    expect(status.devices.map((d) => [d.ownerName, d.state]).sort()).toEqual([
      ['Ceo', 'this device'],
      ['Cto', 'confirmed'],
    ]);
    expect(status.devices.find((d) => d.deviceId === joined.deviceId)?.lastSeen).not.toBeNull();
  });

  it('a backup and an export logged on one device stay in its own log, and the state hashes still agree', async () => {
    const { founder, others } = await team((c) => c.cto.id);
    const [member] = others as [Install];
    await founder.call('backups.create', {});
    await founder.call('transfer.exportWorkspace', {});
    await settle(founder, member);
    expect(founder.row<{ n: number }>(`SELECT count(*) AS n FROM activity WHERE method IN ('backups.create', 'transfer.exportWorkspace')`)?.n).toBe(2);
    expect(member.row<{ n: number }>(`SELECT count(*) AS n FROM activity WHERE method IN ('backups.create', 'transfer.exportWorkspace')`)?.n).toBe(0);
    expect(member.hash()).toBe(founder.hash());
  });

  it('rows imported from a file on one device reach the others, and a workspace export cannot replace a team’s data', async () => {
    const { founder, others } = await team((c) => c.cto.id);
    const [member] = others as [Install];
    const content = 'name,email\nAda Imported,ada.imported@example.com\nBo Imported,bo.imported@example.com\n';
    await founder.call('transfer.import', { kind: 'candidates', format: 'csv', content, mode: 'all-or-nothing' });
    await settle(founder, member);
    expect(member.row<{ n: number }>(`SELECT count(*) AS n FROM candidates WHERE name LIKE '% Imported'`)?.n).toBe(2);
    expect(member.row<{ n: number }>('SELECT count(*) AS n FROM sync_quarantine')?.n).toBe(0);
    expect(member.hash()).toBe(founder.hash());
    const refused = failure(await founder.api.call('transfer.importWorkspace', { json: '{}' }));
    expect([refused.code, refused.message]).toEqual(['CONFLICT', "A team's workspace takes its data from the team folder, not from an export file."]);
  });

  it('makeTeam and join write Syncthing’s ignore rule for the files layer’s temporaries, keeping the user’s own rules', async () => {
    const stignore = join(folder, '.stignore');
    writeFileSync(stignore, '// mine\n*.bak');
    const founder = install('founder');
    const c = await interviewingLoop(founder.api);
    await founder.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
    expect(readFileSync(stignore, 'utf8')).toBe(`// mine\n*.bak\n${STIGNORE_RULE}\n`);
    // Syncthing never carries .stignore: a member's copy of the folder arrives without it.
    rmSync(stignore);
    const { invitation } = await founder.call<{ invitation: string }>('sync.invite', { memberId: c.cto.id });
    await install('member').call('sync.join', { folder, invitation, deviceName: 'laptop', passphrase: PASSPHRASE });
    expect(readFileSync(stignore, 'utf8')).toBe(`${STIGNORE_RULE}\n`);
  });

  it('a change on one device appears on the other after an export and import, announced as data.changed', async () => {
    const { founder, others, c } = await team((c) => c.cto.id);
    const [member] = others as [Install];
    const before = member.events.length;
    const { revision } = (await founder.call<{ revision: number }>('candidates.get', { id: c.candidate.id }));
    await founder.call('candidates.update', { id: c.candidate.id, revision, notes: 'Strong systems background' });
    await founder.workspace.syncNow();
    expect(candidateNotes(member, c.candidate.id)?.notes).not.toBe('Strong systems background');
    await member.workspace.syncNow();
    expect(candidateNotes(member, c.candidate.id)?.notes).toBe('Strong systems background');
    expect(member.events.slice(before).some((e) => e.name === 'data.changed' && e.payload.method === 'sync.import')).toBe(true);
    expect((await member.status()).devices.find((d) => d.ownerName === 'Ceo')?.lastApplied).toBeGreaterThan(0);
  });

  it('both edit offline, then converge to the same state hash (three devices)', async () => {
    const { founder, others, c } = await team((c) => c.cto.id, (c) => c.admin.id);
    const [cto, adm] = others as [Install, Install];
    const rev = async (i: Install) => (await i.call<{ revision: number }>('candidates.get', { id: c.candidate.id })).revision;
    await founder.call('candidates.update', { id: c.candidate.id, revision: await rev(founder), notes: 'from the founder' });
    await cto.call('candidates.update', { id: c.candidate.id, revision: await rev(cto), phone: '+44 20 7946 0000', notes: 'from the cto (later)' });
    await adm.call('principles.create', { name: 'Frugality', summary: 'Does more with less' });
    expect(founder.hash()).not.toBe(cto.hash());
    await settle(founder, cto, adm);
    expect(candidateNotes(founder, c.candidate.id)).toEqual({ notes: 'from the cto (later)', phone: '+44 20 7946 0000' });
    expect(founder.row<{ n: number }>(`SELECT count(*) AS n FROM principles WHERE name = 'Frugality'`)?.n).toBe(1);
    expect(cto.hash()).toBe(founder.hash());
    expect(adm.hash()).toBe(founder.hash());
    for (const i of [founder, cto, adm]) expect(await i.status()).toMatchObject({ state: 'in sync', quarantined: 0 });
  });

  it('the hiring manager decides offline while an interviewer submits offline: after merging, every device flags the late feedback and the decision excludes it', async () => {
    let ceoFeedback = '';
    const { founder, others, c } = await teamAfter(
      async (c, solo) => {
        await c.as(c.ceo.id);
        ceoFeedback = (await solo.call<{ id: string }>('feedback.submit', c.complete(c.slotOf(c.ceo.id), 'inclined', 3))).id;
        await c.as(c.sales.id);
        await solo.call('debrief.open', { loopId: c.loop.id, earlyReason: 'Eng is travelling' });
      },
      (c) => c.cto.id,
      (c) => c.eng.id,
    );
    const [cto, eng] = others as [Install, Install];
    // Neither device syncs in between: B decides, A submits.
    const decided = await cto.call<{ feedbackIds: string[] }>('decision.decide', { loopId: c.loop.id, decision: 'hire', rationale: 'Strong ownership' });
    expect(decided.feedbackIds).toEqual([ceoFeedback]);
    const late = await eng.call<{ id: string }>('feedback.submit', { ...c.complete(c.slotOf(c.eng.id), 'strong_hire', 4), authorId: c.eng.id });
    await settle(founder, cto, eng);
    const flag = { feedbackId: late.id, authorId: c.eng.id, version: 1, usedVersion: null, text: "Eng's feedback arrived after the decision and was not part of it." };
    for (const i of [founder, cto, eng]) {
      const debrief = await i.call<{ decision: { feedbackIds: string[] }; lateFeedback: unknown[] }>('debrief.get', { loopId: c.loop.id });
      expect(debrief.decision.feedbackIds).toEqual([ceoFeedback]);
      expect(debrief.lateFeedback).toEqual([flag]);
      expect(await i.status()).toMatchObject({ state: 'in sync', quarantined: 0 });
    }
    expect(cto.hash()).toBe(founder.hash());
    expect(eng.hash()).toBe(founder.hash());
  });

  it('refuses a relative folder (it would land wherever the app started), naming the field, with nothing made', async () => {
    const founder = install('founder');
    await interviewingLoop(founder.api);
    const error = failure(await founder.api.call('sync.makeTeam', { folder: 'team folder', passphrase: PASSPHRASE }));
    expect([error.code, error.issues?.[0]?.path]).toEqual(['VALIDATION', 'folder']);
    expect((await founder.status()).mode).toBe('solo');
  });

  it('"me" cannot be switched in a team', async () => {
    const { founder, others, c } = await team((c) => c.cto.id);
    for (const i of [founder, ...others]) {
      const error = failure(await i.api.call('settings.setMe', { memberId: c.eng.id }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('cannot be switched');
    }
  });

  it('a revoked device: its changes already in the folder are kept, later ones rejected on every device', async () => {
    const { founder, others, c } = await team((c) => c.cto.id, (c) => c.eng.id);
    const [cto, eng] = others as [Install, Install];
    const ask = (n: number) => ({ text: `Tell me about a time you took ownership of problem number ${n}.`, principleIds: [c.own.id] });
    await eng.call('questions.create', ask(101));
    await eng.workspace.syncNow();
    const engDevice = (await eng.status()).deviceId as string;
    await founder.call('sync.revokeDevice', { deviceId: engDevice });
    await eng.call('questions.create', ask(102));
    await settle(founder, cto, eng);
    for (const i of [founder, cto]) {
      expect(i.row<{ n: number }>(`SELECT count(*) AS n FROM questions WHERE text LIKE '%number 101.'`)?.n).toBe(1);
      expect(i.row<{ n: number }>(`SELECT count(*) AS n FROM questions WHERE text LIKE '%number 102.'`)?.n).toBe(0);
      expect((await i.status()).devices.find((d) => d.deviceId === engDevice)?.state).toBe('revoked');
    }
    expect(cto.hash()).toBe(founder.hash());
    expect((await eng.status()).state).toBe('problem');
  });

  it('revoking a device rotates the team key: later files use a key the revoked device never gets', async () => {
    const { founder, others, c } = await team((c) => c.cto.id, (c) => c.eng.id);
    const [cto, eng] = others as [Install, Install];
    const ask = (n: number) => ({ text: `Tell me about a time you took ownership of problem number ${n}.`, principleIds: [c.own.id] });
    const keyIdOf = (path: string) => readFileSync(path).subarray(56, 72).toString('hex');
    const logOf = (i: Install) => join(folder, 'log', (i.row<{ id: string }>('SELECT device_id AS id FROM sync_device')?.id ?? ''));
    const newest = (dir: string) => join(dir, readdirSync(dir).filter((n) => !n.startsWith('.')).sort().at(-1) ?? '');
    await cto.call('questions.create', ask(201));
    await settle(founder, cto, eng);
    const before = keyIdOf(newest(logOf(cto)));
    expect(eng.row<{ n: number }>(`SELECT count(*) AS n FROM questions WHERE text LIKE '%number 201.'`)?.n).toBe(1);

    await founder.call('sync.revokeDevice', { deviceId: (await eng.status()).deviceId });
    await founder.call('questions.create', ask(202));
    await settle(founder, cto, eng);
    await cto.call('questions.create', ask(203));
    await settle(founder, cto, eng);

    for (const writer of [founder, cto]) expect(keyIdOf(newest(logOf(writer)))).not.toBe(before);
    expect(keyIdOf(newest(logOf(cto)))).toBe(keyIdOf(newest(logOf(founder))));
    for (const n of [202, 203]) {
      expect(cto.row<{ n: number }>(`SELECT count(*) AS n FROM questions WHERE text LIKE '%number ${n}.'`)?.n).toBe(1);
      expect(founder.row<{ n: number }>(`SELECT count(*) AS n FROM questions WHERE text LIKE '%number ${n}.'`)?.n).toBe(1);
      expect(eng.row<{ n: number }>(`SELECT count(*) AS n FROM questions WHERE text LIKE '%number ${n}.'`)?.n).toBe(0);
    }
    expect((await eng.status()).details.join(' ')).toMatch(/waiting for the key to read/);
    expect(cto.hash()).toBe(founder.hash());
  });

  it('the importer rejects a batch file cut short at any offset or with a byte flipped, and applies it once whole', async () => {
    const { founder, others, c } = await team((c) => c.cto.id);
    const [member] = others as [Install];
    const rev = (await founder.call<{ revision: number }>('candidates.get', { id: c.candidate.id })).revision;
    await founder.call('candidates.update', { id: c.candidate.id, revision: rev, notes: 'arrives whole or not at all' });
    await founder.workspace.syncNow();
    const dir = join(folder, 'log', (await founder.status()).deviceId ?? '');
    const path = join(dir, readdirSync(dir).filter((n) => !n.startsWith('.')).sort().at(-1) ?? '');
    const whole = readFileSync(path);
    const applied = async () => (await member.status()).devices.find((d) => d.ownerName === 'Ceo')?.lastApplied ?? 0;
    const before = await applied();
    const untouched = () => expect(candidateNotes(member, c.candidate.id)?.notes).not.toBe('arrives whole or not at all');

    const damaged = fc.oneof(
      fc.integer({ min: 0, max: whole.length - 1 }).map((cut) => whole.subarray(0, cut)),
      fc.tuple(fc.integer({ min: 0, max: whole.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
        const flipped = Buffer.from(whole);
        flipped[at]! ^= mask;
        return flipped;
      }),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (bytes) => {
        writeFileSync(path, bytes);
        await member.workspace.syncNow();
        untouched();
        expect(await applied()).toBe(before);
        const status = await member.status();
        expect(status.state).not.toBe('in sync');
        expect([...status.details, status.summary].join(' ')).toMatch(/still arriving|not here yet|rejected/);
      }),
      { numRuns: 40, examples: [[whole.subarray(0, 0)], [whole.subarray(0, whole.length - 1)]] },
    );

    writeFileSync(path, whole);
    await member.workspace.syncNow();
    await member.workspace.syncNow();
    expect(candidateNotes(member, c.candidate.id)?.notes).toBe('arrives whole or not at all');
    expect(await applied()).toBe(before + 1);
    expect(member.hash()).toBe(founder.hash());
    expect(await member.status()).toMatchObject({ state: 'in sync', quarantined: 0 });
  });

  it('a device restored from an old backup takes a new device id and never reuses a change number', async () => {
    const { founder, others, c } = await team((c) => c.cto.id);
    const [cto] = others as [Install];
    const oldId = (await founder.status()).deviceId;
    const backup = await founder.call<{ name: string }>('backups.create', {});
    const rev = async (i: Install) => (await i.call<{ revision: number }>('candidates.get', { id: c.candidate.id })).revision;
    await founder.call('candidates.update', { id: c.candidate.id, revision: await rev(founder), notes: 'after the backup' });
    await settle(founder, cto);
    await founder.call('backups.restore', { name: backup.name });
    expect(candidateNotes(founder, c.candidate.id)?.notes).not.toBe('after the backup');

    await founder.workspace.syncNow();
    const rotated = await founder.status();
    expect(rotated.deviceId).not.toBe(oldId);
    // What it wrote before the restore comes back from the folder.
    expect(candidateNotes(founder, c.candidate.id)?.notes).toBe('after the backup');
    await founder.call('candidates.update', { id: c.candidate.id, revision: await rev(founder), phone: '+1 555 0100' });
    await settle(founder, cto);
    expect(candidateNotes(cto, c.candidate.id)).toEqual({ notes: 'after the backup', phone: '+1 555 0100' });
    expect((await cto.status()).devices.find((d) => d.deviceId === rotated.deviceId)?.state).toBe('confirmed');
    expect(readdirSync(join(folder, 'log', rotated.deviceId as string)).length).toBeGreaterThan(0);
  });
});
