import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private Dovecot (IMAP only) on 127.0.0.1 for the import tests: its own config, users and maildirs in a temp
 * folder, started in the foreground by this process and stopped by its PID. Needs Debian's dovecot-imapd.
 */
export interface Dovecot {
  port: number;
  host: string;
  dir: string;
  stop(): Promise<void>;
}

export const DOVECOT = '/usr/sbin/dovecot';
export const hasDovecot = () => fs.existsSync(DOVECOT) && fs.existsSync('/usr/lib/dovecot/imap');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('dovecot did not start listening');
}

export interface DovecotOptions {
  /** Hierarchy separator of the one namespace (Dovecot's default for Maildir is "."; "/" also lets names contain dots). */
  separator?: '.' | '/';
  /** Special-use folders created for every user, e.g. { Sent: '\\Sent', Trash: '\\Trash' }. */
  specialUse?: Record<string, string>;
  /** Storage quota per user in KiB (the quota plugin; IMAP GETQUOTAROOT answers it). */
  quotaKb?: Record<string, number>;
  /** The largest message the server accepts, in KiB (quota_max_mail_size; needs quotaKb for the quota plugin). */
  maxMailKb?: number;
  /** Dovecot's mail_fsync: "never" for speed in tests, "optimized" is its default. */
  fsync?: 'never' | 'optimized';
}

/** Starts Dovecot with these users (name → password). */
export async function startDovecot(users: Record<string, string>, options: DovecotOptions = {}): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-dovecot-'));
  // Mail belongs to nobody (65534): every parent must be traversable.
  fs.chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { mode: 0o755 });
  fs.writeFileSync(
    path.join(dir, 'users'),
    Object.entries(users)
      .map(([user, pass]) => {
        const quota = options.quotaKb?.[user];
        return `${user}:{PLAIN}${pass}::::::${quota ? `userdb_quota_rule=*:storage=${quota}` : ''}`;
      })
      .join('\n') + '\n',
  );
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  const log = path.join(dir, 'dovecot.log');
  fs.writeFileSync(
    conf,
    `instance_name = mw-test-${path.basename(dir)}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_uid = 65534
mail_gid = 65534
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u/Maildir${options.separator === '/' ? ':LAYOUT=fs' : ''}
mail_fsync = ${options.fsync ?? 'never'}
${options.quotaKb ? `mail_plugins = $mail_plugins quota\nprotocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}\nplugin {\n  quota = count:User quota\n  quota_vsizes = yes\n${options.maxMailKb ? `  quota_max_mail_size = ${options.maxMailKb}k\n` : ''}}\n` : ''}namespace inbox {
  inbox = yes
  separator = ${options.separator ?? '.'}
${Object.entries(options.specialUse ?? {})
  .map(([name, use]) => `  mailbox "${name}" {\n    special_use = ${use}\n    auto = subscribe\n  }\n`)
  .join('')}}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  spawnSync('chown', ['-R', '65534:65534', path.join(dir, 'mail')]);
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
  await waitForPort(port, child, log);
  return {
    port,
    host: '127.0.0.1',
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
