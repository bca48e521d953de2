import type { Migration } from './index';

/**
 * Sealed passwords of deleted mailboxes, kept beside the audit entry that can
 * undo the delete: the audit log itself never holds secrets, not even sealed
 * ones, yet an undo must put a planned mailbox back with its password.
 */
export const m0050UndoSecrets: Migration = {
  version: 50,
  name: '0050-undo-secrets',
  up(db) {
    db.exec(`
      CREATE TABLE undo_secrets (
        audit_id INTEGER NOT NULL REFERENCES audit_log (id) ON DELETE CASCADE,
        mailbox_id INTEGER NOT NULL,
        password_sealed TEXT NOT NULL,
        PRIMARY KEY (audit_id, mailbox_id)
      ) WITHOUT ROWID;
    `);
  },
};
