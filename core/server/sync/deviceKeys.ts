import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { refused, type Checked } from './syncResult';

/**
 * A device's keys: Ed25519 signs everything the device writes to the folder, X25519 receives keys wrapped
 * to it. Both are made on the device and the private halves never leave it except sealed (safeStorage or
 * a passphrase, chosen by the caller).
 */
export interface DevicePublicKeys {
  /** Ed25519 public key, the raw 32 bytes in base64url. */
  signing: string;
  /** X25519 public key, the raw 32 bytes in base64url. */
  agreement: string;
}

export interface DeviceSecretKeys {
  signing: KeyObject;
  agreement: KeyObject;
}

export interface DeviceKeys {
  publicKeys: DevicePublicKeys;
  secretKeys: DeviceSecretKeys;
}

export function generateDeviceKeys(): DeviceKeys {
  const signing = generateKeyPairSync('ed25519');
  const agreement = generateKeyPairSync('x25519');
  return {
    publicKeys: { signing: rawPublicKey(signing.publicKey), agreement: rawPublicKey(agreement.publicKey) },
    secretKeys: { signing: signing.privateKey, agreement: agreement.privateKey },
  };
}

export function rawPublicKey(key: KeyObject): string {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new TypeError('not an OKP public key');
  return x;
}

/** The public half of a private key, as text (for writing a device record from a restored key). */
export function publicKeysOf(secret: DeviceSecretKeys): DevicePublicKeys {
  return { signing: rawPublicKey(createPublicKey(secret.signing)), agreement: rawPublicKey(createPublicKey(secret.agreement)) };
}

const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

/** A public key from its text; undefined for text that is not one (records in the folder are untrusted input). */
export function importPublicKey(text: string, curve: 'Ed25519' | 'X25519'): KeyObject | undefined {
  if (!KEY_TEXT.test(text)) return undefined;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: curve, x: text }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

const DOMAIN = {
  batch: 'principled/batch-file/v1\0',
  record: 'principled/signed-record/v1\0',
} as const;

/**
 * Signatures are domain-separated, so bytes signed as a batch file can never be passed off as a signed
 * record (or the reverse) even if their contents happened to coincide.
 */
export function signBytes(domain: keyof typeof DOMAIN, message: Uint8Array, key: KeyObject): Buffer {
  return sign(null, Buffer.concat([Buffer.from(DOMAIN[domain]), message]), key);
}

export function verifyBytes(domain: keyof typeof DOMAIN, message: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(DOMAIN[domain]), message]), key, signature);
  } catch {
    return false;
  }
}

/** The private keys as bytes (PKCS#8 DER each) for the caller to seal; never written anywhere unsealed. */
export function exportSecretKeys(secret: DeviceSecretKeys): Buffer {
  const text = JSON.stringify({
    v: 1,
    signing: secret.signing.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    agreement: secret.agreement.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  });
  return Buffer.from(text, 'utf8');
}

export function importSecretKeys(bytes: Uint8Array): Checked<DeviceSecretKeys, 'corrupt'> {
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { v?: unknown; signing?: unknown; agreement?: unknown };
    if (parsed.v !== 1 || typeof parsed.signing !== 'string' || typeof parsed.agreement !== 'string') return refused('corrupt', 'not a version-1 device key export');
    const signing = createPrivateKey({ key: Buffer.from(parsed.signing, 'base64'), format: 'der', type: 'pkcs8' });
    const agreement = createPrivateKey({ key: Buffer.from(parsed.agreement, 'base64'), format: 'der', type: 'pkcs8' });
    if (signing.asymmetricKeyType !== 'ed25519' || agreement.asymmetricKeyType !== 'x25519') return refused('corrupt', 'wrong key types');
    return { ok: true, value: { signing, agreement } };
  } catch (error) {
    return refused('corrupt', (error as Error).message);
  }
}

/*
 * Passphrase seal: "PRPS" | version 1 | log2(N) | r | p | salt(16) | nonce(12) | AES-256-GCM ciphertext | tag(16).
 * The parameters travel in the header (and are authenticated as associated data) so they can be raised later
 * without breaking what was sealed before. N = 2^15, r = 8: about 32 MiB and a tenth of a second per open,
 * OWASP's floor for scrypt, paid once when the app unlocks.
 */
const SEAL_MAGIC = Buffer.from('PRPS', 'ascii');
const SEAL_HEADER = 4 + 1 + 3 + 16 + 12;
const SCRYPT = { logN: 15, r: 8, p: 1 };

function scryptKey(passphrase: string, salt: Uint8Array, logN: number, r: number, p: number): Buffer {
  const N = 2 ** logN;
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

/** A passphrase stretched once: what re-sealing needs, so the passphrase itself need not be kept anywhere. */
export interface PassphraseKey {
  salt: Buffer;
  logN: number;
  r: number;
  p: number;
  key: Buffer;
}

export function derivePassphraseKey(passphrase: string): PassphraseKey {
  if (passphrase.length === 0) throw new TypeError('an empty passphrase protects nothing');
  const salt = randomBytes(16);
  return { salt, ...SCRYPT, key: scryptKey(passphrase, salt, SCRYPT.logN, SCRYPT.r, SCRYPT.p) };
}

export function sealWithPassphrase(plain: Uint8Array, passphrase: string): Buffer {
  return sealWithPassphraseKey(plain, derivePassphraseKey(passphrase));
}

/** The same seal as `sealWithPassphrase` (the same salt in its header, a fresh nonce), from a stretched passphrase. */
export function sealWithPassphraseKey(plain: Uint8Array, k: PassphraseKey): Buffer {
  const nonce = randomBytes(12);
  const header = Buffer.concat([SEAL_MAGIC, Buffer.from([1, k.logN, k.r, k.p]), k.salt, nonce]);
  const cipher = createCipheriv('aes-256-gcm', k.key, nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

export function openWithPassphrase(sealed: Uint8Array, passphrase: string): Checked<Buffer, 'corrupt' | 'wrong-passphrase'> {
  return openSeal(sealed, (salt, logN, r, p) => scryptKey(passphrase, salt, logN, r, p));
}

/** Opens a seal made under this stretched passphrase (its salt); another salt is a wrong passphrase. */
export function openWithPassphraseKey(sealed: Uint8Array, k: PassphraseKey): Checked<Buffer, 'corrupt' | 'wrong-passphrase'> {
  return openSeal(sealed, (salt, logN, r, p) => (k.salt.equals(salt) && k.logN === logN && k.r === r && k.p === p ? k.key : null));
}

function openSeal(sealed: Uint8Array, keyFor: (salt: Buffer, logN: number, r: number, p: number) => Buffer | null): Checked<Buffer, 'corrupt' | 'wrong-passphrase'> {
  const bytes = Buffer.from(sealed);
  if (bytes.length < SEAL_HEADER + 16 || !bytes.subarray(0, 4).equals(SEAL_MAGIC) || bytes[4] !== 1) return refused('corrupt', 'not a sealed key');
  const [logN, r, p] = [bytes[5] ?? 0, bytes[6] ?? 0, bytes[7] ?? 0];
  // Bounds keep a tampered header from asking for gigabytes of memory or hours of work.
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return refused('corrupt', 'scrypt parameters out of range');
  const header = bytes.subarray(0, SEAL_HEADER);
  const salt = bytes.subarray(8, 24);
  const nonce = bytes.subarray(24, 36);
  try {
    const key = keyFor(salt, logN, r, p);
    if (!key) return refused('wrong-passphrase', 'the passphrase does not open this key');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(header);
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return { ok: true, value: Buffer.concat([decipher.update(bytes.subarray(SEAL_HEADER, bytes.length - 16)), decipher.final()]) };
  } catch {
    // GCM cannot tell a wrong passphrase from a damaged file; the passphrase is by far the likelier cause.
    return refused('wrong-passphrase', 'the passphrase does not open this key');
  }
}
