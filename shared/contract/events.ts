import { z } from 'zod';
import { ImportProgress } from './imports';

export const ChangeArea = z.enum([
  'organisations',
  'products',
  'mailServices',
  'mailboxes',
  'bulkCreate',
  'audit',
  'access',
  'transfers',
  'dns',
  'imports',
]);
export type ChangeArea = z.infer<typeof ChangeArea>;
/** Every area: what to refetch when anything may have changed (another process, another acting user). */
export const ALL_CHANGE_AREAS: readonly ChangeArea[] = ChangeArea.options;

/** Events pushed from the main process to every connected renderer. */
export const events = {
  /** Something in the workspace changed: views showing these areas refetch. */
  'workspace.changed': z.object({ areas: z.array(ChangeArea) }),
  /** The OS opened a mailwright://transfer/… link: the app shows it in Transfers › Receive. */
  'transfers.linkOpened': z.object({ link: z.string().max(2000) }),
  /** A mail import account moved on (a few times a second at most while copying). */
  'imports.progress': z.object({
    jobId: z.int(),
    accountId: z.int(),
    status: z.string(),
    progress: ImportProgress,
  }),
};
export type Events = typeof events;
export type EventPayload<E extends keyof Events> = z.output<Events[E]>;
