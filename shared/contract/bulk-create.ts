import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';

/** A row as the file (or the wizard's edit) has it. The password travels only to be sealed. */
export const BulkRowInput = z.strictObject({
  line: z.int().min(1).max(10_000_000),
  address: z.string().max(320),
  password: z.string().max(256),
  forwardTo: z.string().max(320).default(''),
  keepFlag: z.string().max(20).default(''),
});
export type BulkRowInput = z.input<typeof BulkRowInput>;

export const BatchStatus = z.enum(['waiting', 'ready', 'exported', 'applied']);
export type BatchStatus = z.infer<typeof BatchStatus>;

export const Batch = z.object({
  id: Id,
  importId: Id,
  mailServiceId: Id,
  domain: z.string(),
  fileName: z.string(),
  position: z.int().min(1),
  /** Mailboxes in it now (some may have been deleted since). */
  size: z.int().min(0),
  /** The earliest time the provider's 50-per-24-hours limit allows it. */
  notBefore: Timestamp,
  status: BatchStatus,
  exportedAt: Timestamp.nullable(),
  appliedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Batch = z.infer<typeof Batch>;

const CHANGES = ['mailboxes', 'mailServices', 'bulkCreate'] as const;

export const bulkCreateContract = {
  /** The provider's template: its header row and an example line. */
  'bulkCreate.template': query(
    z.strictObject({ domain: z.string().max(253).optional() }).default({}),
    z.object({ csv: z.string(), fileName: z.string() }),
  ),
  /** What the wizard checks a file against, in its own worker: the service's taken addresses, free quota, recent creations. */
  'bulkCreate.context': query(
    z.strictObject({ mailServiceId: Id }),
    z.object({ domain: z.string(), free: z.int(), existing: z.array(z.string()), recent: z.array(Timestamp), now: Timestamp }),
  ),
  /**
   * Checks the rows again and writes them as planned mailboxes with their
   * batches, all or nothing. Refused when any row still has an error.
   */
  'bulkCreate.commit': mutation(
    z.strictObject({
      mailServiceId: Id,
      fileName: z.string().max(260),
      rows: z.array(BulkRowInput).min(1).max(100_000),
      /** Replace missing and weak passwords with generated ones (never shown, exported with the batch). */
      generatePasswords: z.boolean().default(false),
      /** A template of the mail service applied to every new mailbox; a row's own forward-to wins over its forwarding. */
      templateId: Id.optional(),
    }),
    z.object({ created: z.int(), generated: z.int(), importId: Id, batches: z.array(Batch) }),
    CHANGES,
  ),
  'bulkCreate.batches': query(z.strictObject({ mailServiceId: Id.optional() }).default({}), z.array(Batch)),
  /** The batch as the provider's upload file, passwords included: for a file the user chose, nowhere else. */
  'bulkCreate.exportBatch': mutation(
    z.strictObject({ batchId: Id }),
    z.object({ csv: z.string(), fileName: z.string(), rows: z.int() }),
    CHANGES,
  ),
  /** The provider created the batch: its mailboxes become "created", and the next batch's 24 hours start. */
  'bulkCreate.markApplied': mutation(z.strictObject({ batchId: Id }), Batch, CHANGES),
};
