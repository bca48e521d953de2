import type { Migration } from './index';

export const m0010Initial: Migration = {
  version: 10,
  name: '0010-initial',
  up(db) {
    db.exec(`
      CREATE TABLE organisations (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX organisations_name ON organisations (name COLLATE NOCASE);

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);

      CREATE TABLE memberships (
        organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('legal-representative', 'administrator', 'collaborator', 'external')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (organisation_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX memberships_user ON memberships (user_id);

      CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('mail-service', 'domain', 'ksuite', 'hosting', 'drive', 'other')),
        name TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX products_organisation ON products (organisation_id, kind);

      CREATE TABLE mail_services (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL UNIQUE REFERENCES products (id) ON DELETE CASCADE,
        domain TEXT NOT NULL,
        address_quota INTEGER NOT NULL CHECK (address_quota > 0),
        maintenance INTEGER NOT NULL DEFAULT 0 CHECK (maintenance IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX mail_services_domain ON mail_services (domain COLLATE NOCASE);

      CREATE TABLE mailboxes (
        id INTEGER PRIMARY KEY,
        mail_service_id INTEGER NOT NULL REFERENCES mail_services (id) ON DELETE CASCADE,
        local_part TEXT NOT NULL CHECK (length(local_part) BETWEEN 1 AND 64),
        display_name TEXT NOT NULL DEFAULT '',
        storage_quota_mb INTEGER NOT NULL CHECK (storage_quota_mb > 0),
        state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'created')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX mailboxes_local_part ON mailboxes (mail_service_id, local_part COLLATE NOCASE);

      -- The audit log outlives what it describes: no foreign keys. Never holds secrets.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id INTEGER,
        organisation_id INTEGER,
        summary TEXT NOT NULL DEFAULT '',
        before_json TEXT,
        after_json TEXT,
        undoes_id INTEGER,
        undone_at TEXT
      );
      CREATE INDEX audit_log_organisation ON audit_log (organisation_id, id);
    `);
  },
};
