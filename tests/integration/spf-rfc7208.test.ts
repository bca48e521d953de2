import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { type DnsTestServer, startDnsServer } from '../helpers/dns-server';
import { loadSuite } from '../helpers/spf-suite';
import { tempDir } from '../helpers/workspace';

/**
 * The openspf RFC 7208 test suite (203 tests), each through `mailwright spf eval --resolver` against a real DNS
 * server on 127.0.0.1 serving the scenario's zone. A TIMEOUT in the zone is a server that doesn't answer: the
 * short per-query timeout here keeps those cases quick (the default is 1.5 s × 2 tries).
 */
const suite = loadSuite();
const servers: DnsTestServer[] = [];
const dataDir = tempDir();

beforeAll(async () => {
  for (const scenario of suite) servers.push(await startDnsServer(scenario.zone));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function spfEval(server: DnsTestServer, t: { host: string; mailfrom: string; helo: string }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    [
      '--data-dir',
      dataDir,
      '--json',
      'spf',
      'eval',
      '--ip',
      t.host,
      '--sender',
      t.mailfrom,
      '--helo',
      t.helo,
      '--resolver',
      server.address,
      '--timeout',
      '200',
      '--tries',
      '1',
      '--strict',
    ],
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} },
  );
  return {
    code,
    stderr,
    out: stdout
      ? (JSON.parse(stdout) as { result: string; explanation: string | null; matched: { term: string }[] | null })
      : null,
  };
}

/**
 * "DEFAULT" in the suite is the evaluator's own default explanation: the domain gave none, and mailauth then gives
 * none. Case is ignored: the one test it matters for expands an IPv6 address into ip6.arpa nibbles, a DNS name,
 * where case carries no meaning (RFC 4343) and pyspf happens to write upper case.
 */
function sameExplanation(got: string | null, expected: string): boolean {
  if (expected === 'DEFAULT') return got === null;
  return got !== null && got.toLowerCase() === expected.toLowerCase();
}

describe('SPF evaluation against the RFC 7208 test suite', () => {
  it('has the whole suite: 203 tests in 15 scenarios', () => {
    expect(suite.reduce((n, s) => n + s.tests.length, 0)).toBe(203);
  });

  it('gives every test its expected result and explanation, asking a real DNS server and never for type SPF', async () => {
    const failures: string[] = [];
    let explained = 0;
    await Promise.all(
      suite.map(async (scenario, index) => {
        for (const t of scenario.tests) {
          const got = await spfEval(servers[index]!, t);
          if (got.code !== 0 || !got.out) {
            failures.push(`${t.id}: exit ${got.code} ${got.stderr}`);
            continue;
          }
          if (!t.results.includes(got.out.result))
            failures.push(`${t.id}: ${got.out.result}, expected ${t.results.join(' or ')}`);
          else if (
            t.explanation !== undefined &&
            got.out.result === 'fail' &&
            !sameExplanation(got.out.explanation, t.explanation)
          ) {
            failures.push(
              `${t.id}: explanation ${JSON.stringify(got.out.explanation)}, expected ${JSON.stringify(t.explanation)}`,
            );
          }
          // The term the trail names must give the verdict mailauth reached (the outermost mechanism decides).
          const deciding = got.out.matched?.find((m) => !/^redirect=/i.test(m.term));
          if (deciding) {
            explained++;
            const q = /^[+\-~?]/.test(deciding.term) ? deciding.term[0]! : '+';
            const verdict = ({ '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' } as Record<string, string>)[q];
            if (verdict !== got.out.result)
              failures.push(`${t.id}: matched ${deciding.term} but the result is ${got.out.result}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(explained).toBeGreaterThan(60);
    const asked = servers.flatMap((s) => s.queries);
    expect(asked.length).toBeGreaterThan(300);
    expect(asked.filter((q) => q.type === 'SPF' || q.type === 'UNKNOWN_99')).toEqual([]);
  }, 60_000);
});
