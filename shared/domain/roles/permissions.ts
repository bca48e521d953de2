/**
 * Who may do what: one policy for the service layer (which enforces it), the
 * UI (which explains it) and the tests (which walk every role × operation).
 */
import type { ProductKind } from '../products/products';
import { ROLES, type Role } from './roles';

/** Rights on one product. `manage` includes `use`. */
export const PRODUCT_RIGHTS = ['use', 'manage', 'technical', 'statistics'] as const;
export type ProductRight = (typeof PRODUCT_RIGHTS)[number];

/** Which rights a kind of product has: technical and statistics only where the product offers them. */
const RIGHTS_BY_KIND: Record<ProductKind, readonly ProductRight[]> = {
  'mail-service': ['use', 'manage', 'statistics'],
  domain: ['use', 'manage', 'technical'],
  hosting: ['use', 'manage', 'technical', 'statistics'],
  ksuite: ['use', 'manage'],
  drive: ['use', 'manage', 'statistics'],
  other: ['use', 'manage'],
};

export function rightsOfKind(kind: ProductKind): readonly ProductRight[] {
  return RIGHTS_BY_KIND[kind];
}

/** Operations on an organisation as a whole, each with the roles that may do it. */
export const ORGANISATION_ACTIONS = {
  /** See the organisation and the products one has access to. */
  view: ROLES,
  rename: ['legal-representative', 'administrator'],
  delete: ['legal-representative'],
  'manage-users': ['legal-representative', 'administrator'],
  /** Give or take the legal-representative role: only a legal representative can. */
  'appoint-legal-representative': ['legal-representative'],
  'manage-access': ['legal-representative', 'administrator'],
  'create-product': ['legal-representative', 'administrator'],
  'delete-product': ['legal-representative', 'administrator'],
  /** Lock or unlock a product, switch a mail service's maintenance mode. */
  'lock-product': ['legal-representative', 'administrator'],
  transfer: ['legal-representative', 'administrator'],
  'view-activity': ['legal-representative', 'administrator'],
} as const satisfies Record<string, readonly Role[]>;
export type OrganisationAction = keyof typeof ORGANISATION_ACTIONS;

export function rolesFor(action: OrganisationAction): readonly Role[] {
  return ORGANISATION_ACTIONS[action];
}

export function roleAllows(role: Role | null | undefined, action: OrganisationAction): boolean {
  return role !== null && role !== undefined && (ORGANISATION_ACTIONS[action] as readonly Role[]).includes(role);
}

export type RightsSet = Partial<Record<ProductRight, boolean>>;

/**
 * The rights a member holds on a product: managers all the product's rights;
 * collaborators and externals the union of their grants (direct and through
 * work groups), limited to what the kind has; `manage` brings `use`.
 * Someone who isn't a member of the product's organisation has none.
 */
export function effectiveRights(
  role: Role | null | undefined,
  kind: ProductKind,
  grants: readonly RightsSet[],
): Set<ProductRight> {
  const has = new Set<ProductRight>();
  if (role === null || role === undefined) return has;
  const offered = RIGHTS_BY_KIND[kind];
  if (role === 'legal-representative' || role === 'administrator') {
    for (const right of offered) has.add(right);
    return has;
  }
  for (const grant of grants) for (const right of offered) if (grant[right]) has.add(right);
  if (has.has('manage')) has.add('use');
  return has;
}

/** Externals see only what is given to them product by product: no grants on future products. */
export function mayHoldFutureGrants(role: Role): boolean {
  return role !== 'external';
}

/** Rights given in a grant, cleaned: only what the kind offers, `manage` with `use`. */
export function normaliseGrant(kind: ProductKind, rights: RightsSet): Record<ProductRight, boolean> {
  const offered = RIGHTS_BY_KIND[kind];
  const out = { use: false, manage: false, technical: false, statistics: false };
  for (const right of PRODUCT_RIGHTS) out[right] = offered.includes(right) && rights[right] === true;
  if (out.manage) out.use = true;
  return out;
}

/** `['use', 'manage']` → `{use: true, manage: true, technical: false, statistics: false}`. */
export function rightsFromList(list: readonly ProductRight[]): Record<ProductRight, boolean> {
  return {
    use: list.includes('use'),
    manage: list.includes('manage'),
    technical: list.includes('technical'),
    statistics: list.includes('statistics'),
  };
}
