import type { Migration } from './index';

/**
 * Users' product access, work groups, the acting user, product transfers and
 * this installation's signing key (issue 7).
 *
 * Existing workspaces had no users: one "workspace owner" is created, made
 * legal representative of every organisation and chosen as the acting user,
 * so everything that worked before keeps working for the same person.
 */
export const m0060AccessTransfers: Migration = {
  version: 60,
  name: '0060-access-transfers',
  up(db) {
    db.exec(`
      -- Rights of a collaborator or external on one product. Managers (legal
      -- representatives, administrators) hold every right without a grant.
      CREATE TABLE product_grants (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
        can_use INTEGER NOT NULL DEFAULT 0 CHECK (can_use IN (0, 1)),
        can_manage INTEGER NOT NULL DEFAULT 0 CHECK (can_manage IN (0, 1)),
        can_technical INTEGER NOT NULL DEFAULT 0 CHECK (can_technical IN (0, 1)),
        can_statistics INTEGER NOT NULL DEFAULT 0 CHECK (can_statistics IN (0, 1)),
        PRIMARY KEY (user_id, product_id)
      ) WITHOUT ROWID;
      CREATE INDEX product_grants_product ON product_grants (product_id);

      -- "Grant on future products of this kind": applied when a product of the
      -- kind is created in (or transferred into) the organisation.
      CREATE TABLE future_grants (
        organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        can_use INTEGER NOT NULL DEFAULT 0,
        can_manage INTEGER NOT NULL DEFAULT 0,
        can_technical INTEGER NOT NULL DEFAULT 0,
        can_statistics INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (organisation_id, user_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE work_groups (
        id INTEGER PRIMARY KEY,
        organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX work_groups_name ON work_groups (organisation_id, name COLLATE NOCASE);
      CREATE TABLE work_group_members (
        group_id INTEGER NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      ) WITHOUT ROWID;
      CREATE TABLE work_group_grants (
        group_id INTEGER NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
        can_use INTEGER NOT NULL DEFAULT 0,
        can_manage INTEGER NOT NULL DEFAULT 0,
        can_technical INTEGER NOT NULL DEFAULT 0,
        can_statistics INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_id, product_id)
      ) WITHOUT ROWID;
      CREATE INDEX work_group_grants_product ON work_group_grants (product_id);

      -- A transfer link's token is never stored, only its SHA-256.
      CREATE TABLE transfers (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL UNIQUE,
        source_organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'completed', 'cancelled')),
        destination_organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
        finished_at TEXT,
        -- Handed off as a .mwtransfer file: its link no longer works here.
        exported_at TEXT
      );
      CREATE INDEX transfers_source ON transfers (source_organisation_id, id);
      CREATE INDEX transfers_destination ON transfers (destination_organisation_id, id);
      -- Names are copied so the list still reads right after the products moved or were deleted.
      CREATE TABLE transfer_products (
        id INTEGER PRIMARY KEY,
        transfer_id INTEGER NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
        -- Null once the product is deleted: the transfer then can't complete (an id may be reused later).
        product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL
      );
      CREATE INDEX transfer_products_transfer ON transfer_products (transfer_id);
      CREATE INDEX transfer_products_product ON transfer_products (product_id);
      -- .mwtransfer files taken in from other installations: each only once.
      CREATE TABLE received_transfers (
        uid TEXT PRIMARY KEY,
        organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
        signer_fingerprint TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- This installation's Ed25519 key for .mwtransfer signatures; the private half sealed.
      CREATE TABLE installation_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        public_key TEXT NOT NULL,
        private_key_sealed TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      -- Who the app acts as (one row). Not a preference: every call is checked against it.
      CREATE TABLE acting_user (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        user_id INTEGER REFERENCES users (id) ON DELETE SET NULL
      );
    `);
    const now = new Date().toISOString();
    const owner = Number(
      db
        .prepare(
          "INSERT INTO users (email, display_name, created_at, updated_at) VALUES ('owner@workspace.local', 'Workspace owner', ?, ?)",
        )
        .run(now, now).lastInsertRowid,
    );
    db.prepare(
      "INSERT INTO memberships (organisation_id, user_id, role, created_at) SELECT id, ?, 'legal-representative', ? FROM organisations",
    ).run(owner, now);
    db.prepare('INSERT INTO acting_user (id, user_id) VALUES (1, ?)').run(owner);
  },
};
