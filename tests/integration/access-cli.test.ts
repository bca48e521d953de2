import fs from 'node:fs';
import path from 'node:path';
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

describe('mailwright user / access / transfer / activity', () => {
  it('adds users, grants access, checks --as, and moves a product by link', async () => {
    const dir = tempDir();
    for (const args of [
      ['org', 'add', 'Acme'],
      ['org', 'add', 'Beta'],
      ['service', 'add', 'acme.example', '--org', 'Acme', '--quota', '5'],
      ['mailbox', 'add', 'anna@acme.example'],
      ['user', 'add', 'carl@acme.example', '--org', 'Acme', '--role', 'collaborator', '--name', 'Carl'],
      ['user', 'add', 'bea@beta.example', '--org', 'Beta', '--role', 'administrator'],
    ]) {
      const r = await cli(dir, ...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(EXIT.ok);
    }
    // Carl may not list mailboxes until granted; the refusal says why, exit 1.
    const refused = await cli(dir, '--as', 'carl@acme.example', 'mailbox', 'list', 'acme.example');
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stderr).toMatch(/No mail service|no "use" right/);
    expect(
      (await cli(dir, 'access', 'grant', 'carl@acme.example', 'acme.example', '--org', 'Acme', '--rights', 'use')).code,
    ).toBe(EXIT.ok);
    const listed = await cli(dir, '--as', 'carl@acme.example', '--json', 'mailbox', 'list', 'acme.example');
    expect(listed.code).toBe(EXIT.ok);
    expect(JSON.parse(listed.stdout).rows.map((m: { address: string }) => m.address)).toEqual(['anna@acme.example']);
    const added = await cli(dir, '--as', 'carl@acme.example', 'mailbox', 'add', 'bob@acme.example');
    expect(added.code).toBe(EXIT.failed);
    expect(added.stderr).toContain('no "manage" right');
    expect(
      (await cli(dir, 'access', 'grant', 'carl@acme.example', 'acme.example', '--org', 'Acme', '--rights', 'root')).code,
    ).toBe(EXIT.usage);
    const matrix = await cli(dir, 'access', 'show', '--org', 'Acme');
    expect(matrix.stdout).toMatch(/carl@acme\.example\s+collaborator\s+use/);

    // A transfer link on stdout; the token never in the activity log.
    const created = await cli(dir, 'transfer', 'create', '--org', 'Acme', '--products', 'acme.example', '--accept-terms');
    expect(created.code).toBe(EXIT.ok);
    const link = created.stdout.trim();
    expect(link).toMatch(/^mailwright:\/\/transfer\/[A-Za-z0-9_-]{43}$/);
    const show = await cli(dir, '--as', 'bea@beta.example', 'transfer', 'show', link);
    expect(show.stdout).toContain('Stays behind');
    // The command line: running "accept" accepts the terms, which are printed.
    const accepted = await cli(dir, '--as', 'bea@beta.example', 'transfer', 'accept', link, '--to', 'Beta');
    expect(accepted.code, accepted.stderr).toBe(EXIT.ok);
    expect(accepted.stderr).toContain('Terms of transfer');
    const list = await cli(dir, '--json', 'transfer', 'list', '--org', 'Acme');
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ state: 'completed', destinationOrganisation: 'Beta' });
    const activity = await cli(dir, '--json', 'activity', 'list', '--action', 'transfer', '--since', '2000-01-01');
    const rows = JSON.parse(activity.stdout).rows as { action: string; actor: string }[];
    expect(rows.map((r) => r.action)).toEqual(['transfer.receive', 'transfer.complete', 'transfer.create']);
    expect(rows[0]!.actor).toMatch(/^bea@beta\.example \(cli:/);
    expect(activity.stdout).not.toContain(link.slice(-43));
    const byUser = await cli(dir, '--json', 'activity', 'list', '--user', 'bea@');
    expect(JSON.parse(byUser.stdout).rows.every((r: { actor: string }) => r.actor.startsWith('bea@'))).toBe(true);
    expect((await cli(dir, 'activity', 'list', '--since', 'yesterday')).code).toBe(EXIT.usage);
  });

  it('exports a transfer file (0600, never overwritten) and imports it into another workspace', async () => {
    const a = tempDir();
    const b = tempDir();
    await cli(a, 'org', 'add', 'Acme');
    await cli(a, 'service', 'add', 'acme.example', '--org', 'Acme', '--quota', '5');
    await cli(a, 'mailbox', 'add', 'anna@acme.example');
    await cli(a, 'transfer', 'create', '--org', 'Acme', '--products', 'acme.example', '--accept-terms');
    const file = path.join(tempDir(), 'acme.mwtransfer');
    const exported = await cli(a, 'transfer', 'export', '1', '--out', file);
    expect(exported.code, exported.stderr).toBe(EXIT.ok);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await cli(a, 'transfer', 'export', '1', '--out', file)).code).toBe(EXIT.usage);
    const fingerprint = /key ([0-9A-F ]{39})/.exec(exported.stderr)![1];

    await cli(b, 'org', 'add', 'Gamma');
    const preview = await cli(b, 'transfer', 'import', file);
    expect(preview.stdout).toContain(`Signed:   ${fingerprint}`);
    const imported = await cli(b, 'transfer', 'import', file, '--to', 'Gamma', '--accept-terms');
    expect(imported.code, imported.stderr).toBe(EXIT.ok);
    const mailboxes = await cli(b, '--json', 'mailbox', 'list', 'acme.example');
    expect(JSON.parse(mailboxes.stdout).rows.map((m: { address: string }) => m.address)).toEqual(['anna@acme.example']);

    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('anna', 'mallory'));
    const tampered = await cli(b, 'transfer', 'import', file, '--to', 'Gamma', '--accept-terms');
    expect(tampered.code).toBe(EXIT.failed);
    expect(tampered.stderr).toContain("can't be trusted");
  });
});
