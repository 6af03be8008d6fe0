import { beforeEach, describe, expect, it, vi } from 'vitest';

// safeStorage stands in for the OS key store: "encrypts" by reversing and tagging, refuses what it did not seal.
const fake = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret' as string };
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => state.available),
    getSelectedStorageBackend: vi.fn(() => state.backend),
    encryptString: vi.fn((text: string) => Buffer.from(`os:${[...text].reverse().join('')}`)),
    decryptString: vi.fn((sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('os:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(3)].reverse().join('');
    }),
  };
  return { state, safeStorage };
});
vi.mock('electron', () => ({ safeStorage: fake.safeStorage }));

import { osKeyStore } from '../../electron/keySealer';

beforeEach(() => {
  fake.state.available = true;
  fake.state.backend = 'gnome_libsecret';
});

describe('the OS key store for team sync keys (safeStorage)', () => {
  it('seals bytes through safeStorage and opens them again; bytes it did not seal open as null, not a throw', () => {
    const store = osKeyStore('darwin');
    if (!store) throw new Error('expected a key store');
    const plain = Buffer.from([0, 1, 2, 250, 255, 10]);
    const sealed = store.seal(plain);
    expect(fake.safeStorage.encryptString).toHaveBeenCalledTimes(1);
    expect(sealed.includes(plain)).toBe(false);
    expect(store.open(sealed)).toEqual(plain);
    expect(store.open(Buffer.from('from another machine'))).toBeNull();
  });

  it('is none where safeStorage is not available, and on Linux when it would fall back to basic_text', () => {
    fake.state.available = false;
    expect(osKeyStore('darwin')).toBeNull();
    expect(osKeyStore('win32')).toBeNull();
    fake.state.available = true;
    fake.state.backend = 'basic_text';
    expect(osKeyStore('linux')).toBeNull();
    // basic_text is a Linux backend: elsewhere the OS store is always real.
    expect(osKeyStore('win32')).not.toBeNull();
    fake.state.backend = 'kwallet5';
    expect(osKeyStore('linux')).not.toBeNull();
  });
});
