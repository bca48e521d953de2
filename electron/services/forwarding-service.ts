import type { MailService, ParsedInput } from '../../shared/contract';
import { checkDomain } from '../../shared/domain/address/domain';
import { checkForwarding, type ForwardCheck, type ForwardGraph } from '../../shared/domain/forwarding/forwarding';
import type { MailboxRow } from '../store/repositories/mailboxes';
import { toMailbox } from '../store/repositories/mailboxes';
import type { CallContext, ServiceContext } from './context';
import { AppError } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { MailboxesService } from './mailboxes-service';

const MESSAGES: Record<string, (target: string, chain?: string[]) => string> = {
  'invalid-forward': (t) => `"${t}" is not a valid e-mail address.`,
  'duplicate-forward': (t) => `${t} is listed twice.`,
  'forward-to-self': (t) => `${t} is this mailbox itself: forwarding there would loop.`,
  'forward-loop': (t, chain) => `Forwarding to ${t} would loop back: ${chain?.join(' → ') ?? t}.`,
};

export class ForwardingService {
  constructor(
    private readonly s: ServiceContext,
    private readonly services: MailServicesService,
    private readonly mailboxes: MailboxesService,
  ) {}

  check(input: ParsedInput<'forwarding.check'>) {
    const row = this.mailboxes.row(input.mailboxId);
    const result = this.checkFor(row, input.targets);
    return { errors: result.errors, warnings: result.warnings };
  }

  set(input: ParsedInput<'forwarding.set'>, ctx: CallContext) {
    return this.s.write((now) => {
      const row = this.mailboxes.row(input.mailboxId);
      const service = this.services.assertWritable(row.mail_service_id);
      const result = this.checkFor(row, input.targets);
      throwFirst(result);
      const before = { targets: this.s.mailboxes.forwardTargetsOf(row.id), keepCopy: row.forward_keep_copy === 1 };
      this.s.mailboxes.setForwarding([row.id], result.targets, input.keepCopy, now);
      const mailbox = toMailbox(this.mailboxes.row(row.id), service.domain);
      this.s.record(
        ctx,
        {
          action: 'mailbox.forwarding',
          entityType: 'mailbox',
          entityId: row.id,
          organisationId: service.organisationId,
          summary:
            result.targets.length === 0
              ? `${mailbox.address}: forwarding off`
              : `${mailbox.address} → ${result.targets.join(', ')}`,
          before,
          after: { targets: result.targets, keepCopy: input.keepCopy },
        },
        now,
      );
      return { mailbox, warnings: result.warnings };
    });
  }

  /** The same targets for many mailboxes (bulk): every one is checked for loops; the first problem refuses all. */
  checkMany(service: MailService, rows: MailboxRow[], targets: string[]): { targets: string[]; warnings: string[] } {
    let checked: ForwardCheck | undefined;
    for (const row of rows) {
      checked = this.checkFor(row, targets, service.domain);
      throwFirst(checked, `${row.local_part}@${service.domain}: `);
    }
    return { targets: checked?.targets ?? [], warnings: (checked?.warnings ?? []).map((w) => `${w.code}:${w.target}`) };
  }

  private checkFor(
    row: MailboxRow,
    targets: readonly string[],
    domain = this.s.mailServices.domainOf(row.mail_service_id)!,
  ): ForwardCheck {
    return checkForwarding(`${row.local_part}@${domain}`, targets, this.graph());
  }

  /** The workspace's own addresses, looked up on demand: a loop check touches a handful of rows. */
  private graph(): ForwardGraph {
    const s = this.s;
    return {
      mailboxOf(address) {
        const at = address.lastIndexOf('@');
        const domain = checkDomain(address.slice(at + 1));
        if (at <= 0 || !domain.ok) return undefined;
        const serviceId = s.mailServices.idByDomain(domain.domain);
        if (serviceId === undefined) return undefined;
        const localPart = address.slice(0, at);
        if (s.mailboxes.idByLocalPart(serviceId, localPart) !== undefined) return `${localPart}@${domain.domain}`;
        const alias = s.aliases.byLocalPart(serviceId, localPart);
        const owner = alias && s.mailboxes.get(alias.mailbox_id);
        return owner ? `${owner.local_part}@${domain.domain}` : undefined;
      },
      forwardsOf(mailbox) {
        const at = mailbox.lastIndexOf('@');
        const serviceId = s.mailServices.idByDomain(mailbox.slice(at + 1));
        const id = serviceId === undefined ? undefined : s.mailboxes.idByLocalPart(serviceId, mailbox.slice(0, at));
        return id === undefined ? [] : s.mailboxes.forwardTargetsOf(id);
      },
    };
  }
}

function throwFirst(result: ForwardCheck, prefix = ''): void {
  const problem = result.errors[0];
  if (!problem) return;
  const code = problem.code === 'duplicate-forward' ? 'invalid-forward' : problem.code;
  throw new AppError(code, `${prefix}${MESSAGES[problem.code]!(problem.target, problem.chain)}`, {
    field: 'targets',
    target: problem.target,
    problem: problem.code,
    ...(problem.chain ? { chain: problem.chain } : {}),
  });
}
