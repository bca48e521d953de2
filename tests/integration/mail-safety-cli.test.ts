import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../electron/cli/cli';
import { tempDir } from '../helpers/workspace';

async function cli(dataDir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

describe('mailwright attachments check, filters, allow and block', () => {
  it('judges files and folders, looks inside nested zips, exits 1 when any would be refused', async () => {
    const dir = tempDir();
    const files = path.join(dir, 'outgoing');
    fs.mkdirSync(path.join(files, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(files, 'offer.pdf'), '%PDF-1.7');
    fs.writeFileSync(path.join(files, 'sub', 'tools.zip'), zipSync({ 'inner.zip': zipSync({ 'setup.EXE': strToU8('MZ') }) }));
    fs.writeFileSync(path.join(files, 'photos.zip'), zipSync({ 'a.jpg': strToU8('jpg') }));

    const human = await cli(dir, 'attachments', 'check', files);
    expect(human.code).toBe(EXIT.failed);
    expect(human.stdout).toMatch(/REFUSED\s+\S*tools\.zip\n\s+inner\.zip › setup\.EXE: refused extension \(\.exe\)/);
    expect(human.stdout).toMatch(/OK\s+\S*offer\.pdf/);
    expect(human.stderr).toContain('Share them by link');

    const json = await cli(
      dir,
      '--json',
      'attachments',
      'check',
      path.join(files, 'offer.pdf'),
      path.join(files, 'sub', 'tools.zip'),
    );
    expect(json.code).toBe(EXIT.failed);
    const result = JSON.parse(json.stdout);
    expect(result.refused).toBe(1);
    expect(result.files.map((f: { refused: boolean }) => f.refused)).toEqual([false, true]);

    const clean = await cli(dir, 'attachments', 'check', path.join(files, 'photos.zip'), path.join(files, 'offer.pdf'));
    expect(clean.code).toBe(EXIT.ok);
    expect((await cli(dir, 'attachments', 'check', path.join(dir, 'nope.txt'))).code).toBe(EXIT.usage);
  });

  it('shows and sets a mailbox’s filters, and edits its allow and block lists', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Muster AG');
    await cli(dir, 'service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '5');
    await cli(dir, 'mailbox', 'add', 'anna@muster.ch');
    const set = await cli(dir, 'filters', 'set', 'anna@muster.ch', '--promotions', 'on', '--promotions-folder', 'Werbung');
    expect(set.code, set.stderr).toBe(EXIT.ok);
    expect(set.stdout).toContain('promotions:      on → Werbung');
    expect((await cli(dir, 'block', 'add', 'anna@muster.ch', '@Spam.example', 'x@y.example')).code).toBe(EXIT.ok);
    const allowed = await cli(dir, 'allow', 'add', 'anna@muster.ch', '@muster.ch');
    expect(allowed.stdout).toContain('warning: @muster.ch: the mailbox’s own address or domain is allowed');
    expect((await cli(dir, 'block', 'rm', 'anna@muster.ch', 'X@Y.example')).code).toBe(EXIT.ok);
    const bad = await cli(dir, 'block', 'add', 'anna@muster.ch', 'not-an-entry');
    expect(bad.code).toBe(EXIT.failed);
    expect(bad.stderr).toContain('neither an address nor a domain');
    const shown = JSON.parse((await cli(dir, '--json', 'filters', 'show', 'anna@muster.ch')).stdout);
    expect(shown).toMatchObject({ allow: ['@muster.ch'], block: ['@spam.example'], settings: { spam: true, promotions: true } });
  });

  it('checks Sieve scripts with line and column, exit 1 on an error', async () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.sieve');
    const bad = path.join(dir, 'bad.sieve');
    fs.writeFileSync(good, 'require "fileinto";\nif header :contains "subject" "Rechnung" {\n  fileinto "Rechnungen";\n}\n');
    fs.writeFileSync(bad, 'require "fileinto";\nif true {\n  fileinto "A"\n}\n');
    const ok = await cli(dir, 'sieve', 'check', good);
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.stdout).toContain('OK     ');
    const failed = await cli(dir, '--json', 'sieve', 'check', good, bad);
    expect(failed.code).toBe(EXIT.failed);
    expect(JSON.parse(failed.stdout)[1]).toMatchObject({ ok: false, error: { line: 4, column: 1, code: 'syntax' } });

    await cli(dir, 'org', 'add', 'Muster AG');
    await cli(dir, 'service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '5');
    await cli(dir, 'mailbox', 'add', 'anna@muster.ch');
    const refused = await cli(dir, 'sieve', 'put', 'anna@muster.ch', bad);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stderr).toContain('Line 4, column 1');
    expect((await cli(dir, 'sieve', 'put', 'anna@muster.ch', good, '--activate')).code).toBe(EXIT.ok);
    expect((await cli(dir, 'sieve', 'put', 'anna@muster.ch', good, '--name', 'Second')).code).toBe(EXIT.ok);
    expect((await cli(dir, 'sieve', 'activate', 'anna@muster.ch', 'second')).code).toBe(EXIT.ok);
    expect((await cli(dir, 'sieve', 'list', 'anna@muster.ch')).stdout).toBe('  good  (5 lines)\n* Second  (5 lines)\n');
  });

  it('keeps templates and applies them to chosen mailboxes, with a dry run first and an undo after', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'signups.sieve');
    fs.writeFileSync(script, 'require ["fileinto", "subaddress"];\nif address :detail "to" "signup" { fileinto "Signups"; }\n');
    await cli(dir, 'org', 'add', 'Muster AG');
    await cli(dir, 'service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '10');
    for (const name of ['anna', 'ben', 'carla']) await cli(dir, 'mailbox', 'add', `${name}@muster.ch`);
    expect((await cli(dir, 'template', 'list', 'muster.ch')).stdout).toContain('No templates in muster.ch yet');
    const saved = await cli(
      dir,
      'template',
      'save',
      'muster.ch',
      'Sales',
      '--quota-mb',
      '4096',
      '--forward',
      'crm@example.org',
      '--sieve',
      script,
    );
    expect(saved.code, saved.stderr).toBe(EXIT.ok);
    expect((await cli(dir, 'template', 'list', 'muster.ch')).stdout).toBe(
      'Sales: storage quota 4096 MB; forward to crm@example.org (keep a copy); Sieve script "Sales" (active)\n',
    );

    const dry = await cli(dir, 'template', 'apply', 'muster.ch', 'sales', '--to', 'anna', 'ben@muster.ch', '--dry-run');
    expect(dry.code, dry.stderr).toBe(EXIT.ok);
    expect(dry.stdout).toContain('2 of 2 selected mailbox(es) would change (storage quota 2, forwarding 2, Sieve 2).');
    expect(
      JSON.parse((await cli(dir, '--json', 'mailbox', 'list', 'muster.ch')).stdout).rows.map(
        (m: { storageQuotaMb: number }) => m.storageQuotaMb,
      ),
    ).toEqual([20480, 20480, 20480]);

    const applied = await cli(dir, 'template', 'apply', 'muster.ch', 'Sales', '--to', 'anna,ben');
    expect(applied.code, applied.stderr).toBe(EXIT.ok);
    const undo = /activity undo (\d+)/.exec(applied.stderr)?.[1];
    expect(undo).toBeDefined();
    const list = async () =>
      JSON.parse((await cli(dir, '--json', 'mailbox', 'list', 'muster.ch')).stdout).rows.map(
        (m: { address: string; storageQuotaMb: number; forwardTargets: string[] }) => [
          m.address,
          m.storageQuotaMb,
          m.forwardTargets,
        ],
      );
    expect(await list()).toEqual([
      ['anna@muster.ch', 4096, ['crm@example.org']],
      ['ben@muster.ch', 4096, ['crm@example.org']],
      ['carla@muster.ch', 20480, []],
    ]);
    expect((await cli(dir, 'sieve', 'list', 'ben@muster.ch')).stdout).toBe('* Sales  (3 lines)\n');
    expect((await cli(dir, 'activity', 'undo', undo!)).code).toBe(EXIT.ok);
    expect((await list()).map((r: unknown[]) => r[1])).toEqual([20480, 20480, 20480]);
    expect((await cli(dir, 'sieve', 'list', 'ben@muster.ch')).stdout).toBe('No scripts.\n');

    // New mailboxes take a template when created; an unknown template or mailbox changes nothing.
    expect((await cli(dir, 'mailbox', 'add', 'dora@muster.ch', '--template', 'Sales')).code).toBe(EXIT.ok);
    expect((await list()).find((r: unknown[]) => r[0] === 'dora@muster.ch')).toEqual([
      'dora@muster.ch',
      4096,
      ['crm@example.org'],
    ]);
    const unknown = await cli(dir, 'template', 'apply', 'muster.ch', 'Nope', '--all');
    expect(unknown.code).toBe(EXIT.failed);
    expect(unknown.stderr).toContain('has no template "Nope"');
    const missing = await cli(dir, 'template', 'apply', 'muster.ch', 'Sales', '--to', 'zed');
    expect(missing.stderr).toContain('No mailbox zed@muster.ch');
    expect((await cli(dir, 'template', 'apply', 'muster.ch', 'Sales')).code).toBe(EXIT.usage);
    const all = await cli(dir, 'template', 'apply', 'muster.ch', 'Sales', '--all');
    expect(all.stdout).toContain('3 of 4 selected mailbox(es) changed');
  });
});
