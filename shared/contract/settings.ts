import { z } from 'zod';
import { preference, query } from './common';

/** The mailbox table's layout, remembered per workspace. */
export const MailboxTableLayout = z.strictObject({
  hidden: z.array(z.string().max(40)).max(40).default([]),
  order: z.array(z.string().max(40)).max(40).default([]),
  widths: z.record(z.string().max(40), z.int().min(40).max(2000)).default({}),
});
export type MailboxTableLayout = z.infer<typeof MailboxTableLayout>;

export const WorkspaceSettings = z.strictObject({
  mailboxTable: MailboxTableLayout.optional(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const settingsContract = {
  'settings.get': query(z.strictObject({}).default({}), WorkspaceSettings),
  /** Layout preferences: not audited (a column width is no change anyone needs to find or undo). */
  'settings.update': preference(WorkspaceSettings, WorkspaceSettings),
};
