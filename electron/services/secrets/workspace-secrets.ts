import { type KeyProtector, loadOrCreateMasterKey, MasterKeyError } from './key-store';
import { createSecretBox, type SecretBox } from './secret-box';

export type WorkspaceSecrets = { box: SecretBox; problem?: undefined } | { box?: undefined; problem: MasterKeyError };

/**
 * What every host does at start: the workspace's secret box, or — when the key
 * can't be had (moved to the desktop app's keychain, damaged, conflicting) —
 * the reason, so the host runs without a sealer (services answer
 * `secrets-unavailable`) and logs or shows `problem.message` once. Errors
 * other than MasterKeyError (a full disk, a permission error on the folder)
 * are thrown. The key itself never leaves this function except inside the box.
 */
export function openWorkspaceSecrets(
  dataDir: string,
  options: { protector?: KeyProtector; onWarning?: (message: string) => void } = {},
): WorkspaceSecrets {
  try {
    const key = loadOrCreateMasterKey(dataDir, options.protector, { onWarning: options.onWarning });
    try {
      return { box: createSecretBox(key) };
    } finally {
      key.fill(0); // the box keeps its own copy
    }
  } catch (error) {
    if (error instanceof MasterKeyError) return { problem: error };
    throw error;
  }
}
