import type { Database } from 'better-sqlite3';

/**
 * What the copy remembers per account pair and source folder. `lastUid`: every source UID up to it was copied or
 * found on the target already, so a re-run only asks for newer UIDs — no reading of the target at all. `inflight`:
 * a chunk was sent and not yet confirmed; after a crash the copy checks the target's new messages (UIDs from
 * `targetUidNext`) against that chunk, so it is neither lost nor appended twice. A new UIDVALIDITY on either side,
 * or no state at all, makes the copy compare the whole folder by Message-ID instead.
 */
export interface FolderState {
  sourceUidValidity: number;
  lastUid: number;
  targetPath: string;
  targetUidValidity: number;
  inflight: { from: number; to: number; targetUidNext: number } | null;
  /** Messages that failed after their retries: tried again on the next run. */
  failed: { uid: number; subject: string; reason: string }[];
}

/** Asynchronous so the mail worker can keep it in the main thread's store (each call confirmed before it goes on). */
export interface ImportStateStore {
  get(pair: string, sourcePath: string): Promise<FolderState | null>;
  put(pair: string, sourcePath: string, state: FolderState): Promise<void>;
}

export class MemoryImportState implements ImportStateStore {
  readonly rows = new Map<string, FolderState>();
  async get(pair: string, sourcePath: string) {
    const row = this.rows.get(`${pair}\n${sourcePath}`);
    return row ? structuredClone(row) : null;
  }
  async put(pair: string, sourcePath: string, state: FolderState) {
    this.rows.set(`${pair}\n${sourcePath}`, structuredClone(state));
  }
}

interface Row {
  source_uid_validity: number;
  last_uid: number;
  target_path: string;
  target_uid_validity: number;
  inflight_from: number | null;
  inflight_to: number | null;
  inflight_target_uid_next: number | null;
  failed_json: string;
}

/** The state in the workspace file: each put is its own committed transaction. */
export class SqliteImportState implements ImportStateStore {
  private readonly select;
  private readonly upsert;
  constructor(db: Database) {
    this.select = db.prepare<[string, string], Row>('SELECT * FROM import_folder_state WHERE pair = ? AND source_path = ?');
    this.upsert = db.prepare(`
      INSERT INTO import_folder_state (pair, source_path, source_uid_validity, last_uid, target_path,
        target_uid_validity, inflight_from, inflight_to, inflight_target_uid_next, failed_json, updated_at)
      VALUES (@pair, @sourcePath, @sourceUidValidity, @lastUid, @targetPath, @targetUidValidity, @from, @to,
        @targetUidNext, @failed, @now)
      ON CONFLICT (pair, source_path) DO UPDATE SET source_uid_validity = excluded.source_uid_validity,
        last_uid = excluded.last_uid, target_path = excluded.target_path,
        target_uid_validity = excluded.target_uid_validity, inflight_from = excluded.inflight_from,
        inflight_to = excluded.inflight_to, inflight_target_uid_next = excluded.inflight_target_uid_next,
        failed_json = excluded.failed_json, updated_at = excluded.updated_at`);
  }
  getSync(pair: string, sourcePath: string): FolderState | null {
    const r = this.select.get(pair, sourcePath);
    if (!r) return null;
    return {
      sourceUidValidity: r.source_uid_validity,
      lastUid: r.last_uid,
      targetPath: r.target_path,
      targetUidValidity: r.target_uid_validity,
      inflight:
        r.inflight_from !== null && r.inflight_to !== null && r.inflight_target_uid_next !== null
          ? { from: r.inflight_from, to: r.inflight_to, targetUidNext: r.inflight_target_uid_next }
          : null,
      failed: JSON.parse(r.failed_json) as FolderState['failed'],
    };
  }
  putSync(pair: string, sourcePath: string, s: FolderState) {
    this.upsert.run({
      pair,
      sourcePath,
      sourceUidValidity: s.sourceUidValidity,
      lastUid: s.lastUid,
      targetPath: s.targetPath,
      targetUidValidity: s.targetUidValidity,
      from: s.inflight?.from ?? null,
      to: s.inflight?.to ?? null,
      targetUidNext: s.inflight?.targetUidNext ?? null,
      failed: JSON.stringify(s.failed),
      now: new Date().toISOString(),
    });
  }
  async get(pair: string, sourcePath: string) {
    return this.getSync(pair, sourcePath);
  }
  async put(pair: string, sourcePath: string, state: FolderState) {
    this.putSync(pair, sourcePath, state);
  }
}
