import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';
import { FilterSettings } from './filters';
import { MailboxSelection, StorageQuotaMb } from './mailboxes';

const Name = z.string().trim().min(1).max(80);
const Folder = z.string().trim().min(1).max(100);
const Entries = z.array(z.string().max(320)).max(5000);

/**
 * What a template sets. Each part is `null` when the template leaves it alone, so one template can set
 * only the quota and another only the filters.
 */
export const TemplateSettings = z.strictObject({
  storageQuotaMb: StorageQuotaMb.nullable().default(null),
  /** The forwarding policy: no targets means "forwarding off". */
  forwarding: z
    .strictObject({ targets: z.array(z.string().max(320)).max(10), keepCopy: z.boolean() })
    .nullable()
    .default(null),
  /** An out-of-office reply of this name is added, or updated where the mailbox has one; `active` switches it on. */
  autoReply: z
    .strictObject({
      name: Name,
      subject: z.string().max(200).default(''),
      message: z.string().trim().min(1).max(10_000),
      active: z.boolean().default(false),
    })
    .nullable()
    .default(null),
  /** Replaces the mailbox's filters and allow/block lists. */
  filters: z
    .strictObject({
      settings: FilterSettings.extend({ spamFolder: Folder, promotionsFolder: Folder, socialFolder: Folder }),
      allow: Entries,
      block: Entries,
    })
    .nullable()
    .default(null),
  /** A Sieve script of this name is added or replaced; `activate` makes it the active one. */
  sieve: z
    .strictObject({ name: Name, content: z.string().max(512 * 1024), activate: z.boolean().default(true) })
    .nullable()
    .default(null),
});
export type TemplateSettings = z.infer<typeof TemplateSettings>;
export type TemplateField = 'storageQuota' | 'forwarding' | 'autoReply' | 'filters' | 'sieve';
export const TEMPLATE_FIELDS: readonly TemplateField[] = ['storageQuota', 'forwarding', 'autoReply', 'filters', 'sieve'];

export const MailboxTemplate = z.object({
  id: Id,
  mailServiceId: Id,
  name: z.string(),
  description: z.string(),
  settings: TemplateSettings,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MailboxTemplate = z.infer<typeof MailboxTemplate>;

const FieldName = z.enum(['storageQuota', 'forwarding', 'autoReply', 'filters', 'sieve']);

/** One mailbox's changes, each as short values the UI formats (quota in MB, targets, reply subject, …). */
export const TemplateChangeRow = z.object({
  id: Id,
  address: z.string(),
  changes: z.array(z.object({ field: FieldName, before: z.unknown(), after: z.unknown() })),
});
export type TemplateChangeRow = z.infer<typeof TemplateChangeRow>;

export const TemplatePreview = z.object({
  templateId: Id,
  /** Mailboxes selected. */
  total: z.int().min(0),
  /** Of those, how many the template would change. */
  changed: z.int().min(0),
  /** Per field, how many mailboxes it changes. */
  fields: z.record(FieldName, z.int().min(0)),
  /** The first mailboxes that change (at most 200), for the preview table. */
  rows: z.array(TemplateChangeRow),
  /** Problems that would refuse the apply (e.g. a forwarding loop), with the mailbox they concern. */
  errors: z.array(z.object({ code: z.string(), address: z.string(), message: z.string() })),
  /** `code:subject` pairs that don't refuse the apply: `own-address-allowed:@example.ch`, `gmail-target:x@gmail.com`. */
  warnings: z.array(z.string()),
});
export type TemplatePreview = z.infer<typeof TemplatePreview>;

const CHANGES = ['mailboxes'] as const;

export const templatesContract = {
  'templates.list': query(z.strictObject({ mailServiceId: Id }), z.array(MailboxTemplate)),
  /** A Sieve script with an error, or an allow/block entry that is neither an address nor `@domain`, refuses the save. */
  'templates.save': mutation(
    z.strictObject({
      mailServiceId: Id,
      id: Id.optional(),
      name: Name,
      description: z.string().max(500).default(''),
      settings: TemplateSettings,
    }),
    MailboxTemplate,
    CHANGES,
  ),
  'templates.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id, auditId: Id }), CHANGES),
  /** What applying would change, without changing anything. */
  'templates.preview': query(z.strictObject({ id: Id, selection: MailboxSelection }), TemplatePreview),
  /** Applies to every selected mailbox in one transaction with one audit entry, which undoes it. */
  'templates.apply': mutation(
    z.strictObject({ id: Id, selection: MailboxSelection }),
    z.object({ affected: z.int().min(0), auditId: Id.nullable(), warnings: z.array(z.string()) }),
    CHANGES,
  ),
};
