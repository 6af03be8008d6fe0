import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { importPublicKey } from './deviceKeys';
import { refused, type Checked } from './syncResult';

/**
 * What a wrapped key is for: the team key, a key per feedback (blind in the
 * files: wrapped only to who may read it yet) and per candidate (erasure: destroy every wrap of the key).
 */
export type KeyPurpose = 'team' | `feedback:${string}` | `candidate:${string}`;

export function isKeyPurpose(text: unknown): text is KeyPurpose {
  return typeof text === 'string' && (text === 'team' || /^(feedback|candidate):[0-9a-f-]{36}$/.test(text));
}

/** What a wrap is bound to: unwrapping under any other purpose, key id or recipient fails. */
export interface WrapContext {
  purpose: KeyPurpose;
  keyId: string;
  recipientDeviceId: string;
}

export const KEY_BYTES = 32;

export function newSymmetricKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

// version(1) | ephemeral X25519 public key(32) | nonce(12) | wrapped key(32) | tag(16)
const WRAP_VERSION = 1;
const WRAPPED_BYTES = 1 + 32 + 12 + KEY_BYTES + 16;

function info(context: WrapContext): Buffer {
  return Buffer.from(`principled/key-wrap/v1|${context.purpose}|${context.keyId}|${context.recipientDeviceId}`, 'utf8');
}

function rawX25519(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');
}

function wrappingKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer, context: WrapContext): Buffer {
  // A small-order recipient key gives an all-zero secret that anyone could compute.
  if (shared.every((b) => b === 0)) throw new Error('degenerate X25519 shared secret');
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), info(context), 32));
}

/** Wraps a 32-byte key to one device's X25519 public key (an ephemeral key pair per wrap, so wraps are unlinkable). */
export function wrapKey(key: Uint8Array, recipientAgreementKey: string, context: WrapContext): string {
  if (key.length !== KEY_BYTES) throw new TypeError(`a wrapped key is ${KEY_BYTES} bytes`);
  const recipient = importPublicKey(recipientAgreementKey, 'X25519');
  if (!recipient) throw new TypeError('not an X25519 public key');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawX25519(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(shared, ephemeralPublic, rawX25519(recipient), context), nonce);
  cipher.setAAD(info(context));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([Buffer.from([WRAP_VERSION]), ephemeralPublic, nonce, body, cipher.getAuthTag()]).toString('base64url');
}

export function unwrapKey(wrapped: string, agreementSecret: KeyObject, context: WrapContext): Checked<Buffer, 'corrupt' | 'wrong-key'> {
  const bytes = Buffer.from(wrapped, 'base64url');
  if (bytes.length !== WRAPPED_BYTES || bytes[0] !== WRAP_VERSION) return refused('corrupt', 'not a version-1 wrapped key');
  const ephemeralPublic = bytes.subarray(1, 33);
  const ephemeral = importPublicKey(ephemeralPublic.toString('base64url'), 'X25519');
  if (!ephemeral) return refused('corrupt', 'bad ephemeral key');
  try {
    const shared = diffieHellman({ privateKey: agreementSecret, publicKey: ephemeral });
    const recipientPublic = rawX25519(createPublicKey(agreementSecret));
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey(shared, ephemeralPublic, recipientPublic, context), bytes.subarray(33, 45));
    decipher.setAAD(info(context));
    decipher.setAuthTag(bytes.subarray(WRAPPED_BYTES - 16));
    return { ok: true, value: Buffer.concat([decipher.update(bytes.subarray(45, 45 + KEY_BYTES)), decipher.final()]) };
  } catch {
    return refused('wrong-key', 'this device cannot unwrap the key (another recipient, purpose or key id)');
  }
}
