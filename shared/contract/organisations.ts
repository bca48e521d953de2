import { z } from 'zod';
import { EmptyInput, Id, Timestamp, mutation, query } from './common';

const OrganisationName = z.string().trim().min(1).max(120);

export const Organisation = z.object({
  id: Id,
  name: OrganisationName,
  productCount: z.int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Organisation = z.infer<typeof Organisation>;

export const organisationsContract = {
  'organisations.list': query(EmptyInput, z.array(Organisation)),
  'organisations.create': mutation(z.strictObject({ name: OrganisationName }), Organisation, ['organisations']),
  'organisations.update': mutation(z.strictObject({ id: Id, name: OrganisationName }), Organisation, ['organisations']),
  'organisations.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id }), ['organisations']),
};
