import type { Database, Statement } from 'better-sqlite3';
import type { MailService } from '../../../shared/contract';

interface MailServiceRow {
  id: number;
  product_id: number;
  organisation_id: number;
  name: string;
  tags: string;
  locked: number;
  domain: string;
  address_quota: number;
  maintenance: number;
  addresses_used: number;
  created_at: string;
  updated_at: string;
}

const SELECT = `SELECT s.id, s.product_id, p.organisation_id, p.name, p.tags, p.locked, s.domain, s.address_quota,
  s.maintenance, s.created_at, s.updated_at,
  (SELECT count(*) FROM mailboxes m WHERE m.mail_service_id = s.id) AS addresses_used
  FROM mail_services s JOIN products p ON p.id = s.product_id`;

function toMailService(row: MailServiceRow): MailService {
  return {
    id: row.id,
    productId: row.product_id,
    organisationId: row.organisation_id,
    name: row.name,
    domain: row.domain,
    addressQuota: row.address_quota,
    addressesUsed: row.addresses_used,
    maintenance: row.maintenance === 1,
    locked: row.locked === 1,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class MailServicesRepository {
  private readonly listStmt: Statement<[number], MailServiceRow>;
  private readonly listAllStmt: Statement<[], MailServiceRow>;
  private readonly getStmt: Statement<[number], MailServiceRow>;
  private readonly byProductStmt: Statement<[number], MailServiceRow>;
  private readonly byDomainStmt: Statement<[string], { id: number }>;
  private readonly domainStmt: Statement<[number], { domain: string }>;
  private readonly insertStmt: Statement<[number, string, number, string, string]>;
  private readonly updateStmt: Statement<[number, number, string, number]>;

  constructor(db: Database) {
    this.listStmt = db.prepare(`${SELECT} WHERE p.organisation_id = ? ORDER BY s.domain, s.id`);
    this.listAllStmt = db.prepare(`${SELECT} ORDER BY s.domain, s.id`);
    this.getStmt = db.prepare(`${SELECT} WHERE s.id = ?`);
    this.byProductStmt = db.prepare(`${SELECT} WHERE s.product_id = ?`);
    this.byDomainStmt = db.prepare('SELECT id FROM mail_services WHERE domain = ? COLLATE NOCASE');
    this.domainStmt = db.prepare('SELECT domain FROM mail_services WHERE id = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO mail_services (product_id, domain, address_quota, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateStmt = db.prepare('UPDATE mail_services SET address_quota = ?, maintenance = ?, updated_at = ? WHERE id = ?');
  }

  list(organisationId?: number): MailService[] {
    const rows = organisationId === undefined ? this.listAllStmt.all() : this.listStmt.all(organisationId);
    return rows.map(toMailService);
  }
  get(id: number): MailService | undefined {
    const row = this.getStmt.get(id);
    return row && toMailService(row);
  }
  byProduct(productId: number): MailService | undefined {
    const row = this.byProductStmt.get(productId);
    return row && toMailService(row);
  }
  /** The domain alone, without counting the service's mailboxes (hot path of every list page). */
  domainOf(id: number): string | undefined {
    return this.domainStmt.get(id)?.domain;
  }
  idByDomain(domain: string): number | undefined {
    return this.byDomainStmt.get(domain)?.id;
  }
  insert(productId: number, domain: string, addressQuota: number, now: string): number {
    return Number(this.insertStmt.run(productId, domain, addressQuota, now, now).lastInsertRowid);
  }
  update(s: Pick<MailService, 'id' | 'addressQuota' | 'maintenance'>, now: string): void {
    this.updateStmt.run(s.addressQuota, s.maintenance ? 1 : 0, now, s.id);
  }
}
