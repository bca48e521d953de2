/**
 * DNS benchmark (issue 5), against a real DNS server on 127.0.0.1:
 * - a full `dns check` (SPF with its include tree, DMARC, MX, DKIM, MTA-STS, TLS-RPT) of a domain whose SPF has
 *   3 nested includes, cold (a new client: every answer asked) and warm (the same check again, from its cache);
 * - the openspf RFC 7208 suite, 203 evaluations in strict mode, as `mailwright spf eval` runs them.
 * Targets: cold ≤ 150 ms, warm ≤ 10 ms, suite ≤ 2 s. Medians of BENCH_ROUNDS rounds.
 */
import { evaluateSpf } from '../../electron/dns/spf-eval';
import { checkMailDomain } from '../../electron/dns/check';
import { DnsClient, parseServer } from '../../electron/dns/client';
import { LiveResolver } from '../../electron/dns/resolvers';
import { startDnsServer } from '../helpers/dns-server';
import { mailZone } from '../helpers/mail-zone';
import { loadSuite } from '../helpers/spf-suite';
import { machineLine, ms } from './machine';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const verdict = (value: number, target: number) =>
  value <= target ? `target ≤ ${target} ms met` : `target ≤ ${target} ms MISSED`;

console.log(machineLine());
const server = await startDnsServer(mailZone());
const servers = [parseServer(server.address)];
try {
  const cold: number[] = [];
  const warm: number[] = [];
  let queries = 0;
  for (let round = 0; round < ROUNDS + 1; round++) {
    const client = new DnsClient({ servers, timeoutMs: 1500, tries: 2 });
    let start = process.hrtime.bigint();
    const report = await checkMailDomain(new LiveResolver(client), 'muster.ch', ['mail']);
    const c = ms(start);
    if (report.spf.lookups !== 4 || report.summary.errors !== 0) throw new Error('the benchmark zone did not check out');
    queries = client.trace().length;
    start = process.hrtime.bigint();
    await checkMailDomain(new LiveResolver(client), 'muster.ch', ['mail']);
    const w = ms(start);
    if (round > 0) {
      cold.push(c);
      warm.push(w);
    }
  }
  console.log(
    `dns check muster.ch (3 nested includes, ${queries} queries), cold: ${median(cold).toFixed(1)} ms median — ${verdict(median(cold), 150)}`,
  );
  console.log(`dns check muster.ch, warm (cached): ${median(warm).toFixed(2)} ms median — ${verdict(median(warm), 10)}`);

  const suite = loadSuite();
  const servers2 = await Promise.all(suite.map((s) => startDnsServer(s.zone)));
  try {
    const times: number[] = [];
    for (let round = 0; round < Math.max(3, Math.ceil(ROUNDS / 5)); round++) {
      const start = process.hrtime.bigint();
      let wrong = 0;
      await Promise.all(
        suite.map(async (scenario, i) => {
          for (const t of scenario.tests) {
            const r = await evaluateSpf({
              ip: t.host,
              sender: t.mailfrom,
              helo: t.helo,
              servers: [parseServer(servers2[i]!.address)],
              timeoutMs: 200,
              tries: 1,
              strict: true,
            });
            if (!t.results.includes(r.result)) wrong++;
          }
        }),
      );
      times.push(ms(start));
      if (wrong > 0) throw new Error(`${wrong} suite test(s) gave a wrong result`);
    }
    const n = suite.reduce((k, s) => k + s.tests.length, 0);
    console.log(
      `RFC 7208 suite, ${n} evaluations (strict, 200 ms timeout for its TIMEOUT cases): ${median(times).toFixed(0)} ms median — ${verdict(median(times), 2000)}`,
    );
  } finally {
    await Promise.all(servers2.map((s) => s.close()));
  }
} finally {
  await server.close();
}
