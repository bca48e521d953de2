import net from 'node:net';
import { isSpfRecord, joinTxt, parseSpf, type SpfMechanism, type SpfModifier } from '../../shared/domain/spf/parse';
import type { Resolver } from './resolvers';

/**
 * Which term decided an SPF verdict, for the trail: mailauth gives the result but not the term. This walks the
 * record the same way for the cases an admin meets — ip4/ip6, a, mx, include, exists, all, redirect — using the
 * answers the evaluation already asked (the resolver caches them). It gives up (null) where it would have to be an
 * evaluator of its own: macros, ptr, errors, more than 10 levels. The verdict itself is always mailauth's.
 */
export interface MatchStep {
  domain: string;
  term: string;
}

const MAX_DEPTH = 10;

function inNetwork(ip: string, network: string, prefix: number | null): boolean {
  const family = net.isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if ((net.isIP(network) === 6 ? 'ipv6' : 'ipv4') !== family) return false;
  const list = new net.BlockList();
  list.addSubnet(network, prefix ?? (family === 'ipv6' ? 128 : 32), family);
  return list.check(ip, family);
}

async function addresses(resolver: Resolver, name: string, v6: boolean): Promise<string[]> {
  try {
    return (await resolver.resolve(name, v6 ? 'AAAA' : 'A')) as string[];
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
    throw error;
  }
}

type Walk = { steps: MatchStep[]; qualifier: string } | 'no-match' | null;

async function walk(resolver: Resolver, domain: string, ip: string, depth: number): Promise<Walk> {
  if (depth > MAX_DEPTH) return null;
  const records = ((await resolver.resolve(domain, 'TXT')) as string[][]).map(joinTxt).filter(isSpfRecord);
  if (records.length !== 1) return null;
  const parsed = parseSpf(records[0]!);
  if (!parsed.ok) return null;
  const v6 = net.isIP(ip) === 6;
  const cidr = (m: SpfMechanism) => (v6 ? m.cidr6 : m.cidr4);
  const found = (m: SpfMechanism, more: MatchStep[] = []) => ({
    steps: [{ domain, term: m.text || m.name }, ...more],
    qualifier: m.qualifier,
  });
  for (const term of parsed.terms) {
    if (term.kind !== 'mechanism') continue;
    if (term.value?.includes('%')) return null;
    const target = (term.value ?? domain).toLowerCase();
    switch (term.name) {
      case 'all':
        return found(term);
      case 'ip4':
      case 'ip6':
        if (inNetwork(ip, term.value!, term.name === 'ip6' ? term.cidr6 : term.cidr4)) return found(term);
        break;
      case 'a':
        if ((await addresses(resolver, target, v6)).some((a) => inNetwork(ip, a, cidr(term)))) return found(term);
        break;
      case 'mx': {
        // No MX (or a DNS error) matches nothing.
        const hosts = (await resolver.resolve(target, 'MX').catch(() => [])) as { exchange: string }[];
        for (const h of hosts)
          if ((await addresses(resolver, h.exchange, v6)).some((a) => inNetwork(ip, a, cidr(term)))) return found(term);
        break;
      }
      case 'exists':
        if ((await addresses(resolver, target, false)).length > 0) return found(term);
        break;
      case 'include': {
        const inner = await walk(resolver, target, ip, depth + 1);
        if (inner === null) return null;
        // An include matches only when the included record passes.
        if (inner !== 'no-match' && inner.qualifier === '+') return found(term, inner.steps);
        break;
      }
      case 'ptr':
        return null;
    }
  }
  const redirect = parsed.terms.find((t): t is SpfModifier => t.kind === 'modifier' && t.name === 'redirect');
  if (redirect && !redirect.value.includes('%')) {
    const inner = await walk(resolver, redirect.value.toLowerCase(), ip, depth + 1);
    if (inner === null || inner === 'no-match') return inner;
    return { steps: [{ domain, term: redirect.text }, ...inner.steps], qualifier: inner.qualifier };
  }
  return 'no-match';
}

/** An IPv4-mapped IPv6 client (::ffff:192.0.2.1, ::ffff:c000:201) is checked as the IPv4 address it carries. */
function clientIp(ip: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return ip;
}

/** The chain of terms that matched (outermost first), [] when none did (neutral by default), null when unknown. */
export async function matchedTerms(resolver: Resolver, domain: string, ip: string): Promise<MatchStep[] | null> {
  try {
    const result = await walk(resolver, domain.toLowerCase(), clientIp(ip), 0);
    return result === null ? null : result === 'no-match' ? [] : result.steps;
  } catch {
    return null;
  }
}
