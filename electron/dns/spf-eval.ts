// The file, not the folder: Node's ES module loader (Playwright's, tsx's) doesn't resolve directory imports.
import { DnsClient, type DnsServer, type TraceEntry } from './client';
import type { Resolver } from './resolvers';
import { matchedTerms, type MatchStep } from './spf-match';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfEvaluation {
  result: SpfResult;
  /** The terms that decided it, outermost first ([]: none matched, the default neutral; null: not worked out). */
  matched: MatchStep[] | null;
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
  client: Pick<Resolver, 'resolve' | 'trace'> = new DnsClient({ servers: o.servers, timeoutMs: o.timeoutMs, tries: o.tries }),
) {
  const started = client.trace().length;
  // Loaded on first use: mailauth (with joi and its DNS helpers) takes about 0.1 s to load, paid by every CLI command.
  const { spf } = await import('mailauth/lib/spf/index.js');
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
  const trail = client.trace().slice(started);
  const identity = o.sender.includes('@') ? o.sender.slice(o.sender.lastIndexOf('@') + 1) : o.sender || o.helo || '';
  const decided = ['pass', 'fail', 'softfail', 'neutral'].includes(r.status.result);
  const matched = decided && identity ? await matchedTerms(client, identity, o.ip) : null;
  return {
    result: r.status.result,
    matched,
    explanation: r.explanation ?? null,
    comment: r.status.comment ?? '',
    record: r.rr ?? null,
    lookups: r.lookups ? { count: r.lookups.count, limit: r.lookups.limit, void: r.lookups.void } : null,
    trail,
  } satisfies SpfEvaluation;
}
