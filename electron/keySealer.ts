import { safeStorage } from 'electron';
import type { KeyProtector } from '../core/server/sync/deviceStore';

/**
 * Team sync's device keys under the OS key store (Keychain, DPAPI, libsecret/kwallet) through Electron's
 * safeStorage, in addition to the passphrase, so the app unlocks without asking. None where safeStorage has no
 * real store: not available, or Linux's 'basic_text' fallback (a hard-coded key, which protects nothing); the
 * passphrase is then the only way in, as in browser mode. Asked at each use: Linux knows only after 'ready'.
 */
export function osKeyStore(platform: NodeJS.Platform = process.platform): KeyProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    // safeStorage seals strings: the bytes travel as base64.
    seal: (plain) => safeStorage.encryptString(Buffer.from(plain).toString('base64')),
    open: (sealed) => {
      try {
        return Buffer.from(safeStorage.decryptString(Buffer.from(sealed)), 'base64');
      } catch {
        // Another OS user, another machine, a reset keyring: the passphrase still opens keys.sealed.
        return null;
      }
    },
  };
}
