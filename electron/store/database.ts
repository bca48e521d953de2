import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';

/** "MWRK": marks a SQLite file as a Mailwright workspace (PRAGMA application_id). */
export const APPLICATION_ID = 0x4d57524b;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type WorkspaceErrorCode = 'not-a-database' | 'corrupted' | 'foreign-database' | 'newer-version' | 'unreadable';

/** Why a workspace file can't be opened; the message names the file and what to do. */
export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

export interface OpenOptions {
  /** better-sqlite3's native addon, when it must differ from the Node build (Electron dev runs). */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a workspace database and brings its schema up to
 * date. A file that isn't a healthy Mailwright workspace of this or an older
 * version is refused before anything is written to it.
 */
export function openWorkspace(file: string, options: OpenOptions = {}): Database {
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (exists) inspectExisting(file, options);
  else if (options.readonly) throw new WorkspaceError('unreadable', file, `No workspace at ${file}.`);
  else fs.mkdirSync(path.dirname(file), { recursive: true });

  const db = new BetterSqlite3(file, { nativeBinding: options.nativeBinding, readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // The working set of a 100,000-mailbox workspace fits; list queries stay in memory.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Read-only checks on a file that already exists: nothing is written to it. */
function inspectExisting(file: string, options: OpenOptions): void {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(16);
      fs.readSync(fd, header, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw new WorkspaceError('unreadable', file, `Cannot read ${file}: ${(error as Error).message}`);
  }
  if (!header.equals(SQLITE_HEADER)) {
    throw new WorkspaceError(
      'not-a-database',
      file,
      `${file} is not a Mailwright workspace (not a SQLite database). It was left untouched; move it away or choose another data directory.`,
    );
  }
  let probe: Database | undefined;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
    const check = probe.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
    const appId = probe.pragma('application_id', { simple: true }) as number;
    const version = probe.pragma('user_version', { simple: true }) as number;
    const tables = probe.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (appId !== APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
      throw new WorkspaceError(
        'foreign-database',
        file,
        `${file} is a SQLite database of another program, not a Mailwright workspace. It was left untouched; choose another data directory.`,
      );
    }
    if (version > LATEST_VERSION) {
      throw new WorkspaceError(
        'newer-version',
        file,
        `${file} was written by a newer Mailwright (schema ${version}; this version knows up to ${LATEST_VERSION}). Update Mailwright to open it; the file was left untouched.`,
      );
    }
  } catch (error) {
    if (error instanceof WorkspaceError) throw error;
    throw new WorkspaceError(
      'corrupted',
      file,
      `${file} is damaged and cannot be opened (${(error as Error).message}). It was left untouched; restore a backup with "mailwright restore --from FILE".`,
    );
  } finally {
    probe?.close();
  }
}

/** Applies every pending migration in one transaction: all of them or none. */
export function migrate(db: Database, target = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new WorkspaceError('newer-version', db.name, `${db.name} was written by a newer Mailwright (schema ${current}).`);
  }
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  }).immediate();
  return pending[pending.length - 1]!.version;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
