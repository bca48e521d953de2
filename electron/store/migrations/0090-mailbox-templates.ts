import type { Migration } from './index';

/** Named mailbox templates per mail service: quota, forwarding policy, out-of-office, filters, Sieve (issue 8). */
export const m0090MailboxTemplates: Migration = {
  version: 90,
  name: '0090-mailbox-templates',
  up(db) {
    db.exec(`
      CREATE TABLE mailbox_templates (
        id INTEGER PRIMARY KEY,
        mail_service_id INTEGER NOT NULL REFERENCES mail_services (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        -- The parts the template sets, as the contract's TemplateSettings (validated on every write).
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX mailbox_templates_name ON mailbox_templates (mail_service_id, name COLLATE NOCASE);
    `);
  },
};
