import type { Migration } from './index';

/** A mailbox's Sieve scripts: several saved, at most one active (issue 8). */
export const m0080SieveScripts: Migration = {
  version: 80,
  name: '0080-sieve-scripts',
  up(db) {
    db.exec(`
      CREATE TABLE sieve_scripts (
        id INTEGER PRIMARY KEY,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        content TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX sieve_scripts_name ON sieve_scripts (mailbox_id, name COLLATE NOCASE);
      CREATE UNIQUE INDEX sieve_scripts_one_active ON sieve_scripts (mailbox_id) WHERE active = 1;
    `);
  },
};
