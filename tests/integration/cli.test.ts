import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../electron/cli/cli';
import { registerHolder } from '../../electron/store/holders';
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

describe('mailwright CLI', () => {
  it('works through organisations, services and mailboxes; --json prints only JSON on stdout', async () => {
    const dir = tempDir();
    expect((await cli(dir, 'org', 'add', 'Acme AG')).code).toBe(EXIT.ok);
    expect((await cli(dir, 'service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '5')).code).toBe(EXIT.ok);
    const added = await cli(dir, '--json', 'mailbox', 'add', 'Anna@acme.example', '--name', 'Anna Muster', '--quota-mb', '2048');
    expect(added.code).toBe(EXIT.ok);
    expect(JSON.parse(added.stdout)).toMatchObject({
      address: 'anna@acme.example',
      displayName: 'Anna Muster',
      storageQuotaMb: 2048,
    });
    expect(added.stderr).toContain('Added anna@acme.example');

    const list = await cli(dir, '--json', 'mailbox', 'list', 'acme.example', '--search', 'muster');
    expect(JSON.parse(list.stdout)).toMatchObject({ total: 1, rows: [{ address: 'anna@acme.example' }] });
    const human = await cli(dir, 'mailbox', 'list', 'acme.example');
    expect(human.stdout).toMatch(/anna@acme\.example\s+Anna Muster\s+2048\s+planned/);

    const services = JSON.parse((await cli(dir, '--json', 'service', 'list')).stdout) as { addressesUsed: number }[];
    expect(services[0]!.addressesUsed).toBe(1);
  });

  it('exits 1 on a refused change, with the reason on stderr and a JSON error with --json', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Acme AG');
    await cli(dir, 'service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '1');
    await cli(dir, 'mailbox', 'add', 'a@acme.example');
    const over = await cli(dir, '--json', 'mailbox', 'add', 'b@acme.example');
    expect(over.code).toBe(EXIT.failed);
    expect(JSON.parse(over.stdout)).toMatchObject({ ok: false, error: { code: 'address-quota-exceeded' } });
    expect(over.stderr).toContain('Raise the address quota');
    expect((await cli(dir, 'mailbox', 'add', 'bad..name@acme.example')).code).toBe(EXIT.failed);
    expect((await cli(dir, 'org', 'add', 'acme ag')).code).toBe(EXIT.failed);
  });

  it('exits 2 on usage errors and unusable input', async () => {
    const dir = tempDir();
    expect((await cli(dir, 'frobnicate')).code).toBe(EXIT.usage);
    expect((await cli(dir, 'service', 'add', 'x.example', '--org', '1', '--quota', 'many')).code).toBe(EXIT.usage);
    expect((await cli(dir, 'mailbox', 'add', 'no-at-sign')).code).toBe(EXIT.usage);
    fs.writeFileSync(path.join(dir, 'workspace.sqlite'), 'this is not a database');
    const broken = await cli(dir, 'org', 'list');
    expect(broken.code).toBe(EXIT.usage);
    expect(broken.stderr).toContain(path.join(dir, 'workspace.sqlite'));
    expect(fs.readFileSync(path.join(dir, 'workspace.sqlite'), 'utf8')).toBe('this is not a database');
  });

  it('asks for --yes before deleting a mail service with its mailboxes', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Acme AG');
    await cli(dir, 'service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '3');
    await cli(dir, 'mailbox', 'add', 'a@acme.example');
    const refused = await cli(dir, 'service', 'rm', 'acme.example');
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('1 mailbox(es)');
    expect((await cli(dir, 'service', 'rm', 'acme.example', '--yes')).code).toBe(EXIT.ok);
  });

  it('deletes mailboxes by address and undoes it from the activity log', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Acme AG');
    await cli(dir, 'service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '3');
    await cli(dir, 'mailbox', 'add', 'a@acme.example');
    const missing = await cli(dir, 'mailbox', 'rm', 'a@acme.example', 'ghost@acme.example');
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.stderr).toContain('ghost@acme.example');
    const removed = await cli(dir, '--json', 'mailbox', 'rm', 'a@acme.example');
    const { auditId } = JSON.parse(removed.stdout) as { auditId: number };
    expect(removed.stderr).toContain(`mailwright activity undo ${auditId}`);
    expect((await cli(dir, 'activity', 'undo', String(auditId))).code).toBe(EXIT.ok);
    expect(JSON.parse((await cli(dir, '--json', 'mailbox', 'list', 'acme.example')).stdout).total).toBe(1);
  });

  it('backs up and restores the workspace, keeping the replaced one', async () => {
    const dir = tempDir();
    const backup = path.join(tempDir(), 'backup.sqlite');
    await cli(dir, 'org', 'add', 'Before Backup AG');
    expect((await cli(dir, 'backup', '--to', backup)).code).toBe(EXIT.ok);
    expect((await cli(dir, 'backup', '--to', backup)).code).toBe(EXIT.usage); // never overwrites
    await cli(dir, 'org', 'add', 'After Backup AG');
    const restored = await cli(dir, '--json', 'restore', '--from', backup);
    expect(restored.code).toBe(EXIT.ok);
    const { previousSavedAs } = JSON.parse(restored.stdout) as { previousSavedAs: string };
    expect(fs.existsSync(previousSavedAs)).toBe(true);
    const names = (JSON.parse((await cli(dir, '--json', 'org', 'list')).stdout) as { name: string }[]).map((o) => o.name);
    expect(names).toEqual(['Before Backup AG']);
  });

  it('refuses to restore while another process holds the workspace open, and a bad backup file', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Acme');
    const backup = path.join(tempDir(), 'b.sqlite');
    await cli(dir, 'backup', '--to', backup);
    const release = registerHolder(path.join(dir, 'workspace.sqlite'), process.ppid); // a live process that isn't us
    const busy = await cli(dir, 'restore', '--from', backup);
    release();
    expect(busy.code).toBe(EXIT.usage);
    expect(busy.stderr).toContain('Close it');
    const junk = path.join(tempDir(), 'junk.sqlite');
    fs.writeFileSync(junk, 'junk');
    expect((await cli(dir, 'restore', '--from', junk)).code).toBe(EXIT.usage);
  });

  it('sets forwarding and aliases, refusing loops, and exports formula-safe CSV', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Acme AG');
    await cli(dir, 'service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '5');
    await cli(dir, 'mailbox', 'add', 'a@acme.example', '--name', '=cmd|calc');
    await cli(dir, 'mailbox', 'add', 'b@acme.example');
    expect((await cli(dir, 'mailbox', 'forward', 'a@acme.example', 'b@acme.example')).code).toBe(EXIT.ok);
    const loop = await cli(dir, 'mailbox', 'forward', 'b@acme.example', 'a@acme.example');
    expect(loop.code).toBe(EXIT.failed);
    expect(loop.stderr).toContain('b@acme.example → a@acme.example → b@acme.example');
    expect((await cli(dir, 'mailbox', 'alias', 'a@acme.example', 'add', 'Sales')).stderr).toContain(
      'sales@acme.example now delivers to a@acme.example',
    );
    expect((await cli(dir, 'mailbox', 'alias', 'b@acme.example', 'add', 'sales')).code).toBe(EXIT.failed);
    const csv = await cli(dir, 'mailbox', 'export', 'acme.example', '--delimiter', ';');
    expect(csv.stdout.startsWith('\uFEFFAddress;Display name;')).toBe(true);
    expect(csv.stdout).toContain("a@acme.example;'=cmd|calc;");
    expect(csv.stdout).toContain(';b@acme.example;'); // a's forward target
    const out = path.join(tempDir(), 'm.csv');
    expect((await cli(dir, 'mailbox', 'export', 'acme.example', '--out', out)).code).toBe(EXIT.ok);
    expect((await cli(dir, 'mailbox', 'export', 'acme.example', '--out', out)).code).toBe(EXIT.usage); // never overwrites
    expect((await cli(dir, 'mailbox', 'forward', 'a@acme.example')).stderr).toContain('Forwarding of a@acme.example is off.');
  });

  it('prints help', async () => {
    const result = await cli(tempDir(), '--help');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('mailbox');
    expect(result.stdout).toContain('--data-dir');
  });
});
