import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';
import { Mailbox } from './mailboxes';

export const Alias = z.object({ id: Id, mailboxId: Id, localPart: z.string(), address: z.string(), createdAt: Timestamp });
export type Alias = z.infer<typeof Alias>;

export const AutoReply = z.object({
  id: Id,
  mailboxId: Id,
  name: z.string(),
  subject: z.string(),
  message: z.string(),
  startsAt: Timestamp.nullable(),
  endsAt: Timestamp.nullable(),
  weekdays: z.array(z.int().min(0).max(6)),
  senderAddress: z.string().nullable(),
  excluded: z.array(z.string()),
  active: z.boolean(),
  counterResetAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AutoReply = z.infer<typeof AutoReply>;

export const MailboxDetails = z.object({
  mailbox: Mailbox,
  aliases: z.array(Alias),
  autoReplies: z.array(AutoReply),
});
export type MailboxDetails = z.infer<typeof MailboxDetails>;

const Warnings = z.array(z.object({ code: z.string(), target: z.string() }));
const CHANGES = ['mailboxes'] as const;

export const AutoReplyFields = z.strictObject({
  name: z.string().trim().min(1).max(80),
  subject: z.string().max(200).default(''),
  message: z.string().max(10_000),
  startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  weekdays: z.array(z.int()).max(7).default([]),
  senderAddress: z.string().max(320).nullable().default(null),
  excluded: z.array(z.string().max(320)).max(500).default([]),
});

export const mailboxSettingsContract = {
  'mailboxes.details': query(z.strictObject({ id: Id }), MailboxDetails),
  'aliases.add': mutation(z.strictObject({ mailboxId: Id, localPart: z.string().max(320) }), Alias, CHANGES),
  'aliases.remove': mutation(z.strictObject({ id: Id }), z.object({ id: Id, auditId: Id }), CHANGES),
  /** Replaces the forward targets; an empty list turns forwarding off. */
  'forwarding.set': mutation(
    z.strictObject({ mailboxId: Id, targets: z.array(z.string().max(320)).max(10), keepCopy: z.boolean() }),
    z.object({ mailbox: Mailbox, warnings: Warnings }),
    CHANGES,
  ),
  /** Checks targets without saving (as you type). */
  'forwarding.check': query(
    z.strictObject({ mailboxId: Id, targets: z.array(z.string().max(320)).max(10) }),
    z.object({
      errors: z.array(z.object({ code: z.string(), target: z.string(), chain: z.array(z.string()).optional() })),
      warnings: Warnings,
    }),
  ),
  'autoReplies.save': mutation(z.strictObject({ mailboxId: Id, id: Id.optional(), fields: AutoReplyFields }), AutoReply, CHANGES),
  'autoReplies.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id }), CHANGES),
  /** Switching one on switches the mailbox's other reply off. */
  'autoReplies.setActive': mutation(z.strictObject({ id: Id, active: z.boolean() }), AutoReply, CHANGES),
  /** Lets every sender get the reply again, as if the 7 days had passed. */
  'autoReplies.resetCounter': mutation(z.strictObject({ id: Id }), AutoReply, CHANGES),
};
