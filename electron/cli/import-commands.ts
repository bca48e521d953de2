import type { Command } from 'commander';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { checkImportRows } from '../../shared/domain/mail-import/import-file';
import { DnsClient, parseServer } from '../dns/client';
import { LiveResolver } from '../dns/resolvers';
import { preflight, type PreflightResult } from '../mail-import/preflight';
import { CliFailure } from './cli-failure';

interface Helpers {
  print(value: unknown, human: () => string): void;
  note(text: string): void;
  readBytes(file: string): Uint8Array;
  setExitCode(code: number): void;
}

const ROW_TEXT: Record<string, string> = {
  'invalid-source': 'the source address is not an e-mail address',
  'missing-password': 'no password',
  'invalid-server': 'the server is not host, host:port or imaps://host',
  'invalid-target': 'the target address is not an e-mail address',
  'duplicate-source': 'this source is already in the file',
  'oauth-provider': 'a Google or Microsoft account: the CSV import can’t take it (use the single import with an app password)',
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
}
