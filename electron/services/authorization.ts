import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract';
import {
  type OrganisationAction,
  type ProductRight,
  effectiveRights,
  roleAllows,
  rolesFor,
} from '../../shared/domain/roles/permissions';
import type { Role } from '../../shared/domain/roles/roles';
import type { AccessRepository } from '../store/repositories/access';
import type { OrganisationsRepository } from '../store/repositories/organisations';
import { AppError } from './errors';

export interface ActingUser {
  id: number;
  email: string;
}

/**
 * The acting user's rights, asked by the rules below before a service runs.
 * Every refusal is `forbidden` with what was needed, so the UI and the CLI can
 * say which role (or which right on which product) would allow it.
 */
export class Access {
  private readonly roles = new Map<number, Role | undefined>();

  constructor(
    private readonly repo: AccessRepository,
    private readonly organisations: OrganisationsRepository,
    readonly user: ActingUser | null,
  ) {}

  requireUser(): ActingUser {
    if (!this.user) {
      throw new AppError('forbidden', 'Choose who you act as first (the user menu at the top right, or --as EMAIL).', {
        reason: 'no-acting-user',
      });
    }
    return this.user;
  }

  roleIn(organisationId: number): Role | undefined {
    if (!this.user) return undefined;
    if (!this.roles.has(organisationId)) this.roles.set(organisationId, this.repo.role(organisationId, this.user.id));
    return this.roles.get(organisationId);
  }

  can(organisationId: number, action: OrganisationAction): boolean {
    return roleAllows(this.roleIn(organisationId), action);
  }

  /** Unknown organisations pass: the service answers `not-found`, which says more. */
  requireOrg(organisationId: number | undefined, action: OrganisationAction): void {
    const user = this.requireUser();
    if (organisationId === undefined || !this.organisations.get(organisationId)) return;
    const role = this.roleIn(organisationId);
    if (roleAllows(role, action)) return;
    const organisation = this.organisations.get(organisationId)!.name;
    const needed = rolesFor(action);
    throw new AppError(
      'forbidden',
      `${ACTION_TEXT[action]} in "${organisation}" needs the role ${needed.join(' or ')}; ${user.email} is ${role ?? 'not a member'} there.`,
      { action, needed: [...needed], role: role ?? null, organisation, user: user.email },
    );
  }

  rights(productId: number): Set<ProductRight> {
    const product = this.repo.product(productId);
    if (!product || !this.user) return new Set();
    return effectiveRights(this.roleIn(product.organisationId), product.kind, this.repo.grantsOn(this.user.id, productId));
  }

  requireProduct(productId: number | undefined, right: ProductRight): void {
    const user = this.requireUser();
    if (productId === undefined) return;
    const product = this.repo.product(productId);
    if (!product || this.rights(productId).has(right)) return;
    const role = this.roleIn(product.organisationId);
    throw new AppError(
      'forbidden',
      `${user.email} has no "${right}" right on "${product.name}". An administrator or legal representative of its organisation can grant it.`,
      { right, product: product.name, role: role ?? null, user: user.email, needed: ['legal-representative', 'administrator'] },
    );
  }

  requireProducts(productIds: readonly number[], right: ProductRight): void {
    for (const id of productIds) this.requireProduct(id, right);
  }

  orgOfProduct(productId: number): number | undefined {
    return this.repo.product(productId)?.organisationId;
  }

  /** Organisations where the user may see the activity log. */
  activityOrganisations(): number[] {
    if (!this.user) return [];
    return this.repo
      .memberships(this.user.id)
      .filter((m) => roleAllows(m.role, 'view-activity'))
      .map((m) => m.organisationId);
  }

  visibleProducts(): Set<number> {
    return this.user ? this.repo.visibleProductIds(this.user.id) : new Set();
  }

  memberOf(): Set<number> {
    return new Set(this.user ? this.repo.memberships(this.user.id).map((m) => m.organisationId) : []);
  }
}

const ACTION_TEXT: Record<OrganisationAction, string> = {
  view: 'Seeing the organisation',
  rename: 'Renaming the organisation',
  delete: 'Deleting the organisation',
  'manage-users': 'Managing users',
  'appoint-legal-representative': 'Appointing or removing a legal representative',
  'manage-access': 'Managing product access',
  'create-product': 'Adding a product',
  'delete-product': 'Deleting a product',
  'lock-product': 'Locking a product or switching maintenance mode',
  transfer: 'Transferring products',
  'view-activity': 'Seeing the activity log',
};

type Rule<C extends ChannelName> = 'open' | ((input: ParsedInput<C>, a: Access, r: AccessRepository) => void);
type Filter<C extends ChannelName> = (output: ChannelOutput<C>, a: Access, r: AccessRepository) => ChannelOutput<C>;

const ms = (id: number, a: Access, r: AccessRepository, right: ProductRight) =>
  a.requireProduct(r.productOfMailService(id), right);
const mailbox = (id: number, a: Access, r: AccessRepository, right: ProductRight) =>
  a.requireProducts(r.productsOfMailboxes([id]), right);
const orgOf = (productId: number | undefined, a: Access) => (productId === undefined ? undefined : a.orgOfProduct(productId));

/**
 * One rule per channel — the compiler refuses a channel without one — run
 * before its service: reads need `use` on the product, writes `manage`, and
 * what concerns the organisation as a whole needs the role that
 * ORGANISATION_ACTIONS names. Services that need more (the transfer's
 * creator, the audit entry's organisation) check it themselves.
 */
export const RULES: { [C in ChannelName]: Rule<C> } = {
  'workspace.info': 'open',
  'organisations.list': 'open',
  'organisations.create': (_i, a) => void a.requireUser(),
  'organisations.update': (i, a) => a.requireOrg(i.id, 'rename'),
  'organisations.delete': (i, a) => a.requireOrg(i.id, 'delete'),
  'products.list': (i, a) => a.requireOrg(i.organisationId, 'view'),
  'products.create': (i, a) => a.requireOrg(i.organisationId, 'create-product'),
  'products.update': (i, a) => {
    a.requireProduct(i.id, 'manage');
    if (i.locked !== undefined) a.requireOrg(orgOf(i.id, a), 'lock-product');
  },
  'products.delete': (i, a) => a.requireOrg(orgOf(i.id, a), 'delete-product'),
  'mailServices.list': (i, a) => (i.organisationId === undefined ? void a.requireUser() : a.requireOrg(i.organisationId, 'view')),
  'mailServices.get': (i, a, r) => ms(i.id, a, r, 'use'),
  'mailServices.create': (i, a) => a.requireOrg(i.organisationId, 'create-product'),
  'mailServices.update': (i, a, r) => {
    ms(i.id, a, r, 'manage');
    if (i.maintenance !== undefined) a.requireOrg(orgOf(r.productOfMailService(i.id), a), 'lock-product');
  },
  'mailServices.delete': (i, a, r) => a.requireOrg(orgOf(r.productOfMailService(i.id), a), 'delete-product'),
  'mailboxes.list': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'mailboxes.ids': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'mailboxes.lookup': (_i, a) => void a.requireUser(),
  'mailboxes.create': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'mailboxes.createMany': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'mailboxes.update': (i, a, r) => mailbox(i.id, a, r, 'manage'),
  'mailboxes.delete': (i, a, r) => a.requireProducts(r.productsOfMailboxes(i.ids), 'manage'),
  'mailboxes.bulkUpdate': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'mailboxes.bulkDelete': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'mailboxes.resetPassword': (i, a, r) => mailbox(i.id, a, r, 'manage'),
  'mailboxes.export': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'mailboxes.details': (i, a, r) => mailbox(i.id, a, r, 'use'),
  'aliases.add': (i, a, r) => mailbox(i.mailboxId, a, r, 'manage'),
  'aliases.remove': (i, a, r) => a.requireProduct(r.productOfAlias(i.id), 'manage'),
  'forwarding.set': (i, a, r) => mailbox(i.mailboxId, a, r, 'manage'),
  'forwarding.check': (i, a, r) => mailbox(i.mailboxId, a, r, 'use'),
  'autoReplies.save': (i, a, r) => mailbox(i.mailboxId, a, r, 'manage'),
  'autoReplies.delete': (i, a, r) => a.requireProduct(r.productOfAutoReply(i.id), 'manage'),
  'autoReplies.setActive': (i, a, r) => a.requireProduct(r.productOfAutoReply(i.id), 'manage'),
  'autoReplies.resetCounter': (i, a, r) => a.requireProduct(r.productOfAutoReply(i.id), 'manage'),
  'bulkCreate.template': 'open',
  'bulkCreate.context': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'bulkCreate.commit': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'bulkCreate.batches': (i, a, r) => (i.mailServiceId === undefined ? void a.requireUser() : ms(i.mailServiceId, a, r, 'use')),
  'bulkCreate.exportBatch': (i, a, r) => a.requireProduct(r.productOfBatch(i.batchId), 'manage'),
  'bulkCreate.markApplied': (i, a, r) => a.requireProduct(r.productOfBatch(i.batchId), 'manage'),
  'settings.get': 'open',
  'settings.update': 'open',
  // The service limits the list to organisations whose activity the user may see, and checks an undo's organisation.
  'audit.list': (i, a) =>
    i.organisationId === undefined ? void a.requireUser() : a.requireOrg(i.organisationId, 'view-activity'),
  'audit.undo': (i, a, r) => undoRule(i.id, a, r),
  'access.me': 'open',
  'access.actAs': 'open',
  'access.matrix': (i, a) => a.requireOrg(i.organisationId, 'manage-access'),
  'access.grant': (i, a) => a.requireOrg(orgOf(i.productId, a), 'manage-access'),
  'access.setFuture': (i, a) => a.requireOrg(i.organisationId, 'manage-access'),
  'users.list': (i, a) => a.requireOrg(i.organisationId, 'view'),
  'users.add': (i, a) => {
    a.requireOrg(i.organisationId, 'manage-users');
    if (i.role === 'legal-representative') a.requireOrg(i.organisationId, 'appoint-legal-representative');
  },
  'users.setRole': (i, a, r) => setRoleRule(i, a, r),
  'users.remove': (i, a, r) => {
    a.requireOrg(i.organisationId, 'manage-users');
    if (r.role(i.organisationId, i.userId) === 'legal-representative')
      a.requireOrg(i.organisationId, 'appoint-legal-representative');
  },
  'workGroups.list': (i, a) => a.requireOrg(i.organisationId, 'manage-access'),
  'workGroups.save': (i, a) => a.requireOrg(i.organisationId, 'manage-access'),
  'workGroups.delete': (i, a, r) => a.requireOrg(r.workGroupOrganisation(i.id), 'manage-access'),
  'transfers.list': (i, a) => a.requireOrg(i.organisationId, 'transfer'),
  'transfers.create': (i, a) => a.requireOrg(i.organisationId, 'transfer'),
  // The link is the capability to look; accepting needs the role in the destination.
  'transfers.preview': (_i, a) => void a.requireUser(),
  'transfers.accept': (i, a) => a.requireOrg(i.destinationOrganisationId, 'transfer'),
  // Only the creator may cancel; the service checks that, and the role in the source.
  'transfers.cancel': (_i, a) => void a.requireUser(),
  'transfers.exportFile': (_i, a) => void a.requireUser(),
  'transfers.previewFile': (_i, a) => void a.requireUser(),
  'transfers.importFile': (i, a) => a.requireOrg(i.destinationOrganisationId, 'transfer'),
  'filters.get': (i, a, r) => mailbox(i.mailboxId, a, r, 'use'),
  'filters.set': (i, a, r) => mailbox(i.mailboxId, a, r, 'manage'),
  'sieve.list': (i, a, r) => mailbox(i.mailboxId, a, r, 'use'),
  'sieve.save': (i, a, r) => mailbox(i.mailboxId, a, r, 'manage'),
  'sieve.activate': (i, a, r) => a.requireProduct(r.productOfScript(i.id), 'manage'),
  'sieve.delete': (i, a, r) => a.requireProduct(r.productOfScript(i.id), 'manage'),
  'templates.list': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'templates.save': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'templates.delete': (i, a, r) => a.requireProduct(r.productOfTemplate(i.id), 'manage'),
  'templates.preview': (i, a, r) => a.requireProduct(r.productOfTemplate(i.id), 'use'),
  'templates.apply': (i, a, r) => a.requireProduct(r.productOfTemplate(i.id), 'manage'),
  'dns.zone': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'dns.saveZone': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'dns.check': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'dns.spfCost': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'dns.spfEval': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  // Importing writes into the service's mailboxes: `manage`, also to check (it logs in with their passwords).
  'imports.check': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'imports.list': (i, a, r) => (i.mailServiceId === undefined ? void a.requireUser() : ms(i.mailServiceId, a, r, 'use')),
  'imports.start': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
  'imports.pause': (i, a, r) => a.requireProduct(r.productOfImportJob(i.jobId), 'manage'),
  'imports.resume': (i, a, r) => a.requireProduct(r.productOfImportJob(i.jobId), 'manage'),
  'imports.cancel': (i, a, r) => a.requireProduct(r.productOfImportJob(i.jobId), 'manage'),
  'imports.remove': (i, a, r) => a.requireProduct(r.productOfImportJob(i.jobId), 'manage'),
  'imports.report': (i, a, r) => a.requireProduct(r.productOfImportJob(i.jobId), 'use'),
  'imports.targetServer': (i, a, r) => ms(i.mailServiceId, a, r, 'use'),
  'imports.setTargetServer': (i, a, r) => ms(i.mailServiceId, a, r, 'manage'),
};

/** Managing users; a legal representative's role, given or taken, only by a legal representative. */
function setRoleRule(i: { organisationId: number; userId: number; role: Role }, a: Access, r: AccessRepository): void {
  a.requireOrg(i.organisationId, 'manage-users');
  if (i.role === 'legal-representative' || r.role(i.organisationId, i.userId) === 'legal-representative')
    a.requireOrg(i.organisationId, 'appoint-legal-representative');
}

/**
 * Undoing needs the activity of the entry's organisation, and the right the change itself needed, where its
 * subject is *now* (a product may have been transferred since): an undo is never a way around a rule.
 */
function undoRule(id: number, a: Access, r: AccessRepository): void {
  const entry = r.auditEntry(id);
  if (!entry) return void a.requireUser(); // the service answers not-found
  if (entry.organisation_id === null) a.requireUser();
  else a.requireOrg(entry.organisation_id, 'view-activity');
  const before = (entry.before_json ? JSON.parse(entry.before_json) : {}) as Record<string, unknown>;
  const subject = entry.entity_id ?? undefined;
  switch (entry.action) {
    case 'user.role':
      if (entry.organisation_id !== null && subject !== undefined) {
        setRoleRule({ organisationId: entry.organisation_id, userId: subject, role: before.role as Role }, a, r);
      }
      return;
    case 'access.grant':
    case 'access.revoke':
      return a.requireOrg(orgOf(subject, a), 'manage-access');
    case 'organisation.update':
      return a.requireOrg(subject, 'rename');
    case 'mail-service.update':
      return subject === undefined ? undefined : ms(subject, a, r, 'manage');
    case 'mailbox.delete': {
      const services = new Set(
        ((before.mailboxes as { mail_service_id: number }[] | undefined) ?? []).map((m) => m.mail_service_id),
      );
      for (const service of services) ms(service, a, r, 'manage');
      return;
    }
    case 'template.delete':
    case 'dns.zone-update':
      return subject === undefined ? undefined : ms(subject, a, r, 'manage');
    case 'mailbox.bulk-update':
    case 'template.apply':
      return a.requireProducts(
        r.productsOfMailboxes(((before.mailboxes as { id: number }[] | undefined) ?? []).map((m) => m.id)),
        'manage',
      );
    default:
      // mailbox.update, mailbox.forwarding, alias.*, auto-reply.*, filters.update, sieve.delete: the entry's subject is the mailbox.
      if (subject !== undefined) a.requireProducts(r.productsOfMailboxes([subject]), 'manage');
  }
}

/** Lists that span organisations show only what the acting user may see. */
export const FILTERS: { [C in ChannelName]?: Filter<C> } = {
  'organisations.list': (out, a) => {
    const member = a.memberOf();
    return out.filter((o) => member.has(o.id));
  },
  'products.list': (out, a) => {
    const visible = a.visibleProducts();
    return out.filter((p) => visible.has(p.id));
  },
  'mailServices.list': (out, a) => {
    const visible = a.visibleProducts();
    return out.filter((s) => visible.has(s.productId));
  },
  'mailboxes.lookup': (out, a, r) => {
    const visible = a.visibleProducts();
    const keep = out.mailboxes.filter((m) => visible.has(r.productOfMailService(m.mailServiceId) ?? -1));
    const hidden = out.mailboxes.filter((m) => !keep.includes(m)).map((m) => m.address);
    return { mailboxes: keep, missing: [...out.missing, ...hidden] };
  },
  'imports.list': (out, a, r) => {
    const visible = a.visibleProducts();
    return out.filter((j) => visible.has(r.productOfMailService(j.mailServiceId) ?? -1));
  },
  'bulkCreate.batches': (out, a, r) => {
    const visible = a.visibleProducts();
    return out.filter((b) => visible.has(r.productOfMailService(b.mailServiceId) ?? -1));
  },
};
