import { z } from 'zod';
import { PRODUCT_KINDS } from '../domain/products/products';
import { Id, Timestamp, mutation, query } from './common';

export const ProductKind = z.enum(PRODUCT_KINDS);
const ProductName = z.string().trim().min(1).max(120);
const Tags = z.array(z.string().trim().min(1).max(40)).max(20);

export const Product = z.object({
  id: Id,
  organisationId: Id,
  kind: ProductKind,
  name: z.string(),
  tags: z.array(z.string()),
  locked: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Product = z.infer<typeof Product>;

export const productsContract = {
  'products.list': query(z.strictObject({ organisationId: Id }), z.array(Product)),
  /** Mail services are created through `mailServices.create`, which adds their product. */
  'products.create': mutation(
    z.strictObject({
      organisationId: Id,
      kind: ProductKind.exclude(['mail-service']),
      name: ProductName,
      tags: Tags.default([]),
    }),
    Product,
    ['products', 'organisations'],
  ),
  'products.update': mutation(
    z.strictObject({ id: Id, name: ProductName.optional(), tags: Tags.optional(), locked: z.boolean().optional() }),
    Product,
    ['products', 'mailServices'],
  ),
  'products.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id }), [
    'products',
    'organisations',
    'mailServices',
    'mailboxes',
  ]),
};
