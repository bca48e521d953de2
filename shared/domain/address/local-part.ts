/**
 * The provider's rules for the part of an address before the `@`. One set of
 * rules, used by the UI as you type, by the CLI and by the services.
 */
export type LocalPartProblem = 'missing-address' | 'invalid-address' | 'domain-mismatch';

export type LocalPartResult = { ok: true; localPart: string } | { ok: false; code: LocalPartProblem; localPart: string };

const ALLOWED = /^[a-z0-9._-]{1,64}$/;

/**
 * Normalises (trim, lower-case) and checks a local part. A full address is
 * accepted when its domain is the service's own domain.
 */
export function checkLocalPart(raw: string, serviceDomain?: string): LocalPartResult {
  let value = raw.trim().toLowerCase();
  const at = value.lastIndexOf('@');
  if (at >= 0) {
    const domain = value.slice(at + 1);
    value = value.slice(0, at);
    if (serviceDomain === undefined || domain !== serviceDomain.toLowerCase()) {
      return { ok: false, code: 'domain-mismatch', localPart: value };
    }
  }
  if (value === '') return { ok: false, code: 'missing-address', localPart: value };
  if (!ALLOWED.test(value) || value.startsWith('.') || value.endsWith('.') || value.includes('..')) {
    return { ok: false, code: 'invalid-address', localPart: value };
  }
  return { ok: true, localPart: value };
}
