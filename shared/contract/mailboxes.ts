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
  aliasCount: z.int().min(0),
  /** Empty: forwarding is off. */
  forwardTargets: z.array(z.string()),
  forwardKeepCopy: z.boolean(),
  /** The switched-on out-of-office reply, if any, and when it ends. */
  autoReply: z.object({ active: z.boolean(), until: Timestamp.nullable() }),
  passwordSetAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Mailbox = z.infer<typeof Mailbox>;

export const MailboxSortColumn = z.enum([
  'address',
  'displayName',
  'storageQuotaMb',
  'state',
  'forwarding',
  'autoReply',
  'aliasCount',
  'updatedAt',
  'createdAt',
]);
export type MailboxSortColumn = z.infer<typeof MailboxSortColumn>;
export const MailboxSort = z.strictObject({ column: MailboxSortColumn, direction: SortDirection });
export type MailboxSort = z.infer<typeof MailboxSort>;

const OnOff = z.enum(['on', 'off']);
export const MailboxFilter = z.strictObject({
  /** Substring of the address, display name, an alias or a forward target; case and accents ignored. */
  search: z.string().max(200).optional(),
  state: MailboxState.optional(),
  forwarding: OnOff.optional(),
  autoReply: OnOff.optional(),
  quotaMinMb: z.int().min(0).max(10_000_000).optional(),
  quotaMaxMb: z.int().min(0).max(10_000_000).optional(),
});
export type MailboxFilter = z.infer<typeof MailboxFilter>;

const DEFAULT_SORT = { column: 'address', direction: 'asc' } as const;
const QueryFields = {
  mailServiceId: Id,
  sort: MailboxSort.default(DEFAULT_SORT),
  filter: MailboxFilter.default({}),
};

export const MailboxesListInput = z.strictObject({ ...QueryFields, ...PageInput });
export const MailboxesListOutput = z.object({ rows: z.array(Mailbox), total: z.int().min(0), offset: z.int().min(0) });

/** What a bulk action applies to: picked rows, or every row matching a filter (minus some). */
export const MailboxSelection = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ids'), ids: z.array(Id).min(1).max(100_000) }),
  z.strictObject({ kind: z.literal('matching'), filter: MailboxFilter, excludeIds: z.array(Id).max(100_000).default([]) }),
]);
export type MailboxSelection = z.infer<typeof MailboxSelection>;

export const NewMailboxFields = z.strictObject({
  /** Normalised and checked by the address rules in shared/domain/address. */
  localPart: z.string().max(320),
  displayName: DisplayName.default(''),
  storageQuotaMb: StorageQuotaMb.default(DEFAULT_STORAGE_QUOTA_MB),
  state: MailboxState.default('planned'),
});

export const BulkChange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('quota'), storageQuotaMb: StorageQuotaMb }),
  z.strictObject({ kind: z.literal('state'), state: MailboxState }),
  z.strictObject({ kind: z.literal('forwarding'), targets: z.array(z.string().max(320)).min(1).max(10), keepCopy: z.boolean() }),
  z.strictObject({ kind: z.literal('clear-forwarding') }),
  z.strictObject({ kind: z.literal('auto-reply-off') }),
  z.strictObject({
    kind: z.literal('auto-reply-on'),
    reply: z.strictObject({
      name: z.string().trim().min(1).max(80),
      subject: z.string().max(200).default(''),
      message: z.string().min(1).max(10_000),
      startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
      endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    }),
  }),
]);
export type BulkChange = z.infer<typeof BulkChange>;

const MAILBOX_CHANGES = ['mailboxes', 'mailServices'] as const;
const BulkResult = z.object({ affected: z.int().min(0), auditId: Id.nullable(), warnings: z.array(z.string()) });

export const mailboxesContract = {
  'mailboxes.list': query(MailboxesListInput, MailboxesListOutput),
  /** The ids of a window of the list (selection ranges over rows that aren't loaded). */
  'mailboxes.ids': query(
    z.strictObject({ ...QueryFields, offset: PageInput.offset, limit: z.int().min(1).max(100_000) }),
    z.object({ ids: z.array(Id) }),
  ),
  /** Finds mailboxes by full address (any service of the workspace). */
  'mailboxes.lookup': query(
    z.strictObject({ addresses: z.array(z.string().max(320)).min(1).max(10_000) }),
    z.object({ mailboxes: z.array(Mailbox), missing: z.array(z.string()) }),
  ),
  /** With `templateId`, the mail service's template is applied to the new mailbox in the same transaction. */
  'mailboxes.create': mutation(
    NewMailboxFields.extend({ mailServiceId: Id, templateId: Id.optional() }),
    Mailbox,
    MAILBOX_CHANGES,
  ),
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
  /** One change to many mailboxes: one transaction, one audit entry, undoable. */
  'mailboxes.bulkUpdate': mutation(
    z.strictObject({ mailServiceId: Id, selection: MailboxSelection, change: BulkChange }),
    BulkResult,
    MAILBOX_CHANGES,
  ),
  'mailboxes.bulkDelete': mutation(
    z.strictObject({ mailServiceId: Id, selection: MailboxSelection }),
    BulkResult,
    MAILBOX_CHANGES,
  ),
  /** A new strong password, returned once and stored only sealed (encrypted). */
  'mailboxes.resetPassword': mutation(z.strictObject({ id: Id }), z.object({ password: z.string(), passwordSetAt: Timestamp }), [
    'mailboxes',
  ]),
  /** The current filter or selection as CSV: UTF-8 with BOM, formula-safe cells, no passwords. */
  'mailboxes.export': query(
    z.strictObject({
      mailServiceId: Id,
      selection: MailboxSelection.optional(),
      filter: MailboxFilter.default({}),
      sort: MailboxSort.default(DEFAULT_SORT),
      delimiter: z.enum([',', ';', '\t']).default(','),
    }),
    z.object({ csv: z.string(), rows: z.int().min(0), fileName: z.string() }),
  ),
};
