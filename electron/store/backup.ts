import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openWorkspace, WorkspaceError } from './database';
import { liveHolders } from './holders';

/** Copies the open workspace with SQLite's online backup: safe while others read and write. */
export async function backupWorkspace(db: Database, destination: string): Promise<{ file: string; bytes: number }> {
  const file = path.resolve(destination);
  if (fs.existsSync(file)) {
    throw new WorkspaceError('unreadable', file, `${file} already exists; choose a new file name so nothing is overwritten.`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  try {
    await db.backup(tmp);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return { file, bytes: fs.statSync(file).size };
}

export interface RestoreResult {
  restoredFrom: string;
  workspace: string;
  /** The workspace as it was just before, so a restore can itself be undone. */
  previousSavedAs: string | null;
  schemaVersion: number;
}

/**
 * Replaces the workspace with a backup. The backup is checked (and migrated,
 * if older) in a temporary copy first; the current workspace is kept beside it;
 * the swap is a rename, so a crash leaves either the old or the new file.
 */
export async function restoreWorkspace(backupFile: string, workspace: string, now: Date = new Date()): Promise<RestoreResult> {
  const source = path.resolve(backupFile);
  if (!fs.existsSync(source)) throw new WorkspaceError('unreadable', source, `No backup at ${source}.`);
  const holders = liveHolders(workspace);
  if (holders.length > 0) {
    throw new WorkspaceError(
      'unreadable',
      workspace,
      `The workspace is open in Mailwright (process ${holders.join(', ')}). Close it, then restore again.`,
    );
  }
  const tmp = `${workspace}.restoring`;
  fs.rmSync(tmp, { force: true });
  const src = openWorkspace(source, { readonly: true });
  try {
    await src.backup(tmp);
  } finally {
    src.close();
  }
  let version: number;
  try {
    const restored = openWorkspace(tmp); // migrates an older backup up to this version
    version = restored.pragma('user_version', { simple: true }) as number;
    restored.pragma('wal_checkpoint(TRUNCATE)');
    restored.pragma('journal_mode = DELETE');
    restored.close();
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  let previousSavedAs: string | null = null;
  if (fs.existsSync(workspace)) {
    previousSavedAs = `${workspace}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    const current = openWorkspace(workspace);
    try {
      await current.backup(previousSavedAs);
    } finally {
      current.close();
    }
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${workspace}${suffix}`, { force: true });
  fs.renameSync(tmp, workspace);
  return { restoredFrom: source, workspace, previousSavedAs, schemaVersion: version };
}
