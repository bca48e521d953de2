import { z } from 'zod';
import { ROLES } from '../domain/roles/roles';
import { PRODUCT_RIGHTS } from '../domain/roles/permissions';
import { Id, mutation, query } from './common';
import { ProductKind } from './products';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
export const ProductRight = z.enum(PRODUCT_RIGHTS);
export const Rights = z.strictObject({
  use: z.boolean().default(false),
  manage: z.boolean().default(false),
  technical: z.boolean().default(false),
  statistics: z.boolean().default(false),
});
export type Rights = z.infer<typeof Rights>;

const Email = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'Not an e-mail address');
const DisplayName = z.string().trim().max(120);

export const User = z.object({ id: Id, email: z.string(), displayName: z.string() });
export type User = z.infer<typeof User>;
export const Member = User.extend({ role: Role });
export type Member = z.infer<typeof Member>;

export const Me = z.object({
  user: User.nullable(),
  memberships: z.array(z.object({ organisationId: Id, role: Role })),
  /** Everyone the app can act as. */
  users: z.array(User),
  /** The acting user's rights on every product they can see (the UI offers what they allow). */
  rights: z.array(z.object({ productId: Id, rights: z.array(ProductRight) })),
});
export type Me = z.infer<typeof Me>;

export const Grant = z.object({ userId: Id, productId: Id, rights: z.array(ProductRight) });
export const AccessMatrix = z.object({
  products: z.array(z.object({ id: Id, kind: ProductKind, name: z.string(), rights: z.array(ProductRight) })),
  members: z.array(Member),
  /** Direct grants. */
  grants: z.array(Grant),
  /** Rights through work groups, per user and product, with the groups' names. */
  viaGroups: z.array(Grant.extend({ groups: z.array(z.string()) })),
  future: z.array(z.object({ userId: Id, kind: ProductKind, rights: z.array(ProductRight) })),
});
export type AccessMatrix = z.infer<typeof AccessMatrix>;

export const WorkGroup = z.object({
  id: Id,
  organisationId: Id,
  name: z.string(),
  memberIds: z.array(Id),
  grants: z.array(z.object({ productId: Id, rights: z.array(ProductRight) })),
});
export type WorkGroup = z.infer<typeof WorkGroup>;

const ACCESS_CHANGES = ['organisations', 'products', 'mailServices', 'mailboxes', 'access'] as const;

export const accessContract = {
  'access.me': query(z.strictObject({}).default({}), Me),
  /** Act as another user: every later call is checked against that user's rights. */
  'access.actAs': mutation(z.strictObject({ userId: Id }), Me, ACCESS_CHANGES),
  'access.matrix': query(z.strictObject({ organisationId: Id }), AccessMatrix),
  /** Sets a user's rights on a product exactly (all false revokes). */
  'access.grant': mutation(z.strictObject({ userId: Id, productId: Id, rights: Rights }), Grant, ['access']),
  /** Rights a user gets on every product of the kind created in or transferred into the organisation later. */
  'access.setFuture': mutation(
    z.strictObject({ organisationId: Id, userId: Id, kind: ProductKind, rights: Rights }),
    z.object({ userId: Id, kind: ProductKind, rights: z.array(ProductRight) }),
    ['access'],
  ),
  'users.list': query(z.strictObject({ organisationId: Id }), z.array(Member)),
  /** Adds a member: an existing user of the workspace (by e-mail) or a new one. */
  'users.add': mutation(
    z.strictObject({ organisationId: Id, email: Email, displayName: DisplayName.default(''), role: Role }),
    Member,
    ['access'],
  ),
  'users.setRole': mutation(z.strictObject({ organisationId: Id, userId: Id, role: Role }), Member, ACCESS_CHANGES),
  /** Removes a member and their grants in the organisation. */
  'users.remove': mutation(z.strictObject({ organisationId: Id, userId: Id }), z.object({ userId: Id }), ACCESS_CHANGES),
  'workGroups.list': query(z.strictObject({ organisationId: Id }), z.array(WorkGroup)),
  'workGroups.save': mutation(
    z.strictObject({
      organisationId: Id,
      id: Id.optional(),
      name: z.string().trim().min(1).max(80),
      memberIds: z.array(Id).max(1000),
      grants: z.array(z.strictObject({ productId: Id, rights: Rights })).max(1000),
    }),
    WorkGroup,
    ['access'],
  ),
  'workGroups.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id }), ['access']),
};
