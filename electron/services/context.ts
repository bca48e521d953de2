import type { Database } from 'better-sqlite3';
import type { WorkspaceInfo } from '../../shared/contract';
import type { StrengthChecker } from '../workers/strength-pool';
import type { DnsRunner } from '../workers/dns-runner';
import type { MailRunner } from '../workers/mail-runner';
import { AccessRepository } from '../store/repositories/access';
import { AuditRepository, type AuditRecord } from '../store/repositories/audit';
import { MailServicesRepository } from '../store/repositories/mail-services';
import { AliasesRepository, AutoRepliesRepository, SettingsRepository } from '../store/repositories/mailbox-settings';
import { MailboxesRepository } from '../store/repositories/mailboxes';
import { OrganisationsRepository } from '../store/repositories/organisations';
import { ProductsRepository } from '../store/repositories/products';

/** Who is calling: recorded as the actor of every audit entry. */
export interface CallContext {
  /** The host and its OS user, e.g. `desktop:anna`, `cli:anna`. */
  actor: string;
  /** Act as this user (e-mail) for this call instead of the workspace's acting user (the CLI's `--as`). */
  as?: string;
  /** The user the call runs as, set by the permission check (authorization.ts) before the service runs. */
  user?: { id: number; email: string } | null;
}

export interface HostInfo {
  host: WorkspaceInfo['host'];
  appVersion: string;
  locale: string | null;
}

/** Seals secrets (mailbox passwords) before they are stored: the workspace never holds them in plain text. */
export interface Sealer {
  seal(plain: string): string;
  /** Only for the one place a secret must leave in plain text: the provider's upload file. */
  open(sealed: string): string;
}

/** What services need from the host beyond the database. */
export interface ServiceDeps {
  clock?: () => Date;
  /** Absent: features that store secrets refuse with `secrets-unavailable`. */
  sealer?: Sealer;
  /** Cryptographically strong random bytes (node:crypto in every host). */
  randomBytes: (n: number) => Uint8Array;
  /** Password strength for many rows (worker threads where the host has them). */
  strength?: StrengthChecker;
  /** Gets the strength checks ready (workers started and warmed up) before they are needed. */
  warmStrength?: () => void;
  /** DNS checks (on the DNS worker thread where the host has it). */
  dns?: DnsRunner;
  /** Mail import copies (on the mail worker thread where the host has it). */
  mail?: MailRunner;
}

/** What every service gets: the database, its repositories, a clock. No Electron in here. */
export class ServiceContext {
  readonly organisations: OrganisationsRepository;
  readonly products: ProductsRepository;
  readonly mailServices: MailServicesRepository;
  readonly mailboxes: MailboxesRepository;
  readonly aliases: AliasesRepository;
  readonly autoReplies: AutoRepliesRepository;
  readonly settings: SettingsRepository;
  readonly audit: AuditRepository;
  readonly access: AccessRepository;
  private readonly clock: () => Date;

  constructor(
    readonly db: Database,
    readonly hostInfo: HostInfo,
    readonly deps: ServiceDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
    this.organisations = new OrganisationsRepository(db);
    this.products = new ProductsRepository(db);
    this.mailServices = new MailServicesRepository(db);
    this.mailboxes = new MailboxesRepository(db);
    this.aliases = new AliasesRepository(db);
    this.autoReplies = new AutoRepliesRepository(db);
    this.settings = new SettingsRepository(db);
    this.audit = new AuditRepository(db);
    this.access = new AccessRepository(db);
  }

  now(): string {
    return this.clock().toISOString();
  }

  nowDate(): Date {
    return this.clock();
  }

  /** Runs a write and its audit entries in one IMMEDIATE transaction: all or nothing. */
  write<T>(fn: (now: string) => T): T {
    return this.db.transaction(() => fn(this.now())).immediate();
  }

  record(ctx: CallContext, entry: Omit<AuditRecord, 'actor'>, now: string): number {
    // `anna@example.ch (desktop:anna)`: the user acted as, and the host and OS user the call came from.
    const actor = ctx.user ? `${ctx.user.email} (${ctx.actor})` : ctx.actor;
    return this.audit.record({ ...entry, actor }, now);
  }
}
