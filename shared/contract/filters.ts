import { z } from 'zod';
import { Id, mutation, query } from './common';

const Folder = z.string().trim().min(1).max(100);

export const FilterSettings = z.object({
  spam: z.boolean(),
  spamFolder: z.string(),
  promotions: z.boolean(),
  promotionsFolder: z.string(),
  social: z.boolean(),
  socialFolder: z.string(),
});
export type FilterSettings = z.infer<typeof FilterSettings>;

export const ListProblem = z.object({
  code: z.enum(['invalid-entry', 'duplicate-entry', 'entry-on-both-lists', 'own-address-allowed']),
  list: z.enum(['allow', 'block']),
  entry: z.string(),
});

export const MailboxFilters = z.object({
  mailboxId: Id,
  address: z.string(),
  settings: FilterSettings,
  allow: z.array(z.string()),
  block: z.array(z.string()),
  /** Warnings about the stored lists (errors are refused before anything is stored). */
  problems: z.array(ListProblem),
});
export type MailboxFilters = z.infer<typeof MailboxFilters>;

const Entries = z.array(z.string().max(320)).max(5000);

export const filtersContract = {
  'filters.get': query(z.strictObject({ mailboxId: Id }), MailboxFilters),
  /** Changes what is given; the lists are replaced whole. Invalid entries refuse the save (`invalid-filter-entry`). */
  'filters.set': mutation(
    z.strictObject({
      mailboxId: Id,
      spam: z.boolean().optional(),
      spamFolder: Folder.optional(),
      promotions: z.boolean().optional(),
      promotionsFolder: Folder.optional(),
      social: z.boolean().optional(),
      socialFolder: Folder.optional(),
      allow: Entries.optional(),
      block: Entries.optional(),
    }),
    MailboxFilters.extend({ auditId: Id.nullable() }),
    ['mailboxes'],
  ),
};
