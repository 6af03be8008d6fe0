import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/server/sync/canonicalJson';
import {
  exportSecretKeys,
  generateDeviceKeys,
  importPublicKey,
  importSecretKeys,
  openWithPassphrase,
  publicKeysOf,
  sealWithPassphrase,
  signBytes,
  verifyBytes,
} from '../../../core/server/sync/deviceKeys';

describe('device keys', () => {
  it('exports public keys as 43-character base64url text that imports back', () => {
    const { publicKeys } = generateDeviceKeys();
    expect(publicKeys.signing).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(publicKeys.agreement).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(importPublicKey(publicKeys.signing, 'Ed25519')?.asymmetricKeyType).toBe('ed25519');
    expect(importPublicKey(publicKeys.agreement, 'X25519')?.asymmetricKeyType).toBe('x25519');
    expect(importPublicKey('not a key', 'Ed25519')).toBeUndefined();
  });

  it('round-trips the private keys through export, a passphrase seal and import', () => {
    const keys = generateDeviceKeys();
    const sealed = sealWithPassphrase(exportSecretKeys(keys.secretKeys), 'correct horse battery staple');
    expect(sealed.includes(exportSecretKeys(keys.secretKeys).subarray(0, 40))).toBe(false);
    const opened = openWithPassphrase(sealed, 'correct horse battery staple');
    if (!opened.ok) throw new Error(opened.detail);
    const secret = importSecretKeys(opened.value);
    if (!secret.ok) throw new Error(secret.detail);
    expect(publicKeysOf(secret.value)).toEqual(keys.publicKeys);
    const message = Buffer.from('hello');
    expect(verifyBytes('batch', message, signBytes('batch', message, secret.value.signing), importPublicKey(keys.publicKeys.signing, 'Ed25519')!)).toBe(true);
  });

  it('refuses a wrong passphrase and a damaged seal without throwing', () => {
    const sealed = sealWithPassphrase(Buffer.from('secret'), 'right');
    expect(openWithPassphrase(sealed, 'wrong')).toMatchObject({ ok: false, kind: 'wrong-passphrase' });
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20]! ^= 1;
    expect(openWithPassphrase(flipped, 'right')).toMatchObject({ ok: false });
    expect(openWithPassphrase(sealed.subarray(0, 10), 'right')).toMatchObject({ ok: false, kind: 'corrupt' });
    // Lowering the scrypt cost in the header does not open the seal more cheaply.
    const weakened = Buffer.from(sealed);
    weakened[5] = 10;
    expect(openWithPassphrase(weakened, 'right')).toMatchObject({ ok: false, kind: 'wrong-passphrase' });
  });

  it('keeps signatures of one domain from verifying in another', () => {
    const keys = generateDeviceKeys();
    const message = Buffer.from('{"a":1}');
    const signature = signBytes('batch', message, keys.secretKeys.signing);
    const publicKey = importPublicKey(keys.publicKeys.signing, 'Ed25519')!;
    expect(verifyBytes('batch', message, signature, publicKey)).toBe(true);
    expect(verifyBytes('record', message, signature, publicKey)).toBe(false);
  });
});

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 2, x: 1 } }, '{"z":{"x":1,"y":2}}'],
    ['é', '"é"'],
  ])('writes %j as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it.each([[{ a: undefined }], [Number.NaN], [{ a: Infinity }], [new Date(0)], [1n]])('refuses %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});
