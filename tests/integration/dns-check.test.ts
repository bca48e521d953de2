import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../electron/cli/cli';
import { type DnsTestServer, startDnsServer } from '../helpers/dns-server';
import { mailZone } from '../helpers/mail-zone';
import { tempDir } from '../helpers/workspace';

let server: DnsTestServer;
const dir = tempDir();
beforeAll(async () => {
  server = await startDnsServer(mailZone());
});
afterAll(() => server.close());

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}
const json = async (...args: string[]) => {
  const r = await cli('--json', ...args, '--resolver', server.address);
  return { ...r, out: JSON.parse(r.stdout) };
};
const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();

describe('mailwright dns check', () => {
  it('passes a domain set up right, with the include tree and its lookups as receivers count them', async () => {
    const { code, out } = await json('dns', 'check', 'muster.ch', '--selector', 'mail');
    expect(code).toBe(EXIT.ok);
    expect(out.spf).toMatchObject({ record: 'v=spf1 include:spf.infomaniak.ch -all', lookups: 4, voidLookups: 0 });
    expect(out.spf.tree).toMatchObject({
      domain: 'muster.ch',
      total: 4,
      children: [
        {
          domain: 'spf.infomaniak.ch',
          via: 'include',
          total: 3,
          children: [{ domain: 'spf1.infomaniak.ch', children: [{ domain: 'spf2.infomaniak.ch', total: 1 }] }],
        },
      ],
    });
    expect(out.dmarc.tags).toMatchObject({ p: 'quarantine' });
    expect(codes(out.dmarc.findings)).toEqual(['dmarc-external-rua-unauthorized', 'dmarc-spf-advice']);
    expect(out.mx.hosts).toEqual([
      { priority: 5, exchange: 'mta-gw.infomaniak.ch', addresses: ['83.166.143.50', '2001:1600:0:aaaa::50'] },
    ]);
    expect(out.dkim.selectors).toEqual([expect.objectContaining({ selector: 'mail', keyType: 'rsa', keyBits: 2048 })]);
    expect(out.summary.errors).toBe(0);
    expect(out.trace.length).toBeGreaterThan(8);
  });

  it('finds what is wrong, with stable codes, the record to publish, and exit 1', async () => {
    const { code, out } = await json('dns', 'check', 'broken.example', '--selector', 'weak,gone');
    expect(code).toBe(EXIT.failed);
    expect(codes(out.spf.findings)).toEqual(['spf-multiple']);
    expect(codes(out.dmarc.findings)).toEqual(
      expect.arrayContaining(['dmarc-invalid-policy', 'dmarc-rua-not-mailto', 'dmarc-invalid-tag-value']),
    );
    expect(codes(out.mx.findings)).toEqual(['mx-cname']);
    expect(codes(out.dkim.findings)).toEqual(['dkim-missing', 'dkim-weak-key']);
    const loop = await json('dns', 'check', 'loop.example');
    expect(codes(loop.out.spf.findings)).toContain('spf-include-loop');
    const none = await json('dns', 'check', 'nothing.example');
    expect(codes([...none.out.spf.findings, ...none.out.dmarc.findings, ...none.out.mx.findings])).toEqual([
      'dmarc-missing',
      'mx-missing',
      'spf-missing',
    ]);
    expect(none.out.dmarc.findings[0].fix).toMatch(/^_dmarc\.nothing\.example TXT "v=DMARC1; p=quarantine/);
  });

  it('answers "what if I publish this" from a zone file laid over live DNS', async () => {
    const zone = path.join(tempDir(), 'muster.ch.zone');
    fs.writeFileSync(
      zone,
      [
        '$ORIGIN muster.ch.',
        '$TTL 3600',
        '@  IN TXT ( "v=spf1 include:spf.infomaniak.ch "',
        '           "include:_spf.google.com +all" )',
        '@  IN SPF "v=spf1 -all"',
        '_dmarc IN TXT "v=DMARC1; p=reject"',
        '',
      ].join('\n'),
    );
    const { code, out } = await json('dns', 'check', 'muster.ch', '--zone', zone);
    expect(code).toBe(EXIT.failed);
    expect(out.spf.lookups).toBe(8);
    expect(codes(out.spf.findings)).toEqual(['spf-deprecated-type99', 'spf-plus-all']);
    expect(out.dmarc.tags.p).toBe('reject');
    // MX was not planned: it came from live DNS.
    expect(out.mx.hosts[0].exchange).toBe('mta-gw.infomaniak.ch');
    expect(out.trace.some((t: { source: string }) => t.source === 'planned')).toBe(true);
    expect((await cli('dns', 'check', 'muster.ch', '--zone', path.join(tempDir(), 'missing.zone'))).code).toBe(EXIT.usage);
  });
});

describe('mailwright spf add-include and lint', () => {
  it('adds Google’s include before -all and shows the budget before it is published', async () => {
    const { code, out } = await json('spf', 'add-include', 'muster.ch', '_spf.google.com');
    expect(code).toBe(EXIT.ok);
    expect(out.record).toBe('v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all');
    expect(out.cost).toMatchObject({ before: 4, after: 8, limit: 10, strings: 1 });
    const human = await cli('spf', 'add-include', 'muster.ch', '_spf.google.com', '--resolver', server.address);
    expect(human.stdout).toContain('lookups +4 → 8/10');
    expect(human.stdout).toContain('publish: muster.ch TXT "v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all"');
    // Nothing was changed anywhere: the live record is as it was.
    expect((await json('dns', 'check', 'muster.ch')).out.spf.lookups).toBe(4);
  });

  it('evaluates a sender against live DNS, or as if a zone file were published', async () => {
    const zone = path.join(tempDir(), 'plan.zone');
    fs.writeFileSync(zone, '$ORIGIN muster.ch.\n@ TXT "v=spf1 ip4:192.0.2.1 include:spf.infomaniak.ch -all"\n');
    const live = await json('spf', 'eval', '--ip', '192.0.2.1', '--sender', 'anna@muster.ch');
    expect(live.out).toMatchObject({
      result: 'fail',
      mode: 'strict',
      lenient: 'fail',
      record: 'v=spf1 include:spf.infomaniak.ch -all',
    });
    expect(live.out.trail[0]).toMatchObject({ name: 'muster.ch', type: 'TXT' });
    const planned = await json('spf', 'eval', '--ip', '192.0.2.1', '--sender', 'anna@muster.ch', '--zone', zone);
    expect(planned.out.result).toBe('pass');
    // An address of the provider still passes through the include, asked live.
    const provider = await json('spf', 'eval', '--ip', '83.166.143.7', '--sender', 'anna@muster.ch', '--zone', zone);
    expect(provider.out.result).toBe('pass');
    // The trail names the terms that decided it, through the includes.
    expect(provider.out.matched).toEqual([
      { domain: 'muster.ch', term: 'include:spf.infomaniak.ch' },
      { domain: 'spf.infomaniak.ch', term: 'ip4:83.166.143.0/24' },
    ]);
    expect(live.out.matched).toEqual([{ domain: 'muster.ch', term: '-all' }]);
    expect((await cli('spf', 'eval', '--ip', 'nope', '--sender', 'a@muster.ch')).code).toBe(EXIT.usage);
  });

  it('lints a record without DNS', async () => {
    const bad = await cli('--json', 'spf', 'lint', 'v=spf1 ip4:192.0.2.300 +all');
    expect(bad.code).toBe(EXIT.failed);
    expect(codes(JSON.parse(bad.stdout).findings)).toContain('spf-syntax');
    expect((await cli('spf', 'lint', 'v=spf1 include:spf.infomaniak.ch -all')).stdout).toBe('No problems found.\n');
  });
});

describe('the DNS service: planned zones and checks in the workspace', () => {
  it('keeps a planned zone per mail service, checks live, planned or planned over live, and undoes a zone change', async () => {
    const { OWNER, accessRuntime, call } = await import('../helpers/access');
    const rt = accessRuntime();
    const org = await call(rt, OWNER, 'organisations.create', { name: 'Muster AG' });
    const service = await call(rt, OWNER, 'mailServices.create', {
      organisationId: org.id,
      domain: 'muster.ch',
      addressQuota: 5,
    });
    await call(rt, OWNER, 'settings.update', { dns: { resolvers: [server.address], timeoutMs: 500 } });
    const live = await call(rt, OWNER, 'dns.check', { mailServiceId: service.id, mode: 'live', selectors: ['mail'] });
    expect(live.spf.lookups).toBe(4);
    expect(live.summary.errors).toBe(0);

    const saved = await call(rt, OWNER, 'dns.saveZone', {
      mailServiceId: service.id,
      text: '@ IN TXT "v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all"\nbad line here\n',
    });
    expect(saved.records).toHaveLength(1);
    expect(saved.problems).toHaveLength(1);
    const overlay = await call(rt, OWNER, 'dns.check', { mailServiceId: service.id, mode: 'overlay' });
    expect(overlay.spf.lookups).toBe(8);
    expect(overlay.mx.hosts).toHaveLength(1); // from live DNS
    const planned = await call(rt, OWNER, 'dns.check', { mailServiceId: service.id, mode: 'planned' });
    expect(planned.mx.findings.map((f: { code: string }) => f.code)).toEqual(['mx-missing']); // the plan has no MX

    const cost = await call(rt, OWNER, 'dns.spfCost', {
      mailServiceId: service.id,
      mode: 'live',
      record: 'v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all',
    });
    expect(cost).toMatchObject({
      current: 'v=spf1 include:spf.infomaniak.ch -all',
      before: 4,
      after: 8,
      limit: 10,
      strings: [cost.record],
    });

    // A sender tested as receivers would: the plan (planned over live) lets Google's servers in, live DNS doesn't.
    const asPlanned = await call(rt, OWNER, 'dns.spfEval', {
      mailServiceId: service.id,
      mode: 'overlay',
      ip: '172.217.1.1',
      sender: 'anna@muster.ch',
    });
    expect(asPlanned).toMatchObject({
      result: 'pass',
      lenient: null,
      record: 'v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all',
    });
    const asLive = await call(rt, OWNER, 'dns.spfEval', {
      mailServiceId: service.id,
      mode: 'live',
      ip: '172.217.1.1',
      sender: 'anna@muster.ch',
    });
    expect(asLive.result).toBe('fail');
    expect(asLive.trail.length).toBeGreaterThan(0);

    const audit = await call(rt, OWNER, 'audit.list', { organisationId: org.id, action: 'dns.zone-update' });
    await call(rt, OWNER, 'audit.undo', { id: audit.rows[0].id });
    expect((await call(rt, OWNER, 'dns.zone', { mailServiceId: service.id })).text).toBe('');
  });
});
