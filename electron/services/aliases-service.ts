import type { Alias, ParsedInput } from '../../shared/contract';
import { checkLocalPart } from '../../shared/domain/address/local-part';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { MailboxesService } from './mailboxes-service';

/** Extra addresses delivering to a mailbox; unique across the service's mailboxes and aliases. */
export class AliasesService {
  constructor(
    private readonly s: ServiceContext,
    private readonly services: MailServicesService,
    private readonly mailboxes: MailboxesService,
  ) {}

  add(input: ParsedInput<'aliases.add'>, ctx: CallContext): Alias {
    return this.s.write((now) => {
      const mailbox = this.mailboxes.row(input.mailboxId);
      const service = this.services.assertWritable(mailbox.mail_service_id);
      const checked = checkLocalPart(input.localPart, service.domain);
      if (!checked.ok) {
        throw new AppError('invalid-address', `"${input.localPart}" can't be an alias of ${service.domain}.`, {
          field: 'localPart',
          value: input.localPart,
          problem: checked.code,
          domain: service.domain,
        });
      }
      const address = `${checked.localPart}@${service.domain}`;
      if (
        this.s.mailboxes.idByLocalPart(service.id, checked.localPart) !== undefined ||
        this.s.aliases.byLocalPart(service.id, checked.localPart)
      ) {
        throw new AppError('address-exists', `${address} is already a mailbox or an alias in ${service.domain}.`, {
          field: 'localPart',
          address,
        });
      }
      const id = this.s.aliases.insert(mailbox.id, service.id, checked.localPart, now);
      this.s.mailboxes.refreshAliasCount(mailbox.id);
      const alias: Alias = { id, mailboxId: mailbox.id, localPart: checked.localPart, address, createdAt: now };
      this.s.record(
        ctx,
        {
          action: 'alias.add',
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: service.organisationId,
          summary: `${address} → ${mailbox.local_part}@${service.domain}`,
          after: alias,
        },
        now,
      );
      return alias;
    });
  }

  remove(input: ParsedInput<'aliases.remove'>, ctx: CallContext): { id: number; auditId: number } {
    return this.s.write((now) => {
      const alias = this.s.aliases.get(input.id);
      if (!alias) throw notFound('alias', input.id);
      const service = this.services.assertWritable(alias.mail_service_id);
      this.s.aliases.delete(alias.id);
      this.s.mailboxes.refreshAliasCount(alias.mailbox_id);
      const auditId = this.s.record(
        ctx,
        {
          action: 'alias.remove',
          entityType: 'mailbox',
          entityId: alias.mailbox_id,
          organisationId: service.organisationId,
          summary: `${alias.local_part}@${service.domain}`,
          before: alias,
        },
        now,
      );
      return { id: alias.id, auditId };
    });
  }

  /** Undo of alias.remove. */
  restore(alias: { id: number; mailbox_id: number; mail_service_id: number; local_part: string; created_at: string }): void {
    if (
      this.s.aliases.byLocalPart(alias.mail_service_id, alias.local_part) ||
      this.s.mailboxes.idByLocalPart(alias.mail_service_id, alias.local_part)
    ) {
      throw new AppError('undo-unavailable', `${alias.local_part} is in use again, so the alias can't come back.`, {});
    }
    this.mailboxes.row(alias.mailbox_id);
    this.s.db
      .prepare('INSERT INTO mailbox_aliases (id, mailbox_id, mail_service_id, local_part, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(alias.id, alias.mailbox_id, alias.mail_service_id, alias.local_part, alias.created_at);
    this.s.mailboxes.refreshAliasCount(alias.mailbox_id);
  }
}
