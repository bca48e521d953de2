import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Mailwright';
export const WORKSPACE_FILE = 'workspace.sqlite';

/**
 * The platform's usual per-user application-data folder, the same one Electron
 * uses for `userData`, so the desktop app, the web host and the CLI share one
 * workspace by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_DIR_NAME);
}

/** `--data-dir` wins, then MAILWRIGHT_DATA_DIR, then the platform default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.MAILWRIGHT_DATA_DIR;
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultDataDir(env));
}

export function workspaceFile(dataDir: string): string {
  return path.join(dataDir, WORKSPACE_FILE);
}
