import type { ParsedInput } from '../../shared/contract';
import type { AuditRow } from '../store/repositories/audit';
import type { BulkChange, Role } from '../../shared/contract';
import type { AliasesService } from './aliases-service';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { MailboxSnapshot, MailboxesService } from './mailboxes-service';
import type { OrganisationsService } from './organisations-service';
import type { AccessService } from './access-service';
import type { FiltersService, FiltersSnapshot } from './filters-service';
import type { ScriptRow, SieveService } from './sieve-service';
import type { TemplateApplyRecord, TemplateRow, TemplatesService } from './templates-service';
import type { DnsService } from './dns-service';

/** Actions that can be taken back from the Activity view, and how (see undo()). */
const UNDOABLE = new Set([
  'mailbox.delete',
  'mailbox.update',
  'mailbox.bulk-update',
  'mailbox.forwarding',
  'alias.add',
  'alias.remove',
  'auto-reply.on',
  'auto-reply.off',
  'organisation.update',
  'mail-service.update',
  'access.grant',
  'access.revoke',
  'user.role',
  'filters.update',
  'sieve.delete',
  'template.apply',
  'template.delete',
  'dns.zone-update',
]);

function isUndoable(row: AuditRow): boolean {
  return UNDOABLE.has(row.action) && row.undone_at === null && row.undoes_id === null;
}

/** Before/after of a bulk action can be megabytes; the list shows a placeholder instead. */
const MAX_LISTED_JSON = 16_384;

export class AuditService {
  constructor(
    private readonly s: ServiceContext,
    private readonly mailboxes: MailboxesService,
    private readonly organisations: OrganisationsService,
    private readonly aliases: AliasesService,
    private readonly mailServices: MailServicesService,
    private readonly access: AccessService,
    private readonly filters: FiltersService,
    private readonly sieve: SieveService,
    private readonly templates: TemplatesService,
    private readonly dns: DnsService,
  ) {}

  /** `organisationIds` limits the list to those organisations (what the acting user may see; see index.ts). */
  list(input: ParsedInput<'audit.list'> & { organisationIds?: number[] | undefined }) {
    const page = this.s.audit.list(input, isUndoable);
    for (const entry of page.rows) {
      for (const key of ['before', 'after'] as const) {
        const size = entry[key] === null ? 0 : JSON.stringify(entry[key]).length;
        if (size > MAX_LISTED_JSON) entry[key] = { omitted: true, bytes: size };
      }
    }
    return page;
  }

  undo(input: ParsedInput<'audit.undo'>, ctx: CallContext): { undoneId: number; auditId: number } {
    return this.s.write((now) => {
      const row = this.s.audit.getRow(input.id);
      if (!row) throw notFound('activity entry', input.id);
      if (!isUndoable(row)) {
        const reason = row.undone_at ? 'It was already undone.' : 'This kind of change cannot be undone.';
        throw new AppError('undo-unavailable', `Activity ${row.id} (${row.action}) can't be undone. ${reason}`, {
          action: row.action,
        });
      }
      const before = row.before_json === null ? null : (JSON.parse(row.before_json) as Record<string, unknown>);
      const after = row.after_json === null ? null : (JSON.parse(row.after_json) as Record<string, unknown>);
      switch (row.action) {
        case 'mailbox.delete':
          this.mailboxes.restore(before as unknown as MailboxSnapshot, row.id);
          break;
        case 'mailbox.update':
          this.mailboxes.revert(row.entity_id!, before ?? {}, now);
          break;
        case 'mailbox.bulk-update':
          this.mailboxes.revertBulk(before as { change: BulkChange['kind']; mailboxes: Record<string, unknown>[] }, after, now);
          break;
        case 'mailbox.forwarding': {
          const mailbox = this.mailboxes.row(row.entity_id!);
          this.mailServices.assertWritable(mailbox.mail_service_id);
          this.s.mailboxes.setForwarding(
            [mailbox.id],
            (before?.targets as string[]) ?? [],
            Boolean(before?.keepCopy ?? true),
            now,
          );
          break;
        }
        case 'alias.add': {
          const alias = this.s.aliases.get(Number(after?.id));
          if (!alias) throw new AppError('undo-unavailable', 'The alias is already gone.', {});
          this.mailServices.assertWritable(alias.mail_service_id);
          this.s.aliases.delete(alias.id);
          this.s.mailboxes.refreshAliasCount(alias.mailbox_id);
          break;
        }
        case 'alias.remove':
          this.aliases.restore(before as unknown as Parameters<AliasesService['restore']>[0]);
          break;
        case 'auto-reply.on':
        case 'auto-reply.off': {
          const reply = this.s.autoReplies.get(Number(before?.id));
          if (!reply) throw new AppError('undo-unavailable', 'The out-of-office reply was deleted meanwhile.', {});
          this.mailServices.assertWritable(this.mailboxes.row(reply.mailboxId).mail_service_id);
          this.s.autoReplies.setActive(reply, Boolean(before?.active), now);
          this.s.mailboxes.refreshAutoReplySummary([reply.mailboxId]);
          break;
        }
        case 'mail-service.update':
          this.mailServices.revert(row.entity_id!, before ?? {}, now);
          break;
        case 'access.grant':
        case 'access.revoke': {
          const user = this.s.access.userByEmail(String(before?.user));
          const product = this.s.products.get(row.entity_id!);
          if (!user || !product) throw new AppError('undo-unavailable', 'The user or the product is gone.', {});
          const rights = new Set((before?.rights as string[]) ?? []);
          this.s.access.setGrant(user.id, product.id, {
            use: rights.has('use'),
            manage: rights.has('manage'),
            technical: rights.has('technical'),
            statistics: rights.has('statistics'),
          });
          break;
        }
        case 'filters.update':
          this.filters.restore(row.entity_id!, before as unknown as FiltersSnapshot, now);
          break;
        case 'sieve.delete':
          this.sieve.restore(before as unknown as ScriptRow, now);
          break;
        case 'template.apply':
          this.templates.revert(before as unknown as TemplateApplyRecord, now);
          break;
        case 'template.delete':
          this.templates.restore(before as unknown as TemplateRow);
          break;
        case 'dns.zone-update':
          this.dns.restoreZone(row.entity_id!, String(before?.text ?? ''), now);
          break;
        case 'user.role': {
          const org = this.organisations.get(row.organisation_id!);
          const user = this.s.access.user(row.entity_id!);
          const current = user && this.s.access.role(org.id, user.id);
          if (!user || !current) throw new AppError('undo-unavailable', 'The user is no longer a member.', {});
          this.access.applyRole(org, user.id, user.email, current, before?.role as Role);
          break;
        }
        case 'organisation.update': {
          const name = String(before?.name);
          this.organisations.get(row.entity_id!);
          const holder = this.s.organisations.idByName(name);
          if (holder !== undefined && holder !== row.entity_id) {
            throw new AppError(
              'undo-unavailable',
              `Another organisation is now called "${name}", so the rename can't be undone.`,
              {
                name,
              },
            );
          }
          this.s.organisations.rename(row.entity_id!, name, now);
          break;
        }
      }
      this.s.audit.markUndone(row.id, now);
      const auditId = this.s.record(
        ctx,
        {
          action: `${row.action}.undo`,
          entityType: row.entity_type,
          entityId: row.entity_id,
          organisationId: row.organisation_id,
          summary: row.summary,
          before: row.after_json === null ? null : JSON.parse(row.after_json),
          after: before,
          undoesId: row.id,
        },
        now,
      );
      return { undoneId: row.id, auditId };
    });
  }
}
