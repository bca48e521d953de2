import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { copyMailbox, CopyError, type CopyProgress } from '../../electron/mail-import/copy';
import { type ImapAccount, imapClient } from '../../electron/mail-import/imap';
import { MemoryImportState } from '../../electron/mail-import/state';
import { type Dovecot, hasDovecot, startDovecot } from '../helpers/dovecot';

// Two real Dovecots on 127.0.0.1 play the old provider (separator "/", no special-use flags: "Sent Items" is
// known by its name) and the new one (separator ".", special-use Sent/Drafts/Trash).
const ready = hasDovecot();
if (!ready && process.env.CI) throw new Error('CI must have Dovecot: .ci/run installs dovecot-imapd');
if (!ready) console.log('mail import: Dovecot not found (apt-get install dovecot-imapd): the copy tests are skipped');

let oldHost: Dovecot;
let newHost: Dovecot;
const account = (d: Dovecot, user: string, password = 'pw'): ImapAccount => ({
  user,
  password,
  endpoint: { host: d.host, port: d.port, security: 'none' },
});

async function withClient<T>(a: ImapAccount, f: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = await imapClient(a);
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.logout();
  }
}

const big = 'x'.repeat(76) + '\r\n';
function message(i: number, opts: { id?: string | null; bytes?: number; subject?: string } = {}) {
  const id = opts.id === undefined ? `<m${i}@old.example>` : opts.id;
  const body = opts.bytes ? big.repeat(Math.ceil(opts.bytes / big.length)) : `Hello ${i}\r\n`;
  return Buffer.from(
    `${id ? `Message-ID: ${id}\r\n` : ''}From: Anna <anna@old.example>\r\nTo: ben@old.example\r\nSubject: ${opts.subject ?? `Message ${i}`}\r\nDate: Tue, 3 Mar 2020 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
  );
}

async function seed(a: ImapAccount, from: number, count: Record<string, number>) {
  await withClient(a, async (c) => {
    let i = from;
    for (const [folder, n] of Object.entries(count)) {
      if (folder !== 'INBOX') await c.mailboxCreate(folder).catch(() => undefined);
      for (let k = 0; k < n; k++, i++) {
        const flags = i % 3 === 0 ? ['\\Seen', '\\Flagged'] : i % 3 === 1 ? ['\\Seen', '\\Answered', '$Label1'] : [];
        await c.append(folder, message(i), flags, new Date(Date.UTC(2021, i % 12, 1 + (i % 27), 8, i % 60, 7)));
      }
    }
  });
}

interface Snapshot {
  [folder: string]: { body: string; flags: string[]; date: number }[];
}
async function snapshot(a: ImapAccount): Promise<Snapshot> {
  return withClient(a, async (c) => {
    const out: Snapshot = {};
    for (const f of await c.list()) {
      if (f.flags.has('\\Noselect') || f.flags.has('\\NonExistent')) continue;
      const lock = await c.getMailboxLock(f.path, { readOnly: true });
      try {
        const rows: Snapshot[string] = [];
        if ((c.mailbox as { exists: number }).exists > 0)
          for await (const m of c.fetch('1:*', { source: true, flags: true, internalDate: true }))
            rows.push({
              body: m.source!.toString('base64'),
              flags: [...(m.flags ?? [])].filter((x) => x !== '\\Recent').sort(),
              date: new Date(m.internalDate!).getTime(),
            });
        out[f.path] = rows.sort((x, y) => x.body.localeCompare(y.body));
      } finally {
        lock.release();
      }
    }
    return out;
  });
}

beforeAll(async () => {
  if (!ready) return;
  const users = { anna: 'pw', ben: 'pw', carla: 'pw', dora: 'pw', emil: 'pw', full: 'pw', gus: 'pw' };
  oldHost = await startDovecot(users, { separator: '/' });
  newHost = await startDovecot(users, {
    separator: '.',
    specialUse: { Sent: '\\Sent', Drafts: '\\Drafts', Trash: '\\Trash' },
    quotaKb: { full: 40 },
  });
  await seed(account(oldHost, 'anna'), 1, {
    INBOX: 40,
    'Sent Items': 12,
    'Kunden/2024': 9,
    'Projekte 2.0': 5,
    Entwürfe: 2,
    Büro: 2,
  });
  await withClient(account(oldHost, 'anna'), async (c) => {
    // The same Message-ID twice in one folder, a message without one, and a 1 MB message.
    await c.append('INBOX', message(900, { id: '<twice@old.example>', subject: 'first' }), ['\\Seen']);
    await c.append('INBOX', message(901, { id: '<twice@old.example>', subject: 'second' }), []);
    await c.append('INBOX', message(902, { id: null, subject: 'no id' }), []);
    await c.append('Kunden/2024', message(903, { bytes: 1024 * 1024 }), ['\\Seen']);
  });
}, 60_000);
afterAll(async () => {
  await oldHost?.stop();
  await newHost?.stop();
});

describe.runIf(ready)('copying a mailbox between IMAP servers', () => {
  it('copies every folder with flags, dates and bytes kept, maps Sent and translates separators', async () => {
    const state = new MemoryImportState();
    const events: number[] = [];
    const report = await copyMailbox({
      source: account(oldHost, 'anna'),
      target: account(newHost, 'anna'),
      state,
      connections: 3,
      onProgress: (p) => events.push(p.messagesDone),
    });
    expect(report).toMatchObject({ copied: 74, skipped: 0, failed: 0, stopped: false });
    const source = await snapshot(account(oldHost, 'anna'));
    const target = await snapshot(account(newHost, 'anna'));
    expect(target['INBOX']).toEqual(source['INBOX']);
    expect(target['Sent']).toEqual(source['Sent Items']); // by use, not by name
    expect(target['Kunden.2024']).toEqual(source['Kunden/2024']);
    expect(target['Projekte 2_0']).toEqual(source['Projekte 2.0']); // "." is the new separator
    expect(target['Drafts']).toEqual(source['Entwürfe']); // German name known as \\Drafts
    expect(target['Büro']).toEqual(source['Büro']); // modified UTF-7 both ways
    expect(target['Sent Items']).toBeUndefined();
    expect(target['Kunden.2024']!.some((m) => m.body.length > 1_000_000)).toBe(true);
    expect(target['INBOX']!.find((m) => m.flags.includes('$Label1'))).toBeDefined();
    // Progress only goes forward and ends at the total.
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(events.at(-1)).toBe(74);

    // Nothing new: nothing copied, and the target isn't even read.
    const again = await copyMailbox({ source: account(oldHost, 'anna'), target: account(newHost, 'anna'), state });
    expect(again).toMatchObject({ copied: 0, skipped: 0, failed: 0 });
    expect(await snapshot(account(newHost, 'anna'))).toEqual(target);

    // New messages on the source: only those.
    await seed(account(oldHost, 'anna'), 500, { INBOX: 3, 'Kunden/2024': 1 });
    const more = await copyMailbox({ source: account(oldHost, 'anna'), target: account(newHost, 'anna'), state });
    expect(more).toMatchObject({ copied: 4, skipped: 0 });
    const after = await snapshot(account(newHost, 'anna'));
    expect(after['INBOX']).toEqual((await snapshot(account(oldHost, 'anna')))['INBOX']);

    // The state lost (another machine, a new workspace): compared by Message-ID / digest, nothing doubled.
    const lost = await copyMailbox({
      source: account(oldHost, 'anna'),
      target: account(newHost, 'anna'),
      state: new MemoryImportState(),
    });
    expect(lost).toMatchObject({ copied: 0, skipped: 78 });
    expect(await snapshot(account(newHost, 'anna'))).toEqual(after);
  }, 60_000);

  it('pauses at a safe point and resumes without a duplicate or a loss', async () => {
    const state = new MemoryImportState();
    await seed(account(oldHost, 'ben'), 1, { INBOX: 450 });
    const controller = new AbortController();
    let last: CopyProgress | undefined;
    const first = await copyMailbox({
      source: account(oldHost, 'ben'),
      target: account(newHost, 'ben'),
      state,
      connections: 1,
      signal: controller.signal,
      onProgress: (p) => {
        last = p;
        if (p.copied >= 100) controller.abort();
      },
    });
    expect(first.stopped).toBe(true);
    expect(last!.foldersDone).toBeLessThan(last!.foldersTotal); // the folder stopped halfway isn't done
    expect(first.copied).toBeGreaterThanOrEqual(100);
    expect(first.copied).toBeLessThan(450);
    const second = await copyMailbox({ source: account(oldHost, 'ben'), target: account(newHost, 'ben'), state });
    expect(first.copied + second.copied).toBe(450);
    expect(await snapshot(account(newHost, 'ben'))).toMatchObject({ INBOX: (await snapshot(account(oldHost, 'ben')))['INBOX'] });
  }, 60_000);

  it('after a crash with a chunk in flight, checks that chunk on the target instead of appending it again', async () => {
    await seed(account(oldHost, 'carla'), 1, { INBOX: 30 });
    const state = new MemoryImportState();
    const full = await copyMailbox({ source: account(oldHost, 'carla'), target: account(newHost, 'carla'), state });
    expect(full.copied).toBe(30);
    // What a crash right after the server confirmed the last chunk leaves behind: the chunk still "in flight".
    const pair = [...state.rows.keys()].find((k) => k.endsWith('\nINBOX'))!.split('\n')[0]!;
    const row = (await state.get(pair, 'INBOX'))!;
    await state.put(pair, 'INBOX', { ...row, lastUid: 10, inflight: { from: 11, to: 30, targetUidNext: 11 } });
    const resumed = await copyMailbox({ source: account(oldHost, 'carla'), target: account(newHost, 'carla'), state });
    expect(resumed).toMatchObject({ copied: 0, skipped: 20 });
    // And a chunk that never arrived is copied.
    await state.put(pair, 'INBOX', { ...row, lastUid: 30, inflight: null });
    await withClient(account(newHost, 'carla'), async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageDelete('25:*', { uid: true });
    });
    await state.put(pair, 'INBOX', { ...row, lastUid: 24, inflight: { from: 25, to: 30, targetUidNext: 25 } });
    const refilled = await copyMailbox({ source: account(oldHost, 'carla'), target: account(newHost, 'carla'), state });
    expect(refilled).toMatchObject({ copied: 6, skipped: 0 });
    const target = await snapshot(account(newHost, 'carla'));
    expect(target['INBOX']).toEqual((await snapshot(account(oldHost, 'carla')))['INBOX']);
  }, 60_000);

  it('gives stable codes: wrong source password, wrong target password, unreachable host, target full', async () => {
    const state = new MemoryImportState();
    await expect(
      copyMailbox({ source: account(oldHost, 'dora', 'wrong'), target: account(newHost, 'dora'), state }),
    ).rejects.toMatchObject({ code: 'auth-failed' });
    await expect(
      copyMailbox({ source: account(oldHost, 'dora'), target: account(newHost, 'dora', 'wrong'), state }),
    ).rejects.toMatchObject({ code: 'target-auth-failed' });
    await expect(
      copyMailbox({
        source: { ...account(oldHost, 'dora'), endpoint: { host: '127.0.0.1', port: 1, security: 'none' } },
        target: account(newHost, 'dora'),
        state,
      }),
    ).rejects.toMatchObject({ code: 'host-unreachable' });
    await withClient(account(oldHost, 'emil'), async (c) => {
      for (let i = 0; i < 3; i++) await c.append('INBOX', message(700 + i, { bytes: 30 * 1024 }));
    });
    const error = await copyMailbox({ source: account(oldHost, 'emil'), target: account(newHost, 'full'), state }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CopyError);
    expect(error).toMatchObject({ code: 'target-over-quota' });
  }, 60_000);

  it('appends without waiting for the server between messages (LITERAL+): round trips don’t grow with the count', async () => {
    await withClient(account(oldHost, 'ben'), async (c) => {
      await c.mailboxCreate('Bulk');
      for (let i = 0; i < 150; i++) await c.append('Bulk', message(2000 + i, { bytes: 6000 })); // over 4 KB each
    });
    // A proxy on 127.0.0.1 in front of the target counts the server's "+" continuations (one round trip each).
    let continuations = 0;
    const proxy = net.createServer((client) => {
      const upstream = net.connect(newHost.port, newHost.host);
      let partial = '';
      upstream.on('data', (d: Buffer) => {
        const lines = (partial + d.toString('latin1')).split('\r\n');
        partial = lines.pop() ?? '';
        continuations += lines.filter((l) => l.startsWith('+')).length;
        client.write(d);
      });
      client.pipe(upstream);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    try {
      const report = await copyMailbox({
        source: account(oldHost, 'ben'),
        target: { ...account(newHost, 'ben'), endpoint: { host: '127.0.0.1', port, security: 'none' } },
        state: new MemoryImportState(),
        connections: 1,
      });
      expect(report.copied).toBeGreaterThanOrEqual(150);
      // Logins may use one each; 150+ messages over 4 KB would need 150+ with synchronizing literals.
      expect(continuations).toBeLessThanOrEqual(3);
    } finally {
      proxy.close();
    }
  }, 60_000);

  it('a message the target refuses is retried, then listed with the reason; the rest is copied; the next run tries it again', async () => {
    const strict = await startDovecot({ gus: 'pw' }, { quotaKb: { gus: 100_000 }, maxMailKb: 200 });
    try {
      await withClient(account(oldHost, 'gus'), async (c) => {
        for (let i = 0; i < 30; i++)
          await c.append('INBOX', message(3000 + i, i === 7 ? { bytes: 400 * 1024, subject: 'Too big' } : {}));
      });
      const state = new MemoryImportState();
      const run = () => copyMailbox({ source: account(oldHost, 'gus'), target: account(strict, 'gus'), state, backoffMs: 5 });
      const first = await run();
      expect(first).toMatchObject({ copied: 29, failed: 1 });
      expect(first.failures).toEqual([
        { folder: 'INBOX', uid: 8, subject: 'Too big', reason: expect.stringMatching(/size|large|limit/i) },
      ]);
      // Not dropped: tried again on the next run (and refused again); nothing else is copied twice.
      const second = await run();
      expect(second).toMatchObject({ copied: 0, failed: 1 });
      expect((await snapshot(account(strict, 'gus')))['INBOX']).toHaveLength(29);
    } finally {
      await strict.stop();
    }
  }, 60_000);
});
