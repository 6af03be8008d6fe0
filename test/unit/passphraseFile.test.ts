import { describe, expect, it } from 'vitest';
import { armorSealed, isPassphraseFile, openWithPassphrase, sealWithPassphrase, unarmorSealed } from '../../core/server/passphraseFile';

// The smallest cost the opener accepts, so the table runs quickly; the app seals with PASSPHRASE_FILE_SCRYPT.
const CHEAP = { logN: 14, r: 8, p: 1 };
const PLAIN = Buffer.from('Grace Hopper <grace@example.com>: Night pages fell from nine a week to one', 'utf8');

describe('a file sealed with a passphrase', () => {
  it('opens with its passphrase, and holds none of the plain text', async () => {
    const sealed = await sealWithPassphrase(PLAIN, 'correct horse battery', CHEAP);
    expect(isPassphraseFile(sealed)).toBe(true);
    for (const needle of ['Grace', 'grace@example.com', 'Night pages']) expect(sealed.includes(needle)).toBe(false);
    expect(await openWithPassphrase(sealed, 'correct horse battery')).toEqual({ ok: true, plain: PLAIN });
    // Each seal has its own salt and nonce.
    expect((await sealWithPassphrase(PLAIN, 'correct horse battery', CHEAP)).equals(sealed)).toBe(false);
  });

  it('refuses a wrong passphrase', async () => {
    const sealed = await sealWithPassphrase(PLAIN, 'correct horse battery', CHEAP);
    expect(await openWithPassphrase(sealed, 'correct horse batter')).toEqual({ ok: false, reason: 'wrong-passphrase' });
  });

  it('refuses a flipped bit anywhere: header (associated data), salt, nonce, ciphertext or tag', async () => {
    const sealed = await sealWithPassphrase(PLAIN, 'correct horse battery', CHEAP);
    const regions = { version: 4, salt: 12, nonce: 30, ciphertext: 45, tag: sealed.length - 1 };
    for (const [region, at] of Object.entries(regions)) {
      const flipped = Buffer.from(sealed);
      flipped[at]! ^= 0x01;
      const opened = await openWithPassphrase(flipped, 'correct horse battery');
      expect(opened.ok, region).toBe(false);
    }
    const cost = Buffer.from(sealed);
    cost[6] = 15; // log2(N): another key, so the tag fails
    expect(await openWithPassphrase(cost, 'correct horse battery')).toEqual({ ok: false, reason: 'wrong-passphrase' });
    const greedy = Buffer.from(sealed);
    greedy[6] = 30; // would ask for 256 GiB: refused before the KDF runs
    expect(await openWithPassphrase(greedy, 'correct horse battery')).toEqual({ ok: false, reason: 'unsupported' });
    expect(await openWithPassphrase(sealed.subarray(0, 40), 'correct horse battery')).toEqual({ ok: false, reason: 'not-sealed' });
    expect(await openWithPassphrase(PLAIN, 'correct horse battery')).toEqual({ ok: false, reason: 'not-sealed' });
  });

  it('travels in a JSON envelope for a workspace export, and nothing else is taken for one', async () => {
    const sealed = await sealWithPassphrase(PLAIN, 'correct horse battery', CHEAP);
    expect(unarmorSealed(armorSealed(sealed))?.equals(sealed)).toBe(true);
    expect(unarmorSealed('{"format":"principled-workspace","version":1}')).toBeNull();
    expect(unarmorSealed('{"format":"principled-encrypted",')).toBeNull();
  });
});
