import { safeStorage } from 'electron';
import type { KeyProtector } from '../services/secrets/key-store';

/**
 * The OS keychain, through Electron's safeStorage: Keychain on macOS, DPAPI on
 * Windows, libsecret or KWallet on Linux. Used only when the user moves the
 * workspace key into it (key-store.ts, `moveMasterKeyToKeychain`) and to read
 * it back from there.
 *
 * Undefined where there is no real keychain: before the app is `ready`, and on
 * Linux without a keyring, where Chromium falls back to `basic_text` — a
 * password built into Chromium, obfuscation rather than protection. A 0600
 * key file is as good as that and also works for the CLI.
 *
 * safeStorage only encrypts strings: the key travels as base64url.
 */
export function createSafeStorageProtector(platform: NodeJS.Platform = process.platform): KeyProtector | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return undefined;
  }
  return {
    kind: 'os-keychain',
    protect: (key) => safeStorage.encryptString(key.toString('base64url')),
    unprotect: (blob) => Buffer.from(safeStorage.decryptString(blob), 'base64url'),
  };
}
