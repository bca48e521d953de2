/**
 * DMARC records (RFC 7489, with the `np`, `psd` and `t` tags of the revised
 * standard, DMARCbis): every tag parsed and checked, with stable finding
 * codes. Pure: the check service adds what needs DNS (several records, the
 * authorisation of external report addresses).
 */

export type DmarcFindingCode =
  | 'dmarc-missing'
  | 'dmarc-multiple'
  | 'dmarc-syntax'
  | 'dmarc-invalid-policy'
  | 'dmarc-invalid-tag-value'
  | 'dmarc-rua-not-mailto'
  | 'dmarc-external-rua-unauthorized'
  | 'dmarc-policy-none'
  | 'dmarc-no-rua';

export interface DmarcFinding {
  code: DmarcFindingCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  tag?: string;
}

export interface DmarcRecord {
  tags: Record<string, string>;
  /** The report addresses of rua (mailto: only), for the external-authorisation check. */
  rua: string[];
  ruf: string[];
}

const POLICIES = ['none', 'quarantine', 'reject'];
const TAG_NAME = /^[a-z][a-z0-9_]*$/i;

export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

/** Parses one record (its strings joined); findings say what is wrong and what to do. */
export function parseDmarc(record: string): { record: DmarcRecord | null; findings: DmarcFinding[] } {
  const findings: DmarcFinding[] = [];
  const parts = record
    .split(';')
    .map((p) => p.trim())
    .filter((p, i, all) => p !== '' || i < all.length - 1)
    .filter((p) => p !== '');
  const tags: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq < 0 || !TAG_NAME.test(name)) {
      findings.push({ code: 'dmarc-syntax', severity: 'error', message: `"${part}" is not a tag=value pair.` });
      continue;
    }
    if (index === 0 && (name !== 'v' || value !== 'DMARC1')) {
      findings.push({ code: 'dmarc-syntax', severity: 'error', message: 'A DMARC record must start with "v=DMARC1".' });
    }
    if (name in tags)
      findings.push({ code: 'dmarc-syntax', severity: 'error', message: `The tag ${name} is given twice.`, tag: name });
    tags[name] = value;
  }
  if (tags.v !== 'DMARC1')
    return {
      record: null,
      findings: findings.length
        ? findings
        : [{ code: 'dmarc-syntax', severity: 'error', message: 'A DMARC record must start with "v=DMARC1".' }],
    };

  const bad = (tag: string, expected: string) =>
    findings.push({
      code: 'dmarc-invalid-tag-value',
      severity: 'error',
      tag,
      message: `${tag}=${tags[tag]} is not valid: use ${expected}.`,
    });
  if (tags.p === undefined) {
    findings.push({
      code: 'dmarc-invalid-policy',
      severity: 'error',
      tag: 'p',
      message: 'The policy tag p= is missing: add p=none, p=quarantine or p=reject right after v=DMARC1.',
    });
  } else if (!POLICIES.includes(tags.p.toLowerCase())) {
    findings.push({
      code: 'dmarc-invalid-policy',
      severity: 'error',
      tag: 'p',
      message: `p=${tags.p} is not a policy: use none, quarantine or reject.`,
    });
  } else if (tags.p.toLowerCase() === 'none') {
    findings.push({
      code: 'dmarc-policy-none',
      severity: 'warning',
      tag: 'p',
      message:
        'p=none only reports: forged mail is still delivered. Move to quarantine, then reject, once the reports show all your senders pass.',
    });
  }
  for (const tag of ['sp', 'np'])
    if (tags[tag] !== undefined && !POLICIES.includes(tags[tag].toLowerCase())) bad(tag, 'none, quarantine or reject');
  for (const tag of ['adkim', 'aspf'])
    if (tags[tag] !== undefined && !/^[rs]$/i.test(tags[tag])) bad(tag, 'r (relaxed) or s (strict)');
  if (tags.pct !== undefined && !(/^\d{1,3}$/.test(tags.pct) && Number(tags.pct) <= 100))
    bad('pct', 'a whole number from 0 to 100');
  if (tags.psd !== undefined && !/^[ynu]$/i.test(tags.psd)) bad('psd', 'y, n or u');
  if (tags.t !== undefined && !/^[yn]$/i.test(tags.t)) bad('t', 'y or n');
  if (tags.fo !== undefined && !/^[01ds](:[01ds])*$/i.test(tags.fo)) bad('fo', '0, 1, d or s, separated by ":"');
  if (tags.rf !== undefined && !/^afrf$/i.test(tags.rf)) bad('rf', 'afrf');
  if (tags.ri !== undefined && !(/^\d{1,10}$/.test(tags.ri) && Number(tags.ri) <= 4_294_967_295))
    bad('ri', 'a number of seconds');

  const addresses = (tag: 'rua' | 'ruf'): string[] => {
    if (tags[tag] === undefined) return [];
    const out: string[] = [];
    for (const raw of tags[tag].split(',').map((u) => u.trim())) {
      const uri = raw.replace(/!\d+[kmgt]?$/i, '');
      if (!/^mailto:/i.test(uri)) {
        findings.push({
          code: 'dmarc-rua-not-mailto',
          severity: 'error',
          tag,
          message: `${tag} address "${raw}" must be a mailto: URI, e.g. mailto:dmarc@example.ch.`,
        });
        continue;
      }
      const address = decodeURIComponent(uri.slice(7));
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) bad(tag, 'mailto: followed by an e-mail address');
      else out.push(address.toLowerCase());
    }
    return out;
  };
  const rua = addresses('rua');
  const ruf = addresses('ruf');
  if (tags.rua === undefined)
    findings.push({
      code: 'dmarc-no-rua',
      severity: 'info',
      tag: 'rua',
      message: 'No rua= address: you get no aggregate reports, so you can’t see who sends as your domain.',
    });
  return { record: { tags, rua, ruf }, findings };
}

/** The report addresses at other domains, which must authorise this one with `<domain>._report._dmarc.<theirs>`. */
export function externalReportDomains(domain: string, record: DmarcRecord): string[] {
  const own = domain.toLowerCase();
  const domains = [...record.rua, ...record.ruf].map((a) => a.slice(a.lastIndexOf('@') + 1));
  return [...new Set(domains.filter((d) => d !== own && !d.endsWith(`.${own}`) && !own.endsWith(`.${d}`)))];
}
