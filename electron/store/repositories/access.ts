import type { Database } from 'better-sqlite3';
import type { Member, User } from '../../../shared/contract';
import type { ProductKind } from '../../../shared/domain/products/products';
import type { Role } from '../../../shared/domain/roles/roles';
import { PRODUCT_RIGHTS, type ProductRight, type RightsSet } from '../../../shared/domain/roles/permissions';

interface RightsRow {
  can_use: number;
  can_manage: number;
  can_technical: number;
  can_statistics: number;
}

export function rowRights(row: RightsRow): RightsSet {
  return {
    use: row.can_use === 1,
    manage: row.can_manage === 1,
    technical: row.can_technical === 1,
    statistics: row.can_statistics === 1,
  };
}

export function rightsList(rights: RightsSet): ProductRight[] {
  return PRODUCT_RIGHTS.filter((r) => rights[r]);
}

function flags(rights: RightsSet): [number, number, number, number] {
  return [rights.use ? 1 : 0, rights.manage ? 1 : 0, rights.technical ? 1 : 0, rights.statistics ? 1 : 0];
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
}
const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, displayName: r.display_name });

/** Users, memberships, grants, work groups and the acting user. */
export class AccessRepository {
  constructor(private readonly db: Database) {}

  actingUserId(): number | null {
    const row = this.db.prepare('SELECT user_id FROM acting_user WHERE id = 1').get() as { user_id: number | null } | undefined;
    return row?.user_id ?? null;
  }
  setActingUser(userId: number): void {
    this.db
      .prepare('INSERT INTO acting_user (id, user_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id')
      .run(userId);
  }

  users(): User[] {
    return (this.db.prepare('SELECT id, email, display_name FROM users ORDER BY email').all() as UserRow[]).map(toUser);
  }
  user(id: number): User | undefined {
    const row = this.db.prepare('SELECT id, email, display_name FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }
  userByEmail(email: string): User | undefined {
    const row = this.db.prepare('SELECT id, email, display_name FROM users WHERE email = ? COLLATE NOCASE').get(email) as
      UserRow | undefined;
    return row && toUser(row);
  }
  insertUser(email: string, displayName: string, now: string): number {
    return Number(
      this.db
        .prepare('INSERT INTO users (email, display_name, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(email, displayName, now, now).lastInsertRowid,
    );
  }

  role(organisationId: number, userId: number): Role | undefined {
    const row = this.db
      .prepare('SELECT role FROM memberships WHERE organisation_id = ? AND user_id = ?')
      .get(organisationId, userId) as { role: Role } | undefined;
    return row?.role;
  }
  memberships(userId: number): { organisationId: number; role: Role }[] {
    return (
      this.db.prepare('SELECT organisation_id, role FROM memberships WHERE user_id = ? ORDER BY organisation_id').all(userId) as {
        organisation_id: number;
        role: Role;
      }[]
    ).map((r) => ({ organisationId: r.organisation_id, role: r.role }));
  }
  members(organisationId: number): Member[] {
    return (
      this.db
        .prepare(
          `SELECT u.id, u.email, u.display_name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.organisation_id = ? ORDER BY CASE m.role WHEN 'legal-representative' THEN 0 WHEN 'administrator' THEN 1
           WHEN 'collaborator' THEN 2 ELSE 3 END, u.email`,
        )
        .all(organisationId) as (UserRow & { role: Role })[]
    ).map((r) => ({ ...toUser(r), role: r.role }));
  }
  addMember(organisationId: number, userId: number, role: Role, now: string): void {
    this.db
      .prepare('INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (?, ?, ?, ?)')
      .run(organisationId, userId, role, now);
  }
  setRole(organisationId: number, userId: number, role: Role): void {
    this.db
      .prepare('UPDATE memberships SET role = ? WHERE organisation_id = ? AND user_id = ?')
      .run(role, organisationId, userId);
  }
  removeMember(organisationId: number, userId: number): void {
    this.db.prepare('DELETE FROM memberships WHERE organisation_id = ? AND user_id = ?').run(organisationId, userId);
  }
  countRole(organisationId: number, role: Role): number {
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM memberships WHERE organisation_id = ? AND role = ?')
        .get(organisationId, role) as {
        n: number;
      }
    ).n;
  }

  product(productId: number): { organisationId: number; kind: ProductKind; name: string } | undefined {
    const row = this.db.prepare('SELECT organisation_id, kind, name FROM products WHERE id = ?').get(productId) as
      { organisation_id: number; kind: ProductKind; name: string } | undefined;
    return row && { organisationId: row.organisation_id, kind: row.kind, name: row.name };
  }

  /** The user's grants on a product: the direct one and those of their work groups. */
  grantsOn(userId: number, productId: number): RightsSet[] {
    const rows = this.db
      .prepare(
        `SELECT can_use, can_manage, can_technical, can_statistics FROM product_grants WHERE user_id = ? AND product_id = ?
         UNION ALL
         SELECT g.can_use, g.can_manage, g.can_technical, g.can_statistics FROM work_group_grants g
           JOIN work_group_members m ON m.group_id = g.group_id WHERE m.user_id = ? AND g.product_id = ?`,
      )
      .all(userId, productId, userId, productId) as RightsRow[];
    return rows.map(rowRights);
  }

  /** Products the user can see: all of the organisations they manage, and those granted to them elsewhere. */
  visibleProductIds(userId: number): Set<number> {
    const rows = this.db
      .prepare(
        `SELECT p.id FROM products p JOIN memberships m ON m.organisation_id = p.organisation_id AND m.user_id = @u
           WHERE m.role IN ('legal-representative', 'administrator')
              OR EXISTS (SELECT 1 FROM product_grants g WHERE g.user_id = @u AND g.product_id = p.id AND (g.can_use OR g.can_manage))
              OR EXISTS (SELECT 1 FROM work_group_grants g JOIN work_group_members wm ON wm.group_id = g.group_id
                         WHERE wm.user_id = @u AND g.product_id = p.id AND (g.can_use OR g.can_manage))`,
      )
      .all({ u: userId }) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  directGrants(organisationId: number): { userId: number; productId: number; rights: RightsSet }[] {
    return (
      this.db
        .prepare(
          `SELECT g.* FROM product_grants g JOIN products p ON p.id = g.product_id WHERE p.organisation_id = ? ORDER BY g.user_id, g.product_id`,
        )
        .all(organisationId) as (RightsRow & { user_id: number; product_id: number })[]
    ).map((r) => ({ userId: r.user_id, productId: r.product_id, rights: rowRights(r) }));
  }
  setGrant(userId: number, productId: number, rights: RightsSet): void {
    if (!PRODUCT_RIGHTS.some((r) => rights[r])) {
      this.db.prepare('DELETE FROM product_grants WHERE user_id = ? AND product_id = ?').run(userId, productId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO product_grants (user_id, product_id, can_use, can_manage, can_technical, can_statistics) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, product_id) DO UPDATE SET can_use = excluded.can_use, can_manage = excluded.can_manage,
           can_technical = excluded.can_technical, can_statistics = excluded.can_statistics`,
      )
      .run(userId, productId, ...flags(rights));
  }
  /** Every grant (direct and through work groups) on these products; returns how many went. */
  removeGrantsOn(productIds: number[]): number {
    const json = JSON.stringify(productIds);
    const direct = this.db
      .prepare('DELETE FROM product_grants WHERE product_id IN (SELECT value FROM json_each(?))')
      .run(json).changes;
    const groups = this.db
      .prepare('DELETE FROM work_group_grants WHERE product_id IN (SELECT value FROM json_each(?))')
      .run(json).changes;
    return direct + groups;
  }
  countGrantsOn(productId: number): number {
    return (
      this.db
        .prepare(
          'SELECT (SELECT count(*) FROM product_grants WHERE product_id = ?) + (SELECT count(*) FROM work_group_grants WHERE product_id = ?) AS n',
        )
        .get(productId, productId) as { n: number }
    ).n;
  }
  /** A leaving member's grants, future grants and work-group places in the organisation. */
  removeMemberAccess(organisationId: number, userId: number): void {
    this.db
      .prepare(
        'DELETE FROM product_grants WHERE user_id = ? AND product_id IN (SELECT id FROM products WHERE organisation_id = ?)',
      )
      .run(userId, organisationId);
    this.db.prepare('DELETE FROM future_grants WHERE user_id = ? AND organisation_id = ?').run(userId, organisationId);
    this.db
      .prepare(
        'DELETE FROM work_group_members WHERE user_id = ? AND group_id IN (SELECT id FROM work_groups WHERE organisation_id = ?)',
      )
      .run(userId, organisationId);
  }

  futureGrants(organisationId: number): { userId: number; kind: ProductKind; rights: RightsSet }[] {
    return (
      this.db
        .prepare('SELECT * FROM future_grants WHERE organisation_id = ? ORDER BY user_id, kind')
        .all(organisationId) as (RightsRow & {
        user_id: number;
        kind: ProductKind;
      })[]
    ).map((r) => ({ userId: r.user_id, kind: r.kind, rights: rowRights(r) }));
  }
  setFutureGrant(organisationId: number, userId: number, kind: ProductKind, rights: RightsSet): void {
    this.db
      .prepare('DELETE FROM future_grants WHERE organisation_id = ? AND user_id = ? AND kind = ?')
      .run(organisationId, userId, kind);
    if (!PRODUCT_RIGHTS.some((r) => rights[r])) return;
    this.db
      .prepare(
        'INSERT INTO future_grants (organisation_id, user_id, kind, can_use, can_manage, can_technical, can_statistics) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(organisationId, userId, kind, ...flags(rights));
  }
  clearFutureGrants(organisationId: number, userId: number): void {
    this.db.prepare('DELETE FROM future_grants WHERE organisation_id = ? AND user_id = ?').run(organisationId, userId);
  }
  /** Gives a product that just arrived in the organisation to those with grants on future products of its kind. */
  applyFutureGrants(organisationId: number, productId: number, kind: ProductKind): number {
    return this.db
      .prepare(
        `INSERT OR REPLACE INTO product_grants (user_id, product_id, can_use, can_manage, can_technical, can_statistics)
         SELECT f.user_id, ?, f.can_use, f.can_manage, f.can_technical, f.can_statistics FROM future_grants f
         JOIN memberships m ON m.organisation_id = f.organisation_id AND m.user_id = f.user_id
         WHERE f.organisation_id = ? AND f.kind = ? AND m.role <> 'external'`,
      )
      .run(productId, organisationId, kind).changes;
  }

  workGroups(
    organisationId: number,
  ): { id: number; name: string; memberIds: number[]; grants: { productId: number; rights: RightsSet }[] }[] {
    const groups = this.db
      .prepare('SELECT id, name FROM work_groups WHERE organisation_id = ? ORDER BY name COLLATE NOCASE')
      .all(organisationId) as {
      id: number;
      name: string;
    }[];
    return groups.map((g) => ({
      ...g,
      memberIds: (
        this.db.prepare('SELECT user_id FROM work_group_members WHERE group_id = ? ORDER BY user_id').all(g.id) as {
          user_id: number;
        }[]
      ).map((r) => r.user_id),
      grants: (
        this.db.prepare('SELECT * FROM work_group_grants WHERE group_id = ? ORDER BY product_id').all(g.id) as (RightsRow & {
          product_id: number;
        })[]
      ).map((r) => ({ productId: r.product_id, rights: rowRights(r) })),
    }));
  }
  workGroupOrganisation(id: number): number | undefined {
    return (
      this.db.prepare('SELECT organisation_id FROM work_groups WHERE id = ?').get(id) as { organisation_id: number } | undefined
    )?.organisation_id;
  }
  workGroupIdByName(organisationId: number, name: string): number | undefined {
    return (
      this.db
        .prepare('SELECT id FROM work_groups WHERE organisation_id = ? AND name = ? COLLATE NOCASE')
        .get(organisationId, name) as { id: number } | undefined
    )?.id;
  }
  saveWorkGroup(
    g: {
      id?: number | undefined;
      organisationId: number;
      name: string;
      memberIds: number[];
      grants: { productId: number; rights: RightsSet }[];
    },
    now: string,
  ): number {
    let id = g.id;
    if (id === undefined) {
      id = Number(
        this.db
          .prepare('INSERT INTO work_groups (organisation_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
          .run(g.organisationId, g.name, now, now).lastInsertRowid,
      );
    } else {
      this.db.prepare('UPDATE work_groups SET name = ?, updated_at = ? WHERE id = ?').run(g.name, now, id);
      this.db.prepare('DELETE FROM work_group_members WHERE group_id = ?').run(id);
      this.db.prepare('DELETE FROM work_group_grants WHERE group_id = ?').run(id);
    }
    const member = this.db.prepare('INSERT INTO work_group_members (group_id, user_id) VALUES (?, ?)');
    for (const userId of new Set(g.memberIds)) member.run(id, userId);
    const grant = this.db.prepare(
      'INSERT OR REPLACE INTO work_group_grants (group_id, product_id, can_use, can_manage, can_technical, can_statistics) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const gr of g.grants) if (PRODUCT_RIGHTS.some((r) => gr.rights[r])) grant.run(id, gr.productId, ...flags(gr.rights));
    return id;
  }
  deleteWorkGroup(id: number): void {
    this.db.prepare('DELETE FROM work_groups WHERE id = ?').run(id);
  }

  // Which product a call is about, for the permission checks.
  productOfMailService(id: number): number | undefined {
    return (this.db.prepare('SELECT product_id FROM mail_services WHERE id = ?').get(id) as { product_id: number } | undefined)
      ?.product_id;
  }
  productsOfMailboxes(ids: readonly number[]): number[] {
    return (
      this.db
        .prepare(
          'SELECT DISTINCT s.product_id FROM mailboxes m JOIN mail_services s ON s.id = m.mail_service_id WHERE m.id IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(ids)) as { product_id: number }[]
    ).map((r) => r.product_id);
  }
  productOfAlias(id: number): number | undefined {
    return (
      this.db
        .prepare('SELECT s.product_id FROM mailbox_aliases a JOIN mail_services s ON s.id = a.mail_service_id WHERE a.id = ?')
        .get(id) as { product_id: number } | undefined
    )?.product_id;
  }
  productOfAutoReply(id: number): number | undefined {
    return (
      this.db
        .prepare(
          'SELECT s.product_id FROM auto_replies r JOIN mailboxes m ON m.id = r.mailbox_id JOIN mail_services s ON s.id = m.mail_service_id WHERE r.id = ?',
        )
        .get(id) as { product_id: number } | undefined
    )?.product_id;
  }
  auditEntry(
    id: number,
  ): { action: string; entity_id: number | null; organisation_id: number | null; before_json: string | null } | undefined {
    return this.db.prepare('SELECT action, entity_id, organisation_id, before_json FROM audit_log WHERE id = ?').get(id) as
      { action: string; entity_id: number | null; organisation_id: number | null; before_json: string | null } | undefined;
  }
  /** Null for entries of no organisation (and unknown ones: the service answers not-found). */
  organisationOfAuditEntry(id: number): number | null {
    return (
      (
        this.db.prepare('SELECT organisation_id FROM audit_log WHERE id = ?').get(id) as
          { organisation_id: number | null } | undefined
      )?.organisation_id ?? null
    );
  }
  productOfImportJob(id: number): number | undefined {
    return (
      this.db
        .prepare('SELECT s.product_id FROM import_jobs j JOIN mail_services s ON s.id = j.mail_service_id WHERE j.id = ?')
        .get(id) as { product_id: number } | undefined
    )?.product_id;
  }
  productOfTemplate(id: number): number | undefined {
    return (
      this.db
        .prepare('SELECT s.product_id FROM mailbox_templates t JOIN mail_services s ON s.id = t.mail_service_id WHERE t.id = ?')
        .get(id) as { product_id: number } | undefined
    )?.product_id;
  }

  productOfScript(id: number): number | undefined {
    return (
      this.db
        .prepare(
          'SELECT s.product_id FROM sieve_scripts x JOIN mailboxes m ON m.id = x.mailbox_id JOIN mail_services s ON s.id = m.mail_service_id WHERE x.id = ?',
        )
        .get(id) as { product_id: number } | undefined
    )?.product_id;
  }
  productOfBatch(id: number): number | undefined {
    return (
      this.db
        .prepare(
          'SELECT s.product_id FROM bulk_batches b JOIN bulk_imports i ON i.id = b.import_id JOIN mail_services s ON s.id = i.mail_service_id WHERE b.id = ?',
        )
        .get(id) as { product_id: number } | undefined
    )?.product_id;
  }
}
