import type { MailboxSelection, MailboxTemplate, MailService, ParsedInput, TemplatePreview } from '../../shared/contract';
import { TEMPLATE_FIELDS, TemplateSettings } from '../../shared/contract';
import { checkEmailAddress } from '../../shared/domain/address/email';
import { checkFilterLists, isListError } from '../../shared/domain/filters/lists';
import { parseSieve } from '../../shared/domain/sieve/parse';
import { type TemplateTarget, templateChanges } from '../../shared/domain/templates/changes';
import type { MailboxRow } from '../store/repositories/mailboxes';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';
import { FILTER_DEFAULTS, type FiltersService, type FiltersSnapshot } from './filters-service';
import type { ForwardingService } from './forwarding-service';
import type { MailServicesService } from './mail-services-service';

interface TemplateRow {
  id: number;
  mail_service_id: number;
  name: string;
  description: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

const toTemplate = (r: TemplateRow): MailboxTemplate => ({
  id: r.id,
  mailServiceId: r.mail_service_id,
  name: r.name,
  description: r.description,
  // Parsed again on read: a row written by an older version gets today's defaults for parts it lacks.
  settings: TemplateSettings.parse(JSON.parse(r.settings)),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What one mailbox looked like before a template changed it: enough to put it back (undo). */
interface MailboxBefore {
  id: number;
  address: string;
  storageQuotaMb?: number;
  forwarding?: { targets: string[]; keepCopy: boolean };
  reply?: {
    id: number;
    created: boolean;
    subject?: string;
    message?: string;
    activated: boolean;
    previousActiveId: number | null;
  };
  filters?: FiltersSnapshot;
  script?: { id: number; created: boolean; content?: string; activated: boolean; previousActiveId: number | null };
}

export interface TemplateApplyRecord {
  templateId: number;
  name: string;
  mailboxes: MailboxBefore[];
}

const PREVIEW_ROWS = 200;
const NO_FILTERS: FiltersSnapshot = { settings: FILTER_DEFAULTS, allow: [], block: [] };

/** Named settings for many mailboxes of one mail service: kept, previewed, applied in one transaction, undone. */
export class TemplatesService {
  constructor(
    private readonly s: ServiceContext,
    private readonly mailServices: MailServicesService,
    private readonly forwarding: ForwardingService,
    private readonly filters: FiltersService,
  ) {}

  list(input: ParsedInput<'templates.list'>): MailboxTemplate[] {
    this.mailServices.get(input.mailServiceId);
    return (
      this.s.db
        .prepare('SELECT * FROM mailbox_templates WHERE mail_service_id = ? ORDER BY name COLLATE NOCASE')
        .all(input.mailServiceId) as TemplateRow[]
    ).map(toTemplate);
  }

  get(id: number): MailboxTemplate {
    const row = this.row(id);
    if (!row) throw notFound('template', id);
    return toTemplate(row);
  }

  save(input: ParsedInput<'templates.save'>, ctx: CallContext): MailboxTemplate {
    const settings = this.checked(input.settings);
    return this.s.write((now) => {
      const service = this.mailServices.assertWritable(input.mailServiceId);
      const clash = this.s.db
        .prepare('SELECT id FROM mailbox_templates WHERE mail_service_id = ? AND name = ? COLLATE NOCASE')
        .get(service.id, input.name) as { id: number } | undefined;
      if (clash && clash.id !== input.id) {
        throw new AppError('name-exists', `${service.domain} already has a template named "${input.name}".`, {
          name: input.name,
        });
      }
      const before = input.id === undefined ? undefined : this.row(input.id);
      if (input.id !== undefined && (!before || before.mail_service_id !== service.id)) throw notFound('template', input.id);
      const json = JSON.stringify(settings);
      let id = input.id;
      if (id === undefined) {
        id = Number(
          this.s.db
            .prepare(
              'INSERT INTO mailbox_templates (mail_service_id, name, description, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
            )
            .run(service.id, input.name, input.description, json, now, now).lastInsertRowid,
        );
      } else {
        this.s.db
          .prepare('UPDATE mailbox_templates SET name = ?, description = ?, settings = ?, updated_at = ? WHERE id = ?')
          .run(input.name, input.description, json, now, id);
      }
      this.s.record(
        ctx,
        {
          action: before ? 'template.update' : 'template.create',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `${service.domain}: template "${input.name}"`,
          before: before ? { name: before.name, description: before.description, settings: JSON.parse(before.settings) } : null,
          after: { name: input.name, description: input.description, settings },
        },
        now,
      );
      return this.get(id);
    });
  }

  delete(input: ParsedInput<'templates.delete'>, ctx: CallContext): { id: number; auditId: number } {
    return this.s.write((now) => {
      const row = this.row(input.id);
      if (!row) throw notFound('template', input.id);
      const service = this.mailServices.assertWritable(row.mail_service_id);
      this.s.db.prepare('DELETE FROM mailbox_templates WHERE id = ?').run(row.id);
      const auditId = this.s.record(
        ctx,
        {
          action: 'template.delete',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `${service.domain}: template "${row.name}"`,
          before: row,
        },
        now,
      );
      return { id: row.id, auditId };
    });
  }

  /** Undo of a delete: the template back under its id, unless its name was taken meanwhile. */
  restore(row: TemplateRow): void {
    this.mailServices.assertWritable(row.mail_service_id);
    const taken = this.s.db
      .prepare('SELECT 1 FROM mailbox_templates WHERE mail_service_id = ? AND name = ? COLLATE NOCASE')
      .get(row.mail_service_id, row.name);
    if (taken) {
      throw new AppError('undo-unavailable', `A template named "${row.name}" exists again, so the delete can't be undone.`, {});
    }
    this.s.db
      .prepare(
        'INSERT INTO mailbox_templates (id, mail_service_id, name, description, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.mail_service_id, row.name, row.description, row.settings, row.created_at, row.updated_at);
  }

  preview(input: ParsedInput<'templates.preview'>): TemplatePreview {
    const template = this.get(input.id);
    const service = this.mailServices.get(template.mailServiceId);
    const ids = this.s.mailboxes.resolveSelection(service.id, input.selection);
    const plan = this.plan(service, template, ids);
    const fields = Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, 0])) as TemplatePreview['fields'];
    for (const row of plan.rows) for (const change of row.changes) fields[change.field]++;
    return {
      templateId: template.id,
      total: ids.length,
      changed: plan.rows.length,
      fields,
      rows: plan.rows.slice(0, PREVIEW_ROWS),
      errors: plan.errors,
      warnings: plan.warnings,
    };
  }

  apply(input: ParsedInput<'templates.apply'>, ctx: CallContext) {
    return this.s.write((now) => {
      const template = this.get(input.id);
      const service = this.mailServices.assertWritable(template.mailServiceId);
      return this.applyIn(service, template, input.selection, ctx, now);
    });
  }

  /**
   * Applies a template to mailboxes just created, inside the caller's transaction (create by hand or from CSV).
   * `keepForwarding`: mailboxes whose own forwarding (a CSV row's forward-to) wins over the template's.
   */
  applyToNew(
    templateId: number,
    service: MailService,
    ids: number[],
    ctx: CallContext,
    now: string,
    keepForwarding?: Set<number>,
  ) {
    const template = this.get(templateId);
    if (template.mailServiceId !== service.id) throw notFound('template', templateId);
    if (ids.length === 0) return null;
    return this.applyIn(service, template, { kind: 'ids', ids }, ctx, now, keepForwarding).auditId;
  }

  /** Undo of `template.apply`: every mailbox still there gets back what the template changed. */
  revert(record: TemplateApplyRecord, now: string): void {
    const db = this.s.db;
    const existing = new Set(this.s.mailboxes.getMany(record.mailboxes.map((m) => m.id)).map((m) => m.id));
    const rows = record.mailboxes.filter((m) => existing.has(m.id));
    for (const serviceId of new Set(this.s.mailboxes.getMany(rows.map((m) => m.id)).map((m) => m.mail_service_id)))
      this.mailServices.assertWritable(serviceId);
    const quota = rows.filter((m) => m.storageQuotaMb !== undefined);
    if (quota.length)
      this.s.mailboxes.restoreColumn(
        quota.map((m) => ({ id: m.id, value: m.storageQuotaMb! })),
        'storage_quota_mb',
        now,
      );
    for (const m of rows)
      if (m.forwarding) this.s.mailboxes.setForwarding([m.id], m.forwarding.targets, m.forwarding.keepCopy, now);
    const replies = rows.filter((m) => m.reply);
    for (const { id, reply } of replies) {
      const r = reply!;
      const current = this.s.autoReplies.get(r.id);
      if (current && current.mailboxId === id) {
        if (r.created) this.s.autoReplies.delete(r.id);
        else {
          if (r.subject !== undefined)
            db.prepare('UPDATE auto_replies SET subject = ?, message = ?, updated_at = ? WHERE id = ?').run(
              r.subject,
              r.message,
              now,
              r.id,
            );
          if (r.activated) this.s.autoReplies.setActive(current, false, now);
        }
      }
      if (r.activated && r.previousActiveId !== null) {
        const previous = this.s.autoReplies.get(r.previousActiveId);
        if (previous && previous.mailboxId === id) this.s.autoReplies.setActive(previous, true, now);
      }
    }
    if (replies.length) this.s.mailboxes.refreshAutoReplySummary(replies.map((m) => m.id));
    for (const m of rows) if (m.filters) this.filters.put(m.id, m.filters, now);
    for (const { id, script } of rows.filter((m) => m.script)) {
      const sc = script!;
      const current = db.prepare('SELECT mailbox_id FROM sieve_scripts WHERE id = ?').get(sc.id) as
        { mailbox_id: number } | undefined;
      if (current?.mailbox_id === id) {
        if (sc.created) db.prepare('DELETE FROM sieve_scripts WHERE id = ?').run(sc.id);
        else {
          if (sc.content !== undefined)
            db.prepare('UPDATE sieve_scripts SET content = ?, updated_at = ? WHERE id = ?').run(sc.content, now, sc.id);
          if (sc.activated) db.prepare('UPDATE sieve_scripts SET active = 0, updated_at = ? WHERE id = ?').run(now, sc.id);
        }
      }
      if (sc.activated && sc.previousActiveId !== null) {
        db.prepare('UPDATE sieve_scripts SET active = 0, updated_at = ? WHERE mailbox_id = ? AND active = 1').run(now, id);
        db.prepare('UPDATE sieve_scripts SET active = 1, updated_at = ? WHERE id = ? AND mailbox_id = ?').run(
          now,
          sc.previousActiveId,
          id,
        );
      }
    }
  }

  private applyIn(
    service: MailService,
    template: MailboxTemplate,
    selection: MailboxSelection,
    ctx: CallContext,
    now: string,
    keepForwarding?: Set<number>,
  ): { affected: number; auditId: number | null; warnings: string[] } {
    const ids = this.s.mailboxes.resolveSelection(service.id, selection);
    const t = template.settings;
    const plan = this.plan(service, template, ids, keepForwarding);
    const first = plan.errors[0];
    if (first)
      throw new AppError(first.code as 'forward-loop', `${first.address}: ${first.message} Nothing was changed.`, {
        address: first.address,
        count: plan.errors.length,
      });
    if (plan.rows.length === 0) return { affected: 0, auditId: null, warnings: [] };
    const db = this.s.db;
    const befores: MailboxBefore[] = [];
    const byField = (field: string) => plan.rows.filter((r) => r.changes.some((c) => c.field === field)).map((r) => r.id);
    const record = new Map<number, MailboxBefore>(plan.rows.map((r) => [r.id, { id: r.id, address: r.address }]));
    const quotaIds = byField('storageQuota');
    for (const id of quotaIds) record.get(id)!.storageQuotaMb = plan.targets.get(id)!.storageQuotaMb;
    if (quotaIds.length) this.s.mailboxes.setMany(quotaIds, 'storage_quota_mb', t.storageQuotaMb!, now);
    const forwardIds = byField('forwarding');
    for (const id of forwardIds) {
      const target = plan.targets.get(id)!;
      record.get(id)!.forwarding = { targets: [...target.forwardTargets], keepCopy: target.forwardKeepCopy };
    }
    if (forwardIds.length) this.s.mailboxes.setForwarding(forwardIds, plan.forwardTargets, t.forwarding!.keepCopy, now);
    const replyIds = byField('autoReply');
    if (t.autoReply && replyIds.length) {
      const r = t.autoReply;
      const active = new Map(this.s.autoReplies.activeOf(replyIds).map((a) => [a.mailbox_id, a.id]));
      const byName = this.namedReplies(replyIds, r.name);
      for (const id of replyIds) {
        const existing = byName.get(id);
        let replyId: number;
        let entry: NonNullable<MailboxBefore['reply']>;
        if (!existing) {
          replyId = this.s.autoReplies.insert(
            id,
            {
              name: r.name,
              subject: r.subject,
              message: r.message,
              startsAt: null,
              endsAt: null,
              weekdays: [],
              senderAddress: null,
              excluded: [],
            },
            now,
          );
          entry = { id: replyId, created: true, activated: false, previousActiveId: null };
        } else {
          replyId = existing.id;
          entry = { id: replyId, created: false, activated: false, previousActiveId: null };
          if (existing.subject !== r.subject || existing.message !== r.message) {
            Object.assign(entry, { subject: existing.subject, message: existing.message });
            db.prepare('UPDATE auto_replies SET subject = ?, message = ?, updated_at = ? WHERE id = ?').run(
              r.subject,
              r.message,
              now,
              replyId,
            );
          }
        }
        if (r.active && active.get(id) !== replyId) {
          entry.activated = true;
          entry.previousActiveId = active.get(id) ?? null;
          this.s.autoReplies.setActive({ id: replyId, mailboxId: id }, true, now);
        }
        record.get(id)!.reply = entry;
      }
      this.s.mailboxes.refreshAutoReplySummary(replyIds);
    }
    if (t.filters) {
      for (const id of byField('filters')) {
        record.get(id)!.filters = this.filters.snapshotOf(id);
        this.filters.put(id, { settings: t.filters.settings, allow: plan.allow, block: plan.block }, now);
      }
    }
    const scriptIds = byField('sieve');
    if (t.sieve && scriptIds.length) {
      const sv = t.sieve;
      const scripts = this.namedScripts(scriptIds, sv.name);
      const active = new Map(
        (
          db
            .prepare(
              'SELECT id, mailbox_id FROM sieve_scripts WHERE active = 1 AND mailbox_id IN (SELECT value FROM json_each(?))',
            )
            .all(JSON.stringify(scriptIds)) as { id: number; mailbox_id: number }[]
        ).map((a) => [a.mailbox_id, a.id]),
      );
      const insert = db.prepare(
        'INSERT INTO sieve_scripts (mailbox_id, name, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      );
      const update = db.prepare('UPDATE sieve_scripts SET content = ?, updated_at = ? WHERE id = ?');
      for (const id of scriptIds) {
        const existing = scripts.get(id);
        let entry: NonNullable<MailboxBefore['script']>;
        if (!existing) {
          const scriptId = Number(insert.run(id, sv.name, sv.content, now, now).lastInsertRowid);
          entry = { id: scriptId, created: true, activated: false, previousActiveId: null };
        } else {
          entry = { id: existing.id, created: false, activated: false, previousActiveId: null };
          if (existing.content !== sv.content) {
            entry.content = existing.content;
            update.run(sv.content, now, existing.id);
          }
        }
        if (sv.activate && active.get(id) !== entry.id) {
          entry.activated = true;
          entry.previousActiveId = active.get(id) ?? null;
          db.prepare('UPDATE sieve_scripts SET active = 0, updated_at = ? WHERE mailbox_id = ? AND active = 1').run(now, id);
          db.prepare('UPDATE sieve_scripts SET active = 1, updated_at = ? WHERE id = ?').run(now, entry.id);
        }
        record.get(id)!.script = entry;
      }
    }
    for (const r of plan.rows) befores.push(record.get(r.id)!);
    const after: TemplateApplyRecord = { templateId: template.id, name: template.name, mailboxes: befores };
    const auditId = this.s.record(
      ctx,
      {
        action: 'template.apply',
        entityType: 'mailbox',
        entityId: befores.length === 1 ? befores[0]!.id : null,
        organisationId: service.organisationId,
        summary: `template "${template.name}": ${befores.length} mailbox(es) in ${service.domain}`,
        before: after,
        after: { templateId: template.id, name: template.name, settings: t },
      },
      now,
    );
    return { affected: befores.length, auditId, warnings: plan.warnings };
  }

  /** Each selected mailbox's current state and what the template would change on it, plus what would refuse it. */
  private plan(service: MailService, template: MailboxTemplate, ids: number[], keepForwarding?: Set<number>) {
    const t = template.settings;
    const rows = this.s.mailboxes.getMany(ids);
    const replies = t.autoReply ? this.namedReplies(ids, t.autoReply.name) : new Map();
    const scripts = t.sieve ? this.namedScripts(ids, t.sieve.name) : new Map();
    const filters = t.filters ? this.filterStates(ids) : new Map<number, FiltersSnapshot>();
    const lists = t.filters ? checkFilterLists('', t.filters.allow, t.filters.block) : undefined;
    const targets = new Map<number, TemplateTarget>();
    const changed: { id: number; address: string; changes: ReturnType<typeof templateChanges> }[] = [];
    const errors: TemplatePreview['errors'] = [];
    const warnings: string[] = [];
    const forwardRows: MailboxRow[] = [];
    for (const row of rows) {
      const target: TemplateTarget = {
        storageQuotaMb: row.storage_quota_mb,
        forwardTargets: row.forward_targets === '' ? [] : row.forward_targets.split(', '),
        forwardKeepCopy: row.forward_keep_copy === 1,
        reply: replies.get(row.id) ?? null,
        filters: filters.get(row.id) ?? NO_FILTERS,
        script: scripts.get(row.id) ?? null,
      };
      targets.set(row.id, target);
      const settings = keepForwarding?.has(row.id) ? { ...t, forwarding: null } : t;
      const changes = templateChanges(target, settings);
      if (changes.length === 0) continue;
      const address = `${row.local_part}@${service.domain}`;
      changed.push({ id: row.id, address, changes });
      if (changes.some((c) => c.field === 'forwarding')) forwardRows.push(row);
      // Allowing the mailbox's own address or domain lets spam forged with it through (as the Filters tab warns).
      const own = lists?.allow.find((e) => e === address || e === `@${service.domain}`);
      if (own) warnings.push(`own-address-allowed:${own}`);
    }
    changed.sort((a, b) => (a.address < b.address ? -1 : 1));
    let forwardTargets: string[] = t.forwarding?.targets ?? [];
    if (t.forwarding && t.forwarding.targets.length > 0) {
      // Loops are per mailbox (a target may forward back to one of them): each changing mailbox is checked.
      for (const row of forwardRows) {
        try {
          const checked = this.forwarding.checkMany(service, [row], t.forwarding.targets);
          forwardTargets = checked.targets;
          warnings.push(...checked.warnings);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          errors.push({
            code: error.code,
            address: `${row.local_part}@${service.domain}`,
            message: error.message.replace(/^[^:]*: /, ''),
          });
        }
      }
    }
    return {
      rows: changed,
      targets,
      errors,
      warnings: [...new Set(warnings)],
      forwardTargets,
      allow: lists?.allow ?? [],
      block: lists?.block ?? [],
    };
  }

  /** Refuses what could never be applied: a script that doesn't parse, a list entry that isn't an address or @domain. */
  private checked(settings: TemplateSettings): TemplateSettings {
    if (settings.sieve) {
      const parsed = parseSieve(settings.sieve.content);
      if (!parsed.ok) {
        const e = parsed.error;
        throw new AppError('sieve-invalid', `Line ${e.line}, column ${e.column}: ${e.message}. Nothing was saved.`, { ...e });
      }
    }
    let filters = settings.filters;
    if (filters) {
      const lists = checkFilterLists('', filters.allow, filters.block);
      const bad = lists.problems.filter(isListError);
      if (bad.length > 0) {
        throw new AppError(
          'invalid-filter-entry',
          `"${bad[0]!.entry}" is neither an address nor a domain like @example.ch. Nothing was saved.`,
          {
            entry: bad[0]!.entry,
            list: bad[0]!.list,
            count: bad.length,
          },
        );
      }
      filters = { ...filters, allow: lists.allow, block: lists.block };
    }
    let forwarding = settings.forwarding;
    if (forwarding) {
      const targets: string[] = [];
      for (const raw of forwarding.targets) {
        const checked = checkEmailAddress(raw);
        if (!checked.ok)
          throw new AppError('invalid-forward', `"${raw}" is not a valid e-mail address.`, { field: 'targets', target: raw });
        if (!targets.includes(checked.address)) targets.push(checked.address);
      }
      forwarding = { ...forwarding, targets };
    }
    return { ...settings, filters, forwarding };
  }

  private namedReplies(ids: number[], name: string) {
    const rows = this.s.db
      .prepare(
        `SELECT id, mailbox_id, subject, message, active FROM auto_replies
         WHERE name = ? COLLATE NOCASE AND mailbox_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(name, JSON.stringify(ids)) as { id: number; mailbox_id: number; subject: string; message: string; active: number }[];
    const map = new Map<number, { id: number; subject: string; message: string; active: boolean }>();
    for (const r of rows)
      if (!map.has(r.mailbox_id))
        map.set(r.mailbox_id, { id: r.id, subject: r.subject, message: r.message, active: r.active === 1 });
    return map;
  }

  private namedScripts(ids: number[], name: string) {
    const rows = this.s.db
      .prepare(
        `SELECT id, mailbox_id, content, active FROM sieve_scripts
         WHERE name = ? COLLATE NOCASE AND mailbox_id IN (SELECT value FROM json_each(?))`,
      )
      .all(name, JSON.stringify(ids)) as { id: number; mailbox_id: number; content: string; active: number }[];
    return new Map(rows.map((r) => [r.mailbox_id, { id: r.id, content: r.content, active: r.active === 1 }]));
  }

  private filterStates(ids: number[]): Map<number, FiltersSnapshot> {
    // One snapshot per mailbox; the service's reader is per row, fine for the hundreds a template usually meets.
    return new Map(ids.map((id) => [id, this.filters.snapshotOf(id)]));
  }

  private row(id: number): TemplateRow | undefined {
    return this.s.db.prepare('SELECT * FROM mailbox_templates WHERE id = ?').get(id) as TemplateRow | undefined;
  }
}

export type { TemplateRow };
