import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ApiClient } from '../../core/api/contract/client';
import { methods, type MethodName } from '../../core/api/contract/methods';
import type { ServerEvent } from '../../core/api/contract/events';
import type { WorkProgress } from '../../core/api/contract/transfer';
import type { DatabaseKey } from '../../db/cipher';
import { DATABASE_FILE_NAME } from '../../db/open';
import { openLockable, type LockableWorkspace, type Schedule } from '../../core/server/appLock';
import { openWorkspaceSafely } from '../../core/server/workspace';
import { createWorkspaceKey, workspaceKeyPath } from '../../core/server/workspaceKey';
import type { KeyProtector } from '../../core/server/sync/deviceStore';
import { company, failure, value } from '../support/company';

const PASSPHRASE = 'correct horse battery';
const LOW_COST = { logN: 14, r: 8, p: 1 };

const dirs: string[] = [];
const opened: LockableWorkspace[] = [];
afterEach(() => {
  for (const w of opened.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clock and timers the test moves by hand: the idle lock is tested without waiting. */
function fakeTime() {
  let now = 1_000_000;
  let timers: { at: number; run: () => void }[] = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run };
    timers.push(timer);
    return () => (timers = timers.filter((t) => t !== timer));
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      timers = timers.filter((t) => t !== due);
      due.run();
    }
  };
  return { now: () => now, schedule, advance, pending: () => timers.length };
}

interface Opened {
  workspace: LockableWorkspace;
  api: ApiClient;
  /** Every key the lock opened the workspace with, as the lock holds it. */
  keys: DatabaseKey[];
  events: ServerEvent[];
}

async function openAt(dir: string, extra: { keychain?: KeyProtector; time?: ReturnType<typeof fakeTime> } = {}): Promise<Opened> {
  const keys: DatabaseKey[] = [];
  const time = extra.time ?? fakeTime();
  const workspace = await openLockable({
    dataDir: dir,
    open: async (key) => {
      keys.push(key);
      const workspace = await openWorkspaceSafely(dir, { key, sealCost: LOW_COST, onInternalError: () => {} });
      // The daily backup done, so a lock right after leaves no worker writing in the folder the test removes.
      await workspace.settled;
      return workspace;
    },
    keychain: () => extra.keychain ?? null,
    now: time.now,
    schedule: time.schedule,
  });
  opened.push(workspace);
  const events: ServerEvent[] = [];
  workspace.subscribe((e) => events.push(e));
  return { workspace, api: createClient((m, i) => workspace.call(m, i)), keys, events };
}

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'principled-applock-'));
  dirs.push(dir);
  return dir;
};

/** A started workspace with people in it, "me" a founder, then encrypted with the passphrase through the API. */
async function encrypted(dir: string, time?: ReturnType<typeof fakeTime>) {
  const first = await openAt(dir, time ? { time } : {});
  const c = await company(first.api);
  value(await first.api.call('settings.setMe', { memberId: c.ceo.id }));
  value(await first.api.call('privacy.encryptWorkspace', { passphrase: PASSPHRASE, confirm: PASSPHRASE }));
  return { ...first, c };
}

const openFilesOf = (dir: string) =>
  readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(join(dir, DATABASE_FILE_NAME)) ? [target] : [];
    } catch {
      return [];
    }
  });

const activityCount = async (api: ApiClient) => value(await api.call('activity.list', { limit: 500 })).length;

describe('privacy.encryptWorkspace', () => {
  it('refuses a short passphrase and a confirmation that differs at their fields, writing nothing', async () => {
    const dir = tempDir();
    const { api } = await openAt(dir);
    const c = await company(api);
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    const before = await activityCount(api);

    const short = failure(await api.call('privacy.encryptWorkspace', { passphrase: 'short', confirm: 'short' }));
    expect(short.code).toBe('VALIDATION');
    expect(short.issues?.[0]?.path).toBe('passphrase');
    const differs = failure(await api.call('privacy.encryptWorkspace', { passphrase: PASSPHRASE, confirm: `${PASSPHRASE}!` }));
    expect(differs.code).toBe('VALIDATION');
    expect(differs.issues?.map((i) => i.path)).toEqual(['confirm']);

    expect(existsSync(workspaceKeyPath(dir))).toBe(false);
    expect(await activityCount(api)).toBe(before);
    expect(value(await api.call('privacy.lockState'))).toEqual({ locked: false, sealedBy: null, lockAfterMinutes: 15 });
  });

  it('is for founders and admins only', async () => {
    const dir = tempDir();
    const { api } = await openAt(dir);
    const c = await company(api);
    value(await api.call('settings.setMe', { memberId: c.eng.id }));
    expect(failure(await api.call('privacy.encryptWorkspace', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).code).toBe('FORBIDDEN');
    expect(existsSync(workspaceKeyPath(dir))).toBe(false);
  });

  it("a new workspace's first run encrypts it before anyone is on the team, then starts it inside the encryption", async () => {
    const dir = tempDir();
    const { workspace, api } = await openAt(dir);
    expect(value(await api.call('workspace.get')).started).toBe(false);
    // The Welcome flow's step: nobody exists yet, so whoever sets the workspace up decides.
    expect(value(await api.call('privacy.encryptWorkspace', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).sealedBy).toBe('passphrase');
    value(await api.call('workspace.start', { starter: true }));
    expect(value(await api.call('principles.list', {})).length).toBeGreaterThan(0);

    workspace.lock();
    expect(failure(await api.call('principles.list', {})).code).toBe('LOCKED');
    value(await api.call('privacy.unlock', { passphrase: PASSPHRASE }));
    expect(value(await api.call('workspace.get')).started).toBe(true);
  });

  it('encrypts with the passphrase, reporting progress, and the workspace can lock from then on', async () => {
    const dir = tempDir();
    const { workspace, api } = await openAt(dir);
    const c = await company(api);
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    const progress: WorkProgress[] = [];
    const state = value(await workspace.call('privacy.encryptWorkspace', { passphrase: PASSPHRASE, confirm: PASSPHRASE }, { onProgress: (p) => progress.push(p) }));
    expect(state).toEqual({ locked: false, sealedBy: 'passphrase', lockAfterMinutes: 15 });
    expect(progress.map((p) => p.stage)).toEqual(['Backing up', 'Encrypting', 'Swapping in the encrypted file', 'Encrypting the backups']);
    expect(value(await api.call('candidates.get', { id: c.candidate.id })).name).toBe('Grace Hopper');
  });
});

describe('the app lock', () => {
  it('a workspace sealed by a passphrase starts locked, and refuses every other method with LOCKED, writing nothing', async () => {
    const dir = tempDir();
    const first = await encrypted(dir);
    const logged = await activityCount(first.api);
    first.workspace.close();

    const { workspace, api, keys } = await openAt(dir);
    expect(keys).toEqual([]);
    expect(value(await api.call('privacy.lockState'))).toEqual({ locked: true, sealedBy: 'passphrase', lockAfterMinutes: null });
    const answered = new Set<MethodName>(['privacy.lockState', 'privacy.unlock', 'privacy.activity', 'privacy.lock']);
    for (const method of Object.keys(methods) as MethodName[]) {
      if (answered.has(method)) continue;
      const result = await workspace.call(method, { id: first.c.candidate.id, name: 'Changed' });
      expect(result.ok ? 'answered' : result.error.code, method).toBe('LOCKED');
    }
    expect(workspace.dispatch('settings.update', { companyName: 'Changed' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Locking again while locked changes nothing.
    expect(value(await api.call('privacy.lock')).locked).toBe(true);

    value(await api.call('privacy.unlock', { passphrase: PASSPHRASE }));
    expect(await activityCount(api)).toBe(logged);
    expect(value(await api.call('settings.get')).companyName).not.toBe('Changed');
  });

  it('a wrong passphrase is refused at the field and the workspace stays locked; the right one opens it', async () => {
    const dir = tempDir();
    (await encrypted(dir)).workspace.close();
    const { api, keys } = await openAt(dir);

    const wrong = failure(await api.call('privacy.unlock', { passphrase: 'not the passphrase' }));
    expect(wrong.code).toBe('VALIDATION');
    expect(wrong.issues).toEqual([{ path: 'passphrase', message: 'Wrong passphrase: it does not open this workspace' }]);
    expect(failure(await api.call('privacy.unlock', {})).issues?.[0]?.path).toBe('passphrase');
    expect(keys).toEqual([]);
    expect(failure(await api.call('home.get')).code).toBe('LOCKED');

    expect(value(await api.call('privacy.unlock', { passphrase: PASSPHRASE }))).toEqual({ locked: false, sealedBy: 'passphrase', lockAfterMinutes: 15 });
    expect(value(await api.call('candidates.list', {})).items.map((c) => c.name)).toEqual(['Grace Hopper']);
    expect(failure(await api.call('privacy.unlock', { passphrase: PASSPHRASE })).code).toBe('CONFLICT');
  });

  it('locking closes the writer and reader connections, forgets the key and tells the pages', async () => {
    const dir = tempDir();
    (await encrypted(dir)).workspace.close();
    const { api, keys, events } = await openAt(dir);
    value(await api.call('privacy.unlock', { passphrase: PASSPHRASE }));
    expect(openFilesOf(dir).length).toBeGreaterThanOrEqual(2);
    const key = keys[0] as Buffer;
    expect(key.equals(Buffer.alloc(32))).toBe(false);

    expect(value(await api.call('privacy.lock'))).toEqual({ locked: true, sealedBy: 'passphrase', lockAfterMinutes: null });
    expect(openFilesOf(dir)).toEqual([]);
    expect(key.equals(Buffer.alloc(32))).toBe(true);
    expect(events.at(-1)).toEqual({ name: 'privacy.locked', payload: {} });
    expect(failure(await api.call('candidates.list', {})).code).toBe('LOCKED');

    value(await api.call('privacy.unlock', { passphrase: PASSPHRASE }));
    expect(value(await api.call('candidates.list', {})).total).toBe(1);
  });

  it('locks after the idle time, which activity starts again; the setting takes effect at once', async () => {
    const dir = tempDir();
    const time = fakeTime();
    const { api } = await encrypted(dir, time);
    value(await api.call('settings.update', { privacy: { lockAfterMinutes: 2 } }));

    time.advance(90_000);
    value(await api.call('privacy.activity'));
    time.advance(90_000);
    expect(value(await api.call('privacy.lockState')).locked).toBe(false);
    time.advance(29_000);
    expect(value(await api.call('privacy.lockState')).locked).toBe(false);
    time.advance(1_000);
    expect(value(await api.call('privacy.lockState')).locked).toBe(true);
    expect(time.pending()).toBe(0);

    value(await api.call('privacy.unlock', { passphrase: PASSPHRASE }));
    value(await api.call('settings.update', { privacy: { lockAfterMinutes: 0 } }));
    time.advance(48 * 3_600_000);
    expect(value(await api.call('privacy.lockState')).locked).toBe(false);
  });

  it('refuses a lock time out of range at its field', async () => {
    const dir = tempDir();
    const { api } = await encrypted(dir);
    const refused = failure(await api.call('settings.update', { privacy: { lockAfterMinutes: -1 } }));
    expect(refused.issues?.[0]?.path).toBe('privacy.lockAfterMinutes');
  });

  it('a plaintext workspace never locks: there is nothing to lock the data with', async () => {
    const dir = tempDir();
    const time = fakeTime();
    const { api } = await openAt(dir, { time });
    await company(api);
    expect(failure(await api.call('privacy.lock')).code).toBe('CONFLICT');
    time.advance(48 * 3_600_000);
    expect(value(await api.call('privacy.lockState'))).toEqual({ locked: false, sealedBy: null, lockAfterMinutes: 15 });
    expect(value(await api.call('candidates.list', {})).total).toBe(1);
  });

  it('a key sealed by the OS key store opens at start and after a lock without a passphrase', async () => {
    const dir = tempDir();
    const mask = randomBytes(32);
    // A stand-in for safeStorage: sealed bytes that only this "OS user" opens.
    const keychain: KeyProtector = {
      seal: (plain) => Buffer.from(plain.map((b, i) => b ^ (mask[i % 32] as number))),
      open: (sealed) => Buffer.from(sealed.map((b, i) => b ^ (mask[i % 32] as number))),
    };
    await createWorkspaceKey(dir, { keychain });
    const { api, keys } = await openAt(dir, { keychain });
    expect(keys).toHaveLength(1);
    expect(value(await api.call('privacy.lockState'))).toMatchObject({ locked: false, sealedBy: 'keychain' });
    await company(api);
    value(await api.call('privacy.lock'));
    expect(failure(await api.call('candidates.list', {})).code).toBe('LOCKED');
    value(await api.call('privacy.unlock', {}));
    expect(value(await api.call('candidates.list', {})).total).toBe(1);
  });
});
