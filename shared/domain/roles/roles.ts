/** Roles a user can hold in an organisation, from most to least powerful. */
export const ROLES = ['legal-representative', 'administrator', 'collaborator', 'external'] as const;
export type Role = (typeof ROLES)[number];

/** Legal representatives and administrators manage the organisation as a whole. */
export function isOrganisationManager(role: Role): boolean {
  return role === 'legal-representative' || role === 'administrator';
}
