/**
 * Zone files in the master-file format of RFC 1035 section 5 (what DNS
 * providers export), read into records. Hand-written: the npm parsers tried
 * (dns-zonefile 0.3) lose TXT records split over lines in parentheses and
 * keep the quotes — exactly the SPF and DKIM records this app is about.
 *
 * Handled: $ORIGIN, $TTL, `@`, relative and absolute names, a blank owner
 * (the previous one), TTL and class in either order, parentheses across
 * lines, `;` comments outside quotes, quoted strings with `\"` and `\DDD`.
 * Record types A, AAAA, CNAME, MX, NS, PTR, TXT, SPF, SRV, CAA, SOA are kept;
 * others are skipped and reported.
 */

export type ZoneRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'PTR' | 'TXT' | 'SPF' | 'SRV' | 'CAA' | 'SOA';

export interface ZoneRecord {
  /** Absolute, lower-case, without the trailing dot. */
  name: string;
  type: ZoneRecordType;
  ttl: number;
  /** TXT: its character-strings. MX: [preference, exchange]. Others: the rdata fields, names made absolute. */
  data: string[];
  line: number;
}

export interface ZoneProblem {
  line: number;
  message: string;
}

export interface ParsedZone {
  origin: string;
  records: ZoneRecord[];
  problems: ZoneProblem[];
}

// SPF (type 99) is read only to be reported: RFC 7208 retired it.
const TYPES = new Set<string>(['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'TXT', 'SPF', 'SRV', 'CAA', 'SOA']);
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);
/** Fields of each type that hold domain names (made absolute against $ORIGIN). */
const NAME_FIELDS: Partial<Record<ZoneRecordType, number[]>> = { CNAME: [0], NS: [0], PTR: [0], MX: [1], SRV: [3], SOA: [0, 1] };

interface Token {
  text: string;
  quoted: boolean;
}

/** One logical entry: its tokens (parentheses joined), whether it began with white space, its first line. */
interface Entry {
  tokens: Token[];
  blankOwner: boolean;
  line: number;
}

function entries(source: string, problems: ZoneProblem[]): Entry[] {
  const out: Entry[] = [];
  let current: Entry | null = null;
  let depth = 0;
  let line = 1;
  let i = 0;
  let atLineStart = true;
  const push = (token: Token) => {
    if (!current) current = { tokens: [], blankOwner: false, line };
    current.tokens.push(token);
  };
  const endLine = () => {
    if (depth === 0 && current) {
      out.push(current);
      current = null;
    }
    line++;
    atLineStart = true;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      endLine();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      if (atLineStart && depth === 0 && !current) current = { tokens: [], blankOwner: true, line };
      atLineStart = false;
      i++;
      continue;
    }
    atLineStart = false;
    if (c === ';') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) problems.push({ line, message: 'a ")" without its "("' });
      else depth--;
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\' && i + 1 < source.length) {
          const digits = /^\d{3}/.exec(source.slice(i + 1, i + 4));
          if (digits) {
            text += String.fromCharCode(Number(digits[0]));
            i += 4;
          } else {
            text += source[i + 1];
            i += 2;
          }
          continue;
        }
        if (source[i] === '\n') line++;
        text += source[i++];
      }
      if (i >= source.length) problems.push({ line, message: 'a quoted string is not closed' });
      i++;
      push({ text, quoted: true });
      continue;
    }
    let j = i;
    while (j < source.length && !' \t\r\n;()"'.includes(source[j]!)) j++;
    push({ text: source.slice(i, j), quoted: false });
    i = j;
  }
  if (depth > 0) problems.push({ line, message: 'a "(" is not closed' });
  if (current) out.push(current);
  return out.filter((e) => e.tokens.length > 0);
}

function absolute(name: string, origin: string): string {
  const lower = name.toLowerCase();
  if (lower === '@') return origin;
  if (lower.endsWith('.')) return lower.slice(0, -1);
  return origin ? `${lower}.${origin}` : lower;
}

function ttlOf(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  // BIND's 1h30m style.
  const m = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i.exec(text);
  if (!m || text === '') return null;
  const [w, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  return w * 604_800 + d * 86_400 + h * 3_600 + mi * 60 + s;
}

/** Reads a zone file; `origin` is used until a $ORIGIN says otherwise (e.g. the domain it was exported for). */
export function parseZoneFile(source: string, origin = ''): ParsedZone {
  const problems: ZoneProblem[] = [];
  const records: ZoneRecord[] = [];
  let currentOrigin = origin.toLowerCase().replace(/\.$/, '');
  let defaultTtl = 3600;
  let lastOwner: string | null = null;
  for (const entry of entries(source, problems)) {
    const t = entry.tokens.map((x) => x.text);
    const directive = t[0]!.toUpperCase();
    if (!entry.blankOwner && directive === '$ORIGIN') {
      currentOrigin = absolute(t[1] ?? '', currentOrigin);
      continue;
    }
    if (!entry.blankOwner && directive === '$TTL') {
      defaultTtl = ttlOf(t[1] ?? '') ?? defaultTtl;
      continue;
    }
    if (!entry.blankOwner && directive.startsWith('$')) {
      problems.push({ line: entry.line, message: `${t[0]} is not supported; the entry was skipped` });
      continue;
    }
    const tokens = [...entry.tokens];
    let owner: string;
    if (entry.blankOwner) {
      if (lastOwner === null) {
        problems.push({ line: entry.line, message: 'the first record has no name' });
        continue;
      }
      owner = lastOwner;
    } else owner = absolute(tokens.shift()!.text, currentOrigin);
    lastOwner = owner;
    let ttl = defaultTtl;
    // TTL and class may come in either order before the type.
    for (let k = 0; k < 2 && tokens.length > 0; k++) {
      const head = tokens[0]!.text;
      if (CLASSES.has(head.toUpperCase())) tokens.shift();
      else if (ttlOf(head) !== null && !TYPES.has(head.toUpperCase())) ttl = ttlOf(tokens.shift()!.text)!;
    }
    const type = tokens.shift()?.text.toUpperCase();
    if (!type) {
      problems.push({ line: entry.line, message: `no record type for ${owner}` });
      continue;
    }
    if (!TYPES.has(type)) {
      problems.push({ line: entry.line, message: `${type} records are not read (only ${[...TYPES].join(', ')})` });
      continue;
    }
    const rtype = type as ZoneRecordType;
    let data = tokens.map((x) => x.text);
    if (rtype !== 'TXT' && rtype !== 'SPF') {
      const fields = NAME_FIELDS[rtype] ?? [];
      data = data.map((v, index) => (fields.includes(index) ? absolute(v, currentOrigin) : v));
    }
    if (data.length === 0) {
      problems.push({ line: entry.line, message: `the ${type} record of ${owner} has no data` });
      continue;
    }
    records.push({ name: owner, type: rtype, ttl, data, line: entry.line });
  }
  return { origin: currentOrigin, records, problems };
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Writes records back as a zone file (names relative to the origin, TXT strings quoted). Comments are not kept. */
export function formatZoneFile(origin: string, records: readonly ZoneRecord[]): string {
  const o = origin.toLowerCase().replace(/\.$/, '');
  const rel = (name: string) => (name === o ? '@' : name.endsWith(`.${o}`) ? name.slice(0, -(o.length + 1)) : `${name}.`);
  const lines = [`$ORIGIN ${o}.`];
  for (const r of records) {
    const fields = NAME_FIELDS[r.type] ?? [];
    const data =
      r.type === 'TXT' || r.type === 'SPF'
        ? r.data.map(quote).join(' ')
        : r.data.map((v, i) => (fields.includes(i) ? (v === '' ? '.' : `${v}.`) : v)).join(' ');
    lines.push(`${rel(r.name)} ${r.ttl} IN ${r.type} ${data}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The zone with the TXT record at `name` that `matches` replaced by this one (as TXT strings); other records kept. */
export function withTxt(
  zoneText: string,
  origin: string,
  name: string,
  matches: (joined: string) => boolean,
  strings: readonly string[],
): string {
  const o = origin.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  const zone = parseZoneFile(zoneText, o);
  const isIt = (r: ZoneRecord) => r.name === n && (r.type === 'TXT' || r.type === 'SPF') && matches(r.data.join(''));
  const old = zone.records.find(isIt);
  const kept = zone.records.filter((r) => !isIt(r));
  return formatZoneFile(o, [{ name: n, type: 'TXT', ttl: old?.ttl ?? 3600, data: [...strings], line: 0 }, ...kept]);
}

/** The zone with its apex SPF record replaced by this one (as TXT strings); other records kept. */
export function withApexSpf(zoneText: string, origin: string, strings: readonly string[]): string {
  return withTxt(zoneText, origin, origin, (txt) => /^v=spf1(\s|$)/i.test(txt), strings);
}
