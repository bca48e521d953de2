import type { Migration } from './index';

/** Per-mailbox filters: spam, promotions and social-network sorting, and the allow and block lists (issue 8). */
export const m0070MailboxFilters: Migration = {
  version: 70,
  name: '0070-mailbox-filters',
  up(db) {
    db.exec(`
      -- A mailbox without a row has the provider's defaults: spam filter on, the others off.
      CREATE TABLE mailbox_filters (
        mailbox_id INTEGER PRIMARY KEY REFERENCES mailboxes (id) ON DELETE CASCADE,
        spam INTEGER NOT NULL DEFAULT 1 CHECK (spam IN (0, 1)),
        spam_folder TEXT NOT NULL DEFAULT 'Spam',
        promotions INTEGER NOT NULL DEFAULT 0 CHECK (promotions IN (0, 1)),
        promotions_folder TEXT NOT NULL DEFAULT 'Promotions',
        social INTEGER NOT NULL DEFAULT 0 CHECK (social IN (0, 1)),
        social_folder TEXT NOT NULL DEFAULT 'Social networks',
        updated_at TEXT NOT NULL
      );
      CREATE TABLE mailbox_filter_entries (
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        list TEXT NOT NULL CHECK (list IN ('allow', 'block')),
        entry TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (mailbox_id, list, entry)
      ) WITHOUT ROWID;
    `);
  },
};
