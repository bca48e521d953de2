import { checkDomain } from './domain';

export type EmailResult = { ok: true; address: string; localPart: string; domain: string; ascii: string } | { ok: false };

// RFC 5322 dot-atom: the characters a local part may hold without quoting.
const DOT_ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * Checks an address someone else hosts (a forward target, a sender): any
 * dot-atom local part, any domain including internationalised ones. Lower-
 * cased: mail systems treat local parts case-insensitively in practice.
 */
export function checkEmailAddress(raw: string): EmailResult {
  const value = raw.trim().toLowerCase();
  const at = value.lastIndexOf('@');
  if (at <= 0 || at > 64) return { ok: false };
  const localPart = value.slice(0, at);
  if (!DOT_ATOM.test(localPart)) return { ok: false };
  const domain = checkDomain(value.slice(at + 1));
  if (!domain.ok) return { ok: false };
  return {
    ok: true,
    address: `${localPart}@${domain.domain}`,
    localPart,
    domain: domain.domain,
    ascii: `${localPart}@${domain.ascii}`,
  };
}
