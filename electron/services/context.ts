import type { Database } from 'better-sqlite3';
import type { WorkspaceInfo } from '../../shared/contract';
import { AuditRepository, type AuditRecord } from '../store/repositories/audit';
import { MailServicesRepository } from '../store/repositories/mail-services';
import { MailboxesRepository } from '../store/repositories/mailboxes';
import { OrganisationsRepository } from '../store/repositories/organisations';
import { ProductsRepository } from '../store/repositories/products';

/** Who is calling: recorded as the actor of every audit entry. */
export interface CallContext {
  actor: string;
}

export interface HostInfo {
  host: WorkspaceInfo['host'];
  appVersion: string;
  locale: string | null;
}

/** What every service gets: the database, its repositories, a clock. No Electron in here. */
export class ServiceContext {
  readonly organisations: OrganisationsRepository;
  readonly products: ProductsRepository;
  readonly mailServices: MailServicesRepository;
  readonly mailboxes: MailboxesRepository;
  readonly audit: AuditRepository;

  constructor(
    readonly db: Database,
    readonly hostInfo: HostInfo,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.organisations = new OrganisationsRepository(db);
    this.products = new ProductsRepository(db);
    this.mailServices = new MailServicesRepository(db);
    this.mailboxes = new MailboxesRepository(db);
    this.audit = new AuditRepository(db);
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** Runs a write and its audit entries in one IMMEDIATE transaction: all or nothing. */
  write<T>(fn: (now: string) => T): T {
    return this.db.transaction(() => fn(this.now())).immediate();
  }

  record(ctx: CallContext, entry: Omit<AuditRecord, 'actor'>, now: string): number {
    return this.audit.record({ ...entry, actor: ctx.actor }, now);
  }
}
