import { z } from 'zod';
import { Id, PageInput, SortDirection, Timestamp, mutation, query } from './common';

export const MailboxState = z.enum(['planned', 'created']);
export type MailboxState = z.infer<typeof MailboxState>;

/** Storage quota in MB: the provider's plans range from 1 GB to several TB per address. */
export const StorageQuotaMb = z.int().min(1).max(10_000_000);
export const DEFAULT_STORAGE_QUOTA_MB = 20_480;
const DisplayName = z.string().trim().max(120);

export const Mailbox = z.object({
  id: Id,
  mailServiceId: Id,
  localPart: z.string(),
  address: z.string(),
  displayName: z.string(),
  storageQuotaMb: StorageQuotaMb,
  state: MailboxState,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Mailbox = z.infer<typeof Mailbox>;

export const MailboxSortColumn = z.enum(['address', 'displayName', 'storageQuotaMb', 'state', 'createdAt', 'updatedAt']);
export type MailboxSortColumn = z.infer<typeof MailboxSortColumn>;

export const MailboxesListInput = z.strictObject({
  mailServiceId: Id,
  ...PageInput,
  sort: z.strictObject({ column: MailboxSortColumn, direction: SortDirection }).default({ column: 'address', direction: 'asc' }),
  filter: z
    .strictObject({
      search: z.string().max(200).optional(),
      state: MailboxState.optional(),
    })
    .default({}),
});
export const MailboxesListOutput = z.object({ rows: z.array(Mailbox), total: z.int().min(0), offset: z.int().min(0) });

export const NewMailboxFields = z.strictObject({
  /** Normalised and checked by the address rules in shared/domain/address. */
  localPart: z.string().max(320),
  displayName: DisplayName.default(''),
  storageQuotaMb: StorageQuotaMb.default(DEFAULT_STORAGE_QUOTA_MB),
  state: MailboxState.default('planned'),
});

const MAILBOX_CHANGES = ['mailboxes', 'mailServices'] as const;

export const mailboxesContract = {
  'mailboxes.list': query(MailboxesListInput, MailboxesListOutput),
  /** Finds mailboxes by full address (any service of the workspace). */
  'mailboxes.lookup': query(
    z.strictObject({ addresses: z.array(z.string().max(320)).min(1).max(10_000) }),
    z.object({ mailboxes: z.array(Mailbox), missing: z.array(z.string()) }),
  ),
  'mailboxes.create': mutation(NewMailboxFields.extend({ mailServiceId: Id }), Mailbox, MAILBOX_CHANGES),
  /** All or nothing: one transaction, one audit entry. */
  'mailboxes.createMany': mutation(
    z.strictObject({ mailServiceId: Id, mailboxes: z.array(NewMailboxFields).min(1).max(100_000) }),
    z.object({ created: z.int().min(0), auditId: Id }),
    MAILBOX_CHANGES,
  ),
  'mailboxes.update': mutation(
    z.strictObject({
      id: Id,
      displayName: DisplayName.optional(),
      storageQuotaMb: StorageQuotaMb.optional(),
      state: MailboxState.optional(),
    }),
    Mailbox,
    MAILBOX_CHANGES,
  ),
  'mailboxes.delete': mutation(
    z.strictObject({ ids: z.array(Id).min(1).max(100_000) }),
    z.object({ deleted: z.int().min(0), auditId: Id }),
    MAILBOX_CHANGES,
  ),
};
