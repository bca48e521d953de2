import crypto from 'node:crypto';
import net from 'node:net';
import type { DnsCheckReport as DnsCheckReportWithTrace, DnsFinding, SpfTreeNode } from '../../shared/contract';
import type { ZoneRecord } from '../../shared/domain/dns/zonefile';
import { externalReportDomains, isDmarcRecord, parseDmarc } from '../../shared/domain/dmarc/parse';
import { lintSpf, lintTxtSet } from '../../shared/domain/spf/lint';
import { isSpfRecord, joinTxt, lookupCost, parseSpf, splitTxt, type SpfTerm } from '../../shared/domain/spf/parse';
import type { DnsClient } from './client';
import { LiveResolver, PlannedResolver, type Resolver } from './resolvers';

/**
 * The "security overview" of a mail domain: SPF (with the include tree and
 * the lookup budget as receivers count it), DMARC, MX, DKIM for given
 * selectors, MTA-STS and TLS-RPT — every finding with a stable code, a
 * severity, what to do, and where it helps the exact record to publish.
 */

export type Finding = DnsFinding;
export type SpfNode = SpfTreeNode;
/** The report as the checks build it; the trace of queries is added by whoever holds the resolver. */
export type DnsCheckReport = Omit<DnsCheckReportWithTrace, 'trace'>;

const MAX_LOOKUPS = 10;
const MAX_VOID = 2;

const errCode = (error: unknown) => (error as { code?: string }).code ?? 'EBADRESP';
const isVoid = (error: unknown) => ['ENOTFOUND', 'ENODATA'].includes(errCode(error));

async function txt(resolver: Resolver, name: string): Promise<string[][]> {
  try {
    return (await resolver.resolve(name, 'TXT')) as string[][];
  } catch (error) {
    if (isVoid(error)) return [];
    throw error;
  }
}

/** Whether a name resolves to an address (A or AAAA); false when it doesn't exist or has none. */
async function hasAddress(resolver: Resolver, name: string): Promise<string[] | null> {
  const out: string[] = [];
  for (const type of ['A', 'AAAA']) {
    try {
      out.push(...((await resolver.resolve(name, type)) as string[]));
    } catch (error) {
      if (!isVoid(error)) throw error;
    }
  }
  return out.length ? out : null;
}

const hasMacro = (spec: string | null) => spec !== null && spec.includes('%');

async function spfTree(
  resolver: Resolver,
  domain: string,
  via: SpfNode['via'],
  path: string[],
  findings: Finding[],
): Promise<SpfNode> {
  const node: SpfNode = { domain, via, record: null, lookups: 0, total: 0, voidLookups: 0, children: [] };
  if (path.includes(domain)) {
    node.problem = 'loop';
    findings.push({
      code: 'spf-include-loop',
      severity: 'error',
      message: `${[...path, domain].join(' → ')}: the records include each other. Receivers return permerror; remove the include that closes the loop.`,
    });
    return node;
  }
  let records: string[][];
  try {
    records = await txt(resolver, domain);
  } catch (error) {
    node.problem = `DNS error (${errCode(error)})`;
    return node;
  }
  const spf = records.map(joinTxt).filter(isSpfRecord);
  if (spf.length !== 1) {
    node.problem = spf.length === 0 ? 'no SPF record' : 'several SPF records';
    if (via !== 'root') {
      node.voidLookups = spf.length === 0 && records.length === 0 ? 1 : 0;
      findings.push({
        code: 'spf-include-missing',
        severity: 'error',
        message: `${domain} (an ${via} target) has ${spf.length === 0 ? 'no SPF record' : 'several SPF records'}: receivers return permerror. Fix or remove that ${via}.`,
      });
    }
    return node;
  }
  node.record = spf[0]!;
  const parsed = parseSpf(node.record);
  if (!parsed.ok) node.problem = `syntax error: ${parsed.error.message}`;
  const terms: SpfTerm[] = parsed.terms;
  for (const term of terms) {
    const cost = lookupCost(term);
    node.lookups += cost;
    if (
      term.kind === 'mechanism' &&
      (term.name === 'include' || term.name === 'a' || term.name === 'mx' || term.name === 'exists')
    ) {
      const target = term.value ?? domain;
      if (hasMacro(target)) continue; // depends on the sender: can't be followed here
      if (term.name === 'include') {
        node.children.push(await spfTree(resolver, target.toLowerCase(), 'include', [...path, domain], findings));
        continue;
      }
      try {
        if (term.name === 'mx') {
          const hosts = (await resolver.resolve(target, 'MX').catch((e) => (isVoid(e) ? [] : Promise.reject(e)))) as unknown[];
          if (hosts.length === 0) node.voidLookups++;
        } else if ((await hasAddress(resolver, target)) === null) node.voidLookups++;
      } catch {
        // A DNS error is not a void lookup; the evaluation would give temperror, which `spf eval` shows.
      }
    }
    if (term.kind === 'modifier' && term.name === 'redirect' && !hasMacro(term.value)) {
      const hasAll = terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
      if (!hasAll) node.children.push(await spfTree(resolver, term.value.toLowerCase(), 'redirect', [...path, domain], findings));
    }
  }
  node.total = node.lookups + node.children.reduce((n, c) => n + c.total, 0);
  return node;
}

const sumVoid = (n: SpfNode): number => n.voidLookups + n.children.reduce((s, c) => s + sumVoid(c), 0);

async function checkSpf(resolver: Resolver, domain: string): Promise<DnsCheckReport['spf']> {
  const findings: Finding[] = [];
  const records = await txt(resolver, domain);
  const spf = records.filter((r) => isSpfRecord(joinTxt(r))).map(joinTxt);
  findings.push(
    ...lintTxtSet(records).map((f) => ({
      ...f,
      ...(f.code === 'spf-missing' ? { fix: `${domain} TXT "v=spf1 include:spf.infomaniak.ch -all"` } : {}),
    })),
  );
  if (spf.length !== 1) return { records: spf, record: null, lookups: 0, voidLookups: 0, tree: null, findings };
  const record = spf[0]!;
  findings.push(...lintSpf(record).filter((f) => f.code !== 'spf-too-many-lookups'));
  const tree = await spfTree(resolver, domain, 'root', [], findings);
  const voidLookups = sumVoid(tree);
  if (tree.total > MAX_LOOKUPS)
    findings.push({
      code: 'spf-too-many-lookups',
      severity: 'error',
      message: `${tree.total} DNS lookups, more than the ${MAX_LOOKUPS} receivers allow: they return permerror. Remove includes you no longer need, or replace a and mx terms by ip4/ip6.`,
    });
  if (voidLookups > MAX_VOID)
    findings.push({
      code: 'spf-void-lookups',
      severity: 'error',
      message: `${voidLookups} lookups find nothing (more than ${MAX_VOID}): receivers return permerror. Remove the terms that point at names without records.`,
    });
  return { records: spf, record, lookups: tree.total, voidLookups, tree, findings };
}

async function checkDmarc(resolver: Resolver, domain: string, spfRecord: string | null): Promise<DnsCheckReport['dmarc']> {
  const name = `_dmarc.${domain}`;
  const records = (await txt(resolver, name)).map(joinTxt).filter(isDmarcRecord);
  const fix = `${name} TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${domain}"`;
  if (records.length === 0)
    return {
      record: null,
      tags: {},
      findings: [
        {
          code: 'dmarc-missing',
          severity: 'error',
          message: `No DMARC record at ${name}: anyone can send as ${domain} unnoticed. Publish one, starting with p=none to get reports.`,
          fix,
        },
      ],
    };
  if (records.length > 1)
    return {
      record: null,
      tags: {},
      findings: [
        {
          code: 'dmarc-multiple',
          severity: 'error',
          message: `${records.length} DMARC records at ${name}: receivers then ignore DMARC. Keep one.`,
        },
      ],
    };
  const { record, findings } = parseDmarc(records[0]!);
  const out: Finding[] = [...findings];
  if (record) {
    for (const other of externalReportDomains(domain, record)) {
      const auth = `${domain}._report._dmarc.${other}`;
      const ok = (await txt(resolver, auth).catch(() => [])).map(joinTxt).some(isDmarcRecord);
      if (!ok)
        out.push({
          code: 'dmarc-external-rua-unauthorized',
          severity: 'warning',
          message: `Reports go to ${other}, which doesn't authorise ${domain} (no DMARC record at ${auth}): receivers won't send them. Ask ${other} to publish it.`,
          fix: `${auth} TXT "v=DMARC1"`,
        });
    }
    const policy = record.tags.p?.toLowerCase();
    const all = spfRecord ? /\s([~?+-]?)all(\s|$)/i.exec(spfRecord)?.[1] : undefined;
    if ((policy === 'quarantine' || policy === 'reject') && all === '-')
      out.push({
        code: 'dmarc-spf-advice',
        severity: 'info',
        message: `With p=${policy}, DMARC decides: SPF "~all" is enough, and avoids receivers rejecting forwarded mail on "-all" before DMARC looks at its DKIM signature.`,
      });
    if ((policy === 'none' || !policy) && all === '~')
      out.push({
        code: 'dmarc-spf-advice',
        severity: 'info',
        message:
          'SPF "~all" and DMARC p=none together protect little: once reports show every sender passes, move DMARC to quarantine.',
      });
  }
  return { record: records[0]!, tags: record?.tags ?? {}, findings: out };
}

async function checkMx(resolver: Resolver, domain: string): Promise<DnsCheckReport['mx']> {
  const findings: Finding[] = [];
  let mx: { exchange: string; priority: number }[] = [];
  try {
    mx = (await resolver.resolve(domain, 'MX')) as typeof mx;
  } catch (error) {
    if (!isVoid(error)) throw error;
  }
  if (mx.length === 0) {
    findings.push({
      code: 'mx-missing',
      severity: 'error',
      message: `${domain} has no MX record: mail to it can't be delivered. Publish the provider's MX.`,
      fix: `${domain} MX 5 mta-gw.infomaniak.ch`,
    });
    return { hosts: [], findings };
  }
  const hosts: DnsCheckReport['mx']['hosts'] = [];
  for (const { exchange, priority } of [...mx].sort((a, b) => a.priority - b.priority)) {
    const host = exchange.replace(/\.$/, '');
    if (host === '') {
      findings.push({
        code: 'mx-null',
        severity: 'info',
        message: `${domain} publishes a null MX: it accepts no mail (RFC 7505).`,
      });
      hosts.push({ priority, exchange: '.', addresses: [] });
      continue;
    }
    if (net.isIP(host.replace(/^\[|\]$/g, ''))) {
      findings.push({
        code: 'mx-unresolvable',
        severity: 'error',
        message: `The MX ${host} is an IP address; an MX must name a host. Publish a host name with A/AAAA records instead.`,
      });
      hosts.push({ priority, exchange: host, addresses: [] });
      continue;
    }
    const cname = await resolver.resolve(host, 'CNAME').then(
      (r) => (r as string[])[0] ?? null,
      () => null,
    );
    if (cname)
      findings.push({
        code: 'mx-cname',
        severity: 'warning',
        message: `The MX ${host} is an alias (CNAME to ${cname}); RFC 5321 wants the real host name. Point the MX at ${cname}.`,
      });
    const addresses = (await hasAddress(resolver, host).catch(() => null)) ?? [];
    if (addresses.length === 0)
      findings.push({
        code: 'mx-unresolvable',
        severity: 'error',
        message: `The MX ${host} has no address (no A or AAAA record): mail can't reach it.`,
      });
    hosts.push({ priority, exchange: host, addresses });
  }
  return { hosts, findings };
}

/** Bits of an RSA key (or 256 for Ed25519) from a DKIM p= value; null when it isn't a key. */
function keyBits(type: string, p: string): number | null {
  try {
    if (type === 'ed25519') return Buffer.from(p, 'base64').length === 32 ? 256 : null;
    const key = crypto.createPublicKey({ key: Buffer.from(p, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyDetails?.modulusLength ?? null;
  } catch {
    return null;
  }
}

async function checkDkim(resolver: Resolver, domain: string, selectors: string[]): Promise<DnsCheckReport['dkim']> {
  const findings: Finding[] = [];
  const out: DnsCheckReport['dkim']['selectors'] = [];
  for (const selector of selectors) {
    const name = `${selector}._domainkey.${domain}`;
    const records = (await txt(resolver, name)).map(joinTxt);
    const record = records.find((r) => /(^|;)\s*p\s*=/i.test(r)) ?? null;
    if (!record) {
      findings.push({
        code: 'dkim-missing',
        severity: 'error',
        message: `No DKIM key at ${name}: mail signed with selector "${selector}" fails DKIM. Publish the key your provider shows for it.`,
      });
      out.push({ selector, record: null, keyType: null, keyBits: null });
      continue;
    }
    const tags = Object.fromEntries(
      record.split(';').map((part) => {
        const eq = part.indexOf('=');
        return [part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, '')];
      }),
    );
    const type = (tags.k ?? 'rsa').toLowerCase();
    const p = tags.p ?? '';
    if (p === '') {
      findings.push({
        code: 'dkim-revoked',
        severity: 'warning',
        message: `The key of selector "${selector}" is revoked (empty p=): mail signed with it fails.`,
      });
      out.push({ selector, record, keyType: type, keyBits: null });
      continue;
    }
    const bits = keyBits(type, p);
    if (bits === null)
      findings.push({
        code: 'dkim-invalid-key',
        severity: 'error',
        message: `The p= value of selector "${selector}" is not a ${type} public key. Copy the key again, whole.`,
      });
    else if (type === 'rsa' && bits < 1024)
      findings.push({
        code: 'dkim-weak-key',
        severity: 'error',
        message: `Selector "${selector}" has a ${bits}-bit RSA key: receivers ignore keys under 1024 bits. Create a 2048-bit key.`,
      });
    else if (type === 'rsa' && bits < 2048)
      findings.push({
        code: 'dkim-weak-key',
        severity: 'warning',
        message: `Selector "${selector}" has a ${bits}-bit RSA key; 2048 bits is the recommended size. Rotate to a 2048-bit key.`,
      });
    out.push({ selector, record, keyType: type, keyBits: bits });
  }
  return { selectors: out, findings };
}

async function presence(resolver: Resolver, name: string, prefix: RegExp, code: string, message: string) {
  const record = (await txt(resolver, name).catch(() => [])).map(joinTxt).find((r) => prefix.test(r)) ?? null;
  return { record, findings: record ? [] : [{ code, severity: 'info' as const, message }] };
}

/** Every check of a domain; DNS errors in one part don't stop the others (they become findings). */
export async function checkMailDomain(
  resolver: Resolver,
  domain: string,
  selectors: string[] = [],
  planned: readonly ZoneRecord[] = [],
): Promise<DnsCheckReport> {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const guard = async <T extends { findings: Finding[] }>(
    part: string,
    run: () => Promise<T>,
    empty: Omit<T, 'findings'>,
  ): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      return {
        ...empty,
        findings: [
          {
            code: 'dns-error',
            severity: 'error',
            message: `The ${part} check could not finish: ${(error as Error).message}. Check the resolver and try again.`,
          },
        ],
      } as T;
    }
  };
  const spf = await guard('SPF', () => checkSpf(resolver, d), {
    records: [],
    record: null,
    lookups: 0,
    voidLookups: 0,
    tree: null,
  });
  // Type 99 is never asked (RFC 7208 retired it); a planned zone that still has one is told so.
  for (const r of planned.filter((x) => x.type === 'SPF'))
    spf.findings.push({
      code: 'spf-deprecated-type99',
      severity: 'warning',
      message: `${r.name} has an SPF-type record (line ${r.line}): receivers ignore that type since RFC 7208. Publish it as TXT and remove the SPF record.`,
    });
  const [dmarc, mx, dkim, mtaSts, tlsRpt] = await Promise.all([
    guard('DMARC', () => checkDmarc(resolver, d, spf.record), { record: null, tags: {} }),
    guard('MX', () => checkMx(resolver, d), { hosts: [] }),
    guard('DKIM', () => checkDkim(resolver, d, selectors), { selectors: [] }),
    presence(
      resolver,
      `_mta-sts.${d}`,
      /^v=STSv1/i,
      'mta-sts-missing',
      `No MTA-STS record at _mta-sts.${d}: senders may deliver without TLS if an attacker strips it. Optional, but recommended.`,
    ),
    presence(
      resolver,
      `_smtp._tls.${d}`,
      /^v=TLSRPTv1/i,
      'tls-rpt-missing',
      `No TLS-RPT record at _smtp._tls.${d}: you get no reports of failed TLS deliveries. Optional.`,
    ),
  ]);
  const all = [spf, dmarc, mx, dkim, mtaSts, tlsRpt].flatMap((p) => p.findings);
  return {
    domain: d,
    spf,
    dmarc,
    mx,
    dkim,
    mtaSts,
    tlsRpt,
    summary: {
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
    },
  };
}

/** Live DNS, or the planned zone alone or laid over it. */
export function resolverFor(
  client: DnsClient,
  domain: string,
  planned: readonly ZoneRecord[],
  mode: 'live' | 'planned' | 'overlay',
): Resolver {
  return mode === 'live' ? new LiveResolver(client) : new PlannedResolver(domain, planned, mode, client);
}

const isApexSpf = (domain: string) => (r: ZoneRecord) =>
  r.name === domain && (r.type === 'TXT' || r.type === 'SPF') && /^v=spf1(\s|$)/i.test(r.data.join(''));

/**
 * What an SPF record would cost at a domain before it is published: lookups before and after as receivers count
 * them (the new record laid over the chosen view of DNS), void lookups, size, TXT strings, the include tree.
 */
export async function spfCost(
  client: DnsClient,
  domain: string,
  planned: readonly ZoneRecord[],
  mode: 'live' | 'planned' | 'overlay',
  record: string,
) {
  const d = domain.toLowerCase();
  const before = await checkSpf(resolverFor(client, d, planned, mode), d).catch(() => null);
  const strings = splitTxt(record);
  const withRecord: ZoneRecord[] = [
    ...planned.filter((r) => !isApexSpf(d)(r)),
    { name: d, type: 'TXT', ttl: 3600, data: strings, line: 0 },
  ];
  const after = await checkSpf(new PlannedResolver(d, withRecord, mode === 'planned' ? 'planned' : 'overlay', client), d);
  return {
    domain: d,
    current: before?.record ?? null,
    record,
    before: before?.lookups ?? 0,
    after: after.lookups,
    limit: MAX_LOOKUPS,
    voidLookups: after.voidLookups,
    bytes: Buffer.byteLength(record),
    strings,
    tree: after.tree,
    findings: after.findings,
  };
}
