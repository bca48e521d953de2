import type { AccessMatrix, Me, Member, ParsedInput, Role, WorkGroup } from '../../shared/contract';
import {
  type ProductRight,
  effectiveRights,
  mayHoldFutureGrants,
  normaliseGrant,
  rightsOfKind,
} from '../../shared/domain/roles/permissions';
import { type AccessRepository, rightsList } from '../store/repositories/access';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';

/** Users and their roles per organisation, product grants, work groups, and who the app acts as. */
export class AccessService {
  readonly repository: AccessRepository;
  private readonly repo: AccessRepository;

  constructor(private readonly s: ServiceContext) {
    this.repo = s.access;
    this.repository = s.access;
  }

  me(ctx: CallContext): Me {
    const user = ctx.user ? (this.repo.user(ctx.user.id) ?? null) : null;
    if (!user) return { user, memberships: [], users: this.repo.users(), rights: [] };
    const memberships = this.repo.memberships(user.id);
    const rights = [...this.repo.visibleProductIds(user.id)].map((productId) => {
      const product = this.repo.product(productId)!;
      const role = memberships.find((m) => m.organisationId === product.organisationId)?.role;
      return { productId, rights: [...effectiveRights(role, product.kind, this.repo.grantsOn(user.id, productId))] };
    });
    return { user, memberships, users: this.repo.users(), rights };
  }

  actAs(input: ParsedInput<'access.actAs'>, ctx: CallContext): Me {
    const user = this.repo.user(input.userId);
    if (!user) throw notFound('user', input.userId);
    this.s.write((now) => {
      this.repo.setActingUser(user.id);
      this.s.record(
        { ...ctx, user: { id: user.id, email: user.email } },
        { action: 'user.act-as', entityType: 'user', entityId: user.id, organisationId: null, summary: user.email },
        now,
      );
    });
    return this.me({ ...ctx, user: { id: user.id, email: user.email } });
  }

  members(organisationId: number): Member[] {
    this.assertOrganisation(organisationId);
    return this.repo.members(organisationId);
  }

  addMember(input: ParsedInput<'users.add'>, ctx: CallContext): Member {
    return this.s.write((now) => {
      const org = this.assertOrganisation(input.organisationId);
      let user = this.repo.userByEmail(input.email);
      if (!user) {
        const id = this.repo.insertUser(input.email, input.displayName, now);
        user = this.repo.user(id)!;
      } else if (this.repo.role(org.id, user.id)) {
        throw new AppError('member-exists', `${user.email} is already a member of "${org.name}". Change their role instead.`, {
          email: user.email,
        });
      }
      this.repo.addMember(org.id, user.id, input.role, now);
      this.s.record(
        ctx,
        {
          action: 'user.add',
          entityType: 'user',
          entityId: user.id,
          organisationId: org.id,
          summary: `${user.email}: ${input.role}`,
          after: { email: user.email, role: input.role },
        },
        now,
      );
      return { ...user, role: input.role };
    });
  }

  setRole(input: ParsedInput<'users.setRole'>, ctx: CallContext): Member {
    return this.s.write((now) => {
      const org = this.assertOrganisation(input.organisationId);
      const user = this.repo.user(input.userId);
      const before = user && this.repo.role(org.id, user.id);
      if (!user || !before) throw notFound('member', input.userId);
      if (before === input.role) return { ...user, role: before };
      this.applyRole(org, user.id, user.email, before, input.role);
      // A manager's grants meant nothing while they managed; they mean something again now, so they stay.
      this.s.record(
        ctx,
        {
          action: 'user.role',
          entityType: 'user',
          entityId: user.id,
          organisationId: org.id,
          summary: `${user.email}: ${before} → ${input.role}`,
          before: { role: before },
          after: { role: input.role },
        },
        now,
      );
      return { ...user, role: input.role };
    });
  }

  removeMember(input: ParsedInput<'users.remove'>, ctx: CallContext): { userId: number } {
    return this.s.write((now) => {
      const org = this.assertOrganisation(input.organisationId);
      const user = this.repo.user(input.userId);
      const role = user && this.repo.role(org.id, user.id);
      if (!user || !role) throw notFound('member', input.userId);
      this.assertKeepsLegalRepresentative(org, role, user.email);
      this.repo.removeMemberAccess(org.id, user.id);
      this.repo.removeMember(org.id, user.id);
      this.s.record(
        ctx,
        {
          action: 'user.remove',
          entityType: 'user',
          entityId: user.id,
          organisationId: org.id,
          summary: user.email,
          before: { email: user.email, role },
        },
        now,
      );
      return { userId: user.id };
    });
  }

  matrix(input: ParsedInput<'access.matrix'>): AccessMatrix {
    this.assertOrganisation(input.organisationId);
    const products = this.s.products.list(input.organisationId);
    const members = this.repo.members(input.organisationId);
    const groups = this.repo.workGroups(input.organisationId);
    const viaGroups: AccessMatrix['viaGroups'] = [];
    for (const member of members) {
      for (const product of products) {
        const hits = groups.filter((g) => g.memberIds.includes(member.id) && g.grants.some((gr) => gr.productId === product.id));
        if (hits.length === 0) continue;
        const grants = hits.flatMap((g) => g.grants.filter((gr) => gr.productId === product.id).map((gr) => gr.rights));
        const rights = [...effectiveRights('collaborator', product.kind, grants)];
        viaGroups.push({ userId: member.id, productId: product.id, rights, groups: hits.map((g) => g.name) });
      }
    }
    return {
      products: products.map((p) => ({ id: p.id, kind: p.kind, name: p.name, rights: [...rightsOfKind(p.kind)] })),
      members,
      grants: this.repo.directGrants(input.organisationId).map((g) => ({ ...g, rights: rightsList(g.rights) })),
      viaGroups,
      future: this.repo.futureGrants(input.organisationId).map((f) => ({ ...f, rights: rightsList(f.rights) })),
    };
  }

  grant(input: ParsedInput<'access.grant'>, ctx: CallContext): { userId: number; productId: number; rights: ProductRight[] } {
    return this.s.write((now) => {
      const product = this.s.products.get(input.productId);
      if (!product) throw notFound('product', input.productId);
      const user = this.repo.user(input.userId);
      const role = user && this.repo.role(product.organisationId, user.id);
      if (!user || !role) {
        throw new AppError('forbidden', 'Only members of the organisation can be given access: add the user first.', {
          reason: 'not-a-member',
        });
      }
      const rights = normaliseGrant(product.kind, input.rights);
      const before = this.repo
        .directGrants(product.organisationId)
        .find((g) => g.userId === user.id && g.productId === product.id);
      this.repo.setGrant(user.id, product.id, rights);
      const list = rightsList(rights);
      this.s.record(
        ctx,
        {
          action: list.length ? 'access.grant' : 'access.revoke',
          entityType: 'product',
          entityId: product.id,
          organisationId: product.organisationId,
          summary: `${user.email} on ${product.name}: ${list.join(', ') || '—'}`,
          before: { user: user.email, rights: before ? rightsList(before.rights) : [] },
          after: { user: user.email, rights: list },
        },
        now,
      );
      return { userId: user.id, productId: product.id, rights: list };
    });
  }

  setFuture(input: ParsedInput<'access.setFuture'>, ctx: CallContext) {
    return this.s.write((now) => {
      const org = this.assertOrganisation(input.organisationId);
      const user = this.repo.user(input.userId);
      const role = user && this.repo.role(org.id, user.id);
      if (!user || !role) throw notFound('member', input.userId);
      const rights = normaliseGrant(input.kind, input.rights);
      const list = rightsList(rights);
      if (list.length && !mayHoldFutureGrants(role)) {
        throw new AppError('forbidden', 'Externals get access product by product only, not on future products.', {
          reason: 'external-future-grant',
        });
      }
      this.repo.setFutureGrant(org.id, user.id, input.kind, rights);
      this.s.record(
        ctx,
        {
          action: 'access.future',
          entityType: 'user',
          entityId: user.id,
          organisationId: org.id,
          summary: `${user.email}, future ${input.kind}: ${list.join(', ') || '—'}`,
          after: { kind: input.kind, rights: list },
        },
        now,
      );
      return { userId: user.id, kind: input.kind, rights: list };
    });
  }

  workGroups(organisationId: number): WorkGroup[] {
    this.assertOrganisation(organisationId);
    return this.repo.workGroups(organisationId).map((g) => ({
      ...g,
      organisationId,
      grants: g.grants.map((gr) => ({ productId: gr.productId, rights: rightsList(gr.rights) })),
    }));
  }

  saveWorkGroup(input: ParsedInput<'workGroups.save'>, ctx: CallContext): WorkGroup {
    return this.s.write((now) => {
      const org = this.assertOrganisation(input.organisationId);
      if (input.id !== undefined && this.repo.workGroupOrganisation(input.id) !== org.id) throw notFound('work group', input.id);
      const clash = this.repo.workGroupIdByName(org.id, input.name);
      if (clash !== undefined && clash !== input.id) {
        throw new AppError('name-exists', `A work group named "${input.name}" already exists. Choose another name.`, {
          name: input.name,
        });
      }
      for (const userId of input.memberIds) {
        if (!this.repo.role(org.id, userId)) throw notFound('member', userId);
      }
      const grants = input.grants.map((g) => {
        const product = this.s.products.get(g.productId);
        if (!product || product.organisationId !== org.id) throw notFound('product', g.productId);
        return { productId: g.productId, rights: normaliseGrant(product.kind, g.rights) };
      });
      const id = this.repo.saveWorkGroup({ ...input, organisationId: org.id, grants }, now);
      const saved = this.workGroups(org.id).find((g) => g.id === id)!;
      this.s.record(
        ctx,
        {
          action: input.id === undefined ? 'work-group.create' : 'work-group.update',
          entityType: 'work-group',
          entityId: id,
          organisationId: org.id,
          summary: `${saved.name}: ${saved.memberIds.length} member(s), ${saved.grants.length} product(s)`,
          after: saved,
        },
        now,
      );
      return saved;
    });
  }

  deleteWorkGroup(input: ParsedInput<'workGroups.delete'>, ctx: CallContext): { id: number } {
    return this.s.write((now) => {
      const orgId = this.repo.workGroupOrganisation(input.id);
      if (orgId === undefined) throw notFound('work group', input.id);
      const group = this.workGroups(orgId).find((g) => g.id === input.id)!;
      this.repo.deleteWorkGroup(input.id);
      this.s.record(
        ctx,
        {
          action: 'work-group.delete',
          entityType: 'work-group',
          entityId: input.id,
          organisationId: orgId,
          summary: group.name,
          before: group,
        },
        now,
      );
      return { id: input.id };
    });
  }

  private assertOrganisation(id: number) {
    const org = this.s.organisations.get(id);
    if (!org) throw notFound('organisation', id);
    return org;
  }

  /** Changes a role (no audit entry: the caller writes one — setRole, or an undo); the caller holds the transaction. */
  applyRole(org: { id: number; name: string }, userId: number, email: string, before: Role, role: Role): void {
    this.assertKeepsLegalRepresentative(org, before, email);
    this.repo.setRole(org.id, userId, role);
    // Externals get products one by one: grants on future products end with the change.
    if (!mayHoldFutureGrants(role)) this.repo.clearFutureGrants(org.id, userId);
  }

  /** An organisation always keeps a legal representative: the provider needs someone who signs. */
  private assertKeepsLegalRepresentative(org: { id: number; name: string }, leavingRole: string, email: string): void {
    if (leavingRole === 'legal-representative' && this.repo.countRole(org.id, 'legal-representative') <= 1) {
      throw new AppError(
        'last-legal-representative',
        `${email} is the last legal representative of "${org.name}". Appoint another one first.`,
        { email, organisation: org.name },
      );
    }
  }
}
