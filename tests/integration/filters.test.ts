import { describe, expect, it } from 'vitest';
import { OWNER, accessRuntime, call, code } from '../helpers/access';

describe('mailbox filters', () => {
  it('start at the provider defaults, save lists with warnings, refuse invalid entries, and undo', async () => {
    const rt = accessRuntime();
    const org = await call(rt, OWNER, 'organisations.create', { name: 'Muster AG' });
    const service = await call(rt, OWNER, 'mailServices.create', {
      organisationId: org.id,
      domain: 'muster.ch',
      addressQuota: 5,
    });
    const anna = await call(rt, OWNER, 'mailboxes.create', { mailServiceId: service.id, localPart: 'anna' });
    const fresh = await call(rt, OWNER, 'filters.get', { mailboxId: anna.id });
    expect(fresh).toMatchObject({
      address: 'anna@muster.ch',
      settings: { spam: true, promotions: false, social: false },
      allow: [],
      block: [],
    });

    const saved = await call(rt, OWNER, 'filters.set', {
      mailboxId: anna.id,
      promotions: true,
      promotionsFolder: 'Werbung',
      allow: ['Chef@Muster.ch', '@muster.ch'],
      block: ['@spam.example', '@SPAM.example'],
    });
    expect(saved).toMatchObject({
      settings: { spam: true, promotions: true, promotionsFolder: 'Werbung' },
      allow: ['chef@muster.ch', '@muster.ch'],
      block: ['@spam.example'],
      problems: [{ code: 'own-address-allowed', list: 'allow', entry: '@muster.ch' }],
    });

    const refused = await call(rt, OWNER, 'filters.set', { mailboxId: anna.id, block: ['@spam.example', 'nonsense'] }).catch(
      (e) => e,
    );
    expect(refused.code).toBe('invalid-filter-entry');
    expect((await call(rt, OWNER, 'filters.get', { mailboxId: anna.id })).block).toEqual(['@spam.example']);

    // Unchanged input writes nothing; a change is one activity entry, undone as one.
    expect((await call(rt, OWNER, 'filters.set', { mailboxId: anna.id, promotions: true })).auditId).toBeNull();
    const change = await call(rt, OWNER, 'filters.set', { mailboxId: anna.id, spam: false, block: [] });
    await call(rt, OWNER, 'audit.undo', { id: change.auditId });
    expect(await call(rt, OWNER, 'filters.get', { mailboxId: anna.id })).toMatchObject({
      settings: { spam: true },
      block: ['@spam.example'],
    });

    // Deleting the mailbox takes its filters along; undoing the delete brings them back.
    const deleted = await call(rt, OWNER, 'mailboxes.delete', { ids: [anna.id] });
    expect(rt.db.prepare('SELECT count(*) FROM mailbox_filter_entries').pluck().get()).toBe(0);
    await call(rt, OWNER, 'audit.undo', { id: deleted.auditId });
    expect(await call(rt, OWNER, 'filters.get', { mailboxId: anna.id })).toMatchObject({
      settings: { spam: true, promotions: true },
      block: ['@spam.example'],
    });
    await call(rt, OWNER, 'mailboxes.delete', { ids: [anna.id] });
    expect(await code(call(rt, OWNER, 'filters.get', { mailboxId: anna.id }))).toBe('not-found');
  });
});

describe('the activity filter by user', () => {
  it('finds exactly that user for a full address, and a part of the actor otherwise', async () => {
    const rt = accessRuntime();
    const org = await call(rt, OWNER, 'organisations.create', { name: 'Muster AG' });
    for (const email of ['anna@muster.ch', 'joanna@muster.ch']) {
      await call(rt, OWNER, 'users.add', { organisationId: org.id, email, role: 'administrator' });
      await call(rt, email, 'organisations.update', { id: org.id, name: `Muster AG (${email})` });
    }
    const exact = await call(rt, OWNER, 'audit.list', { actor: 'anna@muster.ch' });
    expect(exact.rows.map((r: { actor: string }) => r.actor)).toEqual(['anna@muster.ch (test)']);
    const part = await call(rt, OWNER, 'audit.list', { actor: 'anna@' });
    expect(part.rows).toHaveLength(2);
    expect(part.facets.actors).toContain('joanna@muster.ch (test)');
  });
});

describe('Sieve scripts of a mailbox', () => {
  it('keeps only scripts that parse, one active, and undoes a delete', async () => {
    const rt = accessRuntime();
    const org = await call(rt, OWNER, 'organisations.create', { name: 'Muster AG' });
    const service = await call(rt, OWNER, 'mailServices.create', {
      organisationId: org.id,
      domain: 'muster.ch',
      addressQuota: 5,
    });
    const anna = await call(rt, OWNER, 'mailboxes.create', { mailServiceId: service.id, localPart: 'anna' });
    const bad = await call(rt, OWNER, 'sieve.save', {
      mailboxId: anna.id,
      name: 'Broken',
      content: 'require "fileinto";\nif true {\n  fileinto "A"\n}',
    }).catch((e) => e);
    expect(bad).toMatchObject({ code: 'sieve-invalid', details: { line: 4, column: 1 } });
    const a = await call(rt, OWNER, 'sieve.save', { mailboxId: anna.id, name: 'Main', content: 'keep;', activate: true });
    const b = await call(rt, OWNER, 'sieve.save', {
      mailboxId: anna.id,
      name: 'Holiday',
      content: 'require "fileinto";\nfileinto "Ferien";',
    });
    expect(await code(call(rt, OWNER, 'sieve.save', { mailboxId: anna.id, name: 'main', content: 'stop;' }))).toBe('name-exists');
    await call(rt, OWNER, 'sieve.activate', { id: b.id, active: true });
    const list = await call(rt, OWNER, 'sieve.list', { mailboxId: anna.id });
    expect(list.map((s: { name: string; active: boolean }) => [s.name, s.active])).toEqual([
      ['Holiday', true],
      ['Main', false],
    ]);
    const deleted = await call(rt, OWNER, 'sieve.delete', { id: a.id });
    await call(rt, OWNER, 'audit.undo', { id: deleted.auditId });
    expect((await call(rt, OWNER, 'sieve.list', { mailboxId: anna.id })).map((s: { name: string }) => s.name)).toEqual([
      'Holiday',
      'Main',
    ]);
  });
});
