import type { Database, Statement } from 'better-sqlite3';
import type { Product } from '../../../shared/contract';
import type { ProductKind } from '../../../shared/domain/products/products';

export interface ProductRow {
  id: number;
  organisation_id: number;
  kind: ProductKind;
  name: string;
  tags: string;
  locked: number;
  created_at: string;
  updated_at: string;
}

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    kind: row.kind,
    name: row.name,
    tags: JSON.parse(row.tags) as string[],
    locked: row.locked === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class ProductsRepository {
  private readonly listStmt: Statement<[number], ProductRow>;
  private readonly getStmt: Statement<[number], ProductRow>;
  private readonly insertStmt: Statement<[number, string, string, string, number, string, string]>;
  private readonly updateStmt: Statement<[string, string, number, string, number]>;
  private readonly deleteStmt: Statement<[number]>;

  constructor(db: Database) {
    this.listStmt = db.prepare('SELECT * FROM products WHERE organisation_id = ? ORDER BY kind, name COLLATE NOCASE, id');
    this.getStmt = db.prepare('SELECT * FROM products WHERE id = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO products (organisation_id, kind, name, tags, locked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateStmt = db.prepare('UPDATE products SET name = ?, tags = ?, locked = ?, updated_at = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM products WHERE id = ?');
  }

  list(organisationId: number): Product[] {
    return this.listStmt.all(organisationId).map(toProduct);
  }
  get(id: number): Product | undefined {
    const row = this.getStmt.get(id);
    return row && toProduct(row);
  }
  insert(p: { organisationId: number; kind: ProductKind; name: string; tags: string[]; locked: boolean }, now: string): number {
    return Number(
      this.insertStmt.run(p.organisationId, p.kind, p.name, JSON.stringify(p.tags), p.locked ? 1 : 0, now, now).lastInsertRowid,
    );
  }
  update(p: Pick<Product, 'id' | 'name' | 'tags' | 'locked'>, now: string): void {
    this.updateStmt.run(p.name, JSON.stringify(p.tags), p.locked ? 1 : 0, now, p.id);
  }
  delete(id: number): void {
    this.deleteStmt.run(id);
  }
}
