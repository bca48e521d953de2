import { z } from 'zod';
import { preference, query } from './common';

/** The mailbox table's layout, remembered per workspace. */
export const MailboxTableLayout = z.strictObject({
  hidden: z.array(z.string().max(40)).max(40).default([]),
  order: z.array(z.string().max(40)).max(40).default([]),
  widths: z.record(z.string().max(40), z.int().min(40).max(2000)).default({}),
});
export type MailboxTableLayout = z.infer<typeof MailboxTableLayout>;

/** Which DNS servers the checks ask (empty: the system's), and how long each query may take. */
export const DnsSettings = z.strictObject({
  resolvers: z.array(z.string().trim().min(1).max(60)).max(5).default([]),
  timeoutMs: z.int().min(100).max(10_000).default(1500),
});
export type DnsSettings = z.infer<typeof DnsSettings>;

export const WorkspaceSettings = z.strictObject({
  mailboxTable: MailboxTableLayout.optional(),
  dns: DnsSettings.optional(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const settingsContract = {
  'settings.get': query(z.strictObject({}).default({}), WorkspaceSettings),
  /** Layout preferences: not audited (a column width is no change anyone needs to find or undo). */
  'settings.update': preference(WorkspaceSettings, WorkspaceSettings),
};
