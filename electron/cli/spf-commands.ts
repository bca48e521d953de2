import net from 'node:net';
import { type Command, Option } from 'commander';
import { spf } from 'mailauth/lib/spf';
import { DnsClient, parseServer, type DnsServer, type TraceEntry } from '../dns/client';
import { CliFailure } from './cli-failure';

interface Helpers {
  print(value: unknown, human: () => string): void;
  note(text: string): void;
}

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfEvaluation {
  result: SpfResult;
  /** The domain's explanation (`exp=`), for a fail only: third-party text. */
  explanation: string | null;
  comment: string;
  record: string | null;
  lookups: { count: number; limit: number; void: number } | null;
  /** Every DNS question asked, in order, with its answer or error and time. */
  trail: TraceEntry[];
}

export interface EvalOptions {
  ip: string;
  sender: string;
  helo?: string;
  servers: DnsServer[];
  timeoutMs: number;
  tries: number;
  strict: boolean;
}

/**
 * RFC 7208 check_host() through mailauth's SPF module (7.1.0, which passes the RFC 7208 test suite in strict mode)
 * with our own DNS client: it sends names Node's resolver refuses, and gives temperror in seconds, not half a minute.
 */
export async function evaluateSpf(
  o: EvalOptions,
  client = new DnsClient({ servers: o.servers, timeoutMs: o.timeoutMs, tries: o.tries }),
) {
  const started = client.trace().length;
  const r = (await spf({
    ip: o.ip,
    sender: o.sender,
    helo: o.helo,
    mta: 'mailwright',
    strict: o.strict,
    // Shaped as Node's dns.promises.resolve answers (arrays of strings, string arrays for TXT, {exchange, priority} for MX).
    resolver: ((name: string, type: string) => client.resolve(name, type)) as never,
  })) as {
    status: { result: SpfResult; comment?: string };
    explanation?: string;
    rr?: string;
    lookups?: { count: number; limit: number; void: number };
  };
  return {
    result: r.status.result,
    explanation: r.explanation ?? null,
    comment: r.status.comment ?? '',
    record: r.rr ?? null,
    lookups: r.lookups ? { count: r.lookups.count, limit: r.lookups.limit, void: r.lookups.void } : null,
    trail: client.trace().slice(started),
  } satisfies SpfEvaluation;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `mailwright spf eval`: the verdict a receiver would reach for a client IP, sender and HELO. */
export function registerSpfCommands(program: Command, h: Helpers): void {
  const cmd = program.command('spf').description('SPF (RFC 7208): evaluate a sender');
  cmd
    .command('eval')
    .description('evaluate SPF for a client IP and sender as a receiver would (check_host, RFC 7208)')
    .requiredOption('--ip <ip>', 'the SMTP client’s IP address')
    .requiredOption('--sender <address>', 'MAIL FROM address ("" for the null sender: the HELO is checked)')
    .option('--helo <name>', 'the HELO/EHLO name')
    .option('--resolver <ip[:port]>', 'DNS server to ask (repeatable; default: the system’s)', collect)
    .option('--timeout <ms>', 'per-query timeout', (v) => Number.parseInt(v, 10), 1500)
    .option('--tries <n>', 'tries per query', (v) => Number.parseInt(v, 10), 2)
    .addOption(new Option('--strict', 'RFC 7208 to the letter (the default)').conflicts('lenient'))
    .addOption(new Option('--lenient', 'as lenient receivers do (mailauth’s default mode)'))
    .action(
      async (o: {
        ip: string;
        sender: string;
        helo?: string;
        resolver?: string[];
        timeout: number;
        tries: number;
        strict?: boolean;
        lenient?: boolean;
      }) => {
        if (!net.isIP(o.ip)) throw new CliFailure(2, `"${o.ip}" is not an IP address.`);
        if (!(o.timeout > 0) || !(o.tries > 0)) throw new CliFailure(2, '--timeout and --tries take positive numbers.');
        let servers: DnsServer[];
        try {
          servers = (o.resolver ?? []).map(parseServer);
        } catch (error) {
          throw new CliFailure(2, (error as Error).message);
        }
        const client = new DnsClient({ servers, timeoutMs: o.timeout, tries: o.tries });
        const base = { ip: o.ip, sender: o.sender, helo: o.helo, servers, timeoutMs: o.timeout, tries: o.tries };
        const main = await evaluateSpf({ ...base, strict: !o.lenient }, client);
        // Without a mode asked for, both verdicts: receivers differ, and an admin should see where.
        const other = o.strict || o.lenient ? null : await evaluateSpf({ ...base, strict: false }, client);
        const out = { ...main, mode: o.lenient ? 'lenient' : 'strict', ...(other ? { lenient: other.result } : {}) };
        h.print(out, () =>
          [
            `${main.result}${other && other.result !== main.result ? ` (lenient receivers: ${other.result})` : ''}`,
            main.comment,
            ...(main.explanation ? [`explanation (from the domain): ${main.explanation}`] : []),
            ...(main.record ? [`record: ${main.record}`] : []),
            ...(main.lookups ? [`DNS lookups: ${main.lookups.count}/${main.lookups.limit}, void ${main.lookups.void}`] : []),
            'queries:',
            ...main.trail.map(
              (q) =>
                `  ${q.name} ${q.type}: ${q.cached ? '(cached)' : (q.error ?? q.answer?.join(' | ') ?? '')}${q.cached ? '' : ` ${q.ms} ms${q.tcp ? ' (TCP)' : ''}`}`,
            ),
          ].join('\n'),
        );
      },
    );
}
