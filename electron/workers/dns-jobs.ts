import type { DnsMode } from '../../shared/contract';
import { parseZoneFile } from '../../shared/domain/dns/zonefile';
import { checkMailDomain, resolverFor, spfCost } from '../dns/check';
import { DnsClient, parseServer } from '../dns/client';
import { evaluateSpf } from '../dns/spf-eval';

/** A DNS job as the DNS worker takes it: plain data, so it crosses a thread boundary. */
export type DnsJob = {
  domain: string;
  mode: DnsMode;
  /** The planned zone (master-file text), '' when there is none. */
  zoneText: string;
  /** `IP`, `IP:PORT`, `[IPv6]:PORT`; empty: the system's resolvers. */
  resolvers: string[];
  timeoutMs: number;
} & (
  | { kind: 'check'; selectors: string[] }
  | { kind: 'spf-cost'; record: string }
  | { kind: 'spf-eval'; ip: string; sender: string; helo: string }
);

/** Runs one job: the same code on the DNS worker thread and, where there is none (tests), in this one. */
export async function runDnsJob(job: DnsJob) {
  const client = new DnsClient({ servers: job.resolvers.map(parseServer), timeoutMs: job.timeoutMs, tries: 2 });
  const planned = job.zoneText ? parseZoneFile(job.zoneText, job.domain).records : [];
  if (job.kind === 'spf-cost') return spfCost(client, job.domain, planned, job.mode, job.record);
  if (job.kind === 'spf-eval') {
    // The zone answers for the mail service's domain; the sender's domain is usually the same one.
    const resolver = resolverFor(client, job.domain, planned, job.mode);
    const o = { ip: job.ip, sender: job.sender, helo: job.helo || undefined, servers: [], timeoutMs: job.timeoutMs, tries: 2 };
    const strict = await evaluateSpf({ ...o, strict: true }, resolver);
    const lenient = await evaluateSpf({ ...o, strict: false }, resolver);
    return { ...strict, lenient: lenient.result === strict.result ? null : lenient.result };
  }
  const resolver = resolverFor(client, job.domain, planned, job.mode);
  const report = await checkMailDomain(resolver, job.domain, job.selectors, job.mode === 'live' ? [] : planned);
  return { ...report, trace: resolver.trace() };
}
