import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/contract';
import { OWNER, accessRuntime, call, code } from '../helpers/access';

const PEOPLE = {
  lr: 'legal-representative',
  admin: 'administrator',
  collab: 'collaborator',
  collabUse: 'collaborator',
  collabManage: 'collaborator',
  external: 'external',
} as const;
type Person = keyof typeof PEOPLE | 'outsider';
const EVERYONE: Person[] = [...(Object.keys(PEOPLE) as Person[]), 'outsider'];
const email = (p: Person) => `${p.toLowerCase()}@acme.example`;

/** An organisation with a mail service (mailbox, alias, out-of-office reply, batch), a domain, a kSuite, and one member per role. */
async function world() {
  const rt = accessRuntime();
  const org = await call(rt, OWNER, 'organisations.create', { name: 'Acme' });
  const other = await call(rt, OWNER, 'organisations.create', { name: 'Other' });
  const spare = await call(rt, OWNER, 'organisations.create', { name: 'Spare' });
  const service = await call(rt, OWNER, 'mailServices.create', {
    organisationId: org.id,
    domain: 'acme.example',
    addressQuota: 100,
  });
  const domain = await call(rt, OWNER, 'products.create', { organisationId: org.id, kind: 'domain', name: 'acme.example' });
  const mailbox = await call(rt, OWNER, 'mailboxes.create', { mailServiceId: service.id, localPart: 'anna' });
  const alias = await call(rt, OWNER, 'aliases.add', { mailboxId: mailbox.id, localPart: 'a.nna' });
  const reply = await call(rt, OWNER, 'autoReplies.save', {
    mailboxId: mailbox.id,
    fields: { name: 'Away', message: 'Back soon' },
  });
  await call(rt, OWNER, 'bulkCreate.commit', {
    mailServiceId: service.id,
    fileName: 'x.csv',
    rows: [{ line: 2, address: 'bulk1', password: 'Correct-Horse-Battery-9', forwardTo: '', keepFlag: '' }],
  });
  const batch = (await call(rt, OWNER, 'bulkCreate.batches', { mailServiceId: service.id }))[0];
  const users: Record<string, number> = {};
  for (const [person, role] of Object.entries(PEOPLE)) {
    users[person] = (await call(rt, OWNER, 'users.add', { organisationId: org.id, email: email(person as Person), role })).id;
    await call(rt, OWNER, 'users.add', { organisationId: spare.id, email: email(person as Person), role });
  }
  users.outsider = (
    await call(rt, OWNER, 'users.add', { organisationId: other.id, email: email('outsider'), role: 'administrator' })
  ).id;
  await call(rt, OWNER, 'access.grant', { userId: users.collabUse, productId: service.productId, rights: { use: true } });
  await call(rt, OWNER, 'access.grant', { userId: users.collabManage, productId: service.productId, rights: { manage: true } });
  await call(rt, OWNER, 'access.grant', { userId: users.external, productId: service.productId, rights: { use: true } });
  const group = await call(rt, OWNER, 'workGroups.save', { organisationId: org.id, name: 'Support', memberIds: [], grants: [] });
  const transfer = await call(rt, email('lr'), 'transfers.create', {
    organisationId: org.id,
    productIds: [domain.id],
    acceptTerms: true,
  });
  // Servers on this machine's port 1: nothing answers, nothing leaves 127.0.0.1.
  const importAccount = {
    source: 'old@old.example',
    sourcePassword: 'x',
    sourceServer: 'imap://127.0.0.1:1',
    target: 'anna@acme.example',
    targetPassword: 'y',
    targetServer: 'imap://127.0.0.1:1',
  };
  const started = await call(rt, OWNER, 'imports.start', { mailServiceId: service.id, accounts: [importAccount] });
  await rt.services.imports.idle();
  const importJob = { jobId: started.jobId, accountId: (await call(rt, OWNER, 'imports.list', {}))[0]!.accounts[0]!.id };
  const script = await call(rt, OWNER, 'sieve.save', { mailboxId: mailbox.id, name: 'Main', content: 'keep;' });
  const template = await call(rt, OWNER, 'templates.save', {
    mailServiceId: service.id,
    name: 'Staff',
    settings: { storageQuotaMb: 4096 },
  });
  await call(rt, OWNER, 'mailboxes.update', { id: mailbox.id, displayName: 'Anna A.' });
  const entry = (await call(rt, OWNER, 'audit.list', { organisationId: org.id, action: 'mailbox.update' })).rows[0];
  return {
    rt,
    importAccount,
    importJob,
    script,
    template,
    org,
    other,
    spare,
    service,
    domain,
    mailbox,
    alias,
    reply,
    batch,
    users,
    group,
    transfer,
    entry,
  };
}

type World = Awaited<ReturnType<typeof world>>;
type Need = 'open' | 'user' | 'member' | 'manager' | 'lr' | 'use' | 'manage' | 'creator';

/**
 * The policy as the issue states it, written independently of
 * authorization.ts: who may call each channel (with a sample input that is
 * otherwise valid, so an allowed call must succeed).
 */
const MATRIX: { [C in ChannelName]: [Need, (w: World) => unknown] } = {
  'workspace.info': ['open', () => ({})],
  'organisations.list': ['open', () => ({})],
  'organisations.create': ['user', () => ({ name: 'New org' })],
  'organisations.update': ['manager', (w) => ({ id: w.org.id, name: 'Acme Renamed' })],
  'organisations.delete': ['lr', (w) => ({ id: w.spare.id })],
  'products.list': ['member', (w) => ({ organisationId: w.org.id })],
  'products.create': ['manager', (w) => ({ organisationId: w.org.id, kind: 'drive', name: 'Drive' })],
  'products.update': ['manage', (w) => ({ id: w.service.productId, name: 'Mail' })],
  'products.delete': ['manager', (w) => ({ id: w.domain.id })],
  'mailServices.list': ['user', () => ({})],
  'mailServices.get': ['use', (w) => ({ id: w.service.id })],
  'mailServices.create': ['manager', (w) => ({ organisationId: w.org.id, domain: 'new.example', addressQuota: 5 })],
  'mailServices.update': ['manage', (w) => ({ id: w.service.id, addressQuota: 200 })],
  'mailServices.delete': ['manager', (w) => ({ id: w.service.id })],
  'mailboxes.list': ['use', (w) => ({ mailServiceId: w.service.id })],
  'mailboxes.ids': ['use', (w) => ({ mailServiceId: w.service.id, limit: 10 })],
  'mailboxes.lookup': ['user', () => ({ addresses: ['anna@acme.example'] })],
  'mailboxes.create': ['manage', (w) => ({ mailServiceId: w.service.id, localPart: 'bob' })],
  'mailboxes.createMany': ['manage', (w) => ({ mailServiceId: w.service.id, mailboxes: [{ localPart: 'carl' }] })],
  'mailboxes.update': ['manage', (w) => ({ id: w.mailbox.id, displayName: 'Anna' })],
  'mailboxes.delete': ['manage', (w) => ({ ids: [w.mailbox.id] })],
  'mailboxes.bulkUpdate': [
    'manage',
    (w) => ({
      mailServiceId: w.service.id,
      selection: { kind: 'ids', ids: [w.mailbox.id] },
      change: { kind: 'quota', storageQuotaMb: 2048 },
    }),
  ],
  'mailboxes.bulkDelete': ['manage', (w) => ({ mailServiceId: w.service.id, selection: { kind: 'ids', ids: [w.mailbox.id] } })],
  'mailboxes.resetPassword': ['manage', (w) => ({ id: w.mailbox.id })],
  'mailboxes.export': ['use', (w) => ({ mailServiceId: w.service.id })],
  'mailboxes.details': ['use', (w) => ({ id: w.mailbox.id })],
  'aliases.add': ['manage', (w) => ({ mailboxId: w.mailbox.id, localPart: 'info' })],
  'aliases.remove': ['manage', (w) => ({ id: w.alias.id })],
  'forwarding.set': ['manage', (w) => ({ mailboxId: w.mailbox.id, targets: ['x@elsewhere.example'], keepCopy: true })],
  'forwarding.check': ['use', (w) => ({ mailboxId: w.mailbox.id, targets: ['x@elsewhere.example'] })],
  'autoReplies.save': ['manage', (w) => ({ mailboxId: w.mailbox.id, fields: { name: 'Holiday', message: 'Away' } })],
  'autoReplies.delete': ['manage', (w) => ({ id: w.reply.id })],
  'autoReplies.setActive': ['manage', (w) => ({ id: w.reply.id, active: true })],
  'autoReplies.resetCounter': ['manage', (w) => ({ id: w.reply.id })],
  'bulkCreate.template': ['open', () => ({})],
  'bulkCreate.context': ['use', (w) => ({ mailServiceId: w.service.id })],
  'bulkCreate.commit': [
    'manage',
    (w) => ({
      mailServiceId: w.service.id,
      fileName: 'y.csv',
      rows: [{ line: 2, address: 'bulk2', password: 'Correct-Horse-Battery-9', forwardTo: '', keepFlag: '' }],
    }),
  ],
  'bulkCreate.batches': ['use', (w) => ({ mailServiceId: w.service.id })],
  'bulkCreate.exportBatch': ['manage', (w) => ({ batchId: w.batch.id })],
  'bulkCreate.markApplied': ['manage', (w) => ({ batchId: w.batch.id })],
  'settings.get': ['open', () => ({})],
  'settings.update': ['open', () => ({})],
  'audit.list': ['manager', (w) => ({ organisationId: w.org.id })],
  'audit.undo': ['manager', (w) => ({ id: w.entry.id })],
  'access.me': ['open', () => ({})],
  'access.actAs': ['open', (w) => ({ userId: w.users.admin })],
  'access.matrix': ['manager', (w) => ({ organisationId: w.org.id })],
  'access.grant': [
    'manager',
    (w) => ({ userId: w.users.collab, productId: w.domain.id, rights: { use: true, technical: true } }),
  ],
  'access.setFuture': [
    'manager',
    (w) => ({ organisationId: w.org.id, userId: w.users.collab, kind: 'domain', rights: { use: true } }),
  ],
  'users.list': ['member', (w) => ({ organisationId: w.org.id })],
  'users.add': ['manager', (w) => ({ organisationId: w.org.id, email: 'new@acme.example', role: 'collaborator' })],
  'users.setRole': ['manager', (w) => ({ organisationId: w.org.id, userId: w.users.collab, role: 'external' })],
  'users.remove': ['manager', (w) => ({ organisationId: w.org.id, userId: w.users.collab })],
  'workGroups.list': ['manager', (w) => ({ organisationId: w.org.id })],
  'workGroups.save': [
    'manager',
    (w) => ({
      organisationId: w.org.id,
      name: 'Sales',
      memberIds: [w.users.collab],
      grants: [{ productId: w.domain.id, rights: { use: true } }],
    }),
  ],
  'workGroups.delete': ['manager', (w) => ({ id: w.group.id })],
  'transfers.list': ['manager', (w) => ({ organisationId: w.org.id })],
  'transfers.create': ['manager', (w) => ({ organisationId: w.org.id, productIds: [w.service.productId], acceptTerms: true })],
  'transfers.preview': ['user', (w) => ({ link: w.transfer.link })],
  // Accepting into Acme would be the same organisation: the rule is checked on the destination, so receive into Acme from Other.
  'transfers.accept': ['manager', (w) => ({ link: w.transfer.link, destinationOrganisationId: w.org.id, acceptTerms: true })],
  'transfers.cancel': ['creator', (w) => ({ id: w.transfer.transfer.id })],
  'transfers.exportFile': ['manager', (w) => ({ id: w.transfer.transfer.id })],
  'transfers.previewFile': ['user', () => ({ content: '' })],
  'filters.get': ['use', (w) => ({ mailboxId: w.mailbox.id })],
  'filters.set': ['manage', (w) => ({ mailboxId: w.mailbox.id, promotions: true, block: ['@spam.example'] })],
  'sieve.list': ['use', (w) => ({ mailboxId: w.mailbox.id })],
  'sieve.save': ['manage', (w) => ({ mailboxId: w.mailbox.id, name: 'Rules', content: 'keep;' })],
  'sieve.activate': ['manage', (w) => ({ id: w.script.id, active: true })],
  'sieve.delete': ['manage', (w) => ({ id: w.script.id })],
  'templates.list': ['use', (w) => ({ mailServiceId: w.service.id })],
  'templates.save': ['manage', (w) => ({ mailServiceId: w.service.id, name: 'Interns', settings: { storageQuotaMb: 1024 } })],
  'templates.delete': ['manage', (w) => ({ id: w.template.id })],
  'templates.preview': ['use', (w) => ({ id: w.template.id, selection: { kind: 'ids', ids: [w.mailbox.id] } })],
  'dns.zone': ['use', (w) => ({ mailServiceId: w.service.id })],
  'dns.saveZone': ['manage', (w) => ({ mailServiceId: w.service.id, text: '@ IN TXT "v=spf1 -all"' })],
  'dns.check': ['use', (w) => ({ mailServiceId: w.service.id, mode: 'planned' })],
  'dns.spfEval': [
    'use',
    (w) => ({ mailServiceId: w.service.id, mode: 'planned', ip: '192.0.2.1', sender: `x@${w.service.domain}` }),
  ],
  'dns.spfCost': ['use', (w) => ({ mailServiceId: w.service.id, mode: 'planned', record: 'v=spf1 -all' })],
  'imports.check': [
    'manage',
    (w) => ({ mailServiceId: w.service.id, source: 'old@old.example', sourcePassword: 'x', sourceServer: 'imap://127.0.0.1:1' }),
  ],
  'imports.list': ['user', () => ({})],
  'imports.start': ['manage', (w) => ({ mailServiceId: w.service.id, accounts: [w.importAccount] })],
  'imports.pause': ['manage', (w) => ({ jobId: w.importJob.jobId })],
  'imports.resume': [
    'manage',
    (w) => ({
      jobId: w.importJob.jobId,
      passwords: [{ accountId: w.importJob.accountId, sourcePassword: 'x', targetPassword: 'y' }],
    }),
  ],
  'imports.cancel': ['manage', (w) => ({ jobId: w.importJob.jobId })],
  'imports.remove': ['manage', (w) => ({ jobId: w.importJob.jobId })],
  'imports.report': ['use', (w) => ({ jobId: w.importJob.jobId })],
  'imports.targetServer': ['use', (w) => ({ mailServiceId: w.service.id })],
  'imports.setTargetServer': ['manage', (w) => ({ mailServiceId: w.service.id, server: 'imaps://imap.acme.example' })],
  'templates.apply': ['manage', (w) => ({ id: w.template.id, selection: { kind: 'ids', ids: [w.mailbox.id] } })],
  'transfers.importFile': ['manager', (w) => ({ content: '', destinationOrganisationId: w.org.id, acceptTerms: true })],
};

function allowed(need: Need, person: Person): boolean {
  const role = person === 'outsider' ? undefined : PEOPLE[person];
  const manager = role === 'legal-representative' || role === 'administrator';
  switch (need) {
    case 'open':
    case 'user':
      return true;
    case 'member':
      return role !== undefined;
    case 'manager':
      return manager;
    case 'lr':
      return role === 'legal-representative';
    case 'creator':
      return person === 'lr';
    case 'use':
      return manager || person === 'collabUse' || person === 'collabManage' || person === 'external';
    case 'manage':
      return manager || person === 'collabManage';
  }
}

describe('the permission matrix: every role × every channel, through the dispatcher', () => {
  it('has a row for every channel of the contract', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('allows exactly what each role may do and refuses the rest with `forbidden`', async () => {
    const w = await world();
    // The outsider runs Other: moving a transfer into Acme needs a role in Acme, which they lack.
    const failures: string[] = [];
    for (const channel of CHANNEL_NAMES) {
      const [need, input] = MATRIX[channel];
      for (const person of EVERYONE) {
        w.rt.db.exec('BEGIN'); // each call is rolled back, so every one sees the same world
        let got: string;
        try {
          got = await code(call(w.rt, email(person), channel, input(w)));
        } finally {
          w.rt.db.exec('ROLLBACK');
        }
        const want = allowed(need, person);
        // Two inputs can't be valid without a file or another organisation's link: there, allowed means "not forbidden".
        const ok = want
          ? channel.endsWith('File') || channel === 'transfers.accept'
            ? got !== 'forbidden'
            : got === 'ok'
          : got === 'forbidden';
        if (!ok) failures.push(`${channel} as ${person} (${need}): got ${got}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('says which role is needed, and refuses everything guarded when nobody is acted as', async () => {
    const w = await world();
    const error = await call(w.rt, email('collab'), 'organisations.update', { id: w.org.id, name: 'X' }).catch((e) => e);
    expect(error.code).toBe('forbidden');
    expect(error.details).toMatchObject({ needed: ['legal-representative', 'administrator'], role: 'collaborator' });
    expect(error.message).toMatch(/needs the role legal-representative or administrator; collab@acme.example is collaborator/);
    const nobody = await code(call(w.rt, 'nobody@nowhere.example', 'mailboxes.list', { mailServiceId: w.service.id }));
    expect(nobody).toBe('forbidden');
  });

  it('hides what a user may not see from lists that span organisations', async () => {
    const w = await world();
    const orgs = await call(w.rt, email('outsider'), 'organisations.list', {});
    expect(orgs.map((o: { name: string }) => o.name)).toEqual(['Other']);
    const both = await call(w.rt, email('external'), 'organisations.list', {});
    expect(both.map((o: { name: string }) => o.name)).toEqual(['Acme', 'Spare']);
    const services = await call(w.rt, email('collab'), 'mailServices.list', {});
    expect(services).toEqual([]);
    const granted = await call(w.rt, email('external'), 'mailServices.list', {});
    expect(granted.map((s: { domain: string }) => s.domain)).toEqual(['acme.example']);
    const products = await call(w.rt, email('external'), 'products.list', { organisationId: w.org.id });
    expect(products.map((p: { kind: string }) => p.kind)).toEqual(['mail-service']);
    const lookup = await call(w.rt, email('outsider'), 'mailboxes.lookup', { addresses: ['anna@acme.example'] });
    expect(lookup).toEqual({ mailboxes: [], missing: ['anna@acme.example'] });
    const activity = await call(w.rt, email('outsider'), 'audit.list', {});
    expect(activity.rows.every((r: { organisationId: number | null }) => r.organisationId !== w.org.id)).toBe(true);
  });
});

describe('users, grants and work groups', () => {
  it('keeps a legal representative, lets only one appoint another, and removes a leaver’s grants', async () => {
    const w = await world();
    const lrError = await call(w.rt, email('admin'), 'users.setRole', {
      organisationId: w.org.id,
      userId: w.users.collab,
      role: 'legal-representative',
    }).catch((e) => e);
    expect(lrError.code).toBe('forbidden');
    // The owner and lr are both legal representatives; demote lr, then the owner can't go.
    await call(w.rt, OWNER, 'users.setRole', { organisationId: w.org.id, userId: w.users.lr, role: 'administrator' });
    const me = await call(w.rt, OWNER, 'access.me', {});
    const last = await code(call(w.rt, OWNER, 'users.remove', { organisationId: w.org.id, userId: me.user.id }));
    expect(last).toBe('last-legal-representative');
    await call(w.rt, OWNER, 'users.remove', { organisationId: w.org.id, userId: w.users.collabManage });
    const matrix = await call(w.rt, OWNER, 'access.matrix', { organisationId: w.org.id });
    expect(matrix.grants.some((g: { userId: number }) => g.userId === w.users.collabManage)).toBe(false);
    expect(await code(call(w.rt, email('collabManage'), 'mailboxes.list', { mailServiceId: w.service.id }))).toBe('forbidden');
  });

  it('gives rights through work groups and on future products of a kind (not to externals)', async () => {
    const w = await world();
    expect(await code(call(w.rt, email('collab'), 'mailboxes.create', { mailServiceId: w.service.id, localPart: 'zoe' }))).toBe(
      'forbidden',
    );
    await call(w.rt, OWNER, 'workGroups.save', {
      organisationId: w.org.id,
      id: w.group.id,
      name: 'Support',
      memberIds: [w.users.collab],
      grants: [{ productId: w.service.productId, rights: { manage: true } }],
    });
    expect(await code(call(w.rt, email('collab'), 'mailboxes.create', { mailServiceId: w.service.id, localPart: 'zoe' }))).toBe(
      'ok',
    );
    const matrix = await call(w.rt, OWNER, 'access.matrix', { organisationId: w.org.id });
    expect(matrix.viaGroups).toContainEqual({
      userId: w.users.collab,
      productId: w.service.productId,
      rights: ['use', 'manage'],
      groups: ['Support'],
    });

    await call(w.rt, OWNER, 'access.setFuture', {
      organisationId: w.org.id,
      userId: w.users.collab,
      kind: 'mail-service',
      rights: { use: true, statistics: true, technical: true },
    });
    const next = await call(w.rt, OWNER, 'mailServices.create', {
      organisationId: w.org.id,
      domain: 'next.example',
      addressQuota: 5,
    });
    expect(await code(call(w.rt, email('collab'), 'mailboxes.list', { mailServiceId: next.id }))).toBe('ok');
    const after = await call(w.rt, OWNER, 'access.matrix', { organisationId: w.org.id });
    // technical isn't a right mail services have: dropped.
    expect(after.grants).toContainEqual({ userId: w.users.collab, productId: next.productId, rights: ['use', 'statistics'] });
    expect(
      await code(
        call(w.rt, OWNER, 'access.setFuture', {
          organisationId: w.org.id,
          userId: w.users.external,
          kind: 'domain',
          rights: { use: true },
        }),
      ),
    ).toBe('forbidden');
  });

  it('records changes as the acting user and undoes a grant', async () => {
    const w = await world();
    await call(w.rt, OWNER, 'access.grant', { userId: w.users.collab, productId: w.domain.id, rights: { use: true } });
    const entry = (await call(w.rt, OWNER, 'audit.list', { organisationId: w.org.id, action: 'access' })).rows[0];
    expect(entry).toMatchObject({ action: 'access.grant', actor: `${OWNER} (test)`, undoable: true });
    await call(w.rt, OWNER, 'audit.undo', { id: entry.id });
    const matrix = await call(w.rt, OWNER, 'access.matrix', { organisationId: w.org.id });
    expect(
      matrix.grants.some(
        (g: { userId: number; productId: number }) => g.userId === w.users.collab && g.productId === w.domain.id,
      ),
    ).toBe(false);
  });
});
