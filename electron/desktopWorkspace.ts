import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseKey } from '../db/cipher';
import { DATABASE_FILE_NAME } from '../db/open';
import { ensurePrivateDir } from '../db/privateFiles';
import { openLockable, type LockableWorkspace } from '../core/server/appLock';
import type { KeyProtector } from '../core/server/sync/deviceStore';
import type { Workspace } from '../core/server/workspace';
import { createWorkspaceKey, workspaceKeySealedBy } from '../core/server/workspaceKey';

/**
 * The desktop app's workspace, behind the app lock (core/server/appLock.ts). A new workspace is encrypted from
 * its first byte when the OS has a real key store (electron/keySealer.ts): the key sealed by it, so the app opens
 * without asking and unlocks after an idle lock with the OS user's keychain. Without one (Linux with no keyring)
 * it starts plaintext and the first run's Welcome asks for a passphrase, as in browser mode. An existing plaintext
 * workspace is left as it is (the sidebar says so): encrypting it takes a backup first, which the user starts.
 */
export async function openDesktopWorkspace(
  dataDir: string,
  keyStore: () => KeyProtector | null,
  open: (key: DatabaseKey) => Promise<Workspace>,
): Promise<LockableWorkspace> {
  if (!existsSync(join(dataDir, DATABASE_FILE_NAME)) && workspaceKeySealedBy(dataDir) === null) {
    const store = keyStore();
    if (store) {
      ensurePrivateDir(dataDir);
      await createWorkspaceKey(dataDir, { keychain: store });
    }
  }
  return openLockable({ dataDir, open, keychain: keyStore });
}
