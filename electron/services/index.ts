import type { Database } from 'better-sqlite3';
import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract';
import { AuditService } from './audit-service';
import { type CallContext, type HostInfo, ServiceContext } from './context';
import { MailServicesService } from './mail-services-service';
import { MailboxesService } from './mailboxes-service';
import { OrganisationsService } from './organisations-service';
import { ProductsService } from './products-service';
import { WorkspaceService } from './workspace-service';

export type { CallContext, HostInfo } from './context';
export { AppError } from './errors';

export interface Services {
  workspace: WorkspaceService;
  organisations: OrganisationsService;
  products: ProductsService;
  mailServices: MailServicesService;
  mailboxes: MailboxesService;
  audit: AuditService;
}

export function createServices(db: Database, hostInfo: HostInfo, clock?: () => Date): Services {
  const s = new ServiceContext(db, hostInfo, clock);
  const organisations = new OrganisationsService(s);
  const mailServices = new MailServicesService(s);
  const mailboxes = new MailboxesService(s, mailServices);
  return {
    workspace: new WorkspaceService(s),
    organisations,
    products: new ProductsService(s, mailServices),
    mailServices,
    mailboxes,
    audit: new AuditService(s, mailboxes, organisations),
  };
}

export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>, ctx: CallContext) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** Every channel of the contract mapped to its service method; the compiler checks none is missing. */
export function createHandlers(sv: Services): Handlers {
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
    'mailboxes.lookup': (i) => sv.mailboxes.lookup(i),
    'mailboxes.create': (i, c) => sv.mailboxes.create(i, c),
    'mailboxes.createMany': (i, c) => sv.mailboxes.createMany(i, c),
    'mailboxes.update': (i, c) => sv.mailboxes.update(i, c),
    'mailboxes.delete': (i, c) => sv.mailboxes.delete(i, c),
    'audit.list': (i) => sv.audit.list(i),
    'audit.undo': (i, c) => sv.audit.undo(i, c),
  };
}
