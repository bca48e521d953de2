import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, migrate, openWorkspace, WorkspaceError } from '../../electron/store/database';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/store/migrations';
import { tempDir } from '../helpers/workspace';

function schemaOf(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      type: string;
      name: string;
      sql: string | null;
    }[]
  ).map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
}

function expectRefused(file: string, code: string) {
  const before = fs.readFileSync(file);
  let caught: unknown;
  try {
    openWorkspace(file).close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WorkspaceError);
  expect((caught as WorkspaceError).code).toBe(code);
  expect((caught as WorkspaceError).message).toContain(file); // names the file
  expect(fs.readFileSync(file).equals(before)).toBe(true); // nothing overwritten
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
}

describe('workspace store', () => {
  it('creates a new workspace with WAL, foreign keys, its application id and the latest schema', () => {
    const file = path.join(tempDir(), 'nested', 'workspace.sqlite');
    const db = openWorkspace(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it.each(MIGRATIONS.slice(0, -1).map((m) => [m.name, m.version] as const))(
    'migrates a workspace left at %s to the same schema as a fresh one, keeping its data',
    (_name, version) => {
      const dir = tempDir();
      const fresh = openWorkspace(path.join(dir, 'fresh.sqlite'));
      const old = new BetterSqlite3(path.join(dir, 'old.sqlite'));
      migrate(old, version);
      expect(old.pragma('user_version', { simple: true })).toBe(version);
      old.exec(`INSERT INTO organisations (name, created_at, updated_at) VALUES ('Old AG', 't', 't');
        INSERT INTO products (organisation_id, kind, name, created_at, updated_at) VALUES (1, 'mail-service', 'm', 't', 't');
        INSERT INTO mail_services (product_id, domain, address_quota, created_at, updated_at) VALUES (1, 'old.example', 5, 't', 't');
        INSERT INTO mailboxes (mail_service_id, local_part, display_name, storage_quota_mb, created_at, updated_at)
          VALUES (1, 'anna', 'Anna Müller', 100, 't', 't');`);
      old.close();
      const upgraded = openWorkspace(path.join(dir, 'old.sqlite'));
      expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(schemaOf(upgraded)).toEqual(schemaOf(fresh));
      expect(upgraded.prepare('SELECT local_part FROM mailboxes').pluck().all()).toEqual(['anna']);
      if (version < 20) {
        // 0020 back-filled the search column for rows that existed before it
        expect(upgraded.prepare('SELECT search_text FROM mailboxes').pluck().get()).toBe('anna\u001fanna muller');
      }
      if (version < 60) {
        // 0060: the workspace owner, acted as, represents every organisation that existed, so nothing becomes unreachable.
        expect(
          upgraded.prepare(`SELECT u.email || ' ' || m.role FROM memberships m JOIN users u ON u.id = m.user_id`).pluck().all(),
        ).toEqual(['owner@workspace.local legal-representative']);
        expect(upgraded.prepare('SELECT user_id FROM acting_user').pluck().get()).toBe(1);
      }
      upgraded.close();
      fresh.close();
    },
  );

  it('applies pending migrations in one transaction: a failing one leaves the file at its old version', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, MIGRATIONS[0]!.version);
    db.exec("INSERT INTO organisations (name, created_at, updated_at) VALUES ('x', 't', 't')");
    // Make the next migration fail halfway: its ALTER TABLE collides with an existing column.
    db.exec('ALTER TABLE mailboxes ADD COLUMN search_text TEXT');
    expect(() => migrate(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[0]!.version);
    db.close();
  });

  it('refuses a workspace written by a newer Mailwright, leaving it untouched', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const db = openWorkspace(file);
    db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    expectRefused(file, 'newer-version');
  });

  it('refuses a file that is not a database (e.g. a spreadsheet saved in its place)', () => {
    const file = path.join(tempDir(), 'workspace.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4096, 7)]));
    expectRefused(file, 'not-a-database');
  });

  it('refuses a damaged database', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const db = openWorkspace(file);
    db.exec("INSERT INTO organisations (name, created_at, updated_at) VALUES ('Acme', 't', 't')");
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, 4096 * 2, 4096 * 2 + 600); // scribble over a b-tree page
    fs.writeFileSync(file, bytes);
    expectRefused(file, 'corrupted');
  });

  it('refuses the SQLite database of another program', () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const other = new BetterSqlite3(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    expectRefused(file, 'foreign-database');
  });

  it('enforces one local part per service, whatever its case', () => {
    const db = openWorkspace(path.join(tempDir(), 'w.sqlite'));
    db.exec(`INSERT INTO organisations (name, created_at, updated_at) VALUES ('A', 't', 't');
      INSERT INTO products (organisation_id, kind, name, created_at, updated_at) VALUES (1, 'mail-service', 'm', 't', 't');
      INSERT INTO mail_services (product_id, domain, address_quota, created_at, updated_at) VALUES (1, 'a.example', 5, 't', 't');
      INSERT INTO mailboxes (mail_service_id, local_part, storage_quota_mb, created_at, updated_at) VALUES (1, 'anna', 1, 't', 't');`);
    expect(() =>
      db.exec(
        "INSERT INTO mailboxes (mail_service_id, local_part, storage_quota_mb, created_at, updated_at) VALUES (1, 'ANNA', 1, 't', 't')",
      ),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
