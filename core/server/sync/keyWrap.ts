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

/*
 * A grant bundle (keyGrant.ts) carries many keys from one device to another: one X25519 agreement and one HKDF
 * for the whole bundle (its ephemeral public key sits in the bundle; the derived key is bound to the bundle's id
 * and both public keys), then per key AES-256-GCM with a fresh nonce and the key's context (bundle, purpose, key id,
 * recipient) as associated data. A joining device is granted ~60,000 candidate keys at `large`: one agreement
 * instead of 60,000 on each side, and no derivation per key (HKDF per key was a third of opening a bundle).
 */
// version(1) | nonce(12) | wrapped key(32) | tag(16)
const BUNDLED_VERSION = 2;
const BUNDLED_BYTES = 1 + 12 + KEY_BYTES + 16;

function bundledAad(context: WrapContext, bundleId: string): Buffer {
  return Buffer.from(`principled/key-bundle/v1|${bundleId}|${context.purpose}|${context.keyId}|${context.recipientDeviceId}`, 'utf8');
}

function bundleKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer, bundleId: string): Buffer {
  // A small-order key gives an all-zero secret that anyone could compute.
  if (shared.every((b) => b === 0)) throw new Error('degenerate X25519 shared secret');
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), Buffer.from(`principled/key-bundle/v1|${bundleId}`, 'utf8'), 32));
}

export interface BundleWrapper {
  /** The bundle's ephemeral X25519 public key, raw, base64url. */
  ephemeral: string;
  wrap(key: Uint8Array, context: WrapContext): string;
}

/** Wraps many keys to one device under one fresh ephemeral key pair, each bound to its context and the bundle's id. */
export function bundleWrapper(recipientAgreementKey: string, bundleId: string): BundleWrapper {
  const recipient = importPublicKey(recipientAgreementKey, 'X25519');
  if (!recipient) throw new TypeError('not an X25519 public key');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawX25519(ephemeral.publicKey);
  const wrapping = bundleKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralPublic, rawX25519(recipient), bundleId);
  return {
    ephemeral: ephemeralPublic.toString('base64url'),
    wrap(key, context) {
      if (key.length !== KEY_BYTES) throw new TypeError(`a wrapped key is ${KEY_BYTES} bytes`);
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', wrapping, nonce);
      cipher.setAAD(bundledAad(context, bundleId));
      const body = Buffer.concat([cipher.update(key), cipher.final()]);
      return Buffer.concat([Buffer.from([BUNDLED_VERSION]), nonce, body, cipher.getAuthTag()]).toString('base64url');
    },
  };
}

export interface BundleUnwrapper {
  unwrap(wrapped: string, context: WrapContext): Checked<Buffer, 'corrupt' | 'wrong-key'>;
}

/** Opens the keys of a bundle wrapped to this device: null when its ephemeral key is not one (a damaged bundle). */
export function bundleUnwrapper(ephemeral: string, agreementSecret: KeyObject, bundleId: string): BundleUnwrapper | null {
  const ephemeralKey = importPublicKey(ephemeral, 'X25519');
  if (!ephemeralKey) return null;
  let wrapping: Buffer;
  try {
    const shared = diffieHellman({ privateKey: agreementSecret, publicKey: ephemeralKey });
    wrapping = bundleKey(shared, Buffer.from(ephemeral, 'base64url'), rawX25519(createPublicKey(agreementSecret)), bundleId);
  } catch {
    return null;
  }
  return {
    unwrap(wrapped, context) {
      const bytes = Buffer.from(wrapped, 'base64url');
      if (bytes.length !== BUNDLED_BYTES || bytes[0] !== BUNDLED_VERSION) return refused('corrupt', 'not a bundled wrapped key');
      try {
        const decipher = createDecipheriv('aes-256-gcm', wrapping, bytes.subarray(1, 13));
        decipher.setAAD(bundledAad(context, bundleId));
        decipher.setAuthTag(bytes.subarray(BUNDLED_BYTES - 16));
        return { ok: true, value: Buffer.concat([decipher.update(bytes.subarray(13, 13 + KEY_BYTES)), decipher.final()]) };
      } catch {
        return refused('wrong-key', 'this device cannot unwrap the key (another recipient, purpose, key id or bundle)');
      }
    },
  };
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
