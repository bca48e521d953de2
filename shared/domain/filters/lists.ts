/**
 * A mailbox's allow and block lists: exact addresses and whole domains
 * (`@domain.xyz`), as the provider's filter takes them. One set of rules for
 * the details panel, the CLI and the service.
 */
import { checkDomain } from '../address/domain';
import { checkEmailAddress } from '../address/email';

export type ListName = 'allow' | 'block';

export type ListProblemCode =
  /** Not an address nor `@domain`: refused. */
  | 'invalid-entry'
  /** The same entry twice on one list (after normalising case and IDN): kept once. */
  | 'duplicate-entry'
  /** The same entry on both lists: the provider applies one of them; say which you mean. */
  | 'entry-on-both-lists'
  /** The mailbox's own address (or its domain) allowed: spam forged with it then gets through. */
  | 'own-address-allowed';

export interface ListProblem {
  code: ListProblemCode;
  list: ListName;
  entry: string;
}

/** `Anna@Example.CH` → `anna@example.ch`, `@Bücher.CH` → `@bücher.ch` (a domain needs its `@`); undefined when invalid. */
export function normaliseEntry(raw: string): string | undefined {
  const value = raw.trim();
  if (value.startsWith('@')) {
    const domain = checkDomain(value.slice(1));
    return domain.ok ? `@${domain.domain}` : undefined;
  }
  const address = checkEmailAddress(value);
  return address.ok ? address.address : undefined;
}

export interface CheckedLists {
  allow: string[];
  block: string[];
  /** Errors (`invalid-entry`) keep a save from happening; the rest are warnings shown with the lists. */
  problems: ListProblem[];
}

/** Normalises both lists (duplicates dropped), and reports what is wrong or risky about them. */
export function checkFilterLists(ownAddress: string, allowRaw: readonly string[], blockRaw: readonly string[]): CheckedLists {
  const problems: ListProblem[] = [];
  const clean = (list: ListName, raw: readonly string[]) => {
    const seen = new Set<string>();
    for (const entry of raw) {
      if (entry.trim() === '') continue;
      const normal = normaliseEntry(entry);
      if (!normal) problems.push({ code: 'invalid-entry', list, entry: entry.trim() });
      else if (seen.has(normal)) problems.push({ code: 'duplicate-entry', list, entry: normal });
      else seen.add(normal);
    }
    return [...seen];
  };
  const allow = clean('allow', allowRaw);
  const block = clean('block', blockRaw);
  const blocked = new Set(block);
  for (const entry of allow) if (blocked.has(entry)) problems.push({ code: 'entry-on-both-lists', list: 'allow', entry });
  const own = normaliseEntry(ownAddress);
  const ownDomain = own?.slice(own.indexOf('@'));
  for (const entry of allow) {
    if (entry === own || entry === ownDomain) problems.push({ code: 'own-address-allowed', list: 'allow', entry });
  }
  return { allow, block, problems };
}

export const isListError = (p: ListProblem) => p.code === 'invalid-entry';
