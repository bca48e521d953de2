import crypto from 'node:crypto';
import { TemplateSettings, type ParsedInput, type Transfer, type TransferPreview } from '../../shared/contract';
import { parseSieve } from '../../shared/domain/sieve/parse';
import { checkDomain } from '../../shared/domain/address/domain';
import { roleAllows } from '../../shared/domain/roles/permissions';
import {
  DEFAULT_TRANSFER_DAYS,
  STAYS_BEHIND,
  TRANSFER_TOKEN_BYTES,
  isTransferable,
  parseTransferLink,
  transferLink,
  transferState,
} from '../../shared/domain/transfer/transfer';
import type { ProductKind } from '../../shared/domain/products/products';
import type { AccessRepository } from '../store/repositories/access';
import type { CallContext, ServiceContext } from './context';
import type { FiltersService } from './filters-service';
import { AppError, notFound } from './errors';
import {
  type KeyPair,
  type MailboxData,
  type TransferPayload,
  fingerprint,
  generateKeyPair,
  openTransferFile,
  signTransfer,
} from './transfer-file';

interface TransferRow {
  id: number;
  uid: string;
  token_hash: string;
  source_organisation_id: number;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  state: 'pending' | 'completed' | 'cancelled';
  destination_organisation_id: number | null;
  finished_at: string | null;
  exported_at: string | null;
}

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const DAY_MS = 86_400_000;

/**
 * Moving products between organisations by link (same workspace) or by a
 * signed `.mwtransfer` file (another installation). Only administrators and
 * legal representatives (authorization.ts); kSuite never; the users' access
 * and the invoices stay behind; everything else of a mail service comes along.
 */
export class TransfersService {
  constructor(
    private readonly s: ServiceContext,
    private readonly access: AccessRepository,
    private readonly filters: FiltersService,
  ) {}

  list(input: ParsedInput<'transfers.list'>): Transfer[] {
    this.organisation(input.organisationId);
    const rows = this.s.db
      .prepare('SELECT * FROM transfers WHERE source_organisation_id = ? OR destination_organisation_id = ? ORDER BY id DESC')
      .all(input.organisationId, input.organisationId) as TransferRow[];
    return rows.map((r) => this.toTransfer(r));
  }

  create(input: ParsedInput<'transfers.create'>, ctx: CallContext): { transfer: Transfer; link: string } {
    return this.s.write((now) => {
      const org = this.organisation(input.organisationId);
      const products = [...new Set(input.productIds)].map((id) => {
        const product = this.s.products.get(id);
        if (!product || product.organisationId !== org.id) throw notFound('product', id);
        if (!isTransferable(product.kind)) {
          throw new AppError(
            'not-transferable',
            `"${product.name}" is a kSuite: kSuite can't be transferred to another organisation.`,
            {
              product: product.name,
              kind: product.kind,
            },
          );
        }
        const pending = this.s.db
          .prepare(
            `SELECT t.uid FROM transfer_products tp JOIN transfers t ON t.id = tp.transfer_id
             WHERE tp.product_id = ? AND t.state = 'pending' AND t.expires_at > ?`,
          )
          .get(id, now) as { uid: string } | undefined;
        if (pending) {
          throw new AppError(
            'product-in-transfer',
            `"${product.name}" is already in a pending transfer. Cancel that one first.`,
            {
              product: product.name,
            },
          );
        }
        return product;
      });
      const token = Buffer.from(this.s.deps.randomBytes(TRANSFER_TOKEN_BYTES)).toString('base64url');
      const uid = Buffer.from(this.s.deps.randomBytes(16)).toString('hex');
      // From the same instant as created_at: one clock reading per write.
      const expiresAt = new Date(Date.parse(now) + (input.validDays ?? DEFAULT_TRANSFER_DAYS) * DAY_MS).toISOString();
      const id = Number(
        this.s.db
          .prepare(
            'INSERT INTO transfers (uid, token_hash, source_organisation_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(uid, hash(token), org.id, ctx.user?.id ?? null, now, expiresAt).lastInsertRowid,
      );
      const insert = this.s.db.prepare('INSERT INTO transfer_products (transfer_id, product_id, kind, name) VALUES (?, ?, ?, ?)');
      for (const p of products) insert.run(id, p.id, p.kind, p.name);
      // The token is the capability: it is in the link the user copies, never in the activity log.
      this.s.record(
        ctx,
        {
          action: 'transfer.create',
          entityType: 'transfer',
          entityId: id,
          organisationId: org.id,
          summary: products.map((p) => p.name).join(', '),
          after: { uid, products: products.map((p) => p.name), expiresAt },
        },
        now,
      );
      return { transfer: this.get(id), link: transferLink(token) };
    });
  }

  preview(input: ParsedInput<'transfers.preview'>, ctx: CallContext): TransferPreview {
    const row = this.byLink(input.link);
    const transfer = this.toTransfer(row);
    const products = transfer.products.map((p) => {
      const service = p.productId === null ? undefined : this.s.mailServices.byProduct(p.productId);
      return {
        ...p,
        domain: service?.domain ?? null,
        mailboxes: service?.addressesUsed ?? 0,
        grantsRemoved: p.productId === null ? 0 : this.access.countGrantsOn(p.productId),
      };
    });
    return {
      uid: transfer.uid,
      state: transfer.state,
      sourceOrganisation: transfer.sourceOrganisation,
      sourceOrganisationId: transfer.sourceOrganisationId,
      createdBy: transfer.createdBy,
      expiresAt: transfer.expiresAt,
      products,
      staysBehind: [...STAYS_BEHIND],
      destinations: this.destinations(ctx, row.source_organisation_id),
      signer: null,
    };
  }

  accept(input: ParsedInput<'transfers.accept'>, ctx: CallContext): Transfer {
    return this.s.write((now) => {
      const row = this.byLink(input.link);
      if (row.exported_at !== null && transferState(row.state, row.expires_at, now) === 'pending') {
        // Handed off as a file: only that file receives it now, so the products can't arrive twice.
        throw new AppError('transfer-exported', 'This transfer was exported as a file. Receive it by importing that file.', {
          exportedAt: row.exported_at,
        });
      }
      return this.complete(row, input.destinationOrganisationId, ctx, now);
    });
  }

  cancel(input: ParsedInput<'transfers.cancel'>, ctx: CallContext): Transfer {
    return this.s.write((now) => {
      const row = this.row(input.id);
      this.assertCreator(row, ctx, 'cancel');
      this.assertPending(row, now);
      this.s.db.prepare("UPDATE transfers SET state = 'cancelled', finished_at = ? WHERE id = ?").run(now, row.id);
      this.s.record(
        ctx,
        {
          action: 'transfer.cancel',
          entityType: 'transfer',
          entityId: row.id,
          organisationId: row.source_organisation_id,
          summary: this.productNames(row.id),
        },
        now,
      );
      return this.get(row.id);
    });
  }

  exportFile(input: ParsedInput<'transfers.exportFile'>, ctx: CallContext) {
    return this.s.write((now) => {
      const row = this.row(input.id);
      this.assertManager(ctx, row.source_organisation_id);
      this.assertPending(row, now);
      const transfer = this.toTransfer(row);
      const payload: TransferPayload = {
        format: 'mailwright-transfer',
        version: 1,
        uid: row.uid,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        sourceOrganisation: transfer.sourceOrganisation,
        createdBy: transfer.createdBy,
        products: transfer.products.map((p) => {
          const product = p.productId === null ? undefined : this.s.products.get(p.productId);
          if (!product || product.organisationId !== row.source_organisation_id || product.kind !== p.kind) {
            throw new AppError('conflict', `"${p.name}" is no longer in this organisation, so the transfer can't be exported.`, {
              product: p.name,
            });
          }
          const service = this.s.mailServices.byProduct(product.id);
          return {
            kind: product.kind,
            name: product.name,
            tags: product.tags,
            locked: product.locked,
            mailService: service
              ? {
                  domain: service.domain,
                  addressQuota: service.addressQuota,
                  maintenance: service.maintenance,
                  mailboxes: this.mailboxData(service.id),
                  templates: (
                    this.s.db
                      .prepare('SELECT name, description, settings FROM mailbox_templates WHERE mail_service_id = ? ORDER BY id')
                      .all(service.id) as { name: string; description: string; settings: string }[]
                  ).map((t) => ({
                    name: t.name,
                    description: t.description,
                    settings: TemplateSettings.parse(JSON.parse(t.settings)),
                  })),
                }
              : null,
          };
        }),
      };
      const keys = this.installationKey(now);
      this.s.db.prepare('UPDATE transfers SET exported_at = coalesce(exported_at, ?) WHERE id = ?').run(now, row.id);
      this.s.record(
        ctx,
        {
          action: 'transfer.export',
          entityType: 'transfer',
          entityId: row.id,
          organisationId: row.source_organisation_id,
          summary: this.productNames(row.id),
        },
        now,
      );
      const date = now.slice(0, 10);
      return {
        fileName: `transfer-${date}-${row.uid.slice(0, 8)}.mwtransfer`,
        content: signTransfer(payload, keys),
        fingerprint: fingerprint(keys.publicKey),
      };
    });
  }

  previewFile(input: ParsedInput<'transfers.previewFile'>, ctx: CallContext): TransferPreview {
    const { payload, fingerprint: signer } = openTransferFile(input.content);
    const local = this.localTwin(payload.uid);
    const received = this.receivedAlready(payload.uid);
    const state = local
      ? this.toTransfer(local).state
      : received
        ? 'completed'
        : transferState('pending', payload.expiresAt, this.s.now());
    return {
      uid: payload.uid,
      state,
      sourceOrganisation: payload.sourceOrganisation,
      sourceOrganisationId: local?.source_organisation_id ?? null,
      createdBy: payload.createdBy,
      expiresAt: payload.expiresAt,
      products: payload.products.map((p) => ({
        productId: null,
        kind: p.kind,
        name: p.name,
        domain: p.mailService?.domain ?? null,
        mailboxes: p.mailService?.mailboxes.length ?? 0,
        grantsRemoved: 0,
      })),
      staysBehind: [...STAYS_BEHIND],
      destinations: this.destinations(ctx, local?.source_organisation_id),
      signer,
    };
  }

  importFile(input: ParsedInput<'transfers.importFile'>, ctx: CallContext) {
    const { payload, fingerprint: signer } = openTransferFile(input.content);
    return this.s.write((now) => {
      const local = this.localTwin(payload.uid);
      if (local) {
        // The file came back to the workspace that made it: the same as following the link — but only when this
        // installation signed it (a transfer's uid is no secret; its link or this key is).
        if (signer !== this.ownFingerprint()) {
          throw new AppError(
            'transfer-tampered',
            'This file names a transfer of this workspace but was not signed here. Ask the sender for the link.',
            {
              why: 'foreign-signer',
            },
          );
        }
        const done = this.complete(local, input.destinationOrganisationId, ctx, now);
        return { uid: done.uid, products: done.products };
      }
      if (this.receivedAlready(payload.uid)) {
        throw new AppError('transfer-finished', 'This transfer file was already received here. A transfer can be used once.', {
          state: 'completed',
        });
      }
      if (transferState('pending', payload.expiresAt, now) === 'expired') {
        throw new AppError('transfer-expired', 'This transfer expired. Ask the sender to create a new one.', {
          expiresAt: payload.expiresAt,
        });
      }
      const dest = this.organisation(input.destinationOrganisationId);
      for (const p of payload.products) {
        if (!isTransferable(p.kind))
          throw new AppError('not-transferable', `"${p.name}" is a kSuite: kSuite can't be transferred.`, {
            product: p.name,
            kind: p.kind,
          });
      }
      const products = payload.products.map((p) => this.insertProduct(dest.id, p, now));
      this.s.db
        .prepare('INSERT INTO received_transfers (uid, organisation_id, signer_fingerprint, received_at) VALUES (?, ?, ?, ?)')
        .run(payload.uid, dest.id, signer, now);
      this.s.record(
        ctx,
        {
          action: 'transfer.receive',
          entityType: 'transfer',
          entityId: null,
          organisationId: dest.id,
          summary: `${products.map((p) => p.name).join(', ')} ← ${payload.sourceOrganisation} (file, key ${signer})`,
          after: { uid: payload.uid, from: payload.sourceOrganisation, products: products.map((p) => p.name), signer },
        },
        now,
      );
      return { uid: payload.uid, products };
    });
  }

  // ---- internals

  private complete(row: TransferRow, destinationId: number, ctx: CallContext, now: string): Transfer {
    this.assertPending(row, now);
    const dest = this.organisation(destinationId);
    if (dest.id === row.source_organisation_id) {
      throw new AppError('transfer-same-organisation', 'The products are already in this organisation. Pick another one.', {});
    }
    const items = this.s.db.prepare('SELECT * FROM transfer_products WHERE transfer_id = ?').all(row.id) as {
      product_id: number | null;
      kind: ProductKind;
      name: string;
    }[];
    const ids: number[] = [];
    for (const item of items) {
      const product = item.product_id === null ? undefined : this.s.products.get(item.product_id);
      if (!product || product.organisationId !== row.source_organisation_id || product.kind !== item.kind) {
        throw new AppError(
          'conflict',
          `"${item.name}" is no longer in the source organisation, so the transfer can't be completed.`,
          {
            product: item.name,
          },
        );
      }
      ids.push(product.id);
    }
    const grantsRemoved = this.access.removeGrantsOn(ids);
    const move = this.s.db.prepare('UPDATE products SET organisation_id = ?, updated_at = ? WHERE id = ?');
    for (const [i, id] of ids.entries()) {
      move.run(dest.id, now, id);
      this.access.applyFutureGrants(dest.id, id, items[i]!.kind);
    }
    this.s.db
      .prepare("UPDATE transfers SET state = 'completed', destination_organisation_id = ?, finished_at = ? WHERE id = ?")
      .run(dest.id, now, row.id);
    const names = items.map((p) => p.name).join(', ');
    const source = this.s.organisations.get(row.source_organisation_id)?.name ?? '';
    for (const [orgId, action, summary] of [
      [row.source_organisation_id, 'transfer.complete', `${names} → ${dest.name}`],
      [dest.id, 'transfer.receive', `${names} ← ${source}`],
    ] as const) {
      this.s.record(
        ctx,
        {
          action,
          entityType: 'transfer',
          entityId: row.id,
          organisationId: orgId,
          summary,
          after: { uid: row.uid, grantsRemoved },
        },
        now,
      );
    }
    return this.get(row.id);
  }

  private insertProduct(organisationId: number, p: TransferPayload['products'][number], now: string) {
    const productId = this.s.products.insert({ organisationId, kind: p.kind, name: p.name, tags: p.tags, locked: p.locked }, now);
    if (p.mailService) {
      const domain = checkDomain(p.mailService.domain);
      if (p.kind !== 'mail-service' || !domain.ok) {
        throw new AppError(
          'transfer-tampered',
          `"${p.name}" carries a mail service that can't be right (${p.mailService.domain}).`,
          {
            why: 'bad-mail-service',
          },
        );
      }
      if (this.s.mailServices.idByDomain(domain.domain) !== undefined) {
        throw new AppError(
          'domain-exists',
          `A mail service for ${p.mailService.domain} already exists in this workspace. Delete it or import elsewhere.`,
          {
            domain: p.mailService.domain,
          },
        );
      }
      const serviceId = this.s.mailServices.insert(productId, domain.domain, p.mailService.addressQuota, now);
      if (p.mailService.maintenance)
        this.s.mailServices.update({ id: serviceId, addressQuota: p.mailService.addressQuota, maintenance: true }, now);
      this.insertMailboxes(serviceId, p.mailService.mailboxes, now);
      const insertTemplate = this.s.db.prepare(
        'INSERT INTO mailbox_templates (mail_service_id, name, description, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const t of p.mailService.templates ?? []) {
        if (t.settings.sieve && !parseSieve(t.settings.sieve.content).ok) throw badScript(p.mailService.domain, t.name);
        insertTemplate.run(serviceId, t.name, t.description, JSON.stringify(t.settings), now, now);
      }
    }
    this.access.applyFutureGrants(organisationId, productId, p.kind);
    return { productId, kind: p.kind, name: p.name };
  }

  private insertMailboxes(serviceId: number, mailboxes: MailboxData[], now: string): void {
    const ids = this.s.mailboxes.insertMany(
      serviceId,
      mailboxes.map((m) => ({
        localPart: m.localPart,
        displayName: m.displayName,
        storageQuotaMb: m.storageQuotaMb,
        state: m.state,
      })),
      now,
    );
    const withSettings: number[] = [];
    const insertScript = this.s.db.prepare(
      'INSERT INTO sieve_scripts (mailbox_id, name, content, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    mailboxes.forEach((m, i) => {
      const id = ids[i]!;
      for (const alias of m.aliases) this.s.aliases.insert(id, serviceId, alias, now);
      if (m.aliases.length) this.s.mailboxes.refreshAliasCount(id);
      if (m.forward.targets.length) this.s.mailboxes.setForwarding([id], m.forward.targets, m.forward.keepCopy, now);
      for (const reply of m.autoReplies) {
        const { active, ...values } = reply;
        const replyId = this.s.autoReplies.insert(id, values, now);
        if (active) this.s.autoReplies.setActive({ id: replyId, mailboxId: id }, true, now);
      }
      if (m.filters) this.filters.put(id, m.filters, now);
      for (const script of m.sieve ?? []) {
        if (!parseSieve(script.content).ok) throw badScript(`${m.localPart}`, script.name);
        insertScript.run(id, script.name, script.content, script.active ? 1 : 0, now, now);
      }
      if (m.aliases.length || m.forward.targets.length || m.autoReplies.length) withSettings.push(id);
    });
    if (withSettings.length) {
      this.s.mailboxes.refreshAutoReplySummary(withSettings);
      this.s.mailboxes.refreshSearchText(withSettings);
    }
  }

  private mailboxData(serviceId: number): MailboxData[] {
    const rows = this.s.db
      .prepare(
        'SELECT id, local_part, display_name, storage_quota_mb, state, forward_targets, forward_keep_copy FROM mailboxes WHERE mail_service_id = ? ORDER BY id',
      )
      .all(serviceId) as {
      id: number;
      local_part: string;
      display_name: string;
      storage_quota_mb: number;
      state: 'planned' | 'created';
      forward_targets: string;
      forward_keep_copy: number;
    }[];
    return rows.map((r) => ({
      localPart: r.local_part,
      displayName: r.display_name,
      storageQuotaMb: r.storage_quota_mb,
      state: r.state,
      aliases: this.s.aliases.list(r.id).map((a) => a.local_part),
      forward: { targets: this.s.mailboxes.forwardTargetsOf(r.id), keepCopy: r.forward_keep_copy === 1 },
      autoReplies: this.s.autoReplies.list(r.id).map((a) => ({
        name: a.name,
        subject: a.subject,
        message: a.message,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        weekdays: a.weekdays,
        senderAddress: a.senderAddress,
        excluded: a.excluded,
        active: a.active,
      })),
      filters: this.filters.snapshotOf(r.id),
      sieve: (
        this.s.db.prepare('SELECT name, content, active FROM sieve_scripts WHERE mailbox_id = ? ORDER BY id').all(r.id) as {
          name: string;
          content: string;
          active: number;
        }[]
      ).map((x) => ({ name: x.name, content: x.content, active: x.active === 1 })),
    }));
  }

  private installationKey(now: string): KeyPair {
    const sealer = this.s.deps.sealer;
    if (!sealer) {
      throw new AppError(
        'secrets-unavailable',
        "This installation's signing key is locked (secrets are unavailable here). Export from the desktop app.",
        {},
      );
    }
    const row = this.s.db.prepare('SELECT public_key, private_key_sealed FROM installation_keys WHERE id = 1').get() as
      { public_key: string; private_key_sealed: string } | undefined;
    if (row) return { publicKey: row.public_key, privateKey: sealer.open(row.private_key_sealed) };
    const keys = generateKeyPair();
    this.s.db
      .prepare('INSERT INTO installation_keys (id, public_key, private_key_sealed, created_at) VALUES (1, ?, ?, ?)')
      .run(keys.publicKey, sealer.seal(keys.privateKey), now);
    return keys;
  }

  private ownFingerprint(): string | undefined {
    const row = this.s.db.prepare('SELECT public_key FROM installation_keys WHERE id = 1').get() as
      { public_key: string } | undefined;
    return row && fingerprint(row.public_key);
  }

  private destinations(ctx: CallContext, sourceId: number | undefined): { id: number; name: string }[] {
    if (!ctx.user) return [];
    return this.access
      .memberships(ctx.user.id)
      .filter((m) => m.organisationId !== sourceId && roleAllows(m.role, 'transfer'))
      .map((m) => ({ id: m.organisationId, name: this.s.organisations.get(m.organisationId)?.name ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private byLink(link: string): TransferRow {
    const token = parseTransferLink(link);
    if (!token) {
      throw new AppError(
        'transfer-not-found',
        'That is not a transfer link. It looks like mailwright://transfer/ followed by 43 characters.',
        {
          reason: 'malformed',
        },
      );
    }
    const row = this.s.db.prepare('SELECT * FROM transfers WHERE token_hash = ?').get(hash(token)) as TransferRow | undefined;
    if (!row) {
      throw new AppError(
        'transfer-not-found',
        'This link is unknown in this workspace. If it was created in another installation, import its .mwtransfer file instead.',
        { reason: 'unknown' },
      );
    }
    return row;
  }

  private row(id: number): TransferRow {
    const row = this.s.db.prepare('SELECT * FROM transfers WHERE id = ?').get(id) as TransferRow | undefined;
    if (!row) throw notFound('transfer', id);
    return row;
  }

  private localTwin(uid: string): TransferRow | undefined {
    return this.s.db.prepare('SELECT * FROM transfers WHERE uid = ?').get(uid) as TransferRow | undefined;
  }

  private receivedAlready(uid: string): boolean {
    return this.s.db.prepare('SELECT 1 FROM received_transfers WHERE uid = ?').get(uid) !== undefined;
  }

  private get(id: number): Transfer {
    return this.toTransfer(this.row(id));
  }

  private assertPending(row: TransferRow, now: string): void {
    const state = transferState(row.state, row.expires_at, now);
    if (state === 'expired') {
      throw new AppError('transfer-expired', 'This transfer expired. Ask the sender to create a new one.', {
        expiresAt: row.expires_at,
      });
    }
    if (state !== 'pending') {
      throw new AppError('transfer-finished', `This transfer was already ${state}. A transfer link works once.`, { state });
    }
  }

  private assertManager(ctx: CallContext, organisationId: number): void {
    const role = ctx.user ? this.access.role(organisationId, ctx.user.id) : undefined;
    if (!roleAllows(role, 'transfer')) {
      throw new AppError('forbidden', 'Only administrators and legal representatives of the source organisation can do this.', {
        needed: ['legal-representative', 'administrator'],
        role: role ?? null,
      });
    }
  }

  private assertCreator(row: TransferRow, ctx: CallContext, what: string): void {
    this.assertManager(ctx, row.source_organisation_id);
    if (row.created_by !== null && row.created_by !== ctx.user?.id) {
      const creator = this.access.user(row.created_by)?.email ?? 'its creator';
      throw new AppError('forbidden', `Only ${creator}, who created this transfer, can ${what} it.`, {
        reason: 'not-creator',
        creator,
      });
    }
  }

  private organisation(id: number) {
    const org = this.s.organisations.get(id);
    if (!org) throw notFound('organisation', id);
    return org;
  }

  private productNames(transferId: number): string {
    return (
      this.s.db.prepare('SELECT name FROM transfer_products WHERE transfer_id = ? ORDER BY name').all(transferId) as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .join(', ');
  }

  private toTransfer(row: TransferRow): Transfer {
    const orgName = (id: number | null) => (id === null ? null : (this.s.organisations.get(id)?.name ?? null));
    const products = this.s.db
      .prepare('SELECT product_id, kind, name FROM transfer_products WHERE transfer_id = ? ORDER BY name')
      .all(row.id) as {
      product_id: number | null;
      kind: ProductKind;
      name: string;
    }[];
    return {
      id: row.id,
      uid: row.uid,
      state: transferState(row.state, row.expires_at, this.s.now()),
      sourceOrganisationId: row.source_organisation_id,
      sourceOrganisation: orgName(row.source_organisation_id) ?? '',
      destinationOrganisationId: row.destination_organisation_id,
      destinationOrganisation: orgName(row.destination_organisation_id),
      createdBy: row.created_by === null ? null : (this.access.user(row.created_by)?.email ?? null),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      finishedAt: row.finished_at,
      exportedAt: row.exported_at,
      products: products.map((p) => ({ productId: p.product_id, kind: p.kind, name: p.name })),
    };
  }
}

/** A script the parser refuses can't have been written by Mailwright: the file was made or changed elsewhere. */
function badScript(where: string, name: string): AppError {
  return new AppError('transfer-tampered', `The file carries a Sieve script "${name}" (${where}) that doesn't parse.`, {
    why: 'bad-sieve',
  });
}
