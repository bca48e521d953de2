import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Stand-in for Electron's safeStorage: "encrypts" by reversing the bytes, and records what it was given. */
const fake = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret' as string, given: [] as string[] };
  const safeStorage = {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (plain: string) => (state.given.push(plain), Buffer.from(plain, 'utf8').reverse()),
    decryptString: (blob: Buffer) => Buffer.from(blob).reverse().toString('utf8'),
  };
  return { state, electron: { safeStorage } };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { createSafeStorageProtector } = await import('../../../electron/main/safe-storage-protector');

describe('safeStorage key protector', () => {
  beforeEach(() => {
    fake.state.available = true;
    fake.state.backend = 'gnome_libsecret';
    fake.state.given.length = 0;
  });

  it('round-trips a 32-byte key as base64url through encryptString/decryptString', () => {
    const protector = createSafeStorageProtector('linux')!;
    expect(protector.kind).toBe('os-keychain');
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
    expect(protector.unprotect(protector.protect(key)).equals(key)).toBe(true);
    expect(fake.state.given).toEqual([key.toString('base64url')]);
  });

  it('is unavailable without encryption, and on Linux without a real keyring', () => {
    fake.state.available = false;
    expect(createSafeStorageProtector('darwin')).toBeUndefined();
    fake.state.available = true;
    for (const backend of ['basic_text', 'unknown']) {
      fake.state.backend = backend;
      expect(createSafeStorageProtector('linux')).toBeUndefined();
      expect(createSafeStorageProtector('win32')).toBeDefined(); // the backend question is Linux-only
    }
    fake.state.backend = 'kwallet6';
    expect(createSafeStorageProtector('linux')).toBeDefined();
  });
});
