import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEY_BYTES } from '../../db/cipher';
import { PRIVATE_FILE_MODE } from '../../db/privateFiles';
import { isPassphraseFile, openWithPassphrase, sealWithPassphrase, PASSPHRASE_FILE_SCRYPT } from './passphraseFile';
import type { KeyProtector } from './sync/deviceStore';

/**
 * The workspace key (db/cipher.ts) lives only sealed, in `workspace.key` beside the database: by the OS key
 * store (Electron's safeStorage, the same KeyProtector as sync's device keys: electron/keySealer.ts) or by a
 * passphrase (passphraseFile.ts: scrypt, AES-256-GCM). Its presence is what says the workspace is encrypted.
 *
 *   { "format": "principled-workspace-key", "version": 1, "sealedBy": "keychain" | "passphrase", "sealed": base64 }
 */
export const WORKSPACE_KEY_FILE = 'workspace.key';
const FORMAT = 'principled-workspace-key';

export type SealedBy = 'keychain' | 'passphrase';
/** How a key is sealed or opened: a passphrase, or the OS key store. */
export type KeyUnlock = { passphrase: string } | { keychain: KeyProtector };

interface KeyFile {
  format: typeof FORMAT;
  version: 1;
  sealedBy: SealedBy;
  sealed: string;
}

export const workspaceKeyPath = (dataDir: string) => join(dataDir, WORKSPACE_KEY_FILE);

export class WrongPassphraseError extends Error {
  constructor(readonly sealedBy: SealedBy) {
    super(sealedBy === 'passphrase' ? 'Wrong passphrase: it does not open this workspace.' : "The system keychain does not open this workspace's key (another user or machine?).");
    this.name = 'WrongPassphraseError';
  }
}

/** How the workspace's key is sealed; null when the workspace is not encrypted. */
export function workspaceKeySealedBy(dataDir: string): SealedBy | null {
  return existsSync(workspaceKeyPath(dataDir)) ? readKeyFile(dataDir).sealedBy : null;
}

function readKeyFile(dataDir: string): KeyFile {
  const parsed = JSON.parse(readFileSync(workspaceKeyPath(dataDir), 'utf8')) as Partial<KeyFile>;
  if (parsed.format !== FORMAT || parsed.version !== 1 || (parsed.sealedBy !== 'keychain' && parsed.sealedBy !== 'passphrase') || typeof parsed.sealed !== 'string') {
    throw new Error(`${WORKSPACE_KEY_FILE} is damaged or from a newer version of Principled`);
  }
  return parsed as KeyFile;
}

/** Written whole or not at all, 0600 from its first byte: temporary file, fsync, rename, fsync of the folder. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Windows cannot flush a folder; NTFS journals the rename.
  }
}

/** A new random key for the workspace in `dataDir`, sealed and written; returned for the connections to use. */
export async function createWorkspaceKey(dataDir: string, unlock: KeyUnlock, cost = PASSPHRASE_FILE_SCRYPT): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  await writeWorkspaceKey(dataDir, key, unlock, cost);
  return key;
}

export async function writeWorkspaceKey(dataDir: string, key: Buffer, unlock: KeyUnlock, cost = PASSPHRASE_FILE_SCRYPT): Promise<void> {
  const sealed = 'passphrase' in unlock ? await sealWithPassphrase(key, unlock.passphrase, cost) : unlock.keychain.seal(key);
  const file: KeyFile = { format: FORMAT, version: 1, sealedBy: 'passphrase' in unlock ? 'passphrase' : 'keychain', sealed: sealed.toString('base64') };
  writeAtomically(workspaceKeyPath(dataDir), JSON.stringify(file));
}

/** The key, unsealed; WrongPassphraseError when the passphrase (or key store) does not open it. */
export async function readWorkspaceKey(dataDir: string, unlock: KeyUnlock): Promise<Buffer> {
  const file = readKeyFile(dataDir);
  const sealed = Buffer.from(file.sealed, 'base64');
  let key: Buffer | null = null;
  if (file.sealedBy === 'passphrase' && 'passphrase' in unlock && isPassphraseFile(sealed)) {
    const opened = await openWithPassphrase(sealed, unlock.passphrase);
    key = opened.ok ? opened.plain : null;
  } else if (file.sealedBy === 'keychain' && 'keychain' in unlock) {
    key = unlock.keychain.open(sealed);
  }
  if (!key || key.length !== KEY_BYTES) throw new WrongPassphraseError(file.sealedBy);
  return key;
}
