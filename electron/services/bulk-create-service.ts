import type { Batch, BatchStatus, ParsedInput } from '../../shared/contract';
import { checkEmailAddress } from '../../shared/domain/address/email';
import { scheduleBatches, planBatches, WINDOW_MS } from '../../shared/domain/bulk-create/batches';
import { strengthKey, strengthRequests } from '../../shared/domain/bulk-create/check';
import { checkRows, strengthInputs, type BulkRow } from '../../shared/domain/bulk-create/rules';
import { providerCsv, templateCsv } from '../../shared/domain/bulk-create/template';
import { generatePassword } from '../../shared/domain/password/generate';
import { BulkCreateRepository, type BatchRow } from '../store/repositories/bulk-create';
import { TARGET_SEPARATOR } from '../store/repositories/mailboxes';
import { createStrengthPool } from '../workers/strength-pool';
import type { CallContext, ServiceContext } from './context';
import { AppError, notFound } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { TemplatesService } from './templates-service';

/**
 * Bulk creation from the provider's CSV: the rows are checked again here
 * (whatever checked them before), written as planned mailboxes in one
 * transaction, and cut into batches the provider's 50-per-24-hours limit
 * allows. Passwords are stored only sealed; they leave only in a batch's
 * export file.
 */
export class BulkCreateService {
  private readonly repo: BulkCreateRepository;

  constructor(
    private readonly s: ServiceContext,
    private readonly services: MailServicesService,
    private readonly templates: TemplatesService,
  ) {
    this.repo = new BulkCreateRepository(s.db);
  }

  template(input: ParsedInput<'bulkCreate.template'>) {
    return { csv: templateCsv(input.domain), fileName: 'mailwright-bulk-create-template.csv' };
  }

  context(input: ParsedInput<'bulkCreate.context'>) {
    const service = this.services.get(input.mailServiceId);
    // The wizard asks for this when it opens: the commit's strength checks will be ready by the time they run.
    this.s.deps.warmStrength?.();
    const now = this.s.nowDate();
    return {
      domain: service.domain,
      free: Math.max(0, service.addressQuota - service.addressesUsed),
      existing: this.repo.takenLocalParts(service.id),
      recent: this.repo.recentCreations(service.id, new Date(now.getTime() - WINDOW_MS).toISOString()),
      now: now.toISOString(),
    };
  }

  async commit(input: ParsedInput<'bulkCreate.commit'>, ctx: CallContext) {
    const sealer = this.s.deps.sealer;
    if (!sealer)
      throw new AppError('secrets-unavailable', 'Passwords can’t be stored here: the workspace key is not available.', {});
    const service = this.services.assertWritable(input.mailServiceId);
    // A template of another service refuses the commit before the slow strength check.
    if (input.templateId !== undefined && this.templates.get(input.templateId).mailServiceId !== service.id)
      throw notFound('template', input.templateId);
    const rows: BulkRow[] = input.rows.map((r) => ({ ...r }));

    // The slow part first, outside the transaction: strength, on worker threads (or in slices on this one).
    const strength = this.s.deps.strength ?? createStrengthPool().check;
    const verdicts = async () => {
      const requests = strengthRequests(rows, service.domain);
      const results = await strength(requests);
      return new Map(requests.map((r, i) => [r.key, results[i]!]));
    };
    let known = await verdicts();
    const isStrong = (row: BulkRow) =>
      row.password !== '' && known.get(strengthKey(row.password, strengthInputs(row, service.domain))) === true;
    let generated = 0;
    if (input.generatePasswords) {
      for (const row of rows) {
        if (isStrong(row)) continue;
        row.password = generatePassword(this.s.deps.randomBytes);
        generated++;
      }
      if (generated > 0) known = await verdicts();
    }
    const strong = rows.map(isStrong);

    return this.s.write((now) => {
      // Everything else against the store as it is now, inside the transaction.
      const fresh = this.services.assertWritable(service.id);
      const checks = checkRows(
        rows,
        {
          domain: fresh.domain,
          existing: new Set(this.repo.takenLocalParts(fresh.id)),
          free: Math.max(0, fresh.addressQuota - fresh.addressesUsed),
        },
        (_row, index) => strong[index]!,
      );
      const bad = checks.filter((c) => c.status === 'error');
      if (bad.length > 0) {
        throw new AppError(
          'bulk-rows-invalid',
          `${bad.length} row(s) still have errors (first: line ${bad[0]!.line}, ${bad[0]!.issues.find((i) => i.severity === 'error')!.code}). Fix or skip them; nothing was created.`,
          { rows: bad.slice(0, 200).map((c) => ({ line: c.line, codes: c.issues.map((i) => i.code) })), count: bad.length },
        );
      }
      const recent = this.repo.recentCreations(fresh.id, new Date(Date.parse(now) - WINDOW_MS).toISOString());
      const plan = planBatches(rows.length, recent, new Date(now));
      const importId = this.repo.insertImport(fresh.id, input.fileName, now);
      const ids = this.s.mailboxes.insertMany(
        fresh.id,
        checks.map((c) => ({ localPart: c.address, displayName: '', storageQuotaMb: 20_480, state: 'planned' as const })),
        now,
      );
      rows.forEach((row, i) => {
        this.s.mailboxes.setPassword(ids[i]!, sealer.seal(row.password), now);
        const target = row.forwardTo.trim();
        if (target !== '') {
          const address = checkEmailAddress(target);
          if (address.ok) this.s.mailboxes.setForwarding([ids[i]!], [address.address], row.keepFlag.trim() !== '1', now);
        }
      });
      let at = 0;
      for (const batch of plan) {
        const batchId = this.repo.insertBatch(importId, batch.index, batch.notBefore);
        this.repo.assign(batchId, ids.slice(at, at + batch.size));
        at += batch.size;
      }
      this.s.record(
        ctx,
        {
          action: 'bulk-create.commit',
          entityType: 'mail-service',
          entityId: fresh.id,
          organisationId: fresh.organisationId,
          summary: `${rows.length} mailbox(es) planned in ${plan.length} batch(es) from ${input.fileName}`,
          // Addresses and batches only: the passwords stay sealed on the mailboxes.
          after: {
            importId,
            fileName: input.fileName,
            generatedPasswords: generated,
            batches: plan,
            mailboxes: ids.map((id, i) => [id, checks[i]!.address]),
          },
        },
        now,
      );
      if (input.templateId !== undefined) {
        // A row's own forward-to is more specific than the template's forwarding, so it wins.
        const ownForwarding = new Set(ids.filter((_, i) => rows[i]!.forwardTo.trim() !== ''));
        this.templates.applyToNew(input.templateId, fresh, ids, ctx, now, ownForwarding);
      }
      return {
        created: ids.length,
        generated,
        importId,
        batches: this.batches({ mailServiceId: fresh.id }).filter((b) => b.importId === importId),
      };
    });
  }

  /** Every batch with its current earliest time: what applied batches allow, recomputed on each read. */
  batches(input: ParsedInput<'bulkCreate.batches'>): Batch[] {
    const rows = this.repo.list(input.mailServiceId);
    const now = this.s.nowDate();
    const byService = new Map<number, BatchRow[]>();
    for (const row of rows) byService.set(row.mail_service_id, [...(byService.get(row.mail_service_id) ?? []), row]);
    const times = new Map<number, string>();
    for (const [serviceId, group] of byService) {
      const open = group.filter((b) => b.applied_at === null && b.size > 0);
      const recent = this.repo.recentCreations(serviceId, new Date(now.getTime() - WINDOW_MS).toISOString());
      scheduleBatches(
        open.map((b) => b.size),
        recent,
        now,
      ).forEach((at, i) => times.set(open[i]!.id, at));
    }
    return rows.map((row) => {
      const notBefore = row.applied_at ?? times.get(row.id) ?? row.not_before;
      return {
        id: row.id,
        importId: row.import_id,
        mailServiceId: row.mail_service_id,
        domain: row.domain,
        fileName: row.file_name,
        position: row.position,
        size: row.size,
        notBefore,
        status: statusOf(row, notBefore, now),
        exportedAt: row.exported_at,
        appliedAt: row.applied_at,
        createdAt: row.created_at,
      };
    });
  }

  exportBatch(input: ParsedInput<'bulkCreate.exportBatch'>, ctx: CallContext) {
    const sealer = this.s.deps.sealer;
    if (!sealer)
      throw new AppError('secrets-unavailable', 'Passwords can’t be read here: the workspace key is not available.', {});
    return this.s.write((now) => {
      const batch = this.batch(input.batchId);
      if (batch.status === 'applied') throw appliedError(batch);
      if (batch.status === 'waiting') throw notReadyError(batch);
      const service = this.services.get(batch.mailServiceId);
      const mailboxes = this.repo.batchMailboxes(batch.id);
      const csv = providerCsv(
        mailboxes.map((m) => {
          const targets = m.forward_targets === '' ? [] : m.forward_targets.split(TARGET_SEPARATOR);
          return {
            address: `${m.local_part}@${service.domain}`,
            password: m.password_sealed ? sealer.open(m.password_sealed) : '',
            forwardTo: targets[0] ?? '',
            keepFlag: targets.length === 0 ? '' : m.forward_keep_copy === 1 ? '0' : '1',
          };
        }),
      );
      this.repo.markExported(batch.id, now);
      this.s.record(
        ctx,
        {
          action: 'bulk-create.export',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `Batch ${batch.position} of ${batch.fileName} (${mailboxes.length} addresses) exported`,
          after: { batchId: batch.id, rows: mailboxes.length },
        },
        now,
      );
      const day = now.slice(0, 10);
      return { csv, fileName: `${service.domain}-batch-${batch.position}-${day}.csv`, rows: mailboxes.length };
    });
  }

  markApplied(input: ParsedInput<'bulkCreate.markApplied'>, ctx: CallContext): Batch {
    return this.s.write((now) => {
      const batch = this.batch(input.batchId);
      if (batch.status === 'applied') throw appliedError(batch);
      if (batch.status === 'waiting') throw notReadyError(batch);
      const service = this.services.assertWritable(batch.mailServiceId);
      this.repo.markApplied(batch.id, now);
      this.s.record(
        ctx,
        {
          action: 'bulk-create.applied',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `Batch ${batch.position} of ${batch.fileName} (${batch.size} addresses) created at the provider`,
          after: { batchId: batch.id, appliedAt: now },
        },
        now,
      );
      return this.batch(batch.id);
    });
  }

  private batch(id: number): Batch {
    const row = this.repo.get(id);
    if (!row) throw notFound('batch', id);
    const batch = this.batches({ mailServiceId: row.mail_service_id }).find((b) => b.id === id);
    if (!batch) throw notFound('batch', id);
    return batch;
  }
}

function statusOf(row: BatchRow, notBefore: string, now: Date): BatchStatus {
  if (row.applied_at) return 'applied';
  if (row.exported_at) return 'exported';
  return Date.parse(notBefore) <= now.getTime() ? 'ready' : 'waiting';
}

function notReadyError(batch: Batch): AppError {
  return new AppError(
    'batch-not-ready',
    `Batch ${batch.position} can go to the provider from ${batch.notBefore}: it creates at most 50 new addresses per 24 hours.`,
    { batchId: batch.id, notBefore: batch.notBefore },
  );
}

function appliedError(batch: Batch): AppError {
  return new AppError('batch-applied', `Batch ${batch.position} was already created at the provider (${batch.appliedAt}).`, {
    batchId: batch.id,
    appliedAt: batch.appliedAt,
  });
}
