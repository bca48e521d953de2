import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../electron/rpc/runtime';
import { openWorkspaceSecrets } from '../../electron/services/secrets/workspace-secrets';
import { checkPassword } from '../../shared/domain/password/strength';
import { ctx, expectAppError, seedService, tempDir, testRuntime } from '../helpers/workspace';

const base = { displayName: '', storageQuotaMb: 1024, state: 'planned' as const };

function seed(count = 3, quota = 1000) {
  const rt = testRuntime();
  const { org, service } = seedService(rt, quota);
  const names = Array.from({ length: count }, (_, i) => `user${String(i).padStart(3, '0')}`);
  rt.services.mailboxes.createMany(
    { mailServiceId: service.id, mailboxes: names.map((localPart) => ({ ...base, localPart })) },
    ctx,
  );
  const ids = rt.services.mailboxes
    .list({ mailServiceId: service.id, offset: 0, limit: 500, sort: { column: 'address', direction: 'asc' }, filter: {} })
    .rows.map((m) => m.id);
  return { rt, org, service, ids };
}

describe('aliases', () => {
  it('are unique across the service’s mailboxes and aliases, counted and searchable', () => {
    const { rt, service, ids } = seed(2);
    const [a, b] = ids as [number, number];
    const alias = rt.services.aliases.add({ mailboxId: a, localPart: 'Sales' }, ctx);
    expect(alias.address).toBe('sales@acme.example');
    expectAppError(() => rt.services.aliases.add({ mailboxId: b, localPart: 'sales' }, ctx), 'address-exists');
    expectAppError(() => rt.services.aliases.add({ mailboxId: b, localPart: 'user000' }, ctx), 'address-exists');
    expectAppError(
      () => rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'sales' }, ctx),
      'address-exists',
    );
    expectAppError(
      () =>
        rt.services.mailboxes.createMany(
          {
            mailServiceId: service.id,
            mailboxes: [
              { ...base, localPart: 'new1' },
              { ...base, localPart: 'sales' },
            ],
          },
          ctx,
        ),
      'address-exists',
    );
    expect(rt.services.mailboxes.get(a).aliasCount).toBe(1);
    const found = rt.services.mailboxes.list({
      mailServiceId: service.id,
      offset: 0,
      limit: 10,
      sort: { column: 'address', direction: 'asc' },
      filter: { search: 'sales' },
    });
    expect(found.rows.map((m) => m.id)).toEqual([a]);
    const { auditId } = rt.services.aliases.remove({ id: alias.id }, ctx);
    expect(rt.services.mailboxes.get(a).aliasCount).toBe(0);
    rt.services.audit.undo({ id: auditId }, ctx);
    expect(rt.services.mailboxes.details({ id: a }).aliases.map((x) => x.address)).toEqual(['sales@acme.example']);
  });
});

describe('forwarding', () => {
  it('saves targets (IDN allowed), keeps or drops the copy, and is found by search', () => {
    const { rt, service, ids } = seed(2);
    const result = rt.services.forwarding.set(
      { mailboxId: ids[0]!, targets: [' Anna@Bücher.ch ', 'x@gmail.com'], keepCopy: false },
      ctx,
    );
    expect(result.mailbox).toMatchObject({ forwardTargets: ['anna@bücher.ch', 'x@gmail.com'], forwardKeepCopy: false });
    expect(result.warnings).toEqual([{ code: 'gmail-target', target: 'x@gmail.com' }]);
    const list = (filter: object) =>
      rt.services.mailboxes
        .list({ mailServiceId: service.id, offset: 0, limit: 10, sort: { column: 'address', direction: 'asc' }, filter })
        .rows.map((m) => m.id);
    expect(list({ search: 'bucher' })).toEqual([ids[0]]);
    expect(list({ forwarding: 'on' })).toEqual([ids[0]]);
    expect(list({ forwarding: 'off' })).toEqual([ids[1]]);
  });

  it('refuses itself and loops through the workspace, naming the chain', () => {
    const { rt, ids } = seed(3);
    const [a, b, c] = ids as [number, number, number];
    rt.services.aliases.add({ mailboxId: a, localPart: 'info' }, ctx);
    expectAppError(
      () => rt.services.forwarding.set({ mailboxId: a, targets: ['info@acme.example'], keepCopy: true }, ctx),
      'forward-to-self',
    );
    rt.services.forwarding.set({ mailboxId: b, targets: ['user002@acme.example'], keepCopy: true }, ctx);
    rt.services.forwarding.set({ mailboxId: c, targets: ['info@acme.example'], keepCopy: true }, ctx);
    const error = expectAppError(
      () => rt.services.forwarding.set({ mailboxId: a, targets: ['user001@acme.example'], keepCopy: true }, ctx),
      'forward-loop',
    );
    expect(error.details?.chain).toEqual([
      'user000@acme.example',
      'user001@acme.example',
      'user002@acme.example',
      'user000@acme.example',
    ]);
    expect(rt.services.forwarding.check({ mailboxId: a, targets: ['user001@acme.example'] }).errors[0]?.code).toBe(
      'forward-loop',
    );
    expect(rt.services.mailboxes.get(a).forwardTargets).toEqual([]);
  });
});

describe('out-of-office replies', () => {
  const fields = {
    name: 'Holidays',
    subject: '',
    message: 'Back in January.',
    startsAt: null,
    endsAt: '2027-01-05T08:00:00.000Z',
    weekdays: [],
    senderAddress: null,
    excluded: ['@Partner.ch'],
  };

  it('keeps several, one active at a time, and shows the active one in the list', () => {
    const { rt, service, ids } = seed(1);
    const id = ids[0]!;
    const first = rt.services.autoReplies.save({ mailboxId: id, fields }, ctx);
    const second = rt.services.autoReplies.save({ mailboxId: id, fields: { ...fields, name: 'Sick leave', endsAt: null } }, ctx);
    expect(first.excluded).toEqual(['@partner.ch']);
    rt.services.autoReplies.setActive({ id: first.id, active: true }, ctx);
    rt.services.autoReplies.setActive({ id: second.id, active: true }, ctx);
    const replies = rt.services.mailboxes.details({ id }).autoReplies;
    expect(replies.filter((r) => r.active).map((r) => r.name)).toEqual(['Sick leave']);
    expect(rt.services.mailboxes.get(id).autoReply).toEqual({ active: true, until: null });
    rt.services.autoReplies.setActive({ id: first.id, active: true }, ctx);
    expect(rt.services.mailboxes.get(id).autoReply).toEqual({ active: true, until: '2027-01-05T08:00:00.000Z' });
    expect(
      rt.services.mailboxes.list({
        mailServiceId: service.id,
        offset: 0,
        limit: 5,
        sort: { column: 'address', direction: 'asc' },
        filter: { autoReply: 'on' },
      }).total,
    ).toBe(1);
    const reset = rt.services.autoReplies.resetCounter({ id: first.id }, ctx);
    expect(reset.counterResetAt).not.toBeNull();
  });

  it('refuses incomplete replies with the reason', () => {
    const { rt, ids } = seed(1);
    const error = expectAppError(
      () =>
        rt.services.autoReplies.save(
          { mailboxId: ids[0]!, fields: { ...fields, startsAt: '2027-02-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' } },
          ctx,
        ),
      'invalid-auto-reply',
    );
    expect(error.details).toMatchObject({ problem: 'ends-before-start' });
    expectAppError(
      () => rt.services.autoReplies.save({ mailboxId: ids[0]!, fields: { ...fields, excluded: ['nonsense'] } }, ctx),
      'invalid-auto-reply',
    );
  });
});

describe('bulk actions', () => {
  it('change the quota of a selection in one transaction and one audit entry, and undo it', () => {
    const { rt, service, ids } = seed(30);
    rt.services.mailboxes.update({ id: ids[0]!, storageQuotaMb: 5000 }, ctx);
    const picked = ids.slice(0, 10);
    const result = rt.services.mailboxes.bulkUpdate(
      { mailServiceId: service.id, selection: { kind: 'ids', ids: picked }, change: { kind: 'quota', storageQuotaMb: 4096 } },
      ctx,
    );
    expect(result.affected).toBe(10);
    expect(picked.map((id) => rt.services.mailboxes.get(id).storageQuotaMb)).toEqual(Array(10).fill(4096));
    expect(rt.services.mailboxes.get(ids[10]!).storageQuotaMb).toBe(1024);
    const entry = rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!;
    expect(entry).toMatchObject({ id: result.auditId, action: 'mailbox.bulk-update', undoable: true });
    expect((entry.before as { mailboxes: unknown[] }).mailboxes).toHaveLength(10);
    rt.services.audit.undo({ id: result.auditId! }, ctx);
    expect(rt.services.mailboxes.get(ids[0]!).storageQuotaMb).toBe(5000);
    expect(rt.services.mailboxes.get(ids[1]!).storageQuotaMb).toBe(1024);
  });

  it('select all matching a filter, minus exclusions, without listing ids', () => {
    const { rt, service, ids } = seed(30);
    const result = rt.services.mailboxes.bulkUpdate(
      {
        mailServiceId: service.id,
        selection: { kind: 'matching', filter: { search: 'user01' }, excludeIds: [ids[12]!] },
        change: { kind: 'state', state: 'created' },
      },
      ctx,
    );
    expect(result.affected).toBe(9); // user010..user019 minus user012
    const created = rt.services.mailboxes.list({
      mailServiceId: service.id,
      offset: 0,
      limit: 50,
      sort: { column: 'address', direction: 'asc' },
      filter: { state: 'created' },
    });
    expect(created.rows.map((m) => m.localPart)).toEqual([
      'user010',
      'user011',
      'user013',
      'user014',
      'user015',
      'user016',
      'user017',
      'user018',
      'user019',
    ]);
  });

  it('ignores ids of another service instead of touching them', () => {
    const { rt, service } = seed(2);
    const other = rt.services.mailServices.create(
      { organisationId: service.organisationId, domain: 'other.example', addressQuota: 5 },
      ctx,
    );
    const foreign = rt.services.mailboxes.create({ ...base, mailServiceId: other.id, localPart: 'x' }, ctx);
    const result = rt.services.mailboxes.bulkUpdate(
      { mailServiceId: service.id, selection: { kind: 'ids', ids: [foreign.id] }, change: { kind: 'quota', storageQuotaMb: 9 } },
      ctx,
    );
    expect(result.affected).toBe(0);
    expect(rt.services.mailboxes.get(foreign.id).storageQuotaMb).toBe(1024);
  });

  it('set and clear forwarding for many, refusing all when one would loop', () => {
    const { rt, service, ids } = seed(3);
    rt.services.forwarding.set({ mailboxId: ids[2]!, targets: ['user000@acme.example'], keepCopy: true }, ctx);
    expectAppError(
      () =>
        rt.services.mailboxes.bulkUpdate(
          {
            mailServiceId: service.id,
            selection: { kind: 'ids', ids: [ids[0]!, ids[1]!] },
            change: { kind: 'forwarding', targets: ['user002@acme.example'], keepCopy: true },
          },
          ctx,
        ),
      'forward-loop',
    );
    expect(rt.services.mailboxes.get(ids[1]!).forwardTargets).toEqual([]);
    const set = rt.services.mailboxes.bulkUpdate(
      {
        mailServiceId: service.id,
        selection: { kind: 'ids', ids: [ids[0]!, ids[1]!] },
        change: { kind: 'forwarding', targets: ['team@outside.example'], keepCopy: false },
      },
      ctx,
    );
    expect(rt.services.mailboxes.get(ids[1]!).forwardTargets).toEqual(['team@outside.example']);
    rt.services.audit.undo({ id: set.auditId! }, ctx);
    expect(rt.services.mailboxes.get(ids[1]!).forwardTargets).toEqual([]);
  });

  it('turn out-of-office on and off for many, and undo restores what was active', () => {
    const { rt, service, ids } = seed(3);
    const own = rt.services.autoReplies.save(
      {
        mailboxId: ids[0]!,
        fields: {
          name: 'Mine',
          subject: '',
          message: 'm',
          startsAt: null,
          endsAt: null,
          weekdays: [],
          senderAddress: null,
          excluded: [],
        },
      },
      ctx,
    );
    rt.services.autoReplies.setActive({ id: own.id, active: true }, ctx);
    const on = rt.services.mailboxes.bulkUpdate(
      {
        mailServiceId: service.id,
        selection: { kind: 'matching', filter: {}, excludeIds: [] },
        change: {
          kind: 'auto-reply-on',
          reply: { name: 'Closed', subject: '', message: 'Closed until Monday.', startsAt: null, endsAt: null },
        },
      },
      ctx,
    );
    expect(on.affected).toBe(3);
    expect(rt.services.mailboxes.details({ id: ids[0]! }).autoReplies.find((r) => r.active)?.name).toBe('Closed');
    rt.services.audit.undo({ id: on.auditId! }, ctx);
    const after = rt.services.mailboxes.details({ id: ids[0]! }).autoReplies;
    expect(after.map((r) => [r.name, r.active])).toEqual([['Mine', true]]);
    expect(rt.services.mailboxes.get(ids[1]!).autoReply.active).toBe(false);
  });

  it('delete many with everything attached, and undo brings all of it back', () => {
    const { rt, service, ids } = seed(5);
    rt.services.aliases.add({ mailboxId: ids[1]!, localPart: 'sales' }, ctx);
    rt.services.forwarding.set({ mailboxId: ids[1]!, targets: ['out@side.example'], keepCopy: false }, ctx);
    const reply = rt.services.autoReplies.save(
      {
        mailboxId: ids[1]!,
        fields: {
          name: 'R',
          subject: '',
          message: 'm',
          startsAt: null,
          endsAt: null,
          weekdays: [],
          senderAddress: null,
          excluded: [],
        },
      },
      ctx,
    );
    rt.services.autoReplies.setActive({ id: reply.id, active: true }, ctx);
    const before = rt.services.mailboxes.details({ id: ids[1]! });
    const result = rt.services.mailboxes.bulkDelete(
      { mailServiceId: service.id, selection: { kind: 'ids', ids: ids.slice(0, 3) } },
      ctx,
    );
    expect(result.affected).toBe(3);
    expect(rt.services.mailServices.get(service.id).addressesUsed).toBe(2);
    expect(rt.db.prepare('SELECT count(*) FROM mailbox_aliases').pluck().get()).toBe(0);
    rt.services.audit.undo({ id: result.auditId! }, ctx);
    expect(rt.services.mailboxes.details({ id: ids[1]! })).toEqual(before);
  });
});

describe('export', () => {
  it('writes the filter as formula-safe CSV with a BOM, no passwords, and re-reads it', () => {
    const { rt, service, ids } = seed(3);
    rt.services.mailboxes.update({ id: ids[0]!, displayName: '=HYPERLINK("http://evil.example")' }, ctx);
    rt.services.mailboxes.update({ id: ids[1]!, displayName: 'Müller, Anna' }, ctx);
    const result = rt.services.exports.mailboxesCsv({
      mailServiceId: service.id,
      filter: {},
      sort: { column: 'address', direction: 'asc' },
      delimiter: ';',
    });
    expect(result.rows).toBe(3);
    expect(result.fileName).toMatch(/^mailboxes-acme\.example-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(result.csv.startsWith('\uFEFF')).toBe(true);
    expect(result.csv.toLowerCase()).not.toContain('password');
    const parsed = Papa.parse<string[]>(result.csv.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(parsed[0]![0]).toBe('Address');
    expect(parsed[1]!.slice(0, 3)).toEqual(['user000@acme.example', '\'=HYPERLINK("http://evil.example")', '1024']);
    expect(parsed[2]![1]).toBe('Müller, Anna');
    const selected = rt.services.exports.mailboxesCsv({
      mailServiceId: service.id,
      selection: { kind: 'ids', ids: [ids[2]!] },
      filter: {},
      sort: { column: 'address', direction: 'asc' },
      delimiter: ',',
    });
    expect(selected.rows).toBe(1);
  });
});

describe('workspace settings', () => {
  it('remember the table layout per workspace and drop what no longer fits', () => {
    const rt = testRuntime();
    expect(rt.services.settings.get()).toEqual({});
    rt.services.settings.update({
      mailboxTable: { hidden: ['aliasCount'], order: ['address', 'state'], widths: { address: 320 } },
    });
    expect(rt.services.settings.get().mailboxTable).toEqual({
      hidden: ['aliasCount'],
      order: ['address', 'state'],
      widths: { address: 320 },
    });
    rt.db
      .prepare(
        'INSERT INTO workspace_settings (key, value, updated_at) VALUES (\'mailboxTable\', \'{"widths":{"a":"wide"}}\', \'x\') ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run();
    expect(rt.services.settings.get()).toEqual({});
    expect(rt.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0); // layout isn't audited
  });
});

describe('password reset', () => {
  it('gives a strong password once, stores it only sealed, and keeps it out of the audit log and the files', () => {
    const dir = tempDir();
    const rt = openRuntime({
      file: path.join(dir, 'workspace.sqlite'),
      host: 'test',
      appVersion: 't',
      locale: null,
      secrets: { dataDir: dir },
    });
    try {
      const { service } = seedService(rt);
      const mailbox = rt.services.mailboxes.create({ ...base, mailServiceId: service.id, localPart: 'anna' }, ctx);
      const { password, passwordSetAt } = rt.services.mailboxes.resetPassword({ id: mailbox.id }, ctx);
      expect(checkPassword(password, [mailbox.address]).ok).toBe(true);
      expect(rt.services.mailboxes.get(mailbox.id).passwordSetAt).toBe(passwordSetAt);
      const sealed = rt.db.prepare('SELECT password_sealed FROM mailboxes WHERE id = ?').pluck().get(mailbox.id) as string;
      expect(sealed.startsWith('v1:')).toBe(true);
      expect(openWorkspaceSecrets(dir).box!.open(sealed)).toBe(password);
      const entry = rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!;
      expect(entry.action).toBe('mailbox.reset-password');
      expect(JSON.stringify(entry)).not.toContain(password);
      rt.db.pragma('wal_checkpoint(TRUNCATE)');
      for (const file of fs.readdirSync(dir)) {
        const bytes = fs.readFileSync(path.join(dir, file));
        expect(bytes.includes(Buffer.from(password)), file).toBe(false);
      }
    } finally {
      rt.close();
    }
  });

  it('is refused with a clear code when the workspace key is not available', () => {
    const { rt, ids } = seed(1);
    expectAppError(() => rt.services.mailboxes.resetPassword({ id: ids[0]! }, ctx), 'secrets-unavailable');
  });
});
