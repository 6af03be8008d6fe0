import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../../../db/privateFiles';
import {
  derivePassphraseKey,
  exportSecretKeys,
  importSecretKeys,
  openWithPassphrase,
  openWithPassphraseKey,
  sealWithPassphraseKey,
  type DeviceSecretKeys,
  type PassphraseKey,
} from './deviceKeys';

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
 * Seals the private keys at rest: a passphrase (every install), and the OS key store in addition where the host
 * has one (Electron's safeStorage: electron/keySealer.ts). The honest limit of the passphrase: it is only as
 * strong as the passphrase, and a process that holds the unlocked workspace holds the keys in memory.
 */
export interface KeyProtector {
  seal(plain: Uint8Array): Buffer;
  /** null: this protector does not open it (a wrong passphrase, another OS user or key store). */
  open(sealed: Uint8Array): Buffer | null;
}

/** A passphrase protector, and the stretched passphrase it seals with (kept under the OS key store, never the passphrase). */
export interface PassphraseProtector extends KeyProtector {
  stretched: PassphraseKey;
}

/** Stretches the passphrase once (scrypt, about a tenth of a second), not at every save. */
export function passphraseProtector(passphrase: string): PassphraseProtector {
  return protectorFor(derivePassphraseKey(passphrase), (sealed) => openWithPassphrase(sealed, passphrase));
}

function protectorFor(stretched: PassphraseKey, opener: (sealed: Uint8Array) => ReturnType<typeof openWithPassphrase>): PassphraseProtector {
  return {
    stretched,
    seal: (plain) => sealWithPassphraseKey(plain, stretched),
    open: (sealed) => {
      const opened = opener(sealed);
      return opened.ok ? opened.value : null;
    },
  };
}

const dirOf = (dataDir: string) => join(dataDir, 'sync');
const configFile = (dataDir: string) => join(dirOf(dataDir), 'device.json');
const secretsFile = (dataDir: string) => join(dirOf(dataDir), 'keys.sealed');
const osSecretsFile = (dataDir: string) => join(dirOf(dataDir), 'keys.os-sealed');

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

interface StoredSecrets {
  v: number;
  device: string;
  keys: Record<string, string>;
  teamKeyId: string | null;
  invites?: Record<string, string>;
}

const storedSecrets = (secrets: DeviceSecrets): StoredSecrets => ({
  v: 1,
  device: exportSecretKeys(secrets.device).toString('base64'),
  keys: Object.fromEntries(Object.entries(secrets.keys).map(([k, v]) => [k, v.toString('base64')])),
  teamKeyId: secrets.teamKeyId,
  invites: secrets.invites,
});

function secretsOf(parsed: StoredSecrets): DeviceSecrets | 'corrupt' {
  const device = importSecretKeys(Buffer.from(parsed.device, 'base64'));
  if (parsed.v !== 1 || !device.ok) return 'corrupt';
  return {
    device: device.value,
    keys: Object.fromEntries(Object.entries(parsed.keys).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    teamKeyId: parsed.teamKeyId,
    invites: parsed.invites ?? {},
  };
}

export function writeSecrets(dataDir: string, secrets: DeviceSecrets, protector: KeyProtector): void {
  const plain = Buffer.from(JSON.stringify(storedSecrets(secrets)), 'utf8');
  ensurePrivateDir(dirOf(dataDir));
  writePrivateFile(secretsFile(dataDir), protector.seal(plain));
}

/**
 * The OS key store's copy (`keys.os-sealed`): the same secrets, and the stretched passphrase, so that a start that
 * opens it unlocks without asking and can still re-seal `keys.sealed` (which stays the way in when the key store
 * is gone: another machine, a Linux session without a keyring). It holds no more than the device's own keys do.
 */
export function writeOsSecrets(dataDir: string, secrets: DeviceSecrets, stretched: PassphraseKey, os: KeyProtector): void {
  const unlock = { salt: stretched.salt.toString('base64'), logN: stretched.logN, r: stretched.r, p: stretched.p, key: stretched.key.toString('base64') };
  const plain = Buffer.from(JSON.stringify({ ...storedSecrets(secrets), unlock }), 'utf8');
  ensurePrivateDir(dirOf(dataDir));
  writePrivateFile(osSecretsFile(dataDir), os.seal(plain));
}

/** The secrets and a protector that re-seals `keys.sealed` as the passphrase did; null when the OS key store does not open them. */
export function readOsSecrets(dataDir: string, os: KeyProtector): { secrets: DeviceSecrets; protector: PassphraseProtector } | null {
  let plain: Buffer | null;
  try {
    plain = os.open(readFileSync(osSecretsFile(dataDir)));
  } catch {
    return null;
  }
  if (!plain) return null;
  try {
    const parsed = JSON.parse(plain.toString('utf8')) as StoredSecrets & { unlock: { salt: string; logN: number; r: number; p: number; key: string } };
    const secrets = secretsOf(parsed);
    if (secrets === 'corrupt') return null;
    const { unlock } = parsed;
    const stretched: PassphraseKey = { salt: Buffer.from(unlock.salt, 'base64'), logN: unlock.logN, r: unlock.r, p: unlock.p, key: Buffer.from(unlock.key, 'base64') };
    return { secrets, protector: protectorFor(stretched, (sealed) => openWithPassphraseKey(sealed, stretched)) };
  } catch {
    return null;
  }
}

export function removeOsSecrets(dataDir: string): void {
  rmSync(osSecretsFile(dataDir), { force: true });
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
    return secretsOf(JSON.parse(plain.toString('utf8')) as StoredSecrets);
  } catch {
    return 'corrupt';
  }
}

/** A join that failed half-way leaves nothing behind, so it can be tried again. */
export function removeDeviceFiles(dataDir: string): void {
  rmSync(dirOf(dataDir), { recursive: true, force: true });
}
