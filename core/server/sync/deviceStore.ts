import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../../../db/privateFiles';
import { exportSecretKeys, importSecretKeys, openWithPassphrase, sealWithPassphrase, type DeviceSecretKeys } from './deviceKeys';

/**
 * What this install knows about its team, kept beside the database in the data folder (never in the shared
 * folder, never synced, not in backups): `sync/device.json` (plain: ids, the folder, the trust root) and
 * `sync/keys.sealed` (the device's private keys and the symmetric keys it holds, sealed by a KeyProtector).
 */
export interface DeviceConfig {
  version: 1;
  teamId: string;
  folder: string;
  deviceId: string;
  memberId: string;
  deviceName: string;
  /** The founder's device, taken on trust from the invitation (or being it): every other device chains to it. */
  root: { deviceId: string; signing: string };
  /** Ids this install wrote under before (a restore from a backup rotates the id). */
  previousDeviceIds: string[];
  /** Revocations seen, remembered so that an older copy of a device record cannot undo one: device → last change kept. */
  revoked: Record<string, number>;
  /** False on a joined device until it has read a snapshot: until then it has no shared data and writes nothing. */
  bootstrapped: boolean;
}

export interface DeviceSecrets {
  device: DeviceSecretKeys;
  /** Symmetric keys by key id; `teamKeyId` is the one this device writes under. */
  keys: Record<string, Buffer>;
  teamKeyId: string | null;
  /** Open invitations: member id → one-time secret (base64url). */
  invites: Record<string, string>;
}

/**
 * Seals the private keys at rest. Electron's safeStorage will be one (the OS key store); browser mode and
 * tests use a passphrase. The honest limit of the passphrase: it is only as strong as the passphrase, and a
 * process that holds the unlocked workspace holds the keys in memory.
 */
export interface KeyProtector {
  seal(plain: Uint8Array): Buffer;
  /** null: this protector does not open it (a wrong passphrase). */
  open(sealed: Uint8Array): Buffer | null;
}

export function passphraseProtector(passphrase: string): KeyProtector {
  return {
    seal: (plain) => sealWithPassphrase(plain, passphrase),
    open: (sealed) => {
      const opened = openWithPassphrase(sealed, passphrase);
      return opened.ok ? opened.value : null;
    },
  };
}

const dirOf = (dataDir: string) => join(dataDir, 'sync');
const configFile = (dataDir: string) => join(dirOf(dataDir), 'device.json');
const secretsFile = (dataDir: string) => join(dirOf(dataDir), 'keys.sealed');

export function readDeviceConfig(dataDir: string): DeviceConfig | null {
  try {
    return JSON.parse(readFileSync(configFile(dataDir), 'utf8')) as DeviceConfig;
  } catch {
    return null;
  }
}

export function writeDeviceConfig(dataDir: string, config: DeviceConfig): void {
  ensurePrivateDir(dirOf(dataDir));
  writePrivateFile(configFile(dataDir), `${JSON.stringify(config, null, 2)}\n`);
}

export function hasSealedSecrets(dataDir: string): boolean {
  return existsSync(secretsFile(dataDir));
}

export function writeSecrets(dataDir: string, secrets: DeviceSecrets, protector: KeyProtector): void {
  const plain = Buffer.from(
    JSON.stringify({
      v: 1,
      device: exportSecretKeys(secrets.device).toString('base64'),
      keys: Object.fromEntries(Object.entries(secrets.keys).map(([k, v]) => [k, v.toString('base64')])),
      teamKeyId: secrets.teamKeyId,
      invites: secrets.invites,
    }),
    'utf8',
  );
  ensurePrivateDir(dirOf(dataDir));
  writePrivateFile(secretsFile(dataDir), protector.seal(plain));
}

export function readSecrets(dataDir: string, protector: KeyProtector): DeviceSecrets | 'wrong-passphrase' | 'missing' | 'corrupt' {
  let sealed: Buffer;
  try {
    sealed = readFileSync(secretsFile(dataDir));
  } catch {
    return 'missing';
  }
  const plain = protector.open(sealed);
  if (!plain) return 'wrong-passphrase';
  try {
    const parsed = JSON.parse(plain.toString('utf8')) as { v: number; device: string; keys: Record<string, string>; teamKeyId: string | null; invites?: Record<string, string> };
    const device = importSecretKeys(Buffer.from(parsed.device, 'base64'));
    if (parsed.v !== 1 || !device.ok) return 'corrupt';
    return {
      device: device.value,
      keys: Object.fromEntries(Object.entries(parsed.keys).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      teamKeyId: parsed.teamKeyId,
      invites: parsed.invites ?? {},
    };
  } catch {
    return 'corrupt';
  }
}

/** A join that failed half-way leaves nothing behind, so it can be tried again. */
export function removeDeviceFiles(dataDir: string): void {
  rmSync(dirOf(dataDir), { recursive: true, force: true });
}
