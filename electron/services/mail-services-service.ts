import type { MailService, ParsedInput } from '../../shared/contract';
import { checkDomain } from '../../shared/domain/address/domain';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';

export class MailServicesService {
  constructor(private readonly s: ServiceContext) {}

  list(input: ParsedInput<'mailServices.list'>): MailService[] {
    if (input.organisationId !== undefined && !this.s.organisations.get(input.organisationId)) {
      throw notFound('organisation', input.organisationId);
    }
    return this.s.mailServices.list(input.organisationId);
  }

  get(id: number): MailService {
    const service = this.s.mailServices.get(id);
    if (!service) throw notFound('mail service', id);
    return service;
  }

  create(input: ParsedInput<'mailServices.create'>, ctx: CallContext): MailService {
    const domain = checkDomain(input.domain);
    if (!domain.ok) {
      throw new AppError('invalid-domain', `"${input.domain}" is not a valid domain name, e.g. example.ch.`, {
        field: 'domain',
        value: input.domain,
      });
    }
    return this.s.write((now) => {
      if (!this.s.organisations.get(input.organisationId)) throw notFound('organisation', input.organisationId);
      if (this.s.mailServices.idByDomain(domain.domain) !== undefined) {
        throw new AppError('domain-exists', `A mail service for ${domain.domain} already exists in this workspace.`, {
          field: 'domain',
          domain: domain.domain,
        });
      }
      const name = input.name && input.name.length > 0 ? input.name : domain.domain;
      const productId = this.s.products.insert(
        { organisationId: input.organisationId, kind: 'mail-service', name, tags: [], locked: false },
        now,
      );
      const id = this.s.mailServices.insert(productId, domain.domain, input.addressQuota, now);
      this.s.access.applyFutureGrants(input.organisationId, productId, 'mail-service');
      const created = this.get(id);
      this.s.record(
        ctx,
        {
          action: 'mail-service.create',
          entityType: 'mail-service',
          entityId: id,
          organisationId: input.organisationId,
          summary: `${created.domain} (${created.addressQuota} addresses)`,
          after: created,
        },
        now,
      );
      return created;
    });
  }

  update(input: ParsedInput<'mailServices.update'>, ctx: CallContext): MailService {
    return this.s.write((now) => {
      const before = this.get(input.id);
      if (before.locked && (input.name !== undefined || input.tags !== undefined)) throw lockedError(before);
      const addressQuota = input.addressQuota ?? before.addressQuota;
      if (addressQuota < before.addressesUsed) {
        throw new AppError(
          'quota-below-usage',
          `${before.domain} already has ${before.addressesUsed} addresses; the quota can't go below that. Delete mailboxes first.`,
          { field: 'addressQuota', used: before.addressesUsed, requested: addressQuota },
        );
      }
      // Maintenance can be switched on a locked product; everything else waits for the unlock.
      if (before.locked && input.addressQuota !== undefined) throw lockedError(before);
      this.s.mailServices.update({ id: before.id, addressQuota, maintenance: input.maintenance ?? before.maintenance }, now);
      if (input.name !== undefined || input.tags !== undefined) {
        this.s.products.update(
          {
            id: before.productId,
            name: input.name ?? before.name,
            tags: input.tags ? [...new Set(input.tags)] : before.tags,
            locked: before.locked,
          },
          now,
        );
      }
      const after = this.get(input.id);
      this.s.record(
        ctx,
        {
          action: 'mail-service.update',
          entityType: 'mail-service',
          entityId: before.id,
          organisationId: before.organisationId,
          summary: before.domain,
          before: { name: before.name, tags: before.tags, addressQuota: before.addressQuota, maintenance: before.maintenance },
          after: { name: after.name, tags: after.tags, addressQuota: after.addressQuota, maintenance: after.maintenance },
        },
        now,
      );
      return after;
    });
  }

  delete(input: ParsedInput<'mailServices.delete'>, ctx: CallContext): { id: number; mailboxesDeleted: number } {
    return this.s.write((now) => {
      const service = this.get(input.id);
      if (service.locked) throw lockedError(service);
      this.s.products.delete(service.productId); // cascades to the service and its mailboxes
      this.s.record(
        ctx,
        {
          action: 'mail-service.delete',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `${service.domain} with ${service.addressesUsed} mailbox(es)`,
          before: service,
        },
        now,
      );
      return { id: service.id, mailboxesDeleted: service.addressesUsed };
    });
  }

  /** Undo of `mail-service.update`: name, tags, quota and maintenance as they were. */
  revert(id: number, before: Record<string, unknown>, now: string): void {
    const service = this.get(id);
    if (service.locked) throw lockedError(service);
    const addressQuota = typeof before.addressQuota === 'number' ? before.addressQuota : service.addressQuota;
    if (addressQuota < service.addressesUsed) {
      throw new AppError(
        'undo-unavailable',
        `${service.domain} now has ${service.addressesUsed} addresses, more than the old quota of ${addressQuota}.`,
        {},
      );
    }
    this.s.mailServices.update(
      { id, addressQuota, maintenance: typeof before.maintenance === 'boolean' ? before.maintenance : service.maintenance },
      now,
    );
    this.s.products.update(
      {
        id: service.productId,
        name: typeof before.name === 'string' ? before.name : service.name,
        tags: Array.isArray(before.tags) ? (before.tags as string[]) : service.tags,
        locked: service.locked,
      },
      now,
    );
  }

  /**
   * Mailbox changes need a service whose product isn't locked. Maintenance
   * mode doesn't stop them: it suspends the users' access (mail is still
   * received), not the administration.
   */
  assertWritable(id: number): MailService {
    const service = this.get(id);
    if (service.locked) throw lockedError(service);
    return service;
  }
}

function lockedError(service: MailService): AppError {
  return new AppError('product-locked', `${service.name} is locked. Unlock the product first.`, {
    productId: service.productId,
    domain: service.domain,
  });
}
