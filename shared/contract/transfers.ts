import { z } from 'zod';
import { MAX_TRANSFER_DAYS } from '../domain/transfer/transfer';
import { Id, Timestamp, mutation, query } from './common';
import { ProductKind } from './products';

export const TransferState = z.enum(['pending', 'completed', 'cancelled', 'expired']);

export const TransferProduct = z.object({
  /** Null once the product is gone (deleted, or moved in from another installation). */
  productId: Id.nullable(),
  kind: ProductKind,
  name: z.string(),
});

export const Transfer = z.object({
  id: Id,
  uid: z.string(),
  state: TransferState,
  sourceOrganisationId: Id,
  sourceOrganisation: z.string(),
  destinationOrganisationId: Id.nullable(),
  destinationOrganisation: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  /** Handed off as a .mwtransfer file: the link no longer works. */
  exportedAt: Timestamp.nullable(),
  products: z.array(TransferProduct),
});
export type Transfer = z.infer<typeof Transfer>;

/** What the receiver sees before accepting. */
export const TransferPreview = z.object({
  uid: z.string(),
  state: TransferState,
  sourceOrganisation: z.string(),
  sourceOrganisationId: Id.nullable(),
  createdBy: z.string().nullable(),
  expiresAt: Timestamp,
  products: z.array(
    TransferProduct.extend({ domain: z.string().nullable(), mailboxes: z.int().min(0), grantsRemoved: z.int().min(0) }),
  ),
  /** Never transferred: the users' access to the products, and the invoices. */
  staysBehind: z.array(z.enum(['user-access', 'invoices'])),
  /** Organisations the acting user may receive into (administrator or legal representative there). */
  destinations: z.array(z.object({ id: Id, name: z.string() })),
  /** Files only: the signing installation's key fingerprint, to compare with the sender's. */
  signer: z.string().nullable(),
});
export type TransferPreview = z.infer<typeof TransferPreview>;

const AcceptTerms = z.literal(true, { error: 'Accept the terms of transfer first.' });
/** A pasted link or a bare token; the service says what is wrong with it. */
const Link = z.string().max(2000);
/** A .mwtransfer file's text. */
const FileContent = z.string().max(200 * 1024 * 1024);

const CHANGES = ['organisations', 'products', 'mailServices', 'mailboxes', 'access', 'transfers'] as const;

export const transfersContract = {
  /** Transfers from and into the organisation. */
  'transfers.list': query(z.strictObject({ organisationId: Id }), z.array(Transfer)),
  'transfers.create': mutation(
    z.strictObject({
      organisationId: Id,
      productIds: z.array(Id).min(1).max(100),
      acceptTerms: AcceptTerms,
      validDays: z.int().min(1).max(MAX_TRANSFER_DAYS).optional(),
    }),
    z.object({ transfer: Transfer, link: z.string() }),
    ['transfers'],
  ),
  'transfers.preview': query(z.strictObject({ link: Link }), TransferPreview),
  'transfers.accept': mutation(
    z.strictObject({ link: Link, destinationOrganisationId: Id, acceptTerms: AcceptTerms }),
    Transfer,
    CHANGES,
  ),
  'transfers.cancel': mutation(z.strictObject({ id: Id }), Transfer, ['transfers']),
  /** The transfer as a signed .mwtransfer file for another installation. */
  'transfers.exportFile': mutation(
    z.strictObject({ id: Id }),
    z.object({ fileName: z.string(), content: z.string(), fingerprint: z.string() }),
    ['transfers'],
  ),
  'transfers.previewFile': query(z.strictObject({ content: FileContent }), TransferPreview),
  'transfers.importFile': mutation(
    z.strictObject({ content: FileContent, destinationOrganisationId: Id, acceptTerms: AcceptTerms }),
    z.object({ uid: z.string(), products: z.array(TransferProduct) }),
    CHANGES,
  ),
};
