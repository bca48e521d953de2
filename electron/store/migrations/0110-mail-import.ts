import type { Migration } from './index';

/**
 * Mail import (issue 6): jobs of up to 25 accounts with their progress and reports, the import target server per
 * mail service, and the copy state per account pair and folder that makes re-runs, resumes and crash recovery
 * copy each message exactly once.
 */
export const m0110MailImport: Migration = {
  version: 110,
  name: '0110-mail-import',
  up(db) {
    db.exec(`
      CREATE TABLE import_targets (
        mail_service_id INTEGER PRIMARY KEY REFERENCES mail_services (id) ON DELETE CASCADE,
        server TEXT NOT NULL
      );
      CREATE TABLE import_jobs (
        id INTEGER PRIMARY KEY,
        mail_service_id INTEGER NOT NULL REFERENCES mail_services (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        options_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        -- The process running (or queueing) it, and when it last said so: one runner per job across the app,
        -- the web host and the CLI; a silent one for long means the job was interrupted.
        owner TEXT,
        heartbeat_at TEXT
      );
      CREATE TABLE import_accounts (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
        line INTEGER,
        source TEXT NOT NULL,
        source_server TEXT,
        target TEXT NOT NULL,
        target_server TEXT,
        status TEXT NOT NULL,
        code TEXT,
        message TEXT,
        progress_json TEXT NOT NULL,
        report_json TEXT,
        -- Both passwords sealed with the workspace key, only when the user ticked "remember".
        credentials BLOB,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX import_accounts_job ON import_accounts (job_id);
      -- pair: "<source login>@<host:port>><target login>@<host:port>". last_uid: every source UID up to it was
      -- copied or found already present; inflight_*: a chunk sent but not yet confirmed (checked after a crash).
      CREATE TABLE import_folder_state (
        pair TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_uid_validity INTEGER NOT NULL,
        last_uid INTEGER NOT NULL,
        target_path TEXT NOT NULL,
        target_uid_validity INTEGER NOT NULL,
        inflight_from INTEGER,
        inflight_to INTEGER,
        inflight_target_uid_next INTEGER,
        failed_json TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (pair, source_path)
      );
    `);
  },
};
