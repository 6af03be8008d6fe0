import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// safeStorage stands in for the OS key store, as in keySealer.test.ts: "encrypts" by reversing and tagging.
const fake = vi.hoisted(() => {
  const state = { available: true };
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => state.available),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptString: vi.fn((text: string) => Buffer.from(`os:${[...text].reverse().join('')}`)),
    decryptString: vi.fn((sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('os:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(3)].reverse().join('');
    }),
  };
  return { state, safeStorage };
});
vi.mock('electron', () => ({ safeStorage: fake.safeStorage }));

import { createClient } from '../../core/api/contract/client';
import type { LockableWorkspace } from '../../core/server/appLock';
import { openWorkspaceSafely } from '../../core/server/workspace';
import { workspaceKeySealedBy } from '../../core/server/workspaceKey';
import { opensWithoutKey } from '../../db/cipher';
import { DATABASE_FILE_NAME } from '../../db/open';
import { openDesktopWorkspace } from '../../electron/desktopWorkspace';
import { osKeyStore } from '../../electron/keySealer';
import { failure, value } from '../support/company';

const dirs: string[] = [];
const opened: LockableWorkspace[] = [];
beforeEach(() => {
  vi.clearAllMocks();
  fake.state.available = true;
});
afterEach(() => {
  for (const w of opened.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(dataDir: string) {
  const workspace = await openDesktopWorkspace(dataDir, () => osKeyStore('darwin'), async (key) => {
    const w = await openWorkspaceSafely(dataDir, { key, onInternalError: () => {} });
    await w.settled;
    return w;
  });
  opened.push(workspace);
  return { workspace, api: createClient((m, i) => workspace.call(m, i)) };
}

const newDataDir = () => {
  const parent = mkdtempSync(join(tmpdir(), 'principled-desktop-'));
  dirs.push(parent);
  return join(parent, 'data');
};

describe('the desktop workspace and the OS key store', () => {
  it('encrypts a new workspace with a key the keychain seals, opens it without asking, and unlocks with the keychain after a lock', async () => {
    const dir = newDataDir();
    const { workspace, api } = await open(dir);
    expect(workspaceKeySealedBy(dir)).toBe('keychain');
    expect(opensWithoutKey(join(dir, DATABASE_FILE_NAME))).toBe(false);
    expect(value(await api.call('privacy.lockState'))).toEqual({ locked: false, sealedBy: 'keychain', lockAfterMinutes: 15 });
    value(await api.call('workspace.start', { starter: false }));

    value(await api.call('privacy.lock'));
    expect(failure(await api.call('workspace.get')).code).toBe('LOCKED');
    value(await api.call('privacy.unlock', {}));
    expect(value(await api.call('workspace.get')).started).toBe(true);
    // Once to open at start, once to unlock.
    expect(fake.safeStorage.decryptString).toHaveBeenCalledTimes(2);

    // The next start opens it with the keychain, unlocked.
    workspace.close();
    const again = await open(dir);
    expect(value(await again.api.call('privacy.lockState')).locked).toBe(false);
  });

  it('starts a new workspace plaintext when there is no key store, and leaves an existing plaintext one so', async () => {
    fake.state.available = false;
    const dir = newDataDir();
    const first = await open(dir);
    expect(workspaceKeySealedBy(dir)).toBeNull();
    first.workspace.close();

    fake.state.available = true;
    const again = await open(dir);
    expect(workspaceKeySealedBy(dir)).toBeNull();
    expect(value(await again.api.call('privacy.lockState'))).toMatchObject({ locked: false, sealedBy: null });
  });

  it('stays locked when the keychain does not open the key (another OS user), and says why at unlock', async () => {
    const dir = newDataDir();
    (await open(dir)).workspace.close();
    fake.safeStorage.decryptString.mockImplementationOnce(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    fake.safeStorage.decryptString.mockImplementationOnce(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    const { api } = await open(dir);
    expect(value(await api.call('privacy.lockState')).locked).toBe(true);
    expect(failure(await api.call('privacy.unlock', {})).code).toBe('CONFLICT');
  });
});
