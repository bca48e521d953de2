import type { Database } from 'better-sqlite3';
import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract';
import { AppError } from './errors';
import { AccessService } from './access-service';
import { AliasesService } from './aliases-service';
import { AuditService } from './audit-service';
import { Access, FILTERS, RULES } from './authorization';
import { AutoRepliesService } from './auto-replies-service';
import { BulkCreateService } from './bulk-create-service';
import { type CallContext, type HostInfo, ServiceContext, type ServiceDeps } from './context';
import { ExportService } from './export-service';
import { FiltersService } from './filters-service';
import { ForwardingService } from './forwarding-service';
import { MailServicesService } from './mail-services-service';
import { MailboxesService } from './mailboxes-service';
import { OrganisationsService } from './organisations-service';
import { ProductsService } from './products-service';
import { SettingsService } from './settings-service';
import { SieveService } from './sieve-service';
import { TemplatesService } from './templates-service';
import { DnsService } from './dns-service';
import { ImportsService } from './imports-service';
import { TransfersService } from './transfers-service';
import { WorkspaceService } from './workspace-service';

export type { CallContext, HostInfo, Sealer, ServiceDeps } from './context';
export { AppError };

export interface Services {
  workspace: WorkspaceService;
  organisations: OrganisationsService;
  products: ProductsService;
  mailServices: MailServicesService;
  mailboxes: MailboxesService;
  aliases: AliasesService;
  forwarding: ForwardingService;
  autoReplies: AutoRepliesService;
  exports: ExportService;
  bulkCreate: BulkCreateService;
  settings: SettingsService;
  audit: AuditService;
  access: AccessService;
  transfers: TransfersService;
  filters: FiltersService;
  sieve: SieveService;
  templates: TemplatesService;
  dns: DnsService;
  imports: ImportsService;
  /** The acting user's rights for a call (authorization.ts). */
  accessFor(ctx: CallContext): Access;
}

export function createServices(db: Database, hostInfo: HostInfo, deps: ServiceDeps): Services {
  const s = new ServiceContext(db, hostInfo, deps);
  const organisations = new OrganisationsService(s);
  const mailServices = new MailServicesService(s);
  const mailboxes = new MailboxesService(s, mailServices);
  const forwarding = new ForwardingService(s, mailServices, mailboxes);
  const aliases = new AliasesService(s, mailServices, mailboxes);
  const access = new AccessService(s);
  const filters = new FiltersService(s, mailServices, mailboxes);
  const templates = new TemplatesService(s, mailServices, forwarding, filters);
  mailboxes.connect(forwarding, templates);
  const sieve = new SieveService(s, mailServices, mailboxes);
  const settings = new SettingsService(s);
  const dns = new DnsService(s, mailServices, settings);
  const imports = new ImportsService(s, mailServices, settings, deps.mail);
  return {
    workspace: new WorkspaceService(s),
    organisations,
    products: new ProductsService(s, mailServices),
    mailServices,
    mailboxes,
    aliases,
    forwarding,
    autoReplies: new AutoRepliesService(s, mailServices, mailboxes),
    exports: new ExportService(mailboxes),
    bulkCreate: new BulkCreateService(s, mailServices, templates),
    settings,
    audit: new AuditService(s, mailboxes, organisations, aliases, mailServices, access, filters, sieve, templates, dns),
    filters,
    sieve,
    templates,
    dns,
    imports,
    access,
    transfers: new TransfersService(s, s.access, filters),
    accessFor(ctx) {
      const user = ctx.as !== undefined ? s.access.userByEmail(ctx.as) : s.access.user(s.access.actingUserId() ?? 0);
      if (ctx.as !== undefined && !user) {
        throw new AppError('forbidden', `There is no user ${ctx.as} in this workspace. \`mailwright user list\` shows them.`, {
          reason: 'unknown-user',
        });
      }
      return new Access(s.access, s.organisations, user ? { id: user.id, email: user.email } : null);
    },
  };
}

export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>, ctx: CallContext) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/**
 * Every channel of the contract mapped to its service method; the compiler
 * checks none is missing. Each call first passes its permission rule
 * (authorization.ts) for the acting user, who is then handed to the service
 * (recorded in the audit log); lists across organisations are filtered to
 * what that user may see.
 */
export function createHandlers(sv: Services): Handlers {
  const handlers = unguardedHandlers(sv);
  const guarded = {} as Record<ChannelName, unknown>;
  for (const channel of Object.keys(handlers) as ChannelName[]) {
    const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown;
    const rule = RULES[channel] as 'open' | ((input: unknown, a: Access, r: unknown) => void);
    const filter = FILTERS[channel] as ((out: unknown, a: Access, r: unknown) => unknown) | undefined;
    guarded[channel] = async (input: unknown, ctx: CallContext) => {
      const access = sv.accessFor(ctx);
      if (rule !== 'open') rule(input, access, sv.access.repository);
      const out = await handler(input, { ...ctx, user: access.user });
      return filter ? filter(out, access, sv.access.repository) : out;
    };
  }
  return guarded as Handlers;
}

function unguardedHandlers(sv: Services): Handlers {
  return {
    'workspace.info': () => sv.workspace.info(),
    'organisations.list': () => sv.organisations.list(),
    'organisations.create': (i, c) => sv.organisations.create(i, c),
    'organisations.update': (i, c) => sv.organisations.update(i, c),
    'organisations.delete': (i, c) => sv.organisations.delete(i, c),
    'products.list': (i) => sv.products.list(i),
    'products.create': (i, c) => sv.products.create(i, c),
    'products.update': (i, c) => sv.products.update(i, c),
    'products.delete': (i, c) => sv.products.delete(i, c),
    'mailServices.list': (i) => sv.mailServices.list(i),
    'mailServices.get': (i) => sv.mailServices.get(i.id),
    'mailServices.create': (i, c) => sv.mailServices.create(i, c),
    'mailServices.update': (i, c) => sv.mailServices.update(i, c),
    'mailServices.delete': (i, c) => sv.mailServices.delete(i, c),
    'mailboxes.list': (i) => sv.mailboxes.list(i),
    'mailboxes.ids': (i) => sv.mailboxes.ids(i),
    'mailboxes.lookup': (i) => sv.mailboxes.lookup(i),
    'mailboxes.create': (i, c) => sv.mailboxes.create(i, c),
    'mailboxes.createMany': (i, c) => sv.mailboxes.createMany(i, c),
    'mailboxes.update': (i, c) => sv.mailboxes.update(i, c),
    'mailboxes.delete': (i, c) => sv.mailboxes.delete(i, c),
    'mailboxes.bulkUpdate': (i, c) => sv.mailboxes.bulkUpdate(i, c),
    'mailboxes.bulkDelete': (i, c) => sv.mailboxes.bulkDelete(i, c),
    'mailboxes.resetPassword': (i, c) => sv.mailboxes.resetPassword(i, c),
    'mailboxes.export': (i) => sv.exports.mailboxesCsv(i),
    'mailboxes.details': (i) => sv.mailboxes.details(i),
    'aliases.add': (i, c) => sv.aliases.add(i, c),
    'aliases.remove': (i, c) => sv.aliases.remove(i, c),
    'forwarding.set': (i, c) => sv.forwarding.set(i, c),
    'forwarding.check': (i) => sv.forwarding.check(i),
    'autoReplies.save': (i, c) => sv.autoReplies.save(i, c),
    'autoReplies.delete': (i, c) => sv.autoReplies.delete(i, c),
    'autoReplies.setActive': (i, c) => sv.autoReplies.setActive(i, c),
    'autoReplies.resetCounter': (i, c) => sv.autoReplies.resetCounter(i, c),
    'bulkCreate.template': (i) => sv.bulkCreate.template(i),
    'bulkCreate.context': (i) => sv.bulkCreate.context(i),
    'bulkCreate.commit': (i, c) => sv.bulkCreate.commit(i, c),
    'bulkCreate.batches': (i) => sv.bulkCreate.batches(i),
    'bulkCreate.exportBatch': (i, c) => sv.bulkCreate.exportBatch(i, c),
    'bulkCreate.markApplied': (i, c) => sv.bulkCreate.markApplied(i, c),
    'settings.get': () => sv.settings.get(),
    'settings.update': (i) => sv.settings.update(i),
    'audit.list': (i, c) =>
      sv.audit.list({
        ...i,
        organisationIds: i.organisationId === undefined ? sv.accessFor(c).activityOrganisations() : undefined,
      }),
    'audit.undo': (i, c) => sv.audit.undo(i, c),
    'access.me': (_i, c) => sv.access.me(c),
    'access.actAs': (i, c) => sv.access.actAs(i, c),
    'access.matrix': (i) => sv.access.matrix(i),
    'access.grant': (i, c) => sv.access.grant(i, c),
    'access.setFuture': (i, c) => sv.access.setFuture(i, c),
    'users.list': (i) => sv.access.members(i.organisationId),
    'users.add': (i, c) => sv.access.addMember(i, c),
    'users.setRole': (i, c) => sv.access.setRole(i, c),
    'users.remove': (i, c) => sv.access.removeMember(i, c),
    'workGroups.list': (i) => sv.access.workGroups(i.organisationId),
    'workGroups.save': (i, c) => sv.access.saveWorkGroup(i, c),
    'workGroups.delete': (i, c) => sv.access.deleteWorkGroup(i, c),
    'transfers.list': (i) => sv.transfers.list(i),
    'transfers.create': (i, c) => sv.transfers.create(i, c),
    'transfers.preview': (i, c) => sv.transfers.preview(i, c),
    'transfers.accept': (i, c) => sv.transfers.accept(i, c),
    'transfers.cancel': (i, c) => sv.transfers.cancel(i, c),
    'transfers.exportFile': (i, c) => sv.transfers.exportFile(i, c),
    'transfers.previewFile': (i, c) => sv.transfers.previewFile(i, c),
    'transfers.importFile': (i, c) => sv.transfers.importFile(i, c),
    'filters.get': (i) => sv.filters.get(i),
    'filters.set': (i, c) => sv.filters.set(i, c),
    'sieve.list': (i) => sv.sieve.list(i),
    'sieve.save': (i, c) => sv.sieve.save(i, c),
    'sieve.activate': (i, c) => sv.sieve.activate(i, c),
    'sieve.delete': (i, c) => sv.sieve.delete(i, c),
    'templates.list': (i) => sv.templates.list(i),
    'templates.save': (i, c) => sv.templates.save(i, c),
    'templates.delete': (i, c) => sv.templates.delete(i, c),
    'templates.preview': (i) => sv.templates.preview(i),
    'templates.apply': (i, c) => sv.templates.apply(i, c),
    'dns.zone': (i) => sv.dns.zone(i),
    'dns.saveZone': (i, c) => sv.dns.saveZone(i, c),
    'dns.check': (i) => sv.dns.check(i),
    'dns.spfCost': (i) => sv.dns.spfCost(i),
    'dns.spfEval': (i) => sv.dns.spfEval(i),
    'imports.check': (i) => sv.imports.check(i),
    'imports.list': (i) => sv.imports.list(i),
    'imports.start': (i, c) => sv.imports.start(i, c),
    'imports.pause': (i) => sv.imports.pause(i),
    'imports.resume': (i) => sv.imports.resume(i),
    'imports.cancel': (i, c) => sv.imports.cancel(i, c),
    'imports.remove': (i, c) => sv.imports.remove(i, c),
    'imports.report': (i) => sv.imports.report(i),
    'imports.targetServer': (i) => sv.imports.targetServer(i),
    'imports.setTargetServer': (i, c) => sv.imports.setTargetServer(i, c),
  };
}
