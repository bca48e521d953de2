import { z } from 'zod';
import { Id, PageInput, Timestamp, mutation, query } from './common';

export const AuditEntry = z.object({
  id: Id,
  at: Timestamp,
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.int().nullable(),
  organisationId: z.int().nullable(),
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  undoable: z.boolean(),
  undoneAt: Timestamp.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditContract = {
  'audit.list': query(
    z.strictObject({
      organisationId: Id.optional(),
      /** Part of the actor: a user's e-mail, or the host (`desktop:`, `cli:`, `web:`). */
      actor: z.string().trim().max(200).optional(),
      entityType: z.string().max(60).optional(),
      /** An action, or its area (`mailbox` finds `mailbox.delete`, `mailbox.update`, …). */
      action: z.string().max(60).optional(),
      from: Timestamp.optional(),
      to: Timestamp.optional(),
      ...PageInput,
      limit: PageInput.limit.default(50),
    }),
    z.object({
      rows: z.array(AuditEntry),
      total: z.int().min(0),
      /** The distinct actors, entity types and actions present, for the filter menus. */
      facets: z.object({ actors: z.array(z.string()), entityTypes: z.array(z.string()), actions: z.array(z.string()) }),
    }),
  ),
  'audit.undo': mutation(z.strictObject({ id: Id }), z.object({ undoneId: Id, auditId: Id }), [
    'organisations',
    'products',
    'mailServices',
    'mailboxes',
  ]),
};
