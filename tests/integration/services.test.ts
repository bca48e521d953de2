import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../electron/store/repositories/audit';
import { ctx, expectAppError, seedService, testRuntime } from '../helpers/workspace';

function auditCount(runtime: ReturnType<typeof testRuntime>): number {
  return (runtime.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

describe('organisations', () => {
  it('creates, renames and deletes, each with its audit entry', () => {
    const rt = testRuntime();
    const sv = rt.services.organisations;
    const org = sv.create({ name: 'Acme AG' }, ctx);
    sv.update({ id: org.id, name: 'Acme Holding AG' }, ctx);
    expectAppError(() => sv.create({ name: 'acme holding ag' }, ctx), 'name-exists');
    sv.delete({ id: org.id }, ctx);
    expect(sv.list()).toEqual([]);
    const actions = rt.services.audit.list({ offset: 0, limit: 50 }).rows.map((r) => [r.action, r.actor]);
    expect(actions).toEqual([
      ['organisation.delete', 'test'],
      ['organisation.update', 'test'],
      ['organisation.create', 'test'],
    ]);
  });

  it('refuses to delete an organisation that still holds products', () => {
    const rt = testRuntime();
    const { org } = seedService(rt);
    const error = expectAppError(() => rt.services.organisations.delete({ id: org.id }, ctx), 'organisation-not-empty');
    expect(error.details).toMatchObject({ productCount: 1 });
    expect(rt.services.organisations.list()).toHaveLength(1);
  });
});

describe('mail services', () => {
  it('creates a mail-service product with the domain normalised, and refuses duplicates and bad domains', () => {
    const rt = testRuntime();
    const org = rt.services.organisations.create({ name: 'A' }, ctx);
    const s = rt.services.mailServices.create({ organisationId: org.id, domain: ' Bücher.Example. ', addressQuota: 5 }, ctx);
    expect(s).toMatchObject({ domain: 'bücher.example', addressQuota: 5, addressesUsed: 0, maintenance: false, locked: false });
    expect(rt.services.products.list({ organisationId: org.id })).toMatchObject([
      { kind: 'mail-service', name: 'bücher.example' },
    ]);
    expectAppError(
      () => rt.services.mailServices.create({ organisationId: org.id, domain: 'BÜCHER.example', addressQuota: 5 }, ctx),
      'domain-exists',
    );
    for (const domain of ['nodot', 'a..b.ch', '-a.ch', 'a.123', 'ex ample.ch', '']) {
      expectAppError(
        () => rt.services.mailServices.create({ organisationId: org.id, domain, addressQuota: 5 }, ctx),
        'invalid-domain',
      );
    }
  });

  it('keeps the address quota at or above the addresses in use', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 3);
    rt.services.mailboxes.create(
      { mailServiceId: service.id, localPart: 'a', displayName: '', storageQuotaMb: 1, state: 'planned' },
      ctx,
    );
    rt.services.mailboxes.create(
      { mailServiceId: service.id, localPart: 'b', displayName: '', storageQuotaMb: 1, state: 'planned' },
      ctx,
    );
    expectAppError(() => rt.services.mailServices.update({ id: service.id, addressQuota: 1 }, ctx), 'quota-below-usage');
    expect(rt.services.mailServices.update({ id: service.id, addressQuota: 2 }, ctx).addressQuota).toBe(2);
  });

  it('deletes a service with its mailboxes after the caller confirmed (one audit entry)', () => {
    const rt = testRuntime();
    const { org, service } = seedService(rt);
    rt.services.mailboxes.create(
      { mailServiceId: service.id, localPart: 'a', displayName: '', storageQuotaMb: 1, state: 'planned' },
      ctx,
    );
    expect(rt.services.mailServices.delete({ id: service.id }, ctx)).toEqual({ id: service.id, mailboxesDeleted: 1 });
    expect(rt.db.prepare('SELECT count(*) FROM mailboxes').pluck().get()).toBe(0);
    expect(rt.services.products.list({ organisationId: org.id })).toEqual([]);
  });
});

describe('mailboxes', () => {
  const base = { displayName: '', storageQuotaMb: 1024, state: 'planned' as const };

  it('normalises the address, refuses duplicates in any case, and checks the local-part rules', () => {
    const rt = testRuntime();
    const { service } = seedService(rt);
    const m = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: '  Anna.Muster@ACME.example ' }, ctx);
    expect(m.address).toBe('anna.muster@acme.example');
    expectAppError(
      () => rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'ANNA.MUSTER' }, ctx),
      'address-exists',
    );
    for (const localPart of ['', '.anna', 'anna.', 'an..na', 'anna+tag', 'änna', 'a'.repeat(65), 'anna@other.example']) {
      expectAppError(
        () => rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart }, ctx),
        'invalid-address',
      );
    }
  });

  it('refuses to go past the address quota, with the numbers to act on', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 1);
    rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'a' }, ctx);
    const error = expectAppError(
      () => rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'b' }, ctx),
      'address-quota-exceeded',
    );
    expect(error.details).toMatchObject({ used: 1, quota: 1, domain: 'acme.example' });
  });

  it('keeps mailboxes editable in maintenance mode (it suspends user access) but not while the product is locked', () => {
    const rt = testRuntime();
    const { service } = seedService(rt);
    const m = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'a' }, ctx);
    rt.services.mailServices.update({ id: service.id, maintenance: true }, ctx);
    expect(rt.services.mailboxes.update({ id: m.id, displayName: 'x' }, ctx).displayName).toBe('x');
    rt.services.products.update({ id: service.productId, locked: true }, ctx);
    expectAppError(() => rt.services.mailboxes.delete({ ids: [m.id] }, ctx), 'product-locked');
    expectAppError(() => rt.services.mailboxes.update({ id: m.id, displayName: 'y' }, ctx), 'product-locked');
    expect(rt.services.mailboxes.get(m.id).displayName).toBe('x');
  });

  it('writes nothing, not even the audit entry, when a mutation fails', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 5);
    const before = auditCount(rt);
    expectAppError(
      () =>
        rt.services.mailboxes.createMany(
          {
            mailServiceId: service.id,
            mailboxes: [
              { ...base, localPart: 'ok1' },
              { ...base, localPart: 'ok2' },
              { ...base, localPart: 'OK1' },
            ],
          },
          ctx,
        ),
      'address-exists',
    );
    expect(auditCount(rt)).toBe(before);
    expect(rt.db.prepare('SELECT count(*) FROM mailboxes').pluck().get()).toBe(0);
  });

  it('creates many in one transaction with one audit entry listing them', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 100);
    const result = rt.services.mailboxes.createMany(
      { mailServiceId: service.id, mailboxes: ['zoe', 'Adam', 'mia'].map((localPart) => ({ ...base, localPart })) },
      ctx,
    );
    expect(result.created).toBe(3);
    const entry = rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!;
    expect(entry).toMatchObject({ id: result.auditId, action: 'mailbox.create-many' });
    expect((entry.after as { rows: unknown[][] }).rows.map((r) => r[1])).toEqual(['adam', 'mia', 'zoe']);
  });

  it('refuses a bulk create naming an address that already exists, writing nothing', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 1000);
    rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'taken' }, ctx);
    const mailboxes = Array.from({ length: 450 }, (_, i) => ({ ...base, localPart: i === 321 ? 'taken' : `user${i}` }));
    const error = expectAppError(
      () => rt.services.mailboxes.createMany({ mailServiceId: service.id, mailboxes }, ctx),
      'address-exists',
    );
    expect(error.details).toMatchObject({ index: 321, address: 'taken@acme.example' });
    expect(rt.db.prepare('SELECT count(*) FROM mailboxes').pluck().get()).toBe(1);
  });

  it('gives bulk-created mailboxes the ids their rows really have', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 1000);
    rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'first' }, ctx);
    const mailboxes = Array.from({ length: 430 }, (_, i) => ({ ...base, localPart: `u${String(i).padStart(3, '0')}` }));
    const { auditId } = rt.services.mailboxes.createMany({ mailServiceId: service.id, mailboxes }, ctx);
    const entry = rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!;
    expect(entry.id).toBe(auditId);
    for (const [id, localPart] of (entry.after as { rows: [number, string][] }).rows) {
      expect(rt.services.mailboxes.get(id).localPart).toBe(localPart);
    }
  });

  it('counts every match whatever the page, direction and filter', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 1000);
    const mailboxes = Array.from({ length: 250 }, (_, i) => ({
      ...base,
      localPart: `p${String(i).padStart(3, '0')}`,
      displayName: i % 3 === 0 ? 'Team Zürich' : 'Team Bern',
    }));
    rt.services.mailboxes.createMany({ mailServiceId: service.id, mailboxes }, ctx);
    const zurich = mailboxes.filter((m) => m.displayName === 'Team Zürich').map((m) => m.localPart);
    for (const direction of ['asc', 'desc'] as const) {
      for (const [offset, limit] of [
        [0, 10],
        [0, 84],
        [0, 500],
        [30, 20],
        [80, 10],
        [84, 10],
        [200, 10],
      ] as const) {
        const page = rt.services.mailboxes.list({
          mailServiceId: service.id,
          offset,
          limit,
          sort: { column: 'address', direction },
          filter: { search: 'zurich' },
        });
        const expected = direction === 'asc' ? zurich : [...zurich].reverse();
        expect(page.total, `${direction} ${offset}+${limit}`).toBe(zurich.length);
        expect(page.rows.map((m) => m.localPart)).toEqual(expected.slice(offset, offset + limit));
      }
    }
  });

  it('lists pages sorted and filtered in SQL; search ignores case and accents', () => {
    const rt = testRuntime();
    const { service } = seedService(rt, 100);
    const people = [
      ['anna', 'Anna Müller', 10],
      ['bruno', 'Bruno Meier', 30],
      ['chloe', 'Chloé Favre', 20],
      ['dora', 'Dora Muller', 40],
      ['emil', 'Emil Keller', 50],
    ] as const;
    rt.services.mailboxes.createMany(
      {
        mailServiceId: service.id,
        mailboxes: people.map(([localPart, displayName, q]) => ({ ...base, localPart, displayName, storageQuotaMb: q })),
      },
      ctx,
    );
    const list = (input: Partial<Parameters<typeof rt.services.mailboxes.list>[0]>) =>
      rt.services.mailboxes.list({
        mailServiceId: service.id,
        offset: 0,
        limit: 100,
        sort: { column: 'address', direction: 'asc' },
        filter: {},
        ...input,
      });
    expect(list({ filter: { search: 'MULLER' } }).rows.map((m) => m.localPart)).toEqual(['anna', 'dora']);
    expect(list({ filter: { search: 'chloe' } }).total).toBe(1); // matches both the address and "Chloé"
    expect(list({ filter: { search: '%' } }).total).toBe(0); // LIKE wildcards are literal
    expect(list({ sort: { column: 'storageQuotaMb', direction: 'desc' } }).rows.map((m) => m.localPart)).toEqual([
      'emil',
      'dora',
      'bruno',
      'chloe',
      'anna',
    ]);
    const page = list({ offset: 2, limit: 2 });
    expect(page).toMatchObject({ total: 5, offset: 2 });
    expect(page.rows.map((m) => m.localPart)).toEqual(['chloe', 'dora']);
    expect(list({ sort: { column: 'address', direction: 'desc' }, limit: 1 }).rows[0]!.localPart).toBe('emil');
  });
});

describe('undo from the activity log', () => {
  const base = { displayName: 'Anna', storageQuotaMb: 1024, state: 'created' as const };

  it('puts deleted mailboxes back exactly as they were, once', () => {
    const rt = testRuntime();
    const { service } = seedService(rt);
    const a = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'anna' }, ctx);
    const b = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'ben' }, ctx);
    const { auditId } = rt.services.mailboxes.delete({ ids: [a.id, b.id] }, ctx);
    rt.services.audit.undo({ id: auditId }, ctx);
    expect(rt.services.mailboxes.get(a.id)).toEqual(a);
    expect(rt.services.mailboxes.get(b.id)).toEqual(b);
    expectAppError(() => rt.services.audit.undo({ id: auditId }, ctx), 'undo-unavailable');
    const [undoEntry, original] = rt.services.audit.list({ offset: 0, limit: 2 }).rows;
    expect(undoEntry).toMatchObject({ action: 'mailbox.delete.undo', undoable: false });
    expect(original).toMatchObject({ id: auditId, undoable: false });
    expect(original!.undoneAt).not.toBeNull();
  });

  it('refuses to undo a delete when the address was taken again', () => {
    const rt = testRuntime();
    const { service } = seedService(rt);
    const a = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'anna' }, ctx);
    const { auditId } = rt.services.mailboxes.delete({ ids: [a.id] }, ctx);
    rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'anna' }, ctx);
    expectAppError(() => rt.services.audit.undo({ id: auditId }, ctx), 'undo-unavailable');
  });

  it('reverts an edit and a rename', () => {
    const rt = testRuntime();
    const { org, service } = seedService(rt);
    const a = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'anna' }, ctx);
    rt.services.mailboxes.update({ id: a.id, displayName: 'Anna Muster', storageQuotaMb: 2048 }, ctx);
    rt.services.audit.undo({ id: rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!.id }, ctx);
    expect(rt.services.mailboxes.get(a.id)).toMatchObject({ displayName: 'Anna', storageQuotaMb: 1024 });
    rt.services.organisations.update({ id: org.id, name: 'Renamed' }, ctx);
    rt.services.audit.undo({ id: rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!.id }, ctx);
    expect(rt.services.organisations.get(org.id).name).toBe(org.name);
  });
});

describe('the audit log', () => {
  it('never stores secrets, whatever a caller passes', () => {
    const rt = testRuntime();
    // A future service passing a password by mistake: the repository strips it before writing.
    new AuditRepository(rt.db).record(
      {
        actor: 't',
        action: 'x',
        entityType: 'x',
        entityId: null,
        organisationId: null,
        summary: '',
        after: { user: 'a', password: 'hunter2', nested: [{ apiKey: 'k' }] },
      },
      'now',
    );
    const raw = rt.db.prepare('SELECT after_json FROM audit_log').pluck().all().join();
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain('"k"');
    expect(rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!.after).toEqual({
      user: 'a',
      password: '[redacted]',
      nested: [{ apiKey: '[redacted]' }],
    });
  });
});
