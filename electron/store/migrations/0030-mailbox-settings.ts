import type { Migration } from './index';

/**
 * Aliases, forwarding, out-of-office replies and a per-workspace settings
 * store. The mailbox row keeps denormalised summaries (alias count,
 * forwarding, active reply) so the 100,000-row table sorts and filters on
 * them without joins; the services keep them in step in the same transaction.
 */
export const m0030MailboxSettings: Migration = {
  version: 30,
  name: '0030-mailbox-settings',
  up(db) {
    db.exec(`
      ALTER TABLE mailboxes ADD COLUMN alias_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE mailboxes ADD COLUMN forward_targets TEXT NOT NULL DEFAULT '';
      ALTER TABLE mailboxes ADD COLUMN forward_keep_copy INTEGER NOT NULL DEFAULT 1 CHECK (forward_keep_copy IN (0, 1));
      ALTER TABLE mailboxes ADD COLUMN auto_reply_active INTEGER NOT NULL DEFAULT 0 CHECK (auto_reply_active IN (0, 1));
      ALTER TABLE mailboxes ADD COLUMN auto_reply_until TEXT;
      ALTER TABLE mailboxes ADD COLUMN password_sealed TEXT;
      ALTER TABLE mailboxes ADD COLUMN password_set_at TEXT;

      CREATE TABLE mailbox_aliases (
        id INTEGER PRIMARY KEY,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        mail_service_id INTEGER NOT NULL REFERENCES mail_services (id) ON DELETE CASCADE,
        local_part TEXT NOT NULL CHECK (length(local_part) BETWEEN 1 AND 64),
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX mailbox_aliases_local_part ON mailbox_aliases (mail_service_id, local_part COLLATE NOCASE);
      CREATE INDEX mailbox_aliases_mailbox ON mailbox_aliases (mailbox_id);

      -- Forward targets, one row each; forward_targets on the mailbox is their display/search summary.
      CREATE TABLE mailbox_forwards (
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        target TEXT NOT NULL,
        PRIMARY KEY (mailbox_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX mailbox_forwards_target ON mailbox_forwards (target);

      CREATE TABLE auto_replies (
        id INTEGER PRIMARY KEY,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL,
        starts_at TEXT,
        ends_at TEXT,
        weekdays TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(weekdays)),
        sender_address TEXT,
        excluded TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(excluded)),
        active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        counter_reset_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX auto_replies_mailbox ON auto_replies (mailbox_id);
      -- One active reply per mailbox, whatever the code above does.
      CREATE UNIQUE INDEX auto_replies_one_active ON auto_replies (mailbox_id) WHERE active = 1;

      -- Per-workspace preferences (e.g. the mailbox table's columns). UI layout, not audited.
      CREATE TABLE workspace_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
