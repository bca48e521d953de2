import type { ParsedInput, SieveScript } from '../../shared/contract';
import { parseSieve } from '../../shared/domain/sieve/parse';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { MailboxesService } from './mailboxes-service';

interface ScriptRow {
  id: number;
  mailbox_id: number;
  name: string;
  content: string;
  active: number;
  created_at: string;
  updated_at: string;
}

const toScript = (r: ScriptRow): SieveScript => ({
  id: r.id,
  mailboxId: r.mailbox_id,
  name: r.name,
  content: r.content,
  active: r.active === 1,
  updatedAt: r.updated_at,
});

/** A mailbox's Sieve scripts: only scripts that parse are stored; at most one is active. */
export class SieveService {
  constructor(
    private readonly s: ServiceContext,
    private readonly mailServices: MailServicesService,
    private readonly mailboxes: MailboxesService,
  ) {}

  list(input: ParsedInput<'sieve.list'>): SieveScript[] {
    this.mailboxes.row(input.mailboxId);
    return (
      this.s.db
        .prepare('SELECT * FROM sieve_scripts WHERE mailbox_id = ? ORDER BY name COLLATE NOCASE')
        .all(input.mailboxId) as ScriptRow[]
    ).map(toScript);
  }

  save(input: ParsedInput<'sieve.save'>, ctx: CallContext): SieveScript {
    const parsed = parseSieve(input.content);
    if (!parsed.ok) {
      const e = parsed.error;
      throw new AppError('sieve-invalid', `Line ${e.line}, column ${e.column}: ${e.message}. Nothing was saved.`, { ...e });
    }
    return this.s.write((now) => {
      const mailbox = this.mailboxes.row(input.mailboxId);
      const service = this.mailServices.assertWritable(mailbox.mail_service_id);
      const clash = this.s.db
        .prepare('SELECT id FROM sieve_scripts WHERE mailbox_id = ? AND name = ? COLLATE NOCASE')
        .get(mailbox.id, input.name) as { id: number } | undefined;
      if (clash && clash.id !== input.id) {
        throw new AppError('name-exists', `This mailbox already has a script named "${input.name}".`, { name: input.name });
      }
      let id = input.id;
      const before = id === undefined ? undefined : this.row(id);
      if (before && before.mailbox_id !== mailbox.id) throw notFound('script', id!);
      if (id === undefined) {
        id = Number(
          this.s.db
            .prepare('INSERT INTO sieve_scripts (mailbox_id, name, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
            .run(mailbox.id, input.name, input.content, now, now).lastInsertRowid,
        );
      } else {
        this.s.db
          .prepare('UPDATE sieve_scripts SET name = ?, content = ?, updated_at = ? WHERE id = ?')
          .run(input.name, input.content, now, id);
      }
      if (input.activate) this.setActive(mailbox.id, id, true, now);
      this.s.record(
        ctx,
        {
          action: before ? 'sieve.update' : 'sieve.create',
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: service.organisationId,
          summary: `${mailbox.local_part}@${service.domain}: ${input.name}`,
          before: before ? { name: before.name, content: before.content } : null,
          after: { name: input.name, content: input.content, active: input.activate || before?.active === 1 },
        },
        now,
      );
      return toScript(this.row(id)!);
    });
  }

  activate(input: ParsedInput<'sieve.activate'>, ctx: CallContext): SieveScript {
    return this.s.write((now) => {
      const script = this.row(input.id);
      if (!script) throw notFound('script', input.id);
      const mailbox = this.mailboxes.row(script.mailbox_id);
      const service = this.mailServices.assertWritable(mailbox.mail_service_id);
      this.setActive(mailbox.id, script.id, input.active, now);
      this.s.record(
        ctx,
        {
          action: input.active ? 'sieve.activate' : 'sieve.deactivate',
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: service.organisationId,
          summary: `${mailbox.local_part}@${service.domain}: ${script.name}`,
        },
        now,
      );
      return toScript(this.row(script.id)!);
    });
  }

  delete(input: ParsedInput<'sieve.delete'>, ctx: CallContext): { id: number; auditId: number } {
    return this.s.write((now) => {
      const script = this.row(input.id);
      if (!script) throw notFound('script', input.id);
      const mailbox = this.mailboxes.row(script.mailbox_id);
      const service = this.mailServices.assertWritable(mailbox.mail_service_id);
      this.s.db.prepare('DELETE FROM sieve_scripts WHERE id = ?').run(script.id);
      const auditId = this.s.record(
        ctx,
        {
          action: 'sieve.delete',
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: service.organisationId,
          summary: `${mailbox.local_part}@${service.domain}: ${script.name}`,
          before: script,
        },
        now,
      );
      return { id: script.id, auditId };
    });
  }

  /** Undo of a delete: the script back as it was, inactive if another became active meanwhile. */
  restore(row: ScriptRow, now: string): void {
    this.mailServices.assertWritable(this.mailboxes.row(row.mailbox_id).mail_service_id);
    const taken = this.s.db
      .prepare('SELECT 1 FROM sieve_scripts WHERE mailbox_id = ? AND name = ? COLLATE NOCASE')
      .get(row.mailbox_id, row.name);
    if (taken)
      throw new AppError('undo-unavailable', `A script named "${row.name}" exists again, so the delete can't be undone.`, {});
    const otherActive = this.s.db.prepare('SELECT 1 FROM sieve_scripts WHERE mailbox_id = ? AND active = 1').get(row.mailbox_id);
    this.s.db
      .prepare(
        'INSERT INTO sieve_scripts (id, mailbox_id, name, content, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.mailbox_id, row.name, row.content, otherActive ? 0 : row.active, row.created_at, now);
  }

  private setActive(mailboxId: number, id: number, active: boolean, now: string): void {
    if (active)
      this.s.db
        .prepare('UPDATE sieve_scripts SET active = 0, updated_at = ? WHERE mailbox_id = ? AND active = 1')
        .run(now, mailboxId);
    this.s.db.prepare('UPDATE sieve_scripts SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, now, id);
  }

  private row(id: number): ScriptRow | undefined {
    return this.s.db.prepare('SELECT * FROM sieve_scripts WHERE id = ?').get(id) as ScriptRow | undefined;
  }
}

export type { ScriptRow };
