import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/**
 * A file sealed with a passphrase, for copies that leave the data folder (a whole-workspace export, a backup
 * saved elsewhere; issue 12 item 6):
 *
 *   "PRLX" | version 1 | KDF 1 (scrypt) | log2(N) | r | p | salt(16) | nonce(12) | AES-256-GCM ciphertext | tag(16)
 *
 * The header is the GCM associated data, so a changed parameter, salt or nonce fails like a changed byte of the
 * ciphertext. scrypt N = 2^17, r = 8, p = 1 (OWASP's recommendation, 128 MiB): these copies live on other disks
 * and in mailboxes for years, so a guess costs more than the device keys' seal (deviceKeys.ts, paid at each
 * unlock). The KDF runs on libuv's thread pool, never holding the API thread.
 */
const MAGIC = Buffer.from('PRLX', 'ascii');
const VERSION = 1;
const KDF_SCRYPT = 1;
const HEADER = 4 + 1 + 1 + 3 + 16 + 12;
const TAG = 16;
export const PASSPHRASE_FILE_SCRYPT = { logN: 17, r: 8, p: 1 };

export function isPassphraseFile(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.equals(bytes.subarray(0, MAGIC.length));
}

function deriveKey(passphrase: string, salt: Uint8Array, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function sealWithPassphrase(plain: Uint8Array, passphrase: string, params = PASSPHRASE_FILE_SCRYPT): Promise<Buffer> {
  if (passphrase.length === 0) throw new TypeError('an empty passphrase protects nothing');
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, KDF_SCRYPT, params.logN, params.r, params.p]), salt, nonce]);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, params.logN, params.r, params.p), nonce);
  cipher.setAAD(header);
  return Buffer.concat([header, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

export type OpenResult = { ok: true; plain: Buffer } | { ok: false; reason: 'not-sealed' | 'unsupported' | 'wrong-passphrase' };

/**
 * The plain bytes, or why not. `wrong-passphrase` also covers a file changed after sealing: GCM cannot tell
 * the two apart, and the words say so.
 */
export async function openWithPassphrase(sealed: Uint8Array, passphrase: string): Promise<OpenResult> {
  if (!isPassphraseFile(sealed) || sealed.length < HEADER + TAG) return { ok: false, reason: 'not-sealed' };
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const [version, kdf, logN, r, p] = bytes.subarray(4, 9);
  // Bounds on what a file may ask of the KDF: a forged header must not make the app allocate gigabytes.
  if (version !== VERSION || kdf !== KDF_SCRYPT || !logN || logN < 14 || logN > 20 || !r || r > 16 || !p || p > 4) return { ok: false, reason: 'unsupported' };
  const header = bytes.subarray(0, HEADER);
  const salt = bytes.subarray(9, 25);
  const nonce = bytes.subarray(25, HEADER);
  const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, salt, logN, r, p), nonce);
  decipher.setAAD(header);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
  try {
    return { ok: true, plain: Buffer.concat([decipher.update(bytes.subarray(HEADER, bytes.length - TAG)), decipher.final()]) };
  } catch {
    return { ok: false, reason: 'wrong-passphrase' };
  }
}

/**
 * A sealed whole-workspace export stays a JSON text file (the import reads text, the 12 MB limit counts
 * characters): this envelope carries the sealed bytes as base64 and says what it is before anything is opened.
 */
export const ENCRYPTED_EXPORT_FORMAT = 'principled-encrypted';

export function armorSealed(sealed: Uint8Array): string {
  return JSON.stringify({ format: ENCRYPTED_EXPORT_FORMAT, version: 1, sealed: Buffer.from(sealed).toString('base64') });
}

/** The sealed bytes of an armored export; null when `text` is not one (a plain export, or anything else). */
export function unarmorSealed(text: string): Buffer | null {
  // A plain export is large: only a text that starts like the envelope is parsed.
  if (!text.trimStart().startsWith(`{"format":"${ENCRYPTED_EXPORT_FORMAT}"`)) return null;
  try {
    const envelope = JSON.parse(text) as { format?: unknown; sealed?: unknown };
    return envelope.format === ENCRYPTED_EXPORT_FORMAT && typeof envelope.sealed === 'string' ? Buffer.from(envelope.sealed, 'base64') : null;
  } catch {
    return null;
  }
}
