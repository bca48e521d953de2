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
    z.strictObject({ organisationId: Id.optional(), ...PageInput, limit: PageInput.limit.default(50) }),
    z.object({ rows: z.array(AuditEntry), total: z.int().min(0) }),
  ),
  'audit.undo': mutation(z.strictObject({ id: Id }), z.object({ undoneId: Id, auditId: Id }), [
    'organisations',
    'products',
    'mailServices',
    'mailboxes',
  ]),
};
