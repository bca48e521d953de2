import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { DnsClient, parseServer } from '../../electron/dns/client';
import { LiveResolver } from '../../electron/dns/resolvers';
import { discover, preflight } from '../../electron/mail-import/preflight';
import { type DnsTestServer, startDnsServer } from '../helpers/dns-server';
import { type Dovecot, hasDovecot, startDovecot } from '../helpers/dovecot';

// Dovecot (dovecot-imapd) is installed by .ci/run; on a machine without it these tests say so and are skipped.
const ready = hasDovecot();
if (!ready && process.env.CI) throw new Error('CI must have Dovecot: .ci/run installs dovecot-imapd');
if (!ready) console.log('mail import: Dovecot not found (apt-get install dovecot-imapd): the IMAP tests are skipped');

let dovecot: Dovecot;
let dns: DnsTestServer;
beforeAll(async () => {
  dns = await startDnsServer(
    new Map([
      ['firma.example', [{ type: 'MX', data: { preference: 1, exchange: 'aspmx.l.google.com' } }]],
      [
        '_imaps._tcp.alt.example',
        [{ type: 'SRV', data: { priority: 0, weight: 1, port: 993, target: 'mail.alt-hosting.example' } }],
      ],
      ['alt.example', [{ type: 'MX', data: { preference: 10, exchange: 'mx.alt-hosting.example' } }]],
    ]),
  );
  if (ready) dovecot = await startDovecot({ 'anna@old.example': 'Old-Secret-1', 'ben@old.example': 'Old-Secret-2' });
});
afterAll(async () => {
  await dns?.close();
  await dovecot?.stop();
});
const resolver = () => new LiveResolver(new DnsClient({ servers: [parseServer(dns.address)], timeoutMs: 500, tries: 1 }));

describe('where a source account’s IMAP server is', () => {
  it('knows providers, Google and Microsoft by address or by MX, SRV records, else guesses imap.<domain>', async () => {
    expect(await discover({ address: 'x@gmx.ch', password: '' })).toMatchObject({
      endpoint: { host: 'imap.gmx.net', port: 993 },
      foundBy: 'table',
    });
    expect((await discover({ address: 'x@gmail.com', password: '' })).oauth).toBe('google');
    expect((await discover({ address: 'x@hotmail.ch', password: '' })).oauth).toBe('microsoft');
    expect((await discover({ address: 'chef@firma.example', password: '', resolver: resolver() })).oauth).toBe('google');
    expect(await discover({ address: 'a@alt.example', password: '', resolver: resolver() })).toMatchObject({
      endpoint: { host: 'mail.alt-hosting.example', port: 993, security: 'tls' },
      foundBy: 'srv',
      oauth: null,
    });
    expect(await discover({ address: 'a@nothing.example', password: '', resolver: resolver() })).toMatchObject({
      endpoint: { host: 'imap.nothing.example' },
      foundBy: 'guess',
    });
    expect((await discover({ address: 'a@b.example', password: '', server: 'imap://mail.b.example' })).endpoint).toEqual({
      host: 'mail.b.example',
      port: 143,
      security: 'starttls',
    });
  });

  it('refuses Google and Microsoft accounts before connecting, saying what to do instead', async () => {
    const r = await preflight({ address: 'chef@firma.example', password: 'x', resolver: resolver() });
    expect(r).toMatchObject({ ok: false, code: 'oauth-provider', oauth: 'google' });
    expect(r.message).toMatch(/app password/);
  });
});

describe.skipIf(!ready)('pre-flight against a real Dovecot on 127.0.0.1', () => {
  it('logs in, lists the folders with their counts, and says what is wrong otherwise', async () => {
    // Put a few messages in two folders of Anna's source mailbox.
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'anna@old.example', pass: 'Old-Secret-1' },
      logger: false,
    });
    await client.connect();
    await client.mailboxCreate('Archiv');
    for (const [folder, n] of [
      ['INBOX', 3],
      ['Archiv', 2],
    ] as const)
      for (let i = 0; i < n; i++)
        await client.append(folder, `From: a@b.example\r\nSubject: ${folder} ${i}\r\n\r\nHallo ${i}\r\n`);
    await client.logout();

    const server = `imap://127.0.0.1:${dovecot.port}`;
    const ok = await preflight({ address: 'anna@old.example', password: 'Old-Secret-1', server, allowPlain: true });
    expect(ok).toMatchObject({ ok: true, code: null, messages: 5, foundBy: 'given' });
    expect(ok.folders.map((f) => [f.path, f.messages]).sort()).toEqual([
      ['Archiv', 2],
      ['INBOX', 3],
    ]);
    const wrong = await preflight({ address: 'anna@old.example', password: 'wrong', server, allowPlain: true });
    expect(wrong).toMatchObject({ ok: false, code: 'auth-failed' });
    const closed = await preflight({
      address: 'anna@old.example',
      password: 'x',
      server: 'imap://127.0.0.1:1',
      allowPlain: true,
      timeoutMs: 2000,
    });
    expect(closed).toMatchObject({ ok: false, code: 'host-unreachable' });
    // TLS spoken to a server without it.
    const tls = await preflight({
      address: 'anna@old.example',
      password: 'x',
      server: `imaps://127.0.0.1:${dovecot.port}`,
      timeoutMs: 2000,
    });
    expect(tls.ok).toBe(false);
    expect(['tls-error', 'host-unreachable']).toContain(tls.code);
  });

  it('mailwright import check: reads the file, logs in to every source, reports without passwords, exit 1 on a failure', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { runCli, EXIT } = await import('../../electron/cli/cli');
    const { tempDir } = await import('../helpers/workspace');
    const dir = tempDir();
    const file = path.join(dir, 'umzug.csv');
    const server = `imap://127.0.0.1:${dovecot.port}`;
    // Excel-DE: semicolons and Windows-1252.
    fs.writeFileSync(
      file,
      Buffer.from(
        [
          'Quelle;Passwort;Server;Ziel',
          `anna@old.example;Old-Secret-1;${server};anna@muster.ch`,
          `ben@old.example;falsch;${server};bén@muster.ch`,
          'chef@gmail.com;x;;chef@muster.ch',
          '',
        ].join('\r\n'),
        'latin1',
      ),
    );
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      ['--data-dir', dir, '--json', 'import', 'check', file, '--allow-plain', '--resolver', dns.address],
      {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: {},
      },
    );
    expect(code).toBe(EXIT.failed);
    const out = JSON.parse(stdout);
    expect(out.summary).toEqual({ accounts: 3, ready: 1, failed: 2, batches: 1 });
    expect(
      out.rows.map((r: { source: string; problems: string[]; preflight: { code: string | null } | null }) => [
        r.source,
        r.problems,
        r.preflight?.code ?? null,
      ]),
    ).toEqual([
      ['anna@old.example', [], null],
      ['ben@old.example', ['invalid-target'], null],
      ['chef@gmail.com', ['oauth-provider'], null],
    ]);
    expect(out.rows[0].preflight).toMatchObject({ ok: true, messages: 5 });
    expect(stderr).toContain('checked 1/1: anna@old.example ok');
    for (const secret of ['Old-Secret-1', 'falsch']) expect(stdout + stderr).not.toContain(secret);
  });
});
