import type { ParsedInput, Product } from '../../shared/contract';
import type { CallContext, ServiceContext } from './context';
import { notFound } from './errors';
import type { MailServicesService } from './mail-services-service';

export class ProductsService {
  constructor(
    private readonly s: ServiceContext,
    private readonly mailServices: MailServicesService,
  ) {}

  list(input: ParsedInput<'products.list'>): Product[] {
    if (!this.s.organisations.get(input.organisationId)) throw notFound('organisation', input.organisationId);
    return this.s.products.list(input.organisationId);
  }

  get(id: number): Product {
    const product = this.s.products.get(id);
    if (!product) throw notFound('product', id);
    return product;
  }

  create(input: ParsedInput<'products.create'>, ctx: CallContext): Product {
    return this.s.write((now) => {
      if (!this.s.organisations.get(input.organisationId)) throw notFound('organisation', input.organisationId);
      const id = this.s.products.insert({ ...input, tags: dedupe(input.tags), locked: false }, now);
      this.s.access.applyFutureGrants(input.organisationId, id, input.kind);
      const created = this.get(id);
      this.s.record(
        ctx,
        {
          action: 'product.create',
          entityType: 'product',
          entityId: id,
          organisationId: input.organisationId,
          summary: `${input.kind}: ${input.name}`,
          after: created,
        },
        now,
      );
      return created;
    });
  }

  /** Locking is allowed on a locked product (it is how one unlocks it); nothing else is checked here. */
  update(input: ParsedInput<'products.update'>, ctx: CallContext): Product {
    return this.s.write((now) => {
      const before = this.get(input.id);
      const next = {
        id: before.id,
        name: input.name ?? before.name,
        tags: input.tags ? dedupe(input.tags) : before.tags,
        locked: input.locked ?? before.locked,
      };
      this.s.products.update(next, now);
      const after = this.get(input.id);
      this.s.record(
        ctx,
        {
          action: 'product.update',
          entityType: 'product',
          entityId: before.id,
          organisationId: before.organisationId,
          summary: after.name,
          before: { name: before.name, tags: before.tags, locked: before.locked },
          after: { name: after.name, tags: after.tags, locked: after.locked },
        },
        now,
      );
      return after;
    });
  }

  delete(input: ParsedInput<'products.delete'>, ctx: CallContext): { id: number } {
    const product = this.get(input.id);
    if (product.kind === 'mail-service') {
      const service = this.s.mailServices.byProduct(product.id);
      if (service) {
        this.mailServices.delete({ id: service.id }, ctx);
        return { id: input.id };
      }
    }
    return this.s.write((now) => {
      this.s.products.delete(input.id);
      this.s.record(
        ctx,
        {
          action: 'product.delete',
          entityType: 'product',
          entityId: product.id,
          organisationId: product.organisationId,
          summary: `${product.kind}: ${product.name}`,
          before: product,
        },
        now,
      );
      return { id: input.id };
    });
  }
}

function dedupe(tags: string[]): string[] {
  return [...new Set(tags)];
}
