import { checkDomain } from '../address/domain';
import { checkEmailAddress } from '../address/email';
import { checkLocalPart, type LocalPartResult } from '../address/local-part';
import type { CsvRecord } from '../csv/read';
import type { Mapping } from './columns';

/** One row of the provider's file, as typed (before any normalising). */
export interface BulkRow {
  /** The physical line the record starts on; the header is line 1. */
  line: number;
  address: string;
  password: string;
  forwardTo: string;
  keepFlag: string;
}

export const ERROR_CODES = [
  'missing-address',
  'invalid-address',
  'domain-mismatch',
  'duplicate-in-file',
  'address-exists',
  'missing-password',
  'weak-password',
  'invalid-forward',
  'forward-loop',
  'invalid-keep-flag',
  'over-quota',
] as const;
export const WARNING_CODES = ['flag-without-forward'] as const;
export type IssueCode = (typeof ERROR_CODES)[number] | (typeof WARNING_CODES)[number];
export type Severity = 'error' | 'warning';

export interface Issue {
  code: IssueCode;
  severity: Severity;
  field: 'address' | 'password' | 'forwardTo' | 'keepFlag';
}

export interface RowCheck {
  line: number;
  /** The normalised local part; for an invalid address, the trimmed, lower-cased input. */
  address: string;
  status: 'ok' | 'warning' | 'error';
  issues: Issue[];
}

export interface RuleContext {
  /** The mail service's domain: full addresses in it are accepted, others are not. */
  domain: string;
  /** Local parts already taken in the service (mailboxes and aliases). */
  existing: ReadonlySet<string>;
  /** Addresses the service may still have; rows past it are over quota. */
  free: number;
}

/** Whether a row's password passes the strength rule; computed apart (it is the slow part, see strength.ts). */
export type StrengthVerdict = (row: BulkRow, index: number) => boolean;

const WARNING: ReadonlySet<string> = new Set(WARNING_CODES);
const issue = (code: IssueCode, field: Issue['field']): Issue => ({
  code,
  severity: WARNING.has(code) ? 'warning' : 'error',
  field,
});

/** Picks the four fields out of each record by the mapping (missing columns are empty). */
export function toRows(records: readonly CsvRecord[], mapping: Mapping): BulkRow[] {
  const cell = (r: CsvRecord, index: number | null) => (index === null ? '' : (r.cells[index] ?? ''));
  return records.map((r) => ({
    line: r.line,
    address: cell(r, mapping.address),
    password: cell(r, mapping.password),
    forwardTo: cell(r, mapping.forwardTo),
    keepFlag: cell(r, mapping.keepFlag),
  }));
}

let lastDomain: [string, string] = ['', ''];
/** A domain in its Unicode form (as services store it), whichever form it was written in. Remembers the last one. */
function unicodeDomain(domain: string): string {
  if (lastDomain[0] !== domain) {
    const checked = checkDomain(domain);
    lastDomain = [domain, checked.ok ? checked.domain : domain.toLowerCase()];
  }
  return lastDomain[1];
}

/**
 * `checkLocalPart` with a full address's domain compared in Unicode, so
 * `anna@xn--bcher-kva.ch` (as the provider exports it) is in bücher.ch.
 */
function localPartIn(raw: string, domain: string): LocalPartResult {
  const at = raw.lastIndexOf('@');
  const written = at >= 0 ? checkDomain(raw.slice(at + 1)) : undefined;
  return checkLocalPart(written?.ok ? `${raw.slice(0, at)}@${written.domain}` : raw, unicodeDomain(domain));
}

/** The user inputs zxcvbn gets for a row: its address and the domain (a password built from them is weak). */
export function strengthInputs(row: BulkRow, domain: string): string[] {
  const local = localPartIn(row.address, domain);
  return [local.ok ? local.localPart : row.address.trim().toLowerCase(), domain];
}

/**
 * Checks every row against the provider's rules. One set of rules for the UI,
 * the CLI and the services; each problem has a stable code. Errors keep a row
 * out; the warning doesn't. The quota is handed out in file order to the rows
 * that are otherwise fine.
 */
export function checkRows(rows: readonly BulkRow[], ctx: RuleContext, strong: StrengthVerdict): RowCheck[] {
  const domain = unicodeDomain(ctx.domain);
  const seen = new Set<string>();
  const checks = rows.map((row, index): RowCheck => {
    const issues: Issue[] = [];
    const local = localPartIn(row.address, domain);
    const address = local.ok ? local.localPart : local.localPart || row.address.trim().toLowerCase();
    if (!local.ok) issues.push(issue(local.code, 'address'));
    else if (seen.has(address)) issues.push(issue('duplicate-in-file', 'address'));
    else if (ctx.existing.has(address)) issues.push(issue('address-exists', 'address'));
    if (local.ok) seen.add(address);

    if (row.password === '') issues.push(issue('missing-password', 'password'));
    else if (!strong(row, index)) issues.push(issue('weak-password', 'password'));

    const forward = row.forwardTo.trim();
    if (forward !== '') {
      const target = checkEmailAddress(forward);
      if (!target.ok) issues.push(issue('invalid-forward', 'forwardTo'));
      else if (local.ok && target.address === `${address}@${domain}`) issues.push(issue('forward-loop', 'forwardTo'));
    }

    const flag = row.keepFlag.trim();
    if (flag !== '' && flag !== '0' && flag !== '1') issues.push(issue('invalid-keep-flag', 'keepFlag'));
    else if (flag === '1' && forward === '') issues.push(issue('flag-without-forward', 'keepFlag'));

    return { line: row.line, address, status: statusOf(issues), issues };
  });
  let left = ctx.free;
  for (const check of checks) {
    if (check.status === 'error') continue;
    if (left > 0) left--;
    else {
      check.issues.push(issue('over-quota', 'address'));
      check.status = 'error';
    }
  }
  return checks;
}

function statusOf(issues: readonly Issue[]): RowCheck['status'] {
  if (issues.some((i) => i.severity === 'error')) return 'error';
  return issues.length > 0 ? 'warning' : 'ok';
}

export function summarise(checks: readonly RowCheck[]) {
  return {
    total: checks.length,
    ok: checks.filter((c) => c.status === 'ok').length,
    warning: checks.filter((c) => c.status === 'warning').length,
    error: checks.filter((c) => c.status === 'error').length,
  };
}

/** English explanations, for the CLI; the UI translates the codes. */
export const ISSUE_MESSAGES: Record<IssueCode, (domain: string) => string> = {
  'missing-address': () => 'The address is empty.',
  'invalid-address': () => 'Use 1–64 of a–z, 0–9, ".", "_" and "-", without a dot at the start or end or two dots in a row.',
  'domain-mismatch': (d) => `This address is not in ${d}: give the part before the @ or an address of ${d}.`,
  'duplicate-in-file': () => 'This address is already on an earlier line of the file.',
  'address-exists': (d) => `This address already exists in ${d}.`,
  'missing-password': () => 'The password is empty.',
  'weak-password': () =>
    'The password is too weak: use at least 10 characters that are hard to guess (not built from the address or the domain).',
  'invalid-forward': () => 'The forward-to address is not a valid e-mail address.',
  'forward-loop': () => 'The forward-to address is this address itself.',
  'invalid-keep-flag': () => 'Column D takes 0 (keep a copy), 1 (delete after forwarding) or nothing.',
  'over-quota': (d) => `${d} has no free address left for this row: raise the address quota or create it later.`,
  'flag-without-forward': () => 'Column D says 1 (delete after forwarding) but there is no forward-to address; it has no effect.',
};
