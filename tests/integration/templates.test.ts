import { describe, expect, it } from 'vitest';
import { OWNER, accessRuntime, call, code } from '../helpers/access';
import type { Runtime } from '../../electron/rpc/runtime';

const SCRIPT = 'require "fileinto";\nif header :contains "subject" "[signup]" { fileinto "Signups"; }\n';

async function setup(count = 3) {
  const rt = accessRuntime();
  const org = await call(rt, OWNER, 'organisations.create', { name: 'Muster AG' });
  const service = await call(rt, OWNER, 'mailServices.create', {
    organisationId: org.id,
    domain: 'muster.ch',
    addressQuota: 500,
  });
  const names = Array.from({ length: count }, (_, i) => `user${String(i + 1).padStart(3, '0')}`);
  await call(rt, OWNER, 'mailboxes.createMany', {
    mailServiceId: service.id,
    mailboxes: names.map((localPart) => ({ localPart, storageQuotaMb: 20_480 })),
  });
  const ids: number[] = (await call(rt, OWNER, 'mailboxes.ids', { mailServiceId: service.id, offset: 0, limit: 1000 })).ids;
  return { rt, org, service, ids };
}

/** Everything a template can touch on a mailbox, read back through the services. */
async function stateOf(rt: Runtime, id: number) {
  const details = await call(rt, OWNER, 'mailboxes.details', { id });
  const filters = await call(rt, OWNER, 'filters.get', { mailboxId: id });
  const scripts = await call(rt, OWNER, 'sieve.list', { mailboxId: id });
  return {
    quota: details.mailbox.storageQuotaMb,
    forward: details.mailbox.forwardTargets,
    keepCopy: details.mailbox.forwardKeepCopy,
    replies: details.autoReplies.map((r: { name: string; subject: string; message: string; active: boolean }) => [
      r.name,
      r.subject,
      r.message,
      r.active,
    ]),
    replyOn: details.mailbox.autoReply.active,
    filters: [filters.settings, filters.allow, filters.block],
    scripts: scripts.map((s: { name: string; content: string; active: boolean }) => [s.name, s.content, s.active]),
  };
}

const FULL = {
  storageQuotaMb: 4096,
  forwarding: { targets: ['Archive@Example.org'], keepCopy: true },
  autoReply: { name: 'Holiday', subject: 'Closed', message: 'We are closed until Monday.', active: true },
  filters: {
    settings: {
      spam: true,
      spamFolder: 'Spam',
      promotions: true,
      promotionsFolder: 'Werbung',
      social: false,
      socialFolder: 'Social',
    },
    allow: ['@partner.example'],
    block: ['@Spam.example'],
  },
  sieve: { name: 'Signups', content: SCRIPT, activate: true },
};

describe('mailbox templates', () => {
  it('are kept per mail service, checked before they are stored, and a delete can be undone', async () => {
    const { rt, service } = await setup(1);
    const saved = await call(rt, OWNER, 'templates.save', { mailServiceId: service.id, name: 'Staff', settings: FULL });
    // Stored normalised: the forward target and list entries as the rules write them.
    expect(saved.settings.forwarding.targets).toEqual(['archive@example.org']);
    expect(saved.settings.filters.block).toEqual(['@spam.example']);
    expect(await code(call(rt, OWNER, 'templates.save', { mailServiceId: service.id, name: 'staff', settings: {} }))).toBe(
      'name-exists',
    );
    const broken = await call(rt, OWNER, 'templates.save', {
      mailServiceId: service.id,
      name: 'Broken',
      settings: { sieve: { name: 'x', content: 'if true {\n  keep\n}' } },
    }).catch((e) => e);
    expect(broken.code).toBe('sieve-invalid');
    expect(broken.details).toMatchObject({ line: 3 });
    expect(
      await code(
        call(rt, OWNER, 'templates.save', {
          mailServiceId: service.id,
          name: 'Bad',
          settings: { filters: { ...FULL.filters, block: ['nonsense'] } },
        }),
      ),
    ).toBe('invalid-filter-entry');
    expect(
      await code(
        call(rt, OWNER, 'templates.save', {
          mailServiceId: service.id,
          name: 'Bad',
          settings: { forwarding: { targets: ['not an address'], keepCopy: true } },
        }),
      ),
    ).toBe('invalid-forward');
    expect((await call(rt, OWNER, 'templates.list', { mailServiceId: service.id })).map((t: { name: string }) => t.name)).toEqual(
      ['Staff'],
    );

    const removed = await call(rt, OWNER, 'templates.delete', { id: saved.id });
    expect(await call(rt, OWNER, 'templates.list', { mailServiceId: service.id })).toEqual([]);
    await call(rt, OWNER, 'audit.undo', { id: removed.auditId });
    expect(await call(rt, OWNER, 'templates.list', { mailServiceId: service.id })).toEqual([saved]);
  });

  it('previews exactly what would change, applies all in one transaction and undoes it to the last detail', async () => {
    const { rt, service, ids } = await setup(200);
    // Some mailboxes already have part of it, some have their own things the undo must give back.
    const [first, second, third] = ids as [number, number, number];
    await call(rt, OWNER, 'autoReplies.save', { mailboxId: first, fields: { name: 'Own', message: 'My own reply' } });
    const own = (await call(rt, OWNER, 'mailboxes.details', { id: first })).autoReplies[0];
    await call(rt, OWNER, 'autoReplies.setActive', { id: own.id, active: true });
    await call(rt, OWNER, 'autoReplies.save', {
      mailboxId: second,
      fields: { name: 'holiday', subject: 'Old', message: 'Old text' },
    });
    await call(rt, OWNER, 'sieve.save', { mailboxId: first, name: 'Mine', content: 'keep;', activate: true });
    await call(rt, OWNER, 'sieve.save', { mailboxId: second, name: 'Signups', content: 'discard;' });
    await call(rt, OWNER, 'filters.set', { mailboxId: third, social: true, allow: ['boss@example.org'] });
    await call(rt, OWNER, 'forwarding.set', { mailboxId: third, targets: ['elsewhere@example.net'], keepCopy: false });
    const before = await Promise.all(ids.map((id) => stateOf(rt, id)));

    const template = await call(rt, OWNER, 'templates.save', { mailServiceId: service.id, name: 'Staff', settings: FULL });
    const selection = { kind: 'ids', ids };
    const preview = await call(rt, OWNER, 'templates.preview', { id: template.id, selection });
    expect(preview).toMatchObject({ total: 200, changed: 200, errors: [] });
    expect(preview.fields).toEqual({ storageQuota: 200, forwarding: 200, autoReply: 200, filters: 200, sieve: 200 });
    const secondRow = preview.rows.find((r: { id: number }) => r.id === second);
    expect(secondRow.changes.find((c: { field: string }) => c.field === 'autoReply')).toEqual({
      field: 'autoReply',
      before: { subject: 'Old', active: false },
      after: { subject: 'Closed', active: true },
    });
    // The preview changed nothing.
    expect(await Promise.all(ids.map((id) => stateOf(rt, id)))).toEqual(before);

    const applied = await call(rt, OWNER, 'templates.apply', { id: template.id, selection });
    expect(applied.affected).toBe(200);
    const after = await stateOf(rt, second);
    expect(after).toMatchObject({ quota: 4096, forward: ['archive@example.org'], keepCopy: true, replyOn: true });
    // The reply of the same name was updated, not duplicated; the script of the same name replaced and activated.
    expect(after.replies).toEqual([['holiday', 'Closed', 'We are closed until Monday.', true]]);
    expect(after.scripts).toEqual([['Signups', SCRIPT, true]]);
    const firstAfter = await stateOf(rt, first);
    expect(firstAfter.replies).toContainEqual(['Own', '', 'My own reply', false]);
    expect(firstAfter.scripts).toEqual([
      ['Mine', 'keep;', false],
      ['Signups', SCRIPT, true],
    ]);

    // Applying again changes nothing and writes no activity.
    const again = await call(rt, OWNER, 'templates.apply', { id: template.id, selection });
    expect(again).toEqual({ affected: 0, auditId: null, warnings: [] });

    await call(rt, OWNER, 'audit.undo', { id: applied.auditId });
    expect(await Promise.all(ids.map((id) => stateOf(rt, id)))).toEqual(before);
  });

  it('refuses the whole apply when one mailbox would loop, and changes nothing', async () => {
    const { rt, service, ids } = await setup(3);
    const template = await call(rt, OWNER, 'templates.save', {
      mailServiceId: service.id,
      name: 'To user001',
      settings: { storageQuotaMb: 1024, forwarding: { targets: ['user001@muster.ch'], keepCopy: true } },
    });
    const preview = await call(rt, OWNER, 'templates.preview', { id: template.id, selection: { kind: 'ids', ids } });
    expect(preview.errors).toEqual([expect.objectContaining({ code: 'forward-to-self', address: 'user001@muster.ch' })]);
    const refused = await call(rt, OWNER, 'templates.apply', { id: template.id, selection: { kind: 'ids', ids } }).catch(
      (e) => e,
    );
    expect(refused.code).toBe('forward-to-self');
    expect((await call(rt, OWNER, 'mailboxes.details', { id: ids[1] })).mailbox.storageQuotaMb).toBe(20_480);
  });

  it('warns about what gets through or leaves for Gmail, without refusing', async () => {
    const { rt, service, ids } = await setup(2);
    const template = await call(rt, OWNER, 'templates.save', {
      mailServiceId: service.id,
      name: 'Lenient',
      settings: {
        forwarding: { targets: ['boss@gmail.com'], keepCopy: true },
        filters: { settings: FULL.filters.settings, allow: ['@Muster.ch'], block: [] },
      },
    });
    const preview = await call(rt, OWNER, 'templates.preview', { id: template.id, selection: { kind: 'ids', ids } });
    expect(preview.errors).toEqual([]);
    expect(preview.warnings.sort()).toEqual(['gmail-target:boss@gmail.com', 'own-address-allowed:@muster.ch']);
    expect((await call(rt, OWNER, 'templates.apply', { id: template.id, selection: { kind: 'ids', ids } })).affected).toBe(2);
  });

  it('applies to every mailbox a filter matches, and when mailboxes are created by hand or from CSV', async () => {
    const { rt, service } = await setup(5);
    const template = await call(rt, OWNER, 'templates.save', {
      mailServiceId: service.id,
      name: 'Interns',
      settings: { storageQuotaMb: 2048, forwarding: { targets: ['hr@example.org'], keepCopy: true } },
    });
    const matching = await call(rt, OWNER, 'templates.apply', {
      id: template.id,
      selection: { kind: 'matching', filter: { search: 'user00' }, excludeIds: [] },
    });
    expect(matching.affected).toBe(5);

    const made = await call(rt, OWNER, 'mailboxes.create', {
      mailServiceId: service.id,
      localPart: 'new.intern',
      templateId: template.id,
    });
    expect(made).toMatchObject({ storageQuotaMb: 2048, forwardTargets: ['hr@example.org'] });

    await call(rt, OWNER, 'bulkCreate.commit', {
      mailServiceId: service.id,
      fileName: 'interns.csv',
      templateId: template.id,
      rows: [
        { line: 2, address: 'csv.one', password: 'Correct-Horse-Battery-9', forwardTo: '', keepFlag: '' },
        { line: 3, address: 'csv.two', password: 'Correct-Horse-Battery-9', forwardTo: 'own@example.net', keepFlag: '1' },
      ],
    });
    const found = await call(rt, OWNER, 'mailboxes.lookup', { addresses: ['csv.one@muster.ch', 'csv.two@muster.ch'] });
    expect(
      found.mailboxes.map((m: { storageQuotaMb: number; forwardTargets: string[]; forwardKeepCopy: boolean }) => [
        m.storageQuotaMb,
        m.forwardTargets,
        m.forwardKeepCopy,
      ]),
    ).toEqual([
      [2048, ['hr@example.org'], true],
      // The row's own forward-to (delete the copy) wins over the template's forwarding.
      [2048, ['own@example.net'], false],
    ]);

    // A template of another mail service is refused.
    const org2 = await call(rt, OWNER, 'organisations.create', { name: 'Other AG' });
    const other = await call(rt, OWNER, 'mailServices.create', { organisationId: org2.id, domain: 'other.ch', addressQuota: 5 });
    expect(
      await code(call(rt, OWNER, 'mailboxes.create', { mailServiceId: other.id, localPart: 'x', templateId: template.id })),
    ).toBe('not-found');
    expect((await call(rt, OWNER, 'mailboxes.lookup', { addresses: ['x@other.ch'] })).missing).toEqual(['x@other.ch']);
  });
});
