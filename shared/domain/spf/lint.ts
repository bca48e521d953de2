/**
 * What is wrong or risky in an SPF record, without DNS (the DNS check service adds what needs lookups), and the
 * edits the editor and `mailwright spf add-include` make. Messages are shown in the app and the CLI as they are.
 */
import { isSpfRecord, joinTxt, lookupCost, parseSpf, serialiseSpf, splitTxt, type SpfTerm } from './parse';

export type SpfFindingCode =
  | 'spf-syntax'
  | 'spf-plus-all'
  | 'spf-no-all'
  | 'spf-ptr'
  | 'spf-string-too-long'
  | 'spf-too-many-lookups'
  | 'spf-multiple'
  | 'spf-missing';

export interface SpfFinding {
  code: SpfFindingCode;
  severity: 'error' | 'warning';
  message: string;
  start?: number;
  end?: number;
}

const LOOKUP_LIMIT = 10;

/**
 * Static findings on one record (no DNS): spf-syntax (error), spf-plus-all (error: "+all" or bare "all" allows
 * anyone), spf-no-all (warning: neither an all mechanism nor a redirect), spf-ptr (warning: deprecated, slow),
 * spf-too-many-lookups (error: the record's OWN lookup terms already > 10).
 */
export function lintSpf(record: string): SpfFinding[] {
  const parsed = parseSpf(record);
  if (!parsed.ok) {
    // Receivers reject the whole record (permerror): nothing else matters until it is fixed.
    const { message, start, end } = parsed.error;
    return [{ code: 'spf-syntax', severity: 'error', message, start, end }];
  }
  const findings: SpfFinding[] = [];
  for (const term of parsed.terms) {
    const span = { start: term.start, end: term.end };
    if (term.kind === 'mechanism' && term.name === 'all' && term.qualifier === '+') {
      const written = term.explicitQualifier ? '"+all"' : '"all" (the same as "+all")';
      const message = `${written} lets any server send mail as this domain: use "-all" or "~all".`;
      findings.push({ code: 'spf-plus-all', severity: 'error', message, ...span });
    }
    if (term.kind === 'mechanism' && term.name === 'ptr') {
      const message = '"ptr" is deprecated and slow (RFC 7208 5.5): list the servers with ip4, ip6, a or include instead.';
      findings.push({ code: 'spf-ptr', severity: 'warning', message, ...span });
    }
  }
  const lookupTerms = parsed.terms.filter((term) => lookupCost(term) > 0);
  if (lookupTerms.length > LOOKUP_LIMIT) {
    // Marked on the term that goes over the limit.
    const { start, end } = lookupTerms[LOOKUP_LIMIT]!;
    const message = `This record alone needs ${lookupTerms.length} DNS lookups, over the limit of ${LOOKUP_LIMIT}: remove includes or replace a, mx and ptr with ip4/ip6.`;
    findings.push({ code: 'spf-too-many-lookups', severity: 'error', message, start, end });
  }
  const ends = parsed.terms.some((t) => (t.kind === 'mechanism' ? t.name === 'all' : t.name === 'redirect'));
  if (!ends) {
    const message =
      'The record has no "all" (nor a redirect), so other servers get a neutral result: end it with "-all" or "~all".';
    findings.push({ code: 'spf-no-all', severity: 'warning', message });
  }
  return findings;
}

/**
 * On the TXT records published at a name (each given as its character-strings): spf-missing (error) when none is
 * an SPF record, spf-multiple (error) when several are, spf-string-too-long (error) when one character-string of
 * an SPF record is over 255 bytes.
 */
export function lintTxtSet(records: readonly (readonly string[])[]): SpfFinding[] {
  const spf = records.filter((strings) => isSpfRecord(joinTxt(strings)));
  const findings: SpfFinding[] = [];
  if (spf.length === 0) {
    findings.push({
      code: 'spf-missing',
      severity: 'error',
      message: 'No SPF record is published here: add a TXT record "v=spf1 … -all".',
    });
  }
  if (spf.length > 1) {
    const message = `${spf.length} SPF records are published here, so receivers ignore them all (permerror): merge them into one.`;
    findings.push({ code: 'spf-multiple', severity: 'error', message });
  }
  for (const strings of spf) {
    if (strings.some((s) => splitTxt(s).length > 1)) {
      const message = 'A string of the SPF record is longer than 255 bytes: publish it as several strings of at most 255.';
      findings.push({ code: 'spf-string-too-long', severity: 'error', message });
    }
  }
  return findings;
}

/**
 * Inserts include:DOMAIN before the all term (or at the end, before modifiers, when there is none); unchanged
 * when the include is already there (case-insensitive). Returns the new record and whether it changed; throws on
 * a record that doesn't parse. The rest of the record is kept as written.
 */
export function addInclude(record: string, domain: string): { record: string; added: boolean } {
  const parsed = parseSpf(record);
  if (!parsed.ok) throw new Error(`The SPF record doesn't parse: ${parsed.error.message}`);
  const term = `include:${domain}`;
  const check = parseSpf(`v=spf1 ${term}`);
  if (!check.ok || check.terms.length !== 1)
    throw new Error(`Can't include "${domain}": ${check.ok ? 'give one domain.' : check.error.message}`);

  const same = (value: string | null) =>
    value !== null && value.replace(/\.$/, '').toLowerCase() === domain.replace(/\.$/, '').toLowerCase();
  if (parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'include' && same(t.value))) {
    return { record, added: false };
  }
  const all = parsed.terms.find((t) => t.kind === 'mechanism' && t.name === 'all');
  if (all) return { record: `${record.slice(0, all.start)}${term} ${record.slice(all.start)}`, added: true };
  const lastMechanism = parsed.terms.findLast((t) => t.kind === 'mechanism');
  const at = lastMechanism ? lastMechanism.end : 'v=spf1'.length;
  return { record: `${record.slice(0, at)} ${term}${record.slice(at)}`, added: true };
}

/** The record with its terms moved, removed or changed by the editor (terms with text '' are written from their fields). */
export function replaceTerms(_record: string, terms: readonly SpfTerm[]): string {
  return serialiseSpf(terms);
}
