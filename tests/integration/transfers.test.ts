import { describe, expect, it } from 'vitest';
import { parseTransferLink } from '../../shared/domain/transfer/transfer';
import { OWNER, accessRuntime, call, code } from '../helpers/access';
import { tempDir } from '../helpers/workspace';

const ADMIN_B = 'bea@beta.example';
const COLLAB = 'carl@acme.example';

/** Acme with a mail service (mailboxes, alias, forwarding, reply), a domain and a kSuite; Beta to receive. */
async function setup(clock?: () => Date) {
  const rt = accessRuntime(tempDir(), clock);
  const acme = await call(rt, OWNER, 'organisations.create', { name: 'Acme' });
  const beta = await call(rt, OWNER, 'organisations.create', { name: 'Beta' });
  const service = await call(rt, OWNER, 'mailServices.create', {
    organisationId: acme.id,
    domain: 'acme.example',
    addressQuota: 50,
  });
  const anna = await call(rt, OWNER, 'mailboxes.create', { mailServiceId: service.id, localPart: 'anna', displayName: 'Anna' });
  await call(rt, OWNER, 'mailboxes.create', { mailServiceId: service.id, localPart: 'bob' });
  await call(rt, OWNER, 'aliases.add', { mailboxId: anna.id, localPart: 'info' });
  await call(rt, OWNER, 'forwarding.set', { mailboxId: anna.id, targets: ['anna@elsewhere.example'], keepCopy: false });
  const reply = await call(rt, OWNER, 'autoReplies.save', {
    mailboxId: anna.id,
    fields: { name: 'Away', message: 'Back Monday' },
  });
  await call(rt, OWNER, 'autoReplies.setActive', { id: reply.id, active: true });
  await call(rt, OWNER, 'filters.set', { mailboxId: anna.id, social: true, block: ['@spam.example'] });
  await call(rt, OWNER, 'sieve.save', { mailboxId: anna.id, name: 'Main', content: 'keep;', activate: true });
  await call(rt, OWNER, 'templates.save', { mailServiceId: service.id, name: 'Staff', settings: { storageQuotaMb: 4096 } });
  const domain = await call(rt, OWNER, 'products.create', { organisationId: acme.id, kind: 'domain', name: 'acme.example' });
  const ksuite = await call(rt, OWNER, 'products.create', { organisationId: acme.id, kind: 'ksuite', name: 'kSuite Acme' });
  const carl = await call(rt, OWNER, 'users.add', { organisationId: acme.id, email: COLLAB, role: 'collaborator' });
  await call(rt, OWNER, 'access.grant', { userId: carl.id, productId: service.productId, rights: { manage: true } });
  await call(rt, OWNER, 'users.add', { organisationId: beta.id, email: ADMIN_B, role: 'administrator' });
  return { rt, acme, beta, service, anna, domain, ksuite, carl };
}

describe('product transfers by link', () => {
  it('refuses kSuite, and makes a single-use link whose token is never stored', async () => {
    const s = await setup();
    const refused = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.ksuite.id],
      acceptTerms: true,
    }).catch((e) => e);
    expect(refused.code).toBe('not-transferable');
    expect(
      await code(
        call(s.rt, OWNER, 'transfers.create', { organisationId: s.acme.id, productIds: [s.domain.id], acceptTerms: false }),
      ),
    ).toBe('invalid-input');
    const { link, transfer } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.service.productId, s.domain.id],
      acceptTerms: true,
    });
    const token = parseTransferLink(link)!;
    expect(link).toMatch(/^mailwright:\/\/transfer\/[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32); // 256 bits
    expect(transfer).toMatchObject({ state: 'pending', sourceOrganisation: 'Acme', createdBy: OWNER });
    expect(Date.parse(transfer.expiresAt) - Date.parse(transfer.createdAt)).toBe(7 * 86_400_000);
    // Neither the database nor its activity log holds the token.
    const dump =
      JSON.stringify(s.rt.db.prepare('SELECT * FROM transfers').all()) +
      JSON.stringify(s.rt.db.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain(token);
    // A product can't be in two pending transfers.
    expect(
      await code(
        call(s.rt, OWNER, 'transfers.create', { organisationId: s.acme.id, productIds: [s.domain.id], acceptTerms: true }),
      ),
    ).toBe('product-in-transfer');
  });

  it('previews, then moves the products with their mailboxes intact; the users’ access stays behind; used once', async () => {
    const s = await setup();
    const { link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.service.productId],
      acceptTerms: true,
    });
    const preview = await call(s.rt, ADMIN_B, 'transfers.preview', { link: ` <${link}> ` });
    expect(preview).toMatchObject({
      sourceOrganisation: 'Acme',
      staysBehind: ['user-access', 'invoices'],
      destinations: [{ id: s.beta.id, name: 'Beta' }],
      products: [{ kind: 'mail-service', domain: 'acme.example', mailboxes: 2, grantsRemoved: 1 }],
    });
    // A collaborator of Beta can't receive; the same organisation can't receive its own products.
    await call(s.rt, ADMIN_B, 'users.add', { organisationId: s.beta.id, email: 'cleo@beta.example', role: 'collaborator' });
    expect(
      await code(
        call(s.rt, 'cleo@beta.example', 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true }),
      ),
    ).toBe('forbidden');
    expect(
      await code(call(s.rt, OWNER, 'transfers.accept', { link, destinationOrganisationId: s.acme.id, acceptTerms: true })),
    ).toBe('transfer-same-organisation');
    const done = await call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true });
    expect(done).toMatchObject({ state: 'completed', destinationOrganisation: 'Beta' });

    const moved = await call(s.rt, ADMIN_B, 'mailServices.get', { id: s.service.id });
    expect(moved).toMatchObject({ organisationId: s.beta.id, domain: 'acme.example', addressesUsed: 2 });
    const details = await call(s.rt, ADMIN_B, 'mailboxes.details', { id: s.anna.id });
    expect(details.aliases.map((a: { address: string }) => a.address)).toEqual(['info@acme.example']);
    expect(details.mailbox).toMatchObject({ forwardTargets: ['anna@elsewhere.example'], forwardKeepCopy: false });
    // Carl's grant stayed behind (gone), and he is no member of Beta.
    expect(await code(call(s.rt, COLLAB, 'mailboxes.list', { mailServiceId: s.service.id }))).toBe('forbidden');
    expect(s.rt.db.prepare('SELECT count(*) FROM product_grants WHERE product_id = ?').pluck().get(s.service.productId)).toBe(0);
    // Listed in both organisations; a second use is refused.
    for (const [as, org] of [
      [OWNER, s.acme.id],
      [ADMIN_B, s.beta.id],
    ] as const) {
      const list = await call(s.rt, as, 'transfers.list', { organisationId: org });
      expect(list.map((t: { state: string }) => t.state)).toEqual(['completed']);
    }
    expect(
      await code(call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true })),
    ).toBe('transfer-finished');
  });

  it('expires after its days, and can be cancelled by its creator only', async () => {
    let now = new Date('2026-11-28T10:00:00Z');
    const s = await setup(() => now);
    const { link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.domain.id],
      acceptTerms: true,
      validDays: 2,
    });
    now = new Date('2026-11-30T10:00:01Z');
    expect(
      await code(call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true })),
    ).toBe('transfer-expired');
    expect((await call(s.rt, OWNER, 'transfers.list', { organisationId: s.acme.id }))[0].state).toBe('expired');
    // Expired ones don't block a new transfer of the same product.
    const second = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.domain.id],
      acceptTerms: true,
    });
    await call(s.rt, OWNER, 'users.add', { organisationId: s.acme.id, email: 'ada@acme.example', role: 'administrator' });
    expect(await code(call(s.rt, 'ada@acme.example', 'transfers.cancel', { id: second.transfer.id }))).toBe('forbidden');
    expect((await call(s.rt, OWNER, 'transfers.cancel', { id: second.transfer.id })).state).toBe('cancelled');
    expect(
      await code(
        call(s.rt, ADMIN_B, 'transfers.accept', { link: second.link, destinationOrganisationId: s.beta.id, acceptTerms: true }),
      ),
    ).toBe('transfer-finished');
    expect(await code(call(s.rt, ADMIN_B, 'transfers.preview', { link: 'mailwright://transfer/nope' }))).toBe(
      'transfer-not-found',
    );
  });

  it('gives products arriving in the destination to those with grants on future products of their kind', async () => {
    const s = await setup();
    const dana = await call(s.rt, ADMIN_B, 'users.add', {
      organisationId: s.beta.id,
      email: 'dana@beta.example',
      role: 'collaborator',
    });
    await call(s.rt, ADMIN_B, 'access.setFuture', {
      organisationId: s.beta.id,
      userId: dana.id,
      kind: 'mail-service',
      rights: { use: true },
    });
    const { link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.service.productId],
      acceptTerms: true,
    });
    await call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true });
    expect(await code(call(s.rt, 'dana@beta.example', 'mailboxes.list', { mailServiceId: s.service.id }))).toBe('ok');
  });
});

describe('.mwtransfer files between installations', () => {
  async function exported() {
    const s = await setup();
    const { transfer } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.service.productId, s.domain.id],
      acceptTerms: true,
    });
    const file = await call(s.rt, OWNER, 'transfers.exportFile', { id: transfer.id });
    const other = accessRuntime(); // another installation: its own workspace and key
    const org = await call(other, OWNER, 'organisations.create', { name: 'Gamma' });
    return { s, file, other, org };
  }

  it('carries the products, mail service and mailboxes to another installation, once', async () => {
    const { file, other, org } = await exported();
    expect(file.fileName).toMatch(/^transfer-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.mwtransfer$/);
    expect(file.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const preview = await call(other, OWNER, 'transfers.previewFile', { content: file.content });
    expect(preview).toMatchObject({
      signer: file.fingerprint,
      sourceOrganisation: 'Acme',
      state: 'pending',
      destinations: [{ name: 'Gamma' }],
    });
    const result = await call(other, OWNER, 'transfers.importFile', {
      content: file.content,
      destinationOrganisationId: org.id,
      acceptTerms: true,
    });
    expect(result.products.map((p: { name: string }) => p.name).sort()).toEqual(['acme.example', 'acme.example']);
    const [service] = await call(other, OWNER, 'mailServices.list', { organisationId: org.id });
    expect(service).toMatchObject({ domain: 'acme.example', addressesUsed: 2 });
    const page = await call(other, OWNER, 'mailboxes.list', { mailServiceId: service.id, filter: { search: 'anna' } });
    const details = await call(other, OWNER, 'mailboxes.details', { id: page.rows[0].id });
    expect(details.aliases).toHaveLength(1);
    expect(details.mailbox.forwardTargets).toEqual(['anna@elsewhere.example']);
    expect(details.autoReplies).toMatchObject([{ name: 'Away', active: true }]);
    expect(await call(other, OWNER, 'filters.get', { mailboxId: page.rows[0].id })).toMatchObject({
      settings: { spam: true, social: true },
      block: ['@spam.example'],
    });
    // Sieve scripts and the mail service's templates travel too.
    expect(await call(other, OWNER, 'sieve.list', { mailboxId: page.rows[0].id })).toMatchObject([
      { name: 'Main', content: 'keep;', active: true },
    ]);
    expect(await call(other, OWNER, 'templates.list', { mailServiceId: service.id })).toMatchObject([
      { name: 'Staff', settings: { storageQuotaMb: 4096, sieve: null } },
    ]);
    expect(
      await code(
        call(other, OWNER, 'transfers.importFile', {
          content: file.content,
          destinationOrganisationId: org.id,
          acceptTerms: true,
        }),
      ),
    ).toBe('transfer-finished');
  });

  it('refuses a signed file whose Sieve script does not parse, and writes nothing', async () => {
    const { file, other, org } = await exported();
    const payload = JSON.parse(JSON.parse(file.content).payload);
    const service = payload.products.find((p: { mailService: unknown }) => p.mailService).mailService;
    service.mailboxes[0].sieve = [{ name: 'Broken', content: 'if true { keep }', active: true }];
    const { generateKeyPair, signTransfer } = await import('../../electron/services/transfer-file');
    const resigned = signTransfer(payload, generateKeyPair());
    const refused = await call(other, OWNER, 'transfers.importFile', {
      content: resigned,
      destinationOrganisationId: org.id,
      acceptTerms: true,
    }).catch((e) => e);
    expect(refused.code).toBe('transfer-tampered');
    expect(refused.details).toMatchObject({ why: 'bad-sieve' });
    expect(await call(other, OWNER, 'mailServices.list', { organisationId: org.id })).toEqual([]);
  });

  it('refuses a tampered file, whatever was changed', async () => {
    const { file, other, org } = await exported();
    const outer = JSON.parse(file.content);
    const variants = [
      { ...outer, payload: outer.payload.replace('"anna"', '"mallory"') },
      { ...outer, signature: Buffer.from('x'.repeat(64)).toString('base64') },
      { ...outer, publicKey: Buffer.from('junk').toString('base64') },
      { format: 'something-else' },
    ];
    for (const variant of variants) {
      const content = JSON.stringify(variant);
      expect(await code(call(other, OWNER, 'transfers.previewFile', { content }))).toBe('transfer-tampered');
      expect(
        await code(call(other, OWNER, 'transfers.importFile', { content, destinationOrganisationId: org.id, acceptTerms: true })),
      ).toBe('transfer-tampered');
    }
    expect(await code(call(other, OWNER, 'transfers.previewFile', { content: 'not json' }))).toBe('transfer-tampered');
    expect(other.db.prepare('SELECT count(*) FROM products').pluck().get()).toBe(0);
  });

  it('in the workspace that made it, completes the transfer like its link', async () => {
    const { s, file } = await exported();
    await call(s.rt, ADMIN_B, 'transfers.importFile', {
      content: file.content,
      destinationOrganisationId: s.beta.id,
      acceptTerms: true,
    });
    const list = await call(s.rt, ADMIN_B, 'transfers.list', { organisationId: s.beta.id });
    expect(list[0]).toMatchObject({ state: 'completed', destinationOrganisation: 'Beta' });
    expect(s.rt.db.prepare('SELECT count(*) FROM mail_services').pluck().get()).toBe(1); // moved, not copied
  });
});

describe('transfers hold against misuse (review findings)', () => {
  it('never moves another product that took a deleted one’s id', async () => {
    const s = await setup();
    const old = await call(s.rt, OWNER, 'products.create', { organisationId: s.acme.id, kind: 'hosting', name: 'old.example' });
    const { link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [old.id],
      acceptTerms: true,
    });
    await call(s.rt, OWNER, 'products.delete', { id: old.id });
    const secret = await call(s.rt, OWNER, 'products.create', {
      organisationId: s.acme.id,
      kind: 'hosting',
      name: 'secret-hosting',
    });
    expect(
      await code(call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true })),
    ).toBe('conflict');
    expect((await call(s.rt, OWNER, 'products.list', { organisationId: s.acme.id })).map((p: { id: number }) => p.id)).toContain(
      secret.id,
    );
  });

  it('transfers two products of the same kind and name together', async () => {
    const s = await setup();
    const a = await call(s.rt, OWNER, 'products.create', { organisationId: s.acme.id, kind: 'drive', name: 'Team' });
    const b = await call(s.rt, OWNER, 'products.create', { organisationId: s.acme.id, kind: 'drive', name: 'Team' });
    const { link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [a.id, b.id],
      acceptTerms: true,
    });
    const done = await call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true });
    expect(done.products).toHaveLength(2);
  });

  it('refuses a file signed elsewhere that names a transfer of this workspace, and the link of an exported transfer', async () => {
    const s = await setup();
    const { transfer, link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.domain.id],
      acceptTerms: true,
    });
    // Someone who knows the uid (it's in lists and file names) signs a file of their own for it.
    const forger = accessRuntime();
    const forgerOrg = await call(forger, OWNER, 'organisations.create', { name: 'Forge' });
    await call(forger, OWNER, 'products.create', { organisationId: forgerOrg.id, kind: 'domain', name: 'bait.example' });
    const bait = await call(forger, OWNER, 'transfers.create', {
      organisationId: forgerOrg.id,
      productIds: [1],
      acceptTerms: true,
    });
    const { content } = await call(forger, OWNER, 'transfers.exportFile', { id: bait.transfer.id });
    const { generateKeyPair, signTransfer } = await import('../../electron/services/transfer-file');
    const forged = signTransfer({ ...JSON.parse(JSON.parse(content).payload), uid: transfer.uid }, generateKeyPair());
    expect(
      await code(
        call(s.rt, ADMIN_B, 'transfers.importFile', { content: forged, destinationOrganisationId: s.beta.id, acceptTerms: true }),
      ),
    ).toBe('transfer-tampered');
    // Exported: from now on only the file receives it.
    await call(s.rt, OWNER, 'transfers.exportFile', { id: transfer.id });
    expect(
      await code(call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true })),
    ).toBe('transfer-exported');
    expect((await call(s.rt, OWNER, 'transfers.list', { organisationId: s.acme.id }))[0].exportedAt).not.toBeNull();
  });

  it('an undo is no way around a rule: not after the product moved, not for a legal representative’s role', async () => {
    const s = await setup();
    await call(s.rt, OWNER, 'users.add', { organisationId: s.acme.id, email: 'ada@acme.example', role: 'administrator' });
    const deleted = await call(s.rt, OWNER, 'mailboxes.delete', { ids: [s.anna.id] });
    const { link } = await call(s.rt, OWNER, 'transfers.create', {
      organisationId: s.acme.id,
      productIds: [s.service.productId],
      acceptTerms: true,
    });
    await call(s.rt, ADMIN_B, 'transfers.accept', { link, destinationOrganisationId: s.beta.id, acceptTerms: true });
    // Ada administers Acme, not Beta, where the mail service now is.
    expect(await code(call(s.rt, 'ada@acme.example', 'audit.undo', { id: deleted.auditId }))).toBe('forbidden');

    await call(s.rt, OWNER, 'users.add', { organisationId: s.acme.id, email: 'lea@acme.example', role: 'legal-representative' });
    const lea = (await call(s.rt, OWNER, 'users.list', { organisationId: s.acme.id })).find(
      (m: { email: string }) => m.email === 'lea@acme.example',
    );
    await call(s.rt, OWNER, 'users.setRole', { organisationId: s.acme.id, userId: lea.id, role: 'collaborator' });
    const entry = (await call(s.rt, OWNER, 'audit.list', { organisationId: s.acme.id, action: 'user.role' })).rows[0];
    expect(await code(call(s.rt, 'ada@acme.example', 'audit.undo', { id: entry.id }))).toBe('forbidden');
    await call(s.rt, OWNER, 'audit.undo', { id: entry.id });
    const after = await call(s.rt, OWNER, 'audit.list', { organisationId: s.acme.id, action: 'user' });
    // One undo entry, no extra "role changed" entry of its own.
    expect(after.rows.map((r: { action: string }) => r.action).slice(0, 2)).toEqual(['user.role.undo', 'user.role']);
  });

  it('never gives externals products through future grants, and a demotion to external ends them', async () => {
    const s = await setup();
    await call(s.rt, OWNER, 'access.setFuture', {
      organisationId: s.acme.id,
      userId: s.carl.id,
      kind: 'domain',
      rights: { manage: true },
    });
    await call(s.rt, OWNER, 'users.setRole', { organisationId: s.acme.id, userId: s.carl.id, role: 'external' });
    const fresh = await call(s.rt, OWNER, 'products.create', { organisationId: s.acme.id, kind: 'domain', name: 'new.example' });
    const matrix = await call(s.rt, OWNER, 'access.matrix', { organisationId: s.acme.id });
    expect(matrix.grants.some((g: { productId: number }) => g.productId === fresh.id)).toBe(false);
    expect(matrix.future).toEqual([]);
  });
});
