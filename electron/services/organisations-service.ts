import type { Organisation, ParsedInput } from '../../shared/contract';
import { AppError, notFound } from './errors';
import type { CallContext, ServiceContext } from './context';

export class OrganisationsService {
  constructor(private readonly s: ServiceContext) {}

  list(): Organisation[] {
    return this.s.organisations.list();
  }

  get(id: number): Organisation {
    const org = this.s.organisations.get(id);
    if (!org) throw notFound('organisation', id);
    return org;
  }

  create(input: ParsedInput<'organisations.create'>, ctx: CallContext): Organisation {
    return this.s.write((now) => {
      this.assertNameFree(input.name);
      const id = this.s.organisations.insert(input.name, now);
      // The creator becomes its legal representative, so someone can always manage it.
      if (ctx.user) this.s.access.addMember(id, ctx.user.id, 'legal-representative', now);
      const created = this.get(id);
      this.s.record(
        ctx,
        {
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: id,
          organisationId: id,
          summary: input.name,
          after: created,
        },
        now,
      );
      return created;
    });
  }

  update(input: ParsedInput<'organisations.update'>, ctx: CallContext): Organisation {
    return this.s.write((now) => {
      const before = this.get(input.id);
      if (before.name === input.name) return before;
      this.assertNameFree(input.name, input.id);
      this.s.organisations.rename(input.id, input.name, now);
      const after = this.get(input.id);
      this.s.record(
        ctx,
        {
          action: 'organisation.update',
          entityType: 'organisation',
          entityId: input.id,
          organisationId: input.id,
          summary: `${before.name} → ${after.name}`,
          before: { name: before.name },
          after: { name: after.name },
        },
        now,
      );
      return after;
    });
  }

  delete(input: ParsedInput<'organisations.delete'>, ctx: CallContext): { id: number } {
    return this.s.write((now) => {
      const org = this.get(input.id);
      if (org.productCount > 0) {
        throw new AppError(
          'organisation-not-empty',
          `"${org.name}" still holds ${org.productCount} product(s). Delete or transfer them first.`,
          { productCount: org.productCount },
        );
      }
      this.s.organisations.delete(input.id);
      this.s.record(
        ctx,
        {
          action: 'organisation.delete',
          entityType: 'organisation',
          entityId: input.id,
          organisationId: input.id,
          summary: org.name,
          before: org,
        },
        now,
      );
      return { id: input.id };
    });
  }

  private assertNameFree(name: string, exceptId?: number): void {
    const existing = this.s.organisations.idByName(name);
    if (existing !== undefined && existing !== exceptId) {
      throw new AppError('name-exists', `An organisation named "${name}" already exists. Choose another name.`, { name });
    }
  }
}
