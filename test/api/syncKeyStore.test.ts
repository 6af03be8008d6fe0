import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { passphraseProtector, readSecrets, type KeyProtector } from '../../core/server/sync/deviceStore';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { failure, interviewingLoop, value } from '../support/company';

const PASSPHRASE = 'correct horse battery';

/** An OS key store in memory: seals under its own secret; another store (another machine, another user) cannot open it. */
function fakeKeyStore(secret: number): KeyProtector & { sealed: number } {
  const store = {
    sealed: 0,
    seal: (plain: Uint8Array) => {
      store.sealed++;
      return Buffer.concat([Buffer.from([secret]), Buffer.from(plain).map((b) => b ^ secret)]);
    },
    open: (sealed: Uint8Array) => (sealed[0] === secret ? Buffer.from(Buffer.from(sealed.subarray(1)).map((b) => b ^ secret)) : null),
  };
  return store;
}

let root: string;
let dir: string;
let folder: string;
const open: Workspace[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'principled-sync-keystore-'));
  dir = join(root, 'install');
  folder = join(root, 'shared');
  mkdirSync(dir);
  mkdirSync(folder);
});
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  rmSync(root, { recursive: true, force: true });
});

function start(keyStore: KeyProtector | null) {
  const workspace = openWorkspace(dir, { sync: { auto: false, ...(keyStore === null ? {} : { osKeyStore: () => keyStore }) }, onInternalError: (m, e) => console.error(m, e) });
  open.push(workspace);
  const api = inProcessClient(workspace);
  return { workspace, api, call: async <T>(method: string, input: unknown) => value(await api.call(method as never, input as never)) as T };
}
const restart = (keyStore: KeyProtector | null) => {
  open.pop()?.close();
  return start(keyStore);
};

describe('device keys under the OS key store, in addition to the passphrase', () => {
  it('a start with the OS key store unlocks without asking; without it (browser mode, Linux without a keyring) the passphrase does', async () => {
    const os = fakeKeyStore(0x5a);
    const first = start(os);
    const c = await interviewingLoop(first.api);
    await first.call('settings.setMe', { memberId: c.ceo.id });
    await first.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
    expect(os.sealed).toBeGreaterThan(0);
    // What the OS store holds is the keys and the stretched passphrase, never the passphrase itself.
    const inside = os.open(readFileSync(join(dir, 'sync', 'keys.os-sealed')))?.toString('utf8') ?? '';
    expect(inside).toContain('"unlock"');
    expect(inside).not.toContain(PASSPHRASE);

    const again = restart(os);
    expect(await again.call<SyncStatus>('sync.status', {})).toMatchObject({ mode: 'team' });
    expect((await again.call<SyncStatus>('sync.status', {})).state).not.toBe('locked');
    // Unlocked by the OS store, the device still writes its secrets, to both copies: a new invitation's secret.
    await again.call('sync.invite', { memberId: c.cto.id });
    const withPassphrase = readSecrets(dir, passphraseProtector(PASSPHRASE));
    if (typeof withPassphrase !== 'object') throw new Error(`the passphrase no longer opens keys.sealed: ${withPassphrase}`);
    expect(Object.keys(withPassphrase.invites)).toEqual([c.cto.id]);

    const browser = restart(null);
    expect((await browser.call<SyncStatus>('sync.status', {})).state).toBe('locked');
    expect(failure(await browser.api.call('sync.unlock', { passphrase: 'not the passphrase' })).code).toBe('VALIDATION');
    expect((await browser.call<SyncStatus>('sync.unlock', { passphrase: PASSPHRASE })).state).not.toBe('locked');
  });

  it('keys the OS store cannot open (another machine, a reset keyring) ask for the passphrase once, then are sealed for that store', async () => {
    const first = start(fakeKeyStore(0x5a));
    const c = await interviewingLoop(first.api);
    await first.call('settings.setMe', { memberId: c.ceo.id });
    await first.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });

    const other = fakeKeyStore(0x33);
    const moved = restart(other);
    expect((await moved.call<SyncStatus>('sync.status', {})).state).toBe('locked');
    expect((await moved.call<SyncStatus>('sync.unlock', { passphrase: PASSPHRASE })).state).not.toBe('locked');
    const next = restart(other);
    expect((await next.call<SyncStatus>('sync.status', {})).state).not.toBe('locked');
  });
});
