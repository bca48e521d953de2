import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';

export const SieveScript = z.object({
  id: Id,
  mailboxId: Id,
  name: z.string(),
  content: z.string(),
  active: z.boolean(),
  updatedAt: Timestamp,
});
export type SieveScript = z.infer<typeof SieveScript>;

const Name = z.string().trim().min(1).max(80);
const Content = z.string().max(512 * 1024);

export const sieveContract = {
  'sieve.list': query(z.strictObject({ mailboxId: Id }), z.array(SieveScript)),
  /** A script with an error is refused (`sieve-invalid`, with its line and column): only scripts that compile are kept. */
  'sieve.save': mutation(
    z.strictObject({ mailboxId: Id, id: Id.optional(), name: Name, content: Content, activate: z.boolean().default(false) }),
    SieveScript,
    ['mailboxes'],
  ),
  /** Activating one deactivates the mailbox's other scripts. */
  'sieve.activate': mutation(z.strictObject({ id: Id, active: z.boolean() }), SieveScript, ['mailboxes']),
  'sieve.delete': mutation(z.strictObject({ id: Id }), z.object({ id: Id, auditId: Id }), ['mailboxes']),
};
