import type { Migration } from './index';

/** Bulk imports and their batches (the provider creates at most 50 addresses per 24 hours). */
export const m0040BulkCreate: Migration = {
  version: 40,
  name: '0040-bulk-create',
  up(db) {
    db.exec(`
      CREATE TABLE bulk_imports (
        id INTEGER PRIMARY KEY,
        mail_service_id INTEGER NOT NULL REFERENCES mail_services (id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE bulk_batches (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES bulk_imports (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        -- The time planned at commit; reads take the later of this and what applied batches allow since.
        not_before TEXT NOT NULL,
        exported_at TEXT,
        applied_at TEXT,
        UNIQUE (import_id, position)
      );
      ALTER TABLE mailboxes ADD COLUMN batch_id INTEGER REFERENCES bulk_batches (id) ON DELETE SET NULL;
      CREATE INDEX mailboxes_batch ON mailboxes (batch_id) WHERE batch_id IS NOT NULL;
    `);
  },
};
