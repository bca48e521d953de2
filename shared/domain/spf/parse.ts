/**
 * SPF records (RFC 7208) for the editor, the CLI and the DNS check: a parser that keeps every term with its
 * position, a printer, and the split into TXT character-strings.
 *
 * Hand-written on purpose: the editor needs each term with its offsets (to underline the broken one and to move
 * terms around) and must run in the renderer, while mailauth's validator needs node:net and reports no positions.
 * mailauth 7.1.0's strict validator (mailauth/lib/spf/syntax.js) stays the judge: tests/unit/spf-parse.test.ts
 * checks that a record is valid here exactly when it is valid there.
 */

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfMechanism {
  kind: 'mechanism';
  /** '+' when none is written. */
  qualifier: Qualifier;
  /** Whether the qualifier was written. */
  explicitQualifier: boolean;
  /** Lower-cased. */
  name: MechanismName;
  /** The domain-spec of include/exists/a/mx/ptr, the network of ip4/ip6, else null. */
  value: string | null;
  /** a/mx/ip4 "/24". */
  cidr4: number | null;
  /** a/mx "//64", ip6 "/64". */
  cidr6: number | null;
  /** The term as written ('' on a term built by hand: it is then written from its fields). */
  text: string;
  /** Offsets of the term in the record given to parseSpf. */
  start: number;
  end: number;
}

export interface SpfModifier {
  kind: 'modifier';
  /** Lower-cased. */
  name: string;
  value: string;
  text: string;
  start: number;
  end: number;
}

export type SpfTerm = SpfMechanism | SpfModifier;

/** The offending term's span (or the version tag's). */
export interface SpfSyntaxError {
  message: string;
  start: number;
  end: number;
}

export type SpfParse =
  | { ok: true; terms: SpfTerm[] }
  /** terms: every term that did parse, for the editor. */
  | { ok: false; error: SpfSyntaxError; terms: SpfTerm[] };

const MECHANISMS: readonly string[] = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'];
const QUALIFIERS = '+-~?';
const MACRO_LETTERS = 'slodiphcrtv';
/** Macro letters allowed only in explanation text (RFC 7208 7.2). */
const EXP_ONLY_LETTERS = 'crt';
/** Inside "%{…}": macro-letter transformers *delimiter (RFC 7208 7.1). */
const MACRO_BODY = /^([a-z])([0-9]*)(r?)([.\-+,/_=]*)$/i;
/** toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;
/** name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
const MODIFIER_NAME = /^[a-z][a-z0-9\-_.]*$/i;
/** qnum "." qnum "." qnum "." qnum, a qnum being 0-255 without leading zeros (RFC 7208 5.6). */
const QNUM = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IP4_NETWORK = new RegExp(`^${QNUM}(?:\\.${QNUM}){3}$`);
/** A cidr-length ends the a/mx term: "/24", "//64" or "/24//64". The leftmost match is the longest. */
const DUAL_CIDR = /(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/;

/** A syntax error in the term being parsed; parseSpf gives it the term's span. */
class TermError extends Error {}

function fail(message: string): never {
  throw new TermError(message);
}

/** "v=spf1" followed by a space or the end, in any case (RFC 7208 4.5). */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(?: |$)/i.test(txt);
}

/** Parses a whole record, "v=spf1" included. Terms are split on SP only (RFC 7208 4.6.1). */
export function parseSpf(record: string): SpfParse {
  if (!isSpfRecord(record)) {
    const tag = /^ *[^ ]*/.exec(record)![0];
    return {
      ok: false,
      error: { message: 'An SPF record starts with "v=spf1" and a space.', start: 0, end: tag.length },
      terms: [],
    };
  }
  const terms: SpfTerm[] = [];
  const seen = new Set<string>();
  let error: SpfSyntaxError | null = null;
  for (const match of record.slice(6).matchAll(/[^ ]+/g)) {
    const start = 6 + match.index;
    const end = start + match[0].length;
    try {
      const term = parseTerm(match[0], start);
      terms.push(term);
      if (term.kind === 'modifier' && (term.name === 'redirect' || term.name === 'exp')) {
        if (seen.has(term.name)) fail(`Only one "${term.name}" is allowed: remove this one.`);
        seen.add(term.name);
      }
    } catch (e) {
      if (!(e instanceof TermError)) throw e;
      error ??= { message: e.message, start, end };
    }
  }
  return error ? { ok: false, error, terms } : { ok: true, terms };
}

function parseTerm(text: string, start: number): SpfTerm {
  const end = start + text.length;
  if (/[^\x21-\x7e]/.test(text)) fail('Only printable ASCII characters are allowed: retype this term.');

  // A modifier's name has no ":" or "/", so an "=" before them makes a modifier.
  const eq = text.indexOf('=');
  const sep = text.search(/[:/]/);
  if (eq >= 0 && (sep < 0 || eq < sep)) {
    const name = text.slice(0, eq);
    const value = text.slice(eq + 1);
    if (QUALIFIERS.includes(name.charAt(0)) && MODIFIER_NAME.test(name.slice(1))) {
      fail(`A modifier takes no qualifier: remove "${name.charAt(0)}".`);
    }
    if (!MODIFIER_NAME.test(name)) {
      fail(`"${name}" is not a valid modifier name: use a letter, then letters, digits, "-", "_" or ".".`);
    }
    const lower = name.toLowerCase();
    if (lower === 'redirect' || lower === 'exp') checkDomainSpec(value, `${lower}=`);
    else checkMacroString(value, true); // unknown modifiers are allowed (and never expanded)
    return { kind: 'modifier', name: lower, value, text, start, end };
  }

  const written = QUALIFIERS.includes(text.charAt(0)) ? text.charAt(0) : '';
  const body = text.slice(written.length);
  const nameEnd = sep < 0 ? body.length : sep - written.length;
  const rawName = body.slice(0, nameEnd);
  const name = rawName.toLowerCase();
  const rest = body.slice(nameEnd);
  if (!MECHANISMS.includes(name)) {
    fail(
      rawName === ''
        ? 'A mechanism name is missing: use all, include, a, mx, ptr, ip4, ip6 or exists.'
        : `Unknown mechanism "${rawName}": use all, include, a, mx, ptr, ip4, ip6 or exists.`,
    );
  }
  const mechanism: SpfMechanism = {
    kind: 'mechanism',
    qualifier: (written || '+') as Qualifier,
    explicitQualifier: written !== '',
    name: name as MechanismName,
    value: null,
    cidr4: null,
    cidr6: null,
    text,
    start,
    end,
  };

  switch (mechanism.name) {
    case 'all':
      if (rest !== '') fail('"all" takes no value: write "-all" or "~all" alone.');
      break;
    case 'include':
    case 'exists':
    case 'ptr':
      if (mechanism.name === 'ptr' && rest === '') break;
      if (!rest.startsWith(':')) fail(`"${name}" takes only a domain: write ${name}:example.com.`);
      mechanism.value = rest.slice(1);
      checkDomainSpec(mechanism.value, `${name}:`);
      break;
    case 'a':
    case 'mx': {
      const cidr = DUAL_CIDR.exec(rest)!;
      const head = rest.slice(0, cidr.index);
      if (head !== '') {
        if (!head.startsWith(':')) fail(`Invalid "${name}" term: write ${name}, ${name}:example.com, ${name}/24 or ${name}//64.`);
        mechanism.value = head.slice(1);
        checkDomainSpec(mechanism.value, `${name}:`);
      }
      mechanism.cidr4 = cidrLength(cidr[1], 32);
      mechanism.cidr6 = cidrLength(cidr[2], 128);
      break;
    }
    case 'ip4':
    case 'ip6': {
      const [network = '', ...lengths] = rest.slice(1).split('/');
      const v4 = mechanism.name === 'ip4';
      const example = v4 ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32';
      if (!rest.startsWith(':') || lengths.length > 1) fail(`Invalid "${name}" term: write it like ${example}.`);
      if (!(v4 ? IP4_NETWORK.test(network) : isIp6(network))) {
        fail(`"${network}" is not an IPv${v4 ? 4 : 6} address: write it like ${example}.`);
      }
      mechanism.value = network;
      if (v4) mechanism.cidr4 = cidrLength(lengths[0], 32);
      else mechanism.cidr6 = cidrLength(lengths[0], 128);
      break;
    }
  }
  return mechanism;
}

function cidrLength(digits: string | undefined, max: 32 | 128): number | null {
  if (digits === undefined) return null;
  const syntax = max === 32 ? /^(?:0|[1-9][0-9]?)$/ : /^(?:0|[1-9][0-9]{0,2})$/;
  if (!syntax.test(digits) || Number(digits) > max) {
    fail(`Invalid prefix length "${digits}": use 0 to ${max}, without leading zeros.`);
  }
  return Number(digits);
}

/**
 * Checks a macro-string (RFC 7208 7.1): literal characters (printable ASCII but "%"), "%%", "%_", "%-" and
 * "%{…}" macros. Returns how it ends: with a macro, or with the literal run `tail`.
 */
function checkMacroString(s: string, expLetters: boolean): { endsWithMacro: boolean; tail: string } {
  let tail = '';
  let endsWithMacro = false;
  for (let i = 0; i < s.length;) {
    if (s[i] !== '%') {
      tail += s[i];
      endsWithMacro = false;
      i++;
      continue;
    }
    const next = s.charAt(i + 1);
    if (next === '%' || next === '_' || next === '-') {
      i += 2;
    } else {
      if (next !== '{') fail('A "%" starts a macro like %{d}: write "%%" for a percent sign.');
      const close = s.indexOf('}', i);
      if (close < 0) fail(`The macro "${s.slice(i)}" is not closed: add "}".`);
      const body = s.slice(i + 2, close);
      const macro = MACRO_BODY.exec(body);
      const letter = macro ? macro[1]!.toLowerCase() : '';
      if (!macro || !MACRO_LETTERS.includes(letter)) {
        fail(`Invalid macro "%{${body}}": use a letter of s, l, o, d, i, p, h, v, then digits, "r" or delimiters.`);
      }
      if (EXP_ONLY_LETTERS.includes(letter) && !expLetters) {
        fail(`The macro "%{${body}}" is only allowed in explanation text: use s, l, o, d, i, p, h or v.`);
      }
      if (macro[2] !== '' && Number(macro[2]) === 0) fail(`The macro "%{${body}}" keeps no label: use a number from 1.`);
      i = close + 1;
    }
    tail = '';
    endsWithMacro = true;
  }
  return { endsWithMacro, tail };
}

/** domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand */
function checkDomainSpec(s: string, what: string): void {
  if (s === '') fail(`"${what}" needs a domain: write ${what}example.com.`);
  const { endsWithMacro, tail } = checkMacroString(s, false);
  if (endsWithMacro) return;
  const name = tail.endsWith('.') ? tail.slice(0, -1) : tail;
  const dot = name.lastIndexOf('.');
  if (dot < 0 || !TOPLABEL.test(name.slice(dot + 1))) {
    fail(`"${s}" is not a valid domain: it must end in a name like ".com" (or a macro).`);
  }
}

/** IPv6 text form (RFC 4291 2.2): eight hex groups, one "::" for a run of zero groups, an IPv4 address last. */
function isIp6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = 0;
  for (const [i, group] of groups.entries()) {
    if (/^[0-9a-f]{1,4}$/i.test(group)) count += 1;
    else if (i === groups.length - 1 && halves[halves.length - 1] !== '' && IP4_NETWORK.test(group)) count += 2;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** The record: "v=spf1" and each term's text, or the text built from its fields for a term made by hand. */
export function serialiseSpf(terms: readonly SpfTerm[]): string {
  return ['v=spf1', ...terms.map((term) => term.text || termText(term))].join(' ');
}

/** A term's canonical text from its fields: the qualifier only when written or not '+', "ip4:192.0.2.0/24", "a:x//64". */
export function termText(term: SpfTerm): string {
  if (term.kind === 'modifier') return `${term.name}=${term.value}`;
  const qualifier = term.explicitQualifier || term.qualifier !== '+' ? term.qualifier : '';
  const value = term.value === null ? '' : `:${term.value}`;
  const cidr4 = term.cidr4 === null ? '' : `/${term.cidr4}`;
  const cidr6 = term.cidr6 === null ? '' : `${term.name === 'ip6' ? '/' : '//'}${term.cidr6}`;
  return qualifier + term.name + value + cidr4 + cidr6;
}

/** DNS lookups the term costs towards the limit of 10 (RFC 7208 4.6.4). */
export function lookupCost(term: SpfTerm): number {
  if (term.kind === 'modifier') return term.name === 'redirect' ? 1 : 0;
  return ['include', 'a', 'mx', 'ptr', 'exists'].includes(term.name) ? 1 : 0;
}

/** The record as TXT character-strings of at most 255 bytes of UTF-8 each, never splitting a character. */
export function splitTxt(record: string): string[] {
  const strings: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of record) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > 255) {
      strings.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  strings.push(current);
  return strings;
}

/** The character-strings of a TXT record, concatenated with no separator (RFC 7208 3.3). */
export function joinTxt(strings: readonly string[]): string {
  return strings.join('');
}
