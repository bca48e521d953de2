import type { Migration } from './index';

/** A planned DNS zone per mail service: records prepared (or a zone file imported) before they are published (issue 5). */
export const m0100DnsZones: Migration = {
  version: 100,
  name: '0100-dns-zones',
  up(db) {
    db.exec(`
      CREATE TABLE dns_zones (
        mail_service_id INTEGER PRIMARY KEY REFERENCES mail_services (id) ON DELETE CASCADE,
        -- Master-file format (RFC 1035): what providers export and import, kept as the user wrote it.
        zone_text TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
