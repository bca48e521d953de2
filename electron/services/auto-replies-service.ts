import type { AutoReply, ParsedInput } from '../../shared/contract';
import { checkAutoReply } from '../../shared/domain/auto-reply/auto-reply';
import { checkEmailAddress } from '../../shared/domain/address/email';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { MailboxesService } from './mailboxes-service';

const PROBLEMS: Record<string, string> = {
  'missing-message': 'The reply needs a message.',
  'ends-before-start': 'The end must come after the start.',
  'invalid-weekday': 'Weekdays are 0 (Sunday) to 6 (Saturday).',
  'invalid-exclusion': 'Exclusions are addresses (anna@example.ch) or whole domains (@example.ch).',
  'invalid-sender': 'The sender address is not a valid e-mail address.',
};

/** Out-of-office replies: several saved per mailbox, at most one switched on. */
export class AutoRepliesService {
  constructor(
    private readonly s: ServiceContext,
    private readonly services: MailServicesService,
    private readonly mailboxes: MailboxesService,
  ) {}

  save(input: ParsedInput<'autoReplies.save'>, ctx: CallContext): AutoReply {
    return this.s.write((now) => {
      const mailbox = this.mailboxes.row(input.mailboxId);
      const service = this.services.assertWritable(mailbox.mail_service_id);
      const checked = checkAutoReply(input.fields);
      const problem = checked.problems[0];
      if (problem) {
        throw new AppError('invalid-auto-reply', PROBLEMS[problem.code] ?? problem.code, {
          problem: problem.code,
          value: problem.value ?? null,
        });
      }
      const sender = input.fields.senderAddress?.trim() ? checkEmailAddress(input.fields.senderAddress) : null;
      const values = {
        ...input.fields,
        weekdays: [...new Set(input.fields.weekdays)].sort(),
        senderAddress: sender?.ok ? sender.address : null,
        excluded: checked.excluded,
      };
      let id = input.id;
      const before = id === undefined ? null : this.reply(id);
      if (before && before.mailboxId !== mailbox.id) throw notFound('out-of-office reply', before.id);
      if (id === undefined) id = this.s.autoReplies.insert(mailbox.id, values, now);
      else this.s.autoReplies.update(id, values, now);
      this.s.mailboxes.refreshAutoReplySummary([mailbox.id]);
      const after = this.reply(id);
      this.s.record(
        ctx,
        {
          action: before ? 'auto-reply.update' : 'auto-reply.create',
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: service.organisationId,
          summary: `${mailbox.local_part}@${service.domain}: ${after.name}`,
          before,
          after,
        },
        now,
      );
      return after;
    });
  }

  delete(input: ParsedInput<'autoReplies.delete'>, ctx: CallContext): { id: number } {
    return this.change(input.id, ctx, 'auto-reply.delete', (reply) => {
      this.s.autoReplies.delete(reply.id);
      return null;
    });
  }

  setActive(input: ParsedInput<'autoReplies.setActive'>, ctx: CallContext): AutoReply {
    return this.change(input.id, ctx, input.active ? 'auto-reply.on' : 'auto-reply.off', (reply, now) => {
      this.s.autoReplies.setActive(reply, input.active, now);
      return this.reply(reply.id);
    })!;
  }

  /** Records a reset time: every sender may get the reply again, as if their 7 days had passed. */
  resetCounter(input: ParsedInput<'autoReplies.resetCounter'>, ctx: CallContext): AutoReply {
    return this.change(input.id, ctx, 'auto-reply.reset-counter', (reply, now) => {
      this.s.autoReplies.resetCounter(reply.id, now);
      return this.reply(reply.id);
    })!;
  }

  private change<T extends AutoReply | null>(
    id: number,
    ctx: CallContext,
    action: string,
    apply: (reply: AutoReply, now: string) => T,
  ): T extends null ? { id: number } : AutoReply {
    return this.s.write((now) => {
      const reply = this.reply(id);
      const mailbox = this.mailboxes.row(reply.mailboxId);
      const service = this.services.assertWritable(mailbox.mail_service_id);
      const after = apply(reply, now);
      this.s.mailboxes.refreshAutoReplySummary([mailbox.id]);
      this.s.record(
        ctx,
        {
          action,
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: service.organisationId,
          summary: `${mailbox.local_part}@${service.domain}: ${reply.name}`,
          before: reply,
          after,
        },
        now,
      );
      return (after ?? { id }) as T extends null ? { id: number } : AutoReply;
    });
  }

  private reply(id: number): AutoReply {
    const reply = this.s.autoReplies.get(id);
    if (!reply) throw notFound('out-of-office reply', id);
    return reply;
  }
}
