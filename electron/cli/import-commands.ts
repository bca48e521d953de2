import type { Command } from 'commander';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload, ImportJob } from '../../shared/contract';
import { IMPORT_JOB_MAX_ACCOUNTS } from '../../shared/contract/imports';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { checkImportRows } from '../../shared/domain/mail-import/import-file';
import { DnsClient, parseServer } from '../dns/client';
import { LiveResolver } from '../dns/resolvers';
import { preflight, type PreflightResult } from '../mail-import/preflight';
import { CliFailure } from './cli-failure';

interface Helpers {
  call?<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  findService?(ref: string): Promise<{ id: number; domain: string }>;
  /** Contract events of this process (progress of the jobs it runs); returns the unsubscribe function. */
  subscribe?(sink: <E extends EventName>(name: E, payload: EventPayload<E>) => void): () => void;
  /** Resolves when no import job of this process is running any more. */
  idle?(): Promise<void>;
  env?: NodeJS.ProcessEnv;
  print(value: unknown, human: () => string): void;
  note(text: string): void;
  readBytes(file: string): Uint8Array;
  writeFile?(file: string, text: string): void;
  setExitCode(code: number): void;
}

const ROW_TEXT: Record<string, string> = {
  'invalid-source': 'the source address is not an e-mail address',
  'missing-password': 'no password',
  'invalid-server': 'the server is not host, host:port or imaps://host',
  'invalid-target': 'the target address is not an e-mail address',
  'duplicate-source': 'this source is already in the file',
  'oauth-provider': 'a Google or Microsoft account: the CSV import can’t take it (use the single import with an app password)',
  'missing-target-password': 'no password for the target mailbox',
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Runs `run` on every item with at most `limit` at once, keeping their order. */
async function limited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]!);
      }
    }),
  );
  return out;
}

/** `mailwright import check FILE`: the file read and checked, then every source account's pre-flight. */
export function registerImportCommands(program: Command, h: Helpers): void {
  const cmd = program.command('import').description('mail import from other providers over IMAP');
  cmd
    .command('check <file>')
    .description(
      'read the accounts CSV (source, password, server, target), plan batches of 25, and log in to every source; exit 1 when any fails',
    )
    .option('--resolver <ip[:port]>', 'DNS server for server discovery (repeatable; default: the system’s)', collect)
    .option('--parallel <n>', 'accounts checked at once', (v) => Number.parseInt(v, 10), 4)
    .option('--timeout <ms>', 'per-connection timeout', (v) => Number.parseInt(v, 10), 10_000)
    .option('--allow-plain', 'allow servers without TLS (imap://host:143 without STARTTLS), e.g. a test server')
    .action(async (file: string, o: { resolver?: string[]; parallel: number; timeout: number; allowPlain?: boolean }) => {
      const rows = readRows(file, h);
      let servers;
      try {
        servers = (o.resolver ?? []).map(parseServer);
      } catch (error) {
        throw new CliFailure(2, (error as Error).message);
      }
      const resolver = new LiveResolver(new DnsClient({ servers, timeoutMs: 1500, tries: 2 }));
      const ready = rows.filter((r) => r.problems.length === 0);
      let done = 0;
      const checks = await limited(ready, Math.max(1, o.parallel), async (r) => {
        const result = await preflight({
          address: r.source,
          password: r.password,
          server: r.server || undefined,
          resolver,
          allowPlain: o.allowPlain,
          timeoutMs: o.timeout,
        });
        done++;
        h.note(`checked ${done}/${ready.length}: ${r.source} ${result.ok ? 'ok' : result.code}`);
        return result;
      });
      const byLine = new Map(ready.map((r, i) => [r.line, checks[i]!]));
      // Passwords never leave: the report names accounts, servers and counts only.
      const report = rows.map((r) => {
        const check: PreflightResult | undefined = byLine.get(r.line);
        return {
          line: r.line,
          source: r.source,
          target: r.target,
          batch: r.batch,
          problems: r.problems,
          preflight: check
            ? {
                ok: check.ok,
                code: check.code,
                message: check.message,
                server: check.endpoint,
                foundBy: check.foundBy,
                folders: check.folders.length,
                messages: check.messages,
                bytes: check.bytes,
              }
            : null,
        };
      });
      const failed = report.filter((r) => r.problems.length > 0 || (r.preflight && !r.preflight.ok));
      const batches = Math.max(0, ...rows.map((r) => r.batch ?? 0));
      h.print(
        {
          rows: report,
          summary: { accounts: rows.length, ready: report.length - failed.length, failed: failed.length, batches },
        },
        () =>
          [
            ...report.map((r) =>
              r.problems.length
                ? `✗ line ${r.line} ${r.source || '(no address)'}: ${r.problems.map((p) => ROW_TEXT[p]).join('; ')}`
                : r.preflight?.ok
                  ? `✓ line ${r.line} ${r.source} → ${r.target}: ${r.preflight.messages} message(s) in ${r.preflight.folders} folder(s) (${r.preflight.server?.host}, batch ${r.batch})`
                  : `✗ line ${r.line} ${r.source}: ${r.preflight?.code}: ${r.preflight?.message}`,
            ),
            `${report.length - failed.length} of ${rows.length} account(s) ready, in ${batches} batch(es) of at most 25.`,
          ].join('\n'),
      );
      if (failed.length > 0) h.setExitCode(1);
    });
  registerRunCommands(cmd, h);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function accountLine(a: ImportJob['accounts'][number]): string {
  const p = a.progress;
  const counts = `${p.copied} copied, ${p.skipped} already there, ${a.failures.length} failed`;
  return `${a.status === 'done' ? '✓' : a.status === 'failed' ? '✗' : '·'} ${a.source} → ${a.target}: ${a.status}${a.code ? ` (${a.code})` : ''} — ${counts}${a.message ? `\n    ${a.message}` : ''}${a.failures
    .slice(0, 20)
    .map((f) => `\n    ${f.folder} UID ${f.uid} “${f.subject}”: ${f.reason}`)
    .join('')}`;
}

function jobText(job: ImportJob): string {
  return [`job ${job.id} “${job.name}”: ${job.status}`, ...job.accounts.map((a) => `  ${accountLine(a)}`)].join('\n');
}

/**
 * `import run`, `run-csv`, `status`, `report`, `resume`: jobs run in this process (on the mail worker); progress
 * goes to stderr, the report to stdout. Ctrl-C pauses at a safe point; `import resume` continues. Passwords come
 * from environment variables or the CSV, never from the command line (other users can read it in `ps`).
 */
function registerRunCommands(cmd: Command, h: Helpers) {
  const call = h.call!;
  const watch = async (jobIds: number[]) => {
    let last = 0;
    const totals = new Map<number, { done: number; total: number; bytes: number; rate: number }>();
    const off = h.subscribe!((name, payload) => {
      if (name !== 'imports.progress') return;
      const e = payload as EventPayload<'imports.progress'>;
      if (!jobIds.includes(e.jobId) || e.accountId === 0) return;
      totals.set(e.accountId, {
        done: e.progress.messagesDone,
        total: e.progress.messagesTotal,
        bytes: e.progress.bytesDone,
        rate: e.progress.rate,
      });
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      const t = [...totals.values()].reduce((a, b) => ({
        done: a.done + b.done,
        total: a.total + b.total,
        bytes: a.bytes + b.bytes,
        rate: a.rate + b.rate,
      }));
      h.note(`copying: ${t.done}/${t.total} message(s), ${mb(t.bytes)}, ${mb(t.rate)}/s`);
    });
    const onSigint = () => {
      h.note('pausing at the next safe point… (run `mailwright import resume JOB` to continue)');
      for (const id of jobIds) void call('imports.pause', { jobId: id });
    };
    process.once('SIGINT', onSigint);
    try {
      await h.idle!();
    } finally {
      off();
      process.off('SIGINT', onSigint);
    }
    const jobs = (await call('imports.list', {})).filter((j) => jobIds.includes(j.id));
    h.print(jobs.length === 1 ? jobs[0] : jobs, () => jobs.map(jobText).join('\n'));
    if (jobs.some((j) => j.status !== 'done' || j.accounts.some((a) => a.status !== 'done' || a.failures.length > 0)))
      h.setExitCode(1);
  };
  const secret = (name: string) => {
    const value = h.env?.[name];
    if (!value)
      throw new CliFailure(2, `Set the password in the environment variable ${name} (it is never taken from the command line).`);
    return value;
  };
  const options = (o: { connections: number; parallel: number; limit?: number; remember?: boolean }) => ({
    connections: o.connections,
    parallelAccounts: o.parallel,
    bytesPerSecond: o.limit ? Math.round(o.limit * 1024 * 1024) : null,
    remember: Boolean(o.remember),
  });
  const common = (c: Command) =>
    c
      .requiredOption('--service <domain|id>', 'the mail service the target mailboxes belong to')
      .option('--connections <n>', 'connections per side and account', (v) => Number.parseInt(v, 10), 3)
      .option('--parallel <n>', 'accounts copied at once', (v) => Number.parseInt(v, 10), 2)
      .option('--limit <MB/s>', 'speed limit for the whole job', Number.parseFloat)
      .option('--remember', 'keep the passwords (encrypted) so the job can resume after a restart');

  common(
    cmd
      .command('run')
      .description(
        'copy one mailbox: --from ADDR [--from-host SERVER] --to ADDR [--to-host SERVER]; passwords in MW_SOURCE_PASSWORD and MW_TARGET_PASSWORD',
      ),
  )
    .requiredOption('--from <address>', 'source address (its login)')
    .option('--from-host <server>', 'source IMAP server (host, host:port, imaps://…; default: discovered)')
    .requiredOption('--to <address>', 'target mailbox address (its login)')
    .option('--to-host <server>', 'target IMAP server (default: the mail service’s import target)')
    .option('--from-password-env <name>', 'environment variable with the source password', 'MW_SOURCE_PASSWORD')
    .option('--to-password-env <name>', 'environment variable with the target password', 'MW_TARGET_PASSWORD')
    .action(
      async (o: {
        service: string;
        from: string;
        fromHost?: string;
        to: string;
        toHost?: string;
        fromPasswordEnv: string;
        toPasswordEnv: string;
        connections: number;
        parallel: number;
        limit?: number;
        remember?: boolean;
      }) => {
        const service = await h.findService!(o.service);
        const { jobId } = await call('imports.start', {
          mailServiceId: service.id,
          accounts: [
            {
              source: o.from,
              sourcePassword: secret(o.fromPasswordEnv),
              sourceServer: o.fromHost,
              target: o.to,
              // Not set: the password Mailwright keeps for that mailbox, if any.
              targetPassword: h.env?.[o.toPasswordEnv] || undefined,
              targetServer: o.toHost,
            },
          ],
          options: options(o),
        });
        h.note(`job ${jobId} started`);
        await watch([jobId]);
      },
    );

  common(
    cmd
      .command('run-csv <file>')
      .description('copy every account of the CSV (source, password, server, target, target password), in jobs of 25'),
  )
    .option('--to-host <server>', 'target IMAP server (default: the mail service’s import target)')
    .action(
      async (
        file: string,
        o: { service: string; toHost?: string; connections: number; parallel: number; limit?: number; remember?: boolean },
      ) => {
        const service = await h.findService!(o.service);
        const rows = readRows(file, h);
        const ready = rows.filter((r) => r.problems.length === 0);
        for (const r of rows.filter((x) => x.problems.length > 0))
          h.note(`skipped line ${r.line} ${r.source || '(no address)'}: ${r.problems.map((p) => ROW_TEXT[p]).join('; ')}`);
        if (ready.length === 0) throw new CliFailure(1, 'No account in the file can be imported.');
        const jobIds: number[] = [];
        for (let i = 0; i < ready.length; i += IMPORT_JOB_MAX_ACCOUNTS) {
          const batch = ready.slice(i, i + IMPORT_JOB_MAX_ACCOUNTS);
          const { jobId } = await call('imports.start', {
            mailServiceId: service.id,
            name: `${file} batch ${i / IMPORT_JOB_MAX_ACCOUNTS + 1}`,
            accounts: batch.map((r) => ({
              line: r.line,
              source: r.source,
              sourcePassword: r.password,
              sourceServer: r.server || undefined,
              target: r.target,
              targetPassword: r.targetPassword || undefined,
              targetServer: o.toHost,
            })),
            options: options(o),
          });
          jobIds.push(jobId);
        }
        h.note(`${jobIds.length} job(s) started: ${jobIds.join(', ')}`);
        await watch(jobIds);
      },
    );

  cmd
    .command('resume <job>')
    .description(
      'continue a paused or interrupted job (passwords: remembered, from --file CSV, or MW_SOURCE_PASSWORD/MW_TARGET_PASSWORD for one account)',
    )
    .option('--file <csv>', 'the accounts CSV the job was started from')
    .action(async (job: string, o: { file?: string }) => {
      const jobId = Number.parseInt(job, 10);
      const current = (await call('imports.list', {})).find((j) => j.id === jobId);
      if (!current) throw new CliFailure(1, `There is no import job ${job}: \`mailwright import status\` lists them.`);
      const rows = o.file ? readRows(o.file, h) : [];
      const passwords = current.accounts
        .filter((a) => a.status !== 'done' && !a.remembered)
        .map((a) => {
          const row = rows.find((r) => r.source === a.source && r.target === a.target);
          if (row) return { accountId: a.id, sourcePassword: row.password, targetPassword: row.targetPassword || undefined };
          return {
            accountId: a.id,
            sourcePassword: secret('MW_SOURCE_PASSWORD'),
            targetPassword: h.env?.MW_TARGET_PASSWORD || undefined,
          };
        });
      await call('imports.resume', { jobId, passwords });
      await watch([jobId]);
    });

  cmd
    .command('status')
    .description('import jobs with each account’s state and counts')
    .option('--service <domain|id>', 'only this mail service')
    .action(async (o: { service?: string }) => {
      const service = o.service ? await h.findService!(o.service) : undefined;
      const jobs = await call('imports.list', service ? { mailServiceId: service.id } : {});
      h.print(jobs, () => (jobs.length ? jobs.map(jobText).join('\n') : 'No import jobs.'));
    });

  cmd
    .command('report <job>')
    .description('the job’s report as CSV (per account and folder, then each failed message)')
    .option('--out <file>', 'write it to this file instead of stdout')
    .action(async (job: string, o: { out?: string }) => {
      const report = await call('imports.report', { jobId: Number.parseInt(job, 10) });
      if (o.out) {
        h.writeFile!(o.out, report.csv);
        h.note(`report written to ${o.out}`);
      } else h.print(report, () => report.csv.trimEnd());
    });
}

function readRows(file: string, h: Helpers) {
  let bytes: Uint8Array;
  try {
    bytes = h.readBytes(file);
  } catch (error) {
    throw new CliFailure(2, `Can't read ${file}: ${(error as Error).message}`);
  }
  const table = readCsvBytes(bytes);
  if (!table.ok) throw new CliFailure(2, `${file} is not a CSV file this can read (${table.problem}): save it as CSV.`);
  const rows = checkImportRows(table.records);
  if (rows.length === 0) throw new CliFailure(2, `${file} has no accounts.`);
  return rows;
}
