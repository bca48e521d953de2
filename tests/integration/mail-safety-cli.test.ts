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
});
