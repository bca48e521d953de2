import net from 'node:net';
import { type Command, Option } from 'commander';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import { checkDomain } from '../../shared/domain/address/domain';
import { parseZoneFile, type ZoneRecord } from '../../shared/domain/dns/zonefile';
import { addInclude, lintSpf } from '../../shared/domain/spf/lint';
import { checkMailDomain, spfCost, type DnsCheckReport, type Finding, type SpfNode } from '../dns/check';
import { DnsClient, parseServer, type DnsServer } from '../dns/client';
import { evaluateSpf } from '../dns/spf-eval';
import { LiveResolver, PlannedResolver, type Resolver } from '../dns/resolvers';
import { CliFailure } from './cli-failure';

interface Helpers {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  print(value: unknown, human: () => string): void;
  note(text: string): void;
  readFile(file: string): string;
  setExitCode(code: number): void;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const servers = (list: string[] | undefined): DnsServer[] => {
  try {
    return (list ?? []).map(parseServer);
  } catch (error) {
    throw new CliFailure(2, (error as Error).message);
  }
};

const domainArg = (raw: string): string => {
  const d = checkDomain(raw.trim().replace(/\.$/, ''));
  if (!d.ok) throw new CliFailure(2, `"${raw}" is not a domain name.`);
  return d.ascii;
};

/** A host name as SPF targets are: underscores allowed (_spf.google.com), no macros. */
const hostArg = (raw: string): string => {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  if (!/^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z][a-z0-9-]{0,61}$/.test(name))
    throw new CliFailure(2, `"${raw}" is not a host name to include.`);
  return name;
};

const ICON: Record<string, string> = { error: '✗', warning: '!', info: 'i' };
const formatFindings = (findings: Finding[]) =>
  findings.map((f) => `  ${ICON[f.severity]} ${f.code}: ${f.message}${f.fix ? `\n      publish: ${f.fix}` : ''}`);

function formatTree(node: SpfNode, depth = 0): string[] {
  const pad = '  '.repeat(depth + 1);
  const head = `${pad}${node.via === 'root' ? '' : `${node.via} `}${node.domain}: ${node.total} lookup(s)${node.problem ? ` — ${node.problem}` : ''}`;
  return [head, ...node.children.flatMap((c) => formatTree(c, depth + 1))];
}

/** A resolver for live DNS, or a zone file laid over it (`--zone`), and the zone's records. */
function resolverFor(
  h: Helpers,
  domain: string,
  o: { resolver?: string[]; zone?: string; plannedOnly?: boolean; timeout: number },
) {
  const client = new DnsClient({ servers: servers(o.resolver), timeoutMs: o.timeout, tries: 2 });
  if (!o.zone) return { resolver: new LiveResolver(client) as Resolver, planned: [] as ZoneRecord[], client };
  let text: string;
  try {
    text = h.readFile(o.zone);
  } catch (error) {
    throw new CliFailure(2, `Can't read ${o.zone}: ${(error as Error).message}`);
  }
  const zone = parseZoneFile(text, domain);
  for (const p of zone.problems) h.note(`${o.zone}:${p.line}: ${p.message}`);
  if (zone.records.length === 0)
    throw new CliFailure(2, `${o.zone} has no records this app reads: is it a zone file (RFC 1035 master format)?`);
  return {
    resolver: new PlannedResolver(zone.origin || domain, zone.records, o.plannedOnly ? 'planned' : 'overlay', client) as Resolver,
    planned: zone.records,
    client,
  };
}

/** `mailwright dns check|spf eval|spf lint|spf add-include`. */
export function registerDnsCommands(program: Command, h: Helpers): void {
  const dns = program.command('dns').description('DNS checks of a mail domain');
  dns
    .command('resolvers [servers...]')
    .description('show or set the DNS servers the app’s checks ask (IP or IP:PORT); --system for the system’s')
    .option('--system', 'use the system’s resolvers again')
    .option('--timeout <ms>', 'per-query timeout', (v) => Number.parseInt(v, 10))
    .action(async (list: string[], o: { system?: boolean; timeout?: number }) => {
      const current = (await h.call('settings.get', {})).dns ?? { resolvers: [], timeoutMs: 1500 };
      if (list.length > 0 || o.system || o.timeout !== undefined) {
        servers(list); // refuses what isn't a resolver address
        const next = {
          resolvers: o.system ? [] : list.length > 0 ? list : current.resolvers,
          timeoutMs: o.timeout ?? current.timeoutMs,
        };
        const saved = (await h.call('settings.update', { dns: next })).dns ?? next;
        h.print(saved, () => `Resolvers: ${saved.resolvers.join(', ') || 'the system’s'}; timeout ${saved.timeoutMs} ms.`);
        return;
      }
      h.print(current, () => `Resolvers: ${current.resolvers.join(', ') || 'the system’s'}; timeout ${current.timeoutMs} ms.`);
    });
  dns
    .command('check <domain>')
    .description('SPF (with its lookup budget), DMARC, MX, DKIM, MTA-STS, TLS-RPT; exit 1 when a check finds an error')
    .option('--resolver <ip[:port]>', 'DNS server to ask (repeatable; default: the system’s)', collect)
    .option('--zone <file>', 'a zone file (RFC 1035) laid over live DNS: "what if I publish this"')
    .option('--planned-only', 'with --zone: answer names of the domain from the zone alone')
    .option('--selector <names>', 'DKIM selectors to check, comma-separated')
    .option('--timeout <ms>', 'per-query timeout', (v) => Number.parseInt(v, 10), 1500)
    .action(
      async (
        raw: string,
        o: { resolver?: string[]; zone?: string; plannedOnly?: boolean; selector?: string; timeout: number },
      ) => {
        const domain = domainArg(raw);
        const { resolver, planned } = resolverFor(h, domain, o);
        const selectors = (o.selector ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const report: DnsCheckReport = await checkMailDomain(resolver, domain, selectors, planned);
        h.print({ ...report, trace: resolver.trace() }, () =>
          [
            `${domain}: ${report.summary.errors} error(s), ${report.summary.warnings} warning(s)${o.zone ? ` (with ${o.zone}${o.plannedOnly ? ' alone' : ' over live DNS'})` : ''}`,
            `SPF: ${report.spf.record ?? '—'}`,
            ...(report.spf.tree
              ? [`  lookups ${report.spf.lookups}/10, void ${report.spf.voidLookups}/2`, ...formatTree(report.spf.tree)]
              : []),
            ...formatFindings(report.spf.findings),
            `DMARC: ${report.dmarc.record ?? '—'}`,
            ...formatFindings(report.dmarc.findings),
            `MX: ${report.mx.hosts.map((m) => `${m.priority} ${m.exchange}`).join(', ') || '—'}`,
            ...formatFindings(report.mx.findings),
            ...(selectors.length
              ? [
                  `DKIM: ${report.dkim.selectors.map((s) => `${s.selector}${s.keyBits ? ` (${s.keyType} ${s.keyBits} bits)` : ''}`).join(', ')}`,
                ]
              : []),
            ...formatFindings(report.dkim.findings),
            ...formatFindings([...report.mtaSts.findings, ...report.tlsRpt.findings]),
          ].join('\n'),
        );
        if (report.summary.errors > 0) h.setExitCode(1);
      },
    );

  const cmd = program.command('spf').description('SPF (RFC 7208): evaluate, lint, add an include');
  cmd
    .command('lint <record>')
    .description('check one SPF record without DNS; exit 1 when it has an error')
    .action((record: string) => {
      const findings = lintSpf(record);
      h.print({ record, findings }, () =>
        findings.length ? formatFindings(findings as Finding[]).join('\n') : 'No problems found.',
      );
      if (findings.some((f) => f.severity === 'error')) h.setExitCode(1);
    });
  cmd
    .command('add-include <domain> <include>')
    .description('print the domain’s SPF record with an include added before its all term, and what it costs')
    .option('--resolver <ip[:port]>', 'DNS server to ask (repeatable; default: the system’s)', collect)
    .option('--zone <file>', 'take the current record from this zone file (laid over live DNS)')
    .option('--timeout <ms>', 'per-query timeout', (v) => Number.parseInt(v, 10), 1500)
    .action(async (raw: string, include: string, o: { resolver?: string[]; zone?: string; timeout: number }) => {
      const domain = domainArg(raw);
      const target = hostArg(include);
      const { planned, client } = resolverFor(h, domain, o);
      const mode = o.zone ? 'overlay' : 'live';
      // The current record in this view of DNS, then the cost of the new one laid over it, as receivers count.
      const current = (await spfCost(client, domain, planned, mode, 'v=spf1 -all')).current ?? 'v=spf1 -all';
      let next: { record: string; added: boolean };
      try {
        next = addInclude(current, target);
      } catch (error) {
        throw new CliFailure(1, `The current record can't be changed safely: ${(error as Error).message}`);
      }
      const c = await spfCost(client, domain, planned, mode, next.record);
      const cost = {
        before: c.before,
        after: c.after,
        limit: c.limit,
        voidLookups: c.voidLookups,
        bytes: c.bytes,
        strings: c.strings.length,
      };
      h.print(
        {
          domain,
          before: current,
          record: next.record,
          added: next.added,
          txt: c.strings,
          cost,
          findings: c.findings,
          tree: c.tree,
        },
        () =>
          [
            next.added ? next.record : `${current}  (already includes ${target})`,
            `lookups ${cost.after - cost.before >= 0 ? '+' : ''}${cost.after - cost.before} → ${cost.after}/10, void ${cost.voidLookups}, ${cost.bytes} bytes in ${cost.strings} string(s)`,
            ...(c.tree ? formatTree(c.tree) : []),
            ...formatFindings(c.findings),
            `publish: ${domain} TXT ${c.strings.map((s) => JSON.stringify(s)).join(' ')}`,
          ].join('\n'),
      );
      if (c.findings.some((f) => f.severity === 'error')) h.setExitCode(1);
    });
  cmd
    .command('eval')
    .description('evaluate SPF for a client IP and sender as a receiver would (check_host, RFC 7208)')
    .requiredOption('--ip <ip>', 'the SMTP client’s IP address')
    .requiredOption('--sender <address>', 'MAIL FROM address ("" for the null sender: the HELO is checked)')
    .option('--helo <name>', 'the HELO/EHLO name')
    .option('--resolver <ip[:port]>', 'DNS server to ask (repeatable; default: the system’s)', collect)
    .option('--timeout <ms>', 'per-query timeout', (v) => Number.parseInt(v, 10), 1500)
    .option('--tries <n>', 'tries per query', (v) => Number.parseInt(v, 10), 2)
    .option('--zone <file>', 'a zone file (RFC 1035) laid over live DNS: evaluate as if it were published')
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
        zone?: string;
      }) => {
        if (!net.isIP(o.ip)) throw new CliFailure(2, `"${o.ip}" is not an IP address.`);
        if (!(o.timeout > 0) || !(o.tries > 0)) throw new CliFailure(2, '--timeout and --tries take positive numbers.');
        let servers: DnsServer[];
        try {
          servers = (o.resolver ?? []).map(parseServer);
        } catch (error) {
          throw new CliFailure(2, (error as Error).message);
        }
        const identity = o.sender.includes('@') ? o.sender.slice(o.sender.lastIndexOf('@') + 1) : o.sender || (o.helo ?? '');
        // With --zone, the zone (its $ORIGIN, else the sender's domain) answers for its names, live DNS for the rest.
        const client = o.zone
          ? resolverFor(h, identity.toLowerCase(), { resolver: o.resolver, zone: o.zone, timeout: o.timeout }).resolver
          : new DnsClient({ servers, timeoutMs: o.timeout, tries: o.tries });
        const base = { ip: o.ip, sender: o.sender, helo: o.helo, servers, timeoutMs: o.timeout, tries: o.tries };
        const main = await evaluateSpf({ ...base, strict: !o.lenient }, client);
        // Without a mode asked for, both verdicts: receivers differ, and an admin should see where.
        const other = o.strict || o.lenient ? null : await evaluateSpf({ ...base, strict: false }, client);
        const out = { ...main, mode: o.lenient ? 'lenient' : 'strict', ...(other ? { lenient: other.result } : {}) };
        h.print(out, () =>
          [
            `${main.result}${other && other.result !== main.result ? ` (lenient receivers: ${other.result})` : ''}`,
            main.comment,
            ...(main.matched?.length ? [`matched: ${main.matched.map((m) => `${m.domain}: ${m.term}`).join(' → ')}`] : []),
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
