import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../electron/rpc/runtime';
import { AppError } from '../../electron/services/errors';
import { openWorkspaceSecrets } from '../../electron/services/secrets/workspace-secrets';
import type { BulkRowInput } from '../../shared/contract';
import { PROVIDER_HEADER } from '../../shared/domain/bulk-create/template';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { checkPassword } from '../../shared/domain/password/strength';
import { utf8 } from '../helpers/encodings';
import { ctx, expectAppError, seedService, tempDir, testRuntime } from '../helpers/workspace';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A workspace with the app key file (passwords can be sealed) and a clock the test moves. */
function sealedRuntime(quota = 500) {
  const dir = tempDir();
  let now = T0;
  const rt = openRuntime({
    file: path.join(dir, 'workspace.sqlite'),
    host: 'test',
    appVersion: 't',
    locale: null,
    secrets: { dataDir: dir },
    clock: () => new Date(now),
  });
  runtimes.push(rt);
  const { service } = seedService(rt, quota, 'muster-treuhand.ch');
  return { rt, dir, service, setNow: (ms: number) => (now = ms) };
}
const runtimes: Runtime[] = [];
afterEach(() => runtimes.splice(0).forEach((r) => r.close()));

/** Strong, distinct, searchable passwords (zxcvbn score 4, nothing from the address). */
const strong = (i: number) => `hT4.mW9-${String(i).padStart(3, '0')}`;
/** Rows as the dispatcher hands them on (its schema fills in forward-to and the flag); the services are called directly here. */
type Row = Required<BulkRowInput>;
const full = (row: BulkRowInput): Row => ({ forwardTo: '', keepFlag: '', ...row });
const rows = (count: number, from = 0): Row[] =>
  Array.from({ length: count }, (_, i) =>
    full({ line: i + 2, address: `person${String(from + i).padStart(3, '0')}`, password: strong(from + i) }),
  );

async function commitError(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    return error as AppError;
  }
  throw new Error(`expected the error ${code}`);
}

const count = (rt: Runtime, table: string) => rt.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('bulkCreate.commit', () => {
  it('is all or nothing: one bad row and nothing is written, the error lists the rows', async () => {
    const { rt, service } = sealedRuntime();
    const input = [
      ...rows(3),
      full({ line: 5, address: 'beat', password: 'Sommer2024!' }),
      full({ line: 6, address: 'person000', password: strong(9) }),
    ];
    const auditBefore = count(rt, 'audit_log');
    const error = await commitError(
      rt.services.bulkCreate.commit({ mailServiceId: service.id, fileName: 'x.csv', rows: input, generatePasswords: false }, ctx),
      'bulk-rows-invalid',
    );
    expect(error.details).toEqual({
      rows: [
        { line: 5, codes: ['weak-password'] },
        { line: 6, codes: ['duplicate-in-file'] },
      ],
      count: 2,
    });
    expect(error.message).toContain('nothing was created');
    expect(count(rt, 'mailboxes')).toBe(0);
    expect(count(rt, 'bulk_imports')).toBe(0);
    expect(count(rt, 'bulk_batches')).toBe(0);
    expect(count(rt, 'audit_log')).toBe(auditBefore);
  });

  it('is refused past the free quota (over-quota), again with nothing written', async () => {
    const { rt, service } = sealedRuntime(3);
    const error = await commitError(
      rt.services.bulkCreate.commit(
        { mailServiceId: service.id, fileName: 'x.csv', rows: rows(5), generatePasswords: false },
        ctx,
      ),
      'bulk-rows-invalid',
    );
    expect(error.details).toMatchObject({
      rows: [
        { line: 5, codes: ['over-quota'] },
        { line: 6, codes: ['over-quota'] },
      ],
      count: 2,
    });
    expect(count(rt, 'mailboxes')).toBe(0);
  });

  it('finds everything as address-exists when the same file comes again, and an alias as taken too', async () => {
    const { rt, service } = sealedRuntime();
    const input = rows(4);
    await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'staff.csv', rows: input, generatePasswords: false },
      ctx,
    );
    const mailbox = rt.services.mailboxes.lookup({ addresses: ['person000@muster-treuhand.ch'] }).mailboxes[0]!;
    rt.services.aliases.add({ mailboxId: mailbox.id, localPart: 'info' }, ctx);

    const context = rt.services.bulkCreate.context({ mailServiceId: service.id });
    expect(context.existing.sort()).toEqual(['info', 'person000', 'person001', 'person002', 'person003']);
    expect(context.free).toBe(500 - 4);

    const again = [...input, full({ line: 6, address: 'INFO@muster-treuhand.ch', password: strong(50) })];
    const error = await commitError(
      rt.services.bulkCreate.commit(
        { mailServiceId: service.id, fileName: 'staff.csv', rows: again, generatePasswords: false },
        ctx,
      ),
      'bulk-rows-invalid',
    );
    expect(error.details).toEqual({
      rows: [2, 3, 4, 5, 6].map((line) => ({ line, codes: ['address-exists'] })),
      count: 5,
    });
    expect(count(rt, 'mailboxes')).toBe(4);
  });

  it('stores passwords only sealed: not in the database or its WAL, not in the audit entry', async () => {
    const { rt, dir, service } = sealedRuntime();
    const input = [
      full({ line: 2, address: 'anna', password: 'Grüezi-Mätteli-47!x' }),
      full({ line: 3, address: 'beat', password: 'Bärlauch&Rösti#2025' }),
      full({ line: 4, address: 'claudia', password: '' }), // generated
      full({ line: 5, address: 'daniel', password: 'Sommer2024!' }), // weak: generated
    ];
    const result = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'secret.csv', rows: input, generatePasswords: true },
      ctx,
    );
    expect(result).toMatchObject({ created: 4, generated: 2 });

    const sealed = rt.db.prepare('SELECT local_part, password_sealed FROM mailboxes ORDER BY id').all() as {
      local_part: string;
      password_sealed: string;
    }[];
    const box = openWorkspaceSecrets(dir).box!;
    const plain = sealed.map((m) => box.open(m.password_sealed));
    expect(sealed.every((m) => m.password_sealed.startsWith('v1:'))).toBe(true);
    expect(plain.slice(0, 2)).toEqual(['Grüezi-Mätteli-47!x', 'Bärlauch&Rösti#2025']);
    for (const [i, generated] of plain.slice(2).entries()) {
      expect(generated).not.toBe(input[2 + i]!.password);
      expect(checkPassword(generated, [sealed[2 + i]!.local_part, 'muster-treuhand.ch']).ok).toBe(true);
    }
    const secrets = [...plain, 'Sommer2024!'];

    const entry = rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!;
    expect(entry.action).toBe('bulk-create.commit');
    const audit = JSON.stringify(entry);
    for (const secret of secrets) expect(audit).not.toContain(secret);

    // Every file of the workspace, with the WAL still full and after a checkpoint into the main file.
    const search = (when: string) => {
      for (const file of fs.readdirSync(dir)) {
        const bytes = fs.readFileSync(path.join(dir, file));
        for (const secret of secrets) expect(bytes.includes(Buffer.from(secret)), `${when}: ${file} holds ${secret}`).toBe(false);
      }
    };
    expect(fs.readdirSync(dir)).toContain('workspace.sqlite-wal');
    search('before the checkpoint');
    rt.db.pragma('wal_checkpoint(TRUNCATE)');
    search('after the checkpoint');

    // The one place they leave: the export of a ready batch.
    const exported = rt.services.bulkCreate.exportBatch({ batchId: result.batches[0]!.id }, ctx).csv;
    for (const secret of plain) expect(exported).toContain(secret);
    const exportEntry = rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]!;
    expect(exportEntry.action).toBe('bulk-create.export');
    for (const secret of secrets) expect(JSON.stringify(exportEntry)).not.toContain(secret);
  });

  it('puts a deleted planned mailbox back into its batch with its password when the delete is undone', async () => {
    const { rt, service } = sealedRuntime();
    const result = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'x.csv', rows: rows(3), generatePasswords: false },
      ctx,
    );
    const batchId = result.batches[0]!.id;
    const beat = rt.db.prepare("SELECT id, password_sealed FROM mailboxes WHERE local_part = 'person001'").get() as {
      id: number;
      password_sealed: string;
    };
    const deleted = rt.services.mailboxes.bulkDelete(
      { mailServiceId: service.id, selection: { kind: 'ids', ids: [beat.id] } },
      ctx,
    );
    expect(rt.services.bulkCreate.batches({ mailServiceId: service.id })[0]!.size).toBe(2);
    // The entry holds no password, not even sealed; it waits beside it for the undo.
    const entry = JSON.stringify(rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]);
    expect(entry).not.toContain(beat.password_sealed);
    expect(entry).not.toContain(strong(1));
    expect(count(rt, 'undo_secrets')).toBe(1);

    rt.services.audit.undo({ id: deleted.auditId! }, ctx);
    expect(count(rt, 'undo_secrets')).toBe(0);
    expect(rt.services.bulkCreate.batches({ mailServiceId: service.id })[0]!.size).toBe(3);
    const csv = rt.services.bulkCreate.exportBatch({ batchId }, ctx).csv;
    expect(csv).toContain(`person001@muster-treuhand.ch,${strong(1)}`);
  });

  it('puts forwarding and the 0/1 flag on the mailboxes (1 = delete after forwarding)', async () => {
    const { rt, service } = sealedRuntime();
    const input = [
      full({ line: 2, address: 'anna', password: strong(1), forwardTo: 'Anna@Example.org', keepFlag: '1' }),
      full({ line: 3, address: 'beat', password: strong(2), forwardTo: 'beat@bücher.ch', keepFlag: '0' }),
      full({ line: 4, address: 'claudia', password: strong(3), forwardTo: 'claudia@example.org', keepFlag: '' }),
      full({ line: 5, address: 'daniel', password: strong(4), forwardTo: '', keepFlag: '1' }), // warning only
      full({ line: 6, address: 'eva', password: strong(5) }),
    ];
    const result = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'fw.csv', rows: input, generatePasswords: false },
      ctx,
    );
    const found = rt.services.mailboxes.lookup({
      addresses: ['anna', 'beat', 'claudia', 'daniel', 'eva'].map((l) => `${l}@muster-treuhand.ch`),
    }).mailboxes;
    expect(found.map((m) => [m.address, m.state, m.forwardTargets, m.forwardKeepCopy])).toEqual([
      ['anna@muster-treuhand.ch', 'planned', ['anna@example.org'], false],
      ['beat@muster-treuhand.ch', 'planned', ['beat@bücher.ch'], true],
      ['claudia@muster-treuhand.ch', 'planned', ['claudia@example.org'], true],
      ['daniel@muster-treuhand.ch', 'planned', [], expect.any(Boolean)],
      ['eva@muster-treuhand.ch', 'planned', [], expect.any(Boolean)],
    ]);
    // And back out in the provider's form.
    const csv = rt.services.bulkCreate.exportBatch({ batchId: result.batches[0]!.id }, ctx).csv;
    const read = readCsvBytes(utf8(csv));
    if (!read.ok) throw new Error('unreadable export');
    expect(read.records.map((r) => r.cells)).toEqual([
      [...PROVIDER_HEADER],
      ['anna@muster-treuhand.ch', strong(1), 'anna@example.org', '1'],
      ['beat@muster-treuhand.ch', strong(2), 'beat@bücher.ch', '0'],
      ['claudia@muster-treuhand.ch', strong(3), 'claudia@example.org', '0'],
      ['daniel@muster-treuhand.ch', strong(4)],
      ['eva@muster-treuhand.ch', strong(5)],
    ]);
  });

  it('refuses without the workspace key (secrets-unavailable)', async () => {
    const rt = testRuntime();
    const { service } = seedService(rt);
    await commitError(
      rt.services.bulkCreate.commit(
        { mailServiceId: service.id, fileName: 'x.csv', rows: rows(1), generatePasswords: false },
        ctx,
      ),
      'secrets-unavailable',
    );
  });
});

describe('bulk-create batches', () => {
  it('plans 120 rows as 50/50/20 in file order, a day apart, and keeps the plan across a restart', async () => {
    const { rt, dir, service } = sealedRuntime();
    const result = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'big.csv', rows: rows(120), generatePasswords: false },
      ctx,
    );
    expect(result.batches.map((b) => [b.position, b.size, b.notBefore, b.status])).toEqual([
      [1, 50, iso(T0), 'ready'],
      [2, 50, iso(T0 + DAY), 'waiting'],
      [3, 20, iso(T0 + 2 * DAY), 'waiting'],
    ]);
    const members = (batchId: number) =>
      rt.db.prepare('SELECT local_part FROM mailboxes WHERE batch_id = ? ORDER BY id').pluck().all(batchId) as string[];
    result.batches.forEach((batch, b) => {
      expect(members(batch.id)).toEqual(rows(batch.size, b * 50).map((r) => r.address));
    });
    expect(rt.db.prepare('SELECT DISTINCT state FROM mailboxes').pluck().all()).toEqual(['planned']);

    // Durable: a new runtime on the same file sees the same plan.
    rt.close();
    const reopened = openRuntime({
      file: path.join(dir, 'workspace.sqlite'),
      host: 'test',
      appVersion: 't',
      locale: null,
      secrets: { dataDir: dir },
      clock: () => new Date(T0),
    });
    runtimes.push(reopened);
    expect(reopened.services.bulkCreate.batches({}).map((b) => [b.id, b.size, b.notBefore, b.status])).toEqual(
      result.batches.map((b) => [b.id, b.size, b.notBefore, b.status]),
    );
  });

  it('counts addresses created in the last 24 hours: 30 created 10 hours ago leave room for a first batch of 20', async () => {
    const { rt, service, setNow } = sealedRuntime();
    setNow(T0 - 10 * HOUR);
    rt.services.mailboxes.createMany(
      {
        mailServiceId: service.id,
        mailboxes: Array.from({ length: 30 }, (_, i) => ({
          localPart: `old${i}`,
          displayName: '',
          storageQuotaMb: 1024,
          state: 'created' as const,
        })),
      },
      ctx,
    );
    setNow(T0);
    expect(rt.services.bulkCreate.context({ mailServiceId: service.id }).recent).toHaveLength(30);
    const result = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'x.csv', rows: rows(120), generatePasswords: false },
      ctx,
    );
    expect(result.batches.map((b) => [b.size, b.notBefore, b.status])).toEqual([
      [20, iso(T0), 'ready'],
      [50, iso(T0 + 24 * HOUR), 'waiting'],
      [50, iso(T0 + 48 * HOUR), 'waiting'],
    ]);
  });

  it('mark-applied sets the mailboxes to created and moves the next batch to 24 hours after it', async () => {
    const { rt, service, setNow } = sealedRuntime();
    const { batches } = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'big.csv', rows: rows(120), generatePasswords: false },
      ctx,
    );
    const [first, second, third] = batches as [(typeof batches)[0], (typeof batches)[0], (typeof batches)[0]];

    // Not yet applied two hours later: the plan slides with the clock.
    setNow(T0 + 2 * HOUR);
    expect(rt.services.bulkCreate.batches({}).map((b) => b.notBefore)).toEqual([
      iso(T0 + 2 * HOUR),
      iso(T0 + 26 * HOUR),
      iso(T0 + 50 * HOUR),
    ]);
    expectAppError(() => rt.services.bulkCreate.exportBatch({ batchId: second.id }, ctx), 'batch-not-ready');
    expectAppError(() => rt.services.bulkCreate.markApplied({ batchId: second.id }, ctx), 'batch-not-ready');

    rt.services.bulkCreate.exportBatch({ batchId: first.id }, ctx);
    expect(rt.services.bulkCreate.batches({})[0]).toMatchObject({ status: 'exported', exportedAt: iso(T0 + 2 * HOUR) });

    setNow(T0 + 3 * HOUR);
    const applied = rt.services.bulkCreate.markApplied({ batchId: first.id }, ctx);
    expect(applied).toMatchObject({
      id: first.id,
      status: 'applied',
      appliedAt: iso(T0 + 3 * HOUR),
      notBefore: iso(T0 + 3 * HOUR),
    });
    const states = rt.db
      .prepare('SELECT batch_id, state, count(*) AS n FROM mailboxes GROUP BY batch_id, state ORDER BY batch_id')
      .all();
    expect(states).toEqual([
      { batch_id: first.id, state: 'created', n: 50 },
      { batch_id: second.id, state: 'planned', n: 50 },
      { batch_id: third.id, state: 'planned', n: 20 },
    ]);
    expect(rt.services.audit.list({ offset: 0, limit: 1 }).rows[0]).toMatchObject({ action: 'bulk-create.applied' });

    // The next batch unlocks 24 hours after the applied one, the one after a day later.
    const view = () => rt.services.bulkCreate.batches({}).map((b) => [b.status, b.notBefore]);
    expect(view()).toEqual([
      ['applied', iso(T0 + 3 * HOUR)],
      ['waiting', iso(T0 + 27 * HOUR)],
      ['waiting', iso(T0 + 51 * HOUR)],
    ]);
    setNow(T0 + 27 * HOUR - 1);
    expect(view()[1]).toEqual(['waiting', iso(T0 + 27 * HOUR)]);
    expectAppError(() => rt.services.bulkCreate.exportBatch({ batchId: second.id }, ctx), 'batch-not-ready');
    setNow(T0 + 27 * HOUR);
    expect(view()[1]).toEqual(['ready', iso(T0 + 27 * HOUR)]);
    expect(rt.services.bulkCreate.exportBatch({ batchId: second.id }, ctx).rows).toBe(50);

    // An applied batch is neither exported nor applied again.
    expectAppError(() => rt.services.bulkCreate.exportBatch({ batchId: first.id }, ctx), 'batch-applied');
    expectAppError(() => rt.services.bulkCreate.markApplied({ batchId: first.id }, ctx), 'batch-applied');
    expectAppError(() => rt.services.bulkCreate.exportBatch({ batchId: 9999 }, ctx), 'not-found');
  });

  it('names the export after the domain, the batch and the day', async () => {
    const { rt, service } = sealedRuntime();
    const { batches } = await rt.services.bulkCreate.commit(
      { mailServiceId: service.id, fileName: 'x.csv', rows: rows(2), generatePasswords: false },
      ctx,
    );
    expect(rt.services.bulkCreate.exportBatch({ batchId: batches[0]!.id }, ctx)).toMatchObject({
      fileName: 'muster-treuhand.ch-batch-1-2026-03-02.csv',
      rows: 2,
    });
  });
});
