import type { Database } from 'better-sqlite3';
import { m0010Initial } from './0010-initial';
import { m0020MailboxSearch } from './0020-mailbox-search';
import { m0030MailboxSettings } from './0030-mailbox-settings';
import { m0040BulkCreate } from './0040-bulk-create';
import { m0050UndoSecrets } from './0050-undo-secrets';
import { m0060AccessTransfers } from './0060-access-transfers';
import { m0070MailboxFilters } from './0070-mailbox-filters';
import { m0080SieveScripts } from './0080-sieve-scripts';
import { m0090MailboxTemplates } from './0090-mailbox-templates';
import { m0100DnsZones } from './0100-dns-zones';
import { m0110MailImport } from './0110-mail-import';

export interface Migration {
  /** Stored in PRAGMA user_version once applied; numbered in tens to leave room. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
}

/** Every migration ever shipped, in order. Never edit a shipped one: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  m0010Initial,
  m0020MailboxSearch,
  m0030MailboxSettings,
  m0040BulkCreate,
  m0050UndoSecrets,
  m0060AccessTransfers,
  m0070MailboxFilters,
  m0080SieveScripts,
  m0090MailboxTemplates,
  m0100DnsZones,
  m0110MailImport,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
