import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Zone, ZoneRecord } from './dns-server';

/** One test of the openspf RFC 7208 suite (tests/fixtures/spf/rfc7208-tests.yml). */
export interface SuiteTest {
  scenario: string;
  id: string;
  host: string;
  mailfrom: string;
  helo: string;
  /** Any of these is right. */
  results: string[];
  explanation?: string;
}

export interface SuiteScenario {
  description: string;
  zone: Zone;
  tests: SuiteTest[];
}

type RawRecord = Record<string, unknown> | string;

/**
 * The zone a scenario describes, as the suite's own driver (pyspf's testspf.py) reads it: SPF entries are also
 * served as TXT unless the name lists TXT itself (type 99 itself is not served: RFC 7208 dropped it), `NONE`
 * means "no record of this type" (and so no generated TXT), `TIMEOUT` no answer.
 */
function zoneOf(zonedata: Record<string, RawRecord[]>): Zone {
  const zone: Zone = new Map();
  for (const [name, raw] of Object.entries(zonedata)) {
    const records: ZoneRecord[] = [];
    const generated: ZoneRecord[] = [];
    const hasTxt = raw.some((r) => typeof r === 'object' && 'TXT' in r);
    for (const r of raw) {
      if (r === 'TIMEOUT') {
        records.push('TIMEOUT');
        continue;
      }
      const [type, value] = Object.entries(r as Record<string, unknown>)[0]!;
      const strings = (v: unknown) => (Array.isArray(v) ? v : [v]).map((s) => Buffer.from(String(s), 'utf8'));
      // NONE: no record, but the name "has" the type (no TXT is generated from its SPF entries).
      if (value === 'NONE') continue;
      let data: unknown;
      if (value === 'TIMEOUT') data = value;
      else if (type === 'TXT' || type === 'SPF') data = strings(value);
      else if (type === 'MX') data = { preference: Number((value as unknown[])[0]), exchange: String((value as unknown[])[1]) };
      else data = String(value);
      if (type === 'SPF') {
        if (!hasTxt) generated.push({ type: 'TXT', data });
        continue;
      }
      records.push({ type, data });
    }
    zone.set(name.toLowerCase(), [...records, ...generated]);
  }
  return zone;
}

export function loadSuite(file = path.resolve('tests/fixtures/spf/rfc7208-tests.yml')): SuiteScenario[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => {
    const data = doc.toJS() as {
      description: string;
      tests: Record<string, Record<string, unknown>>;
      zonedata: Record<string, RawRecord[]>;
    };
    return {
      description: data.description,
      zone: zoneOf(data.zonedata ?? {}),
      tests: Object.entries(data.tests).map(([id, t]) => ({
        scenario: data.description,
        id,
        host: String(t.host),
        mailfrom: String(t.mailfrom ?? ''),
        helo: String(t.helo ?? ''),
        results: (Array.isArray(t.result) ? t.result : [t.result]).map(String),
        ...(typeof t.explanation === 'string' ? { explanation: t.explanation } : {}),
      })),
    };
  });
}
