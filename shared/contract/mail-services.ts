import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';

/** The provider sells mail services by number of addresses; 100,000 is far beyond any plan. */
export const AddressQuota = z.int().min(1).max(1_000_000);

export const MailService = z.object({
  id: Id,
  productId: Id,
  organisationId: Id,
  name: z.string(),
  domain: z.string(),
  addressQuota: AddressQuota,
  addressesUsed: z.int().min(0),
  maintenance: z.boolean(),
  locked: z.boolean(),
  tags: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MailService = z.infer<typeof MailService>;

export const mailServicesContract = {
  /** Without an organisation: every mail service of the workspace. */
  'mailServices.list': query(z.strictObject({ organisationId: Id.optional() }).default({}), z.array(MailService)),
  'mailServices.get': query(z.strictObject({ id: Id }), MailService),
  'mailServices.create': mutation(
    z.strictObject({
      organisationId: Id,
      domain: z.string().max(253),
      addressQuota: AddressQuota,
      name: z.string().trim().max(120).optional(),
    }),
    MailService,
    ['mailServices', 'products', 'organisations'],
  ),
  'mailServices.update': mutation(
    z.strictObject({
      id: Id,
      name: z.string().trim().min(1).max(120).optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
      addressQuota: AddressQuota.optional(),
      /** Users can't sign in while it is on; mail is still received. */
      maintenance: z.boolean().optional(),
    }),
    MailService,
    ['mailServices'],
  ),
  'mailServices.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id, mailboxesDeleted: z.int().min(0) }), [
    'mailServices',
    'products',
    'organisations',
    'mailboxes',
  ]),
};
