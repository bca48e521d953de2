import type { Database, Statement } from 'better-sqlite3';
import type { Organisation } from '../../../shared/contract';

interface OrganisationRow {
  id: number;
  name: string;
  product_count: number;
  created_at: string;
  updated_at: string;
}

const SELECT = `SELECT o.id, o.name, o.created_at, o.updated_at,
  (SELECT count(*) FROM products p WHERE p.organisation_id = o.id) AS product_count
  FROM organisations o`;

function toOrganisation(row: OrganisationRow): Organisation {
  return { id: row.id, name: row.name, productCount: row.product_count, createdAt: row.created_at, updatedAt: row.updated_at };
}

export class OrganisationsRepository {
  private readonly listStmt: Statement<[], OrganisationRow>;
  private readonly getStmt: Statement<[number], OrganisationRow>;
  private readonly byNameStmt: Statement<[string], { id: number }>;
  private readonly insertStmt: Statement<[string, string, string]>;
  private readonly renameStmt: Statement<[string, string, number]>;
  private readonly deleteStmt: Statement<[number]>;

  constructor(db: Database) {
    this.listStmt = db.prepare(`${SELECT} ORDER BY o.name COLLATE NOCASE, o.id`);
    this.getStmt = db.prepare(`${SELECT} WHERE o.id = ?`);
    this.byNameStmt = db.prepare('SELECT id FROM organisations WHERE name = ? COLLATE NOCASE');
    this.insertStmt = db.prepare('INSERT INTO organisations (name, created_at, updated_at) VALUES (?, ?, ?)');
    this.renameStmt = db.prepare('UPDATE organisations SET name = ?, updated_at = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM organisations WHERE id = ?');
  }

  list(): Organisation[] {
    return this.listStmt.all().map(toOrganisation);
  }
  get(id: number): Organisation | undefined {
    const row = this.getStmt.get(id);
    return row && toOrganisation(row);
  }
  idByName(name: string): number | undefined {
    return this.byNameStmt.get(name)?.id;
  }
  insert(name: string, now: string): number {
    return Number(this.insertStmt.run(name, now, now).lastInsertRowid);
  }
  rename(id: number, name: string, now: string): void {
    this.renameStmt.run(name, now, id);
  }
  delete(id: number): void {
    this.deleteStmt.run(id);
  }
}
