import { describe, expect, it } from 'vitest';
import { externalReportDomains, parseDmarc } from '../../shared/domain/dmarc/parse';
import { parseZoneFile } from '../../shared/domain/dns/zonefile';

describe('zone files (RFC 1035 master format)', () => {
  it('reads what providers export: origin, TTLs, blank owners, parentheses, quoted strings, comments', () => {
    const zone = parseZoneFile(
      [
        '$ORIGIN example.ch.',
        '$TTL 1h',
        '@ IN SOA ns1 hostmaster ( 2024010101 ; serial',
        '   7200 3600 1209600 3600 )',
        '@ 300 IN MX 10 mx1.infomaniak.ch.',
        '  IN TXT "v=spf1 include:spf.infomaniak.ch " "-all" ; two strings',
        'sel1._domainkey IN TXT ( "v=DKIM1; k=rsa; "',
        '    "p=MIGf\\"x;y" )',
        'www IN 60 A 192.0.2.10',
        'mail IN CNAME mx1',
        'old IN SPF "v=spf1 -all"',
        'x IN HINFO "a" "b"',
      ].join('\n'),
    );
    expect(zone.origin).toBe('example.ch');
    expect(zone.records.map((r) => [r.name, r.type, r.ttl, r.data])).toEqual([
      ['example.ch', 'SOA', 3600, ['ns1.example.ch', 'hostmaster.example.ch', '2024010101', '7200', '3600', '1209600', '3600']],
      ['example.ch', 'MX', 300, ['10', 'mx1.infomaniak.ch']],
      ['example.ch', 'TXT', 3600, ['v=spf1 include:spf.infomaniak.ch ', '-all']],
      ['sel1._domainkey.example.ch', 'TXT', 3600, ['v=DKIM1; k=rsa; ', 'p=MIGf"x;y']],
      ['www.example.ch', 'A', 60, ['192.0.2.10']],
      ['mail.example.ch', 'CNAME', 3600, ['mx1.example.ch']],
      ['old.example.ch', 'SPF', 3600, ['v=spf1 -all']],
    ]);
    expect(zone.problems).toEqual([{ line: 12, message: expect.stringContaining('HINFO records are not read') }]);
  });

  it('takes the origin it is given when the file has none, and reports what is broken', () => {
    const zone = parseZoneFile('@ TXT "v=spf1 -all"\n_dmarc TXT "v=DMARC1; p=none\n', 'muster.ch');
    expect(zone.records[0]).toMatchObject({ name: 'muster.ch', type: 'TXT' });
    expect(zone.problems.map((p) => p.message)).toContain('a quoted string is not closed');
    expect(parseZoneFile('  TXT "x"').problems[0]!.message).toBe('the first record has no name');
  });
});

describe('DMARC records', () => {
  it('reads every tag of RFC 7489 and the revised standard', () => {
    const { record, findings } = parseDmarc(
      'v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; adkim=s; aspf=r; pct=100; fo=1:d; rf=afrf; ri=86400; rua=mailto:a@x.example!10m,mailto:b@muster.ch; ruf=mailto:f@muster.ch',
    );
    expect(findings).toEqual([]);
    expect(record!.tags).toMatchObject({ p: 'reject', np: 'reject', psd: 'n', t: 'y', fo: '1:d' });
    expect(record!.rua).toEqual(['a@x.example', 'b@muster.ch']);
    expect(externalReportDomains('muster.ch', record!)).toEqual(['x.example']);
    expect(externalReportDomains('sub.muster.ch', record!)).toEqual(['x.example']);
  });

  it('says what is wrong, with stable codes', () => {
    const codes = (r: string) => parseDmarc(r).findings.map((f) => f.code);
    expect(codes('v=DMARC1')).toEqual(['dmarc-invalid-policy', 'dmarc-no-rua']);
    expect(codes('v=DMARC1; p=block; rua=mailto:x@y.example')).toEqual(['dmarc-invalid-policy']);
    expect(codes('v=DMARC1; p=none; rua=https://r.example')).toEqual(['dmarc-policy-none', 'dmarc-rua-not-mailto']);
    expect(codes('v=DMARC1; p=reject; pct=101; adkim=x; t=maybe; rua=mailto:x@y.example')).toEqual([
      'dmarc-invalid-tag-value',
      'dmarc-invalid-tag-value',
      'dmarc-invalid-tag-value',
    ]);
    expect(codes('p=reject; v=DMARC1')).toContain('dmarc-syntax');
    expect(codes('v=DMARC1; p=reject; p=none; rua=mailto:x@y.example')).toContain('dmarc-syntax');
  });
});

describe('writing zone files', () => {
  it('writes back what it reads, and replaces the apex SPF record keeping the rest', async () => {
    const { formatZoneFile, withApexSpf } = await import('../../shared/domain/dns/zonefile');
    const source =
      '$ORIGIN muster.ch.\n@ 300 IN TXT "v=spf1 -all"\n@ IN MX 5 mta-gw.infomaniak.ch.\nwww IN CNAME muster.ch.\n_dmarc IN TXT "v=DMARC1; p=none" "x\\"y"\n';
    const zone = parseZoneFile(source);
    const again = parseZoneFile(formatZoneFile('muster.ch', zone.records));
    expect(again.records.map((r) => [r.name, r.type, r.ttl, r.data])).toEqual(
      zone.records.map((r) => [r.name, r.type, r.ttl, r.data]),
    );
    const next = parseZoneFile(
      withApexSpf(source, 'muster.ch', ['v=spf1 include:spf.infomaniak.ch ', 'include:_spf.google.com -all']),
    );
    expect(next.records.map((r) => [r.name, r.type, r.ttl, r.data])).toEqual([
      ['muster.ch', 'TXT', 300, ['v=spf1 include:spf.infomaniak.ch ', 'include:_spf.google.com -all']],
      ['muster.ch', 'MX', 3600, ['5', 'mta-gw.infomaniak.ch']],
      ['www.muster.ch', 'CNAME', 3600, ['muster.ch']],
      ['_dmarc.muster.ch', 'TXT', 3600, ['v=DMARC1; p=none', 'x"y']],
    ]);
  });
});

describe('finding codes in the UI', () => {
  it('has a name in every language for every code the checks can report', async () => {
    const fs = await import('node:fs');
    const { en } = await import('../../renderer/src/i18n/en');
    const { de } = await import('../../renderer/src/i18n/de');
    const sources = ['electron/dns/check.ts', 'shared/domain/spf/lint.ts', 'shared/domain/dmarc/parse.ts'].map((f) =>
      fs.readFileSync(f, 'utf8'),
    );
    const codes = new Set(sources.flatMap((s) => [...s.matchAll(/code: '([a-z0-9-]+)'/g)].map((m) => m[1]!)));
    for (const s of sources) for (const m of s.matchAll(/'((?:spf|dmarc|mx|dkim)-[a-z0-9-]+)'/g)) codes.add(m[1]!);
    expect(codes.size).toBeGreaterThan(25);
    for (const code of codes) {
      expect(en.dns.codes, code).toHaveProperty([code]);
      expect(de.dns.codes, code).toHaveProperty([code]);
    }
  });
});

describe('the DMARC builder', () => {
  it('writes only the tags that differ from the defaults, and its records parse without errors', async () => {
    const { dmarcRecord } = await import('../../renderer/src/features/dns/DmarcBuilder');
    const base = { p: 'none', sp: '', np: '', pct: '100', rua: '', ruf: '', adkim: 'r', aspf: 'r' };
    expect(dmarcRecord(base)).toBe('v=DMARC1; p=none');
    const full = dmarcRecord({
      ...base,
      p: 'reject',
      sp: 'quarantine',
      np: 'reject',
      pct: '50',
      rua: 'a@muster.ch, mailto:b@x.example',
      adkim: 's',
    });
    expect(full).toBe('v=DMARC1; p=reject; sp=quarantine; np=reject; pct=50; rua=mailto:a@muster.ch,mailto:b@x.example; adkim=s');
    expect(parseDmarc(full).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
