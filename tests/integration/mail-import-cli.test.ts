import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../shared/contract';
import { EXIT, runCli } from '../../electron/cli/cli';
import { imapClient } from '../../electron/mail-import/imap';
import { type Dovecot, hasDovecot, startDovecot } from '../helpers/dovecot';
import { tempDir, testRuntime } from '../helpers/workspace';

// The import jobs end to end through `mailwright import …` against two private Dovecots on 127.0.0.1.
const ready = hasDovecot();
if (!ready && process.env.CI) throw new Error('CI must have Dovecot: .ci/run installs dovecot-imapd');
if (!ready) console.log('mail import: Dovecot not found (apt-get install dovecot-imapd): the import CLI tests are skipped');

const BUNDLE = path.resolve('dist/node/cli.cjs');
const SECRET = { source: 'Src-Pass-7f3k', target: 'Dst-Pass-9q2m' };
const LEA = 'Maple-Orbit-Lantern-42!';
let oldHost: Dovecot;
let newHost: Dovecot;

async function cli(dataDir: string, env: Record<string, string>, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
  });
  return { code, stdout, stderr };
}

async function fill(user: string, count: number, from = 0, folder = 'INBOX') {
  const c = await imapClient({
    user,
    password: SECRET.source,
    endpoint: { host: oldHost.host, port: oldHost.port, security: 'none' },
  });
  await c.connect();
  if (folder !== 'INBOX') await c.mailboxCreate(folder).catch(() => undefined);
  for (let i = from; i < from + count; i++)
    await c.append(
      folder,
      `Message-ID: <${user}-${i}@old.example>\r\nFrom: x@old.example\r\nSubject: Nr ${i}\r\n\r\n${'body '.repeat(200 + (i % 50))}\r\n`,
      i % 2 ? ['\\Seen'] : [],
      new Date(Date.UTC(2022, 0, 1 + (i % 300))),
    );
  await c.logout();
}

async function messageIds(user: string, password = SECRET.target): Promise<string[]> {
  const c = await imapClient({ user, password, endpoint: { host: newHost.host, port: newHost.port, security: 'none' } });
  await c.connect();
  const ids: string[] = [];
  for (const f of await c.list()) {
    const lock = await c.getMailboxLock(f.path, { readOnly: true });
    try {
      if ((c.mailbox as { exists: number }).exists > 0)
        for await (const m of c.fetch('1:*', { envelope: true })) ids.push(`${f.path}:${m.envelope?.messageId}`);
    } finally {
      lock.release();
    }
  }
  await c.logout();
  return ids.sort();
}

const server = (d: Dovecot) => `imap://127.0.0.1:${d.port}`;

beforeAll(async () => {
  if (!ready) return;
  const users = Object.fromEntries(
    ['anna@old.example', 'ben@old.example', 'kim@old.example', 'lea@old.example'].map((u) => [u, SECRET.source]),
  );
  oldHost = await startDovecot(users);
  newHost = await startDovecot(
    {
      ...Object.fromEntries(
        ['anna@acme.example', 'ben@acme.example', 'kim@acme.example', 'tiny@acme.example'].map((u) => [u, SECRET.target]),
      ),
      // Created through Mailwright's bulk creation in a test below, with this password (kept sealed in the workspace).
      'lea@acme.example': LEA,
    },
    { quotaKb: { 'tiny@acme.example': 50 } },
  );
  await fill('anna@old.example', 60);
  await fill('anna@old.example', 15, 100, 'Projekte');
  await fill('ben@old.example', 20);
  await fill('lea@old.example', 12);
}, 60_000);
const env = { MW_SOURCE_PASSWORD: SECRET.source, MW_TARGET_PASSWORD: SECRET.target };
/** A new workspace (removed after each test) with the target's mail service. */
async function workspace() {
  const dir = tempDir();
  expect((await cli(dir, env, 'org', 'add', 'Acme AG')).code).toBe(EXIT.ok);
  expect((await cli(dir, env, 'service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '50')).code).toBe(EXIT.ok);
  return dir;
}
afterAll(async () => {
  await oldHost?.stop();
  await newHost?.stop();
});

describe.runIf(ready)('mailwright import run / run-csv / status / report', () => {
  it('copies one account, then copies nothing on a re-run; no password anywhere', async () => {
    const dir = await workspace();
    const args = ['import', 'run', '--service', 'acme.example', '--from', 'anna@old.example', '--from-host', server(oldHost)];
    const first = await cli(dir, env, '--json', ...args, '--to', 'anna@acme.example', '--to-host', server(newHost));
    expect(first.stderr).toContain('job');
    expect(first.code).toBe(EXIT.ok);
    const job = JSON.parse(first.stdout) as ImportJob;
    expect(job).toMatchObject({ status: 'done', accounts: [{ status: 'done', progress: { copied: 75, skipped: 0 } }] });
    expect(job.accounts[0]!.folders.map((f) => [f.source, f.target, f.copied]).sort()).toEqual([
      ['INBOX', 'INBOX', 60],
      ['Projekte', 'Projekte', 15],
    ]);
    expect(await messageIds('anna@acme.example')).toHaveLength(75);

    const again = await cli(dir, env, '--json', ...args, '--to', 'anna@acme.example', '--to-host', server(newHost));
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'done', accounts: [{ progress: { copied: 0 } }] });
    expect(await messageIds('anna@acme.example')).toHaveLength(75);

    const status = await cli(dir, env, 'import', 'status');
    expect(status.stdout).toMatch(/anna@old\.example → anna@acme\.example: done/);
    const report = await cli(dir, env, 'import', 'report', String(job.id));
    expect(report.stdout).toContain('anna@old.example,anna@acme.example,Projekte,Projekte,15,0,0,done');

    // Never printed, never in the audit log, never in the workspace file.
    const audit = await cli(dir, env, '--json', 'audit', 'list');
    for (const text of [first.stdout, first.stderr, again.stdout, status.stdout, report.stdout, audit.stdout]) {
      expect(text).not.toContain(SECRET.source);
      expect(text).not.toContain(SECRET.target);
    }
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.map((f) => f.name)).toContain('workspace.sqlite');
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(f.parentPath, f.name)).toString('latin1');
      expect(bytes).not.toContain(SECRET.source);
      expect(bytes).not.toContain(SECRET.target);
    }
  }, 60_000);

  it('checks before copying: the source’s folders and size, the target’s login and free quota', async () => {
    const rt = testRuntime();
    const ctx = { actor: 'test' };
    const call = async (channel: string, input: unknown) => {
      const r = await rt.dispatcher.dispatch(channel, input, ctx);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as Record<string, unknown>;
    };
    const org = await call('organisations.create', { name: 'Acme' });
    const service = await call('mailServices.create', { organisationId: org.id, domain: 'acme.example', addressQuota: 10 });
    const check = (target: string, targetPassword: string) =>
      call('imports.check', {
        mailServiceId: service.id,
        source: 'anna@old.example',
        sourcePassword: SECRET.source,
        sourceServer: server(oldHost),
        target,
        targetPassword,
        targetServer: server(newHost),
      });
    const good = await check('anna@acme.example', SECRET.target);
    expect(good).toMatchObject({ ok: true, code: null, messages: 75, target: { ok: true } });
    expect((good.folders as { path: string }[]).map((f) => f.path).sort()).toEqual(['INBOX', 'Projekte']);
    expect(good.bytes as number).toBeGreaterThan(50 * 1024);
    expect(good.estimatedSeconds).toBeGreaterThanOrEqual(1);
    expect(await check('anna@acme.example', 'wrong')).toMatchObject({ ok: false, code: 'target-auth-failed' });
    expect(await check('tiny@acme.example', SECRET.target)).toMatchObject({
      ok: false,
      code: 'target-over-quota',
      target: { freeBytes: 50 * 1024 },
    });
    // The check wrote nothing: no job, nothing copied.
    expect(await call('imports.list', {})).toEqual([]);
  }, 60_000);

  it('a CSV: skips rows with problems, reports a wrong password by code, copies the rest', async () => {
    const dir = await workspace();
    const csv = path.join(dir, 'accounts.csv');
    fs.writeFileSync(
      csv,
      [
        'Quelle;Passwort;Server;Ziel;Zielpasswort',
        `ben@old.example;${SECRET.source};${server(oldHost)};ben@acme.example;${SECRET.target}`,
        `kim@old.example;falsch;${server(oldHost)};kim@acme.example;${SECRET.target}`,
        `someone@gmail.com;x;;anna@acme.example;${SECRET.target}`,
      ].join('\r\n'),
    );
    const run = await cli(
      dir,
      { MW_TARGET_PASSWORD: '' },
      '--json',
      'import',
      'run-csv',
      csv,
      '--service',
      'acme.example',
      '--to-host',
      server(newHost),
    );
    expect(run.stderr).toMatch(/skipped line 4 someone@gmail\.com: a Google or Microsoft account/);
    expect(run.code).toBe(EXIT.failed);
    const job = JSON.parse(run.stdout) as ImportJob;
    expect(job.accounts.find((a) => a.source === 'ben@old.example')).toMatchObject({ status: 'done', progress: { copied: 20 } });
    expect(job.accounts.find((a) => a.source === 'kim@old.example')).toMatchObject({ status: 'failed', code: 'auth-failed' });
    expect(await messageIds('ben@acme.example')).toHaveLength(20);

    // The provider's 4 columns, no target password: the one Mailwright keeps for a mailbox it created is used.
    const bulk = path.join(dir, 'new.csv');
    fs.writeFileSync(bulk, `lea;${LEA};;\r\n`);
    expect((await cli(dir, {}, 'csv', 'apply', bulk, '--service', 'acme.example')).code).toBe(EXIT.ok);
    const four = path.join(dir, 'four.csv');
    fs.writeFileSync(four, `lea@old.example;${SECRET.source};${server(oldHost)};lea@acme.example\r\n`);
    const lea = await cli(
      dir,
      {},
      '--json',
      'import',
      'run-csv',
      four,
      '--service',
      'acme.example',
      '--to-host',
      server(newHost),
    );
    expect(lea.code, lea.stderr + lea.stdout.slice(0, 2000)).toBe(EXIT.ok);
    expect(JSON.parse(lea.stdout)).toMatchObject({ status: 'done', accounts: [{ progress: { copied: 12 } }] });
    expect(await messageIds('lea@acme.example', LEA)).toHaveLength(12);
    expect(lea.stdout + lea.stderr).not.toContain(LEA);
  }, 60_000);

  it('killed mid-copy (kill -9), resumes with remembered passwords, nothing lost and nothing doubled', async () => {
    expect(fs.existsSync(BUNDLE), 'the CLI bundle is built by `npm run build` (npm test builds first)').toBe(true);
    const dir = await workspace();
    const c = await imapClient({
      user: 'kim@old.example',
      password: SECRET.source,
      endpoint: { host: oldHost.host, port: oldHost.port, security: 'none' },
    });
    await c.connect();
    // 1,500 messages of ~40 KB: long enough to be stopped halfway.
    const body = 'y'.repeat(76) + '\r\n';
    for (let i = 0; i < 1500; i++)
      await c.append('INBOX', `Message-ID: <kill-${i}@old.example>\r\nSubject: K ${i}\r\n\r\n${body.repeat(500)}`);
    await c.logout();
    const args = [BUNDLE, '--data-dir', dir, 'import', 'run', '--service', 'acme.example', '--from', 'kim@old.example'];
    const full = [
      ...args,
      '--from-host',
      server(oldHost),
      '--to',
      'kim@acme.example',
      '--to-host',
      server(newHost),
      '--connections',
      '1',
      // 60 MB at 4 MB/s: the status and takeover commands below run while it is still copying
      // (unthrottled, loopback copies it all in about a second — a CI run finished first).
      '--limit',
      '4',
      '--remember',
    ];
    const child: ChildProcess = spawn(process.execPath, full, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /copying: (\d+)\//.exec(err.split('\n').filter(Boolean).at(-1) ?? '');
        if (m && Number(m[1]) >= 200) resolve();
      });
      child.once('exit', () => reject(new Error(`finished before it could be killed: ${err}`)));
    });
    // Meanwhile another process sees it running and may not take it over.
    const meanwhile = JSON.parse((await cli(dir, env, '--json', 'import', 'status')).stdout) as ImportJob[];
    const running = meanwhile.find((j) => j.accounts.some((a) => a.source === 'kim@old.example'))!;
    expect(running.status).toBe('running');
    const takeover = await cli(dir, env, 'import', 'resume', String(running.id));
    expect(takeover.code).toBe(EXIT.failed);
    expect(takeover.stderr).toContain('running in another Mailwright window or command');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const halfway = (await messageIds('kim@acme.example')).length;
    expect(halfway).toBeGreaterThanOrEqual(200);
    expect(halfway).toBeLessThan(1500);

    const status = JSON.parse((await cli(dir, env, '--json', 'import', 'status')).stdout) as ImportJob[];
    const killed = status.find((j) =>
      j.accounts.some((a) => a.source === 'kim@old.example' && a.target === 'kim@acme.example' && a.code === 'interrupted'),
    )!;
    expect(killed.status).toBe('paused');
    expect(killed.accounts[0]!.remembered).toBe(true);
    // Remembered (sealed with the workspace key): no password needs to be given again.
    const resumed = await cli(dir, {}, '--json', 'import', 'resume', String(killed.id));
    for (const f of fs.readdirSync(dir).filter((x) => x.startsWith('workspace')))
      expect(fs.readFileSync(path.join(dir, f)).toString('latin1')).not.toContain(SECRET.source);
    expect(resumed.code).toBe(EXIT.ok);
    const ids = await messageIds('kim@acme.example');
    expect(ids).toHaveLength(1500);
    expect(new Set(ids).size).toBe(1500);
  }, 180_000);
});
