import punycode from 'punycode/punycode.js';

export type DomainResult = { ok: true; domain: string; ascii: string } | { ok: false; domain: string };

const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Checks a domain name, internationalised ones included (RFC 5890). The
 * domain is kept in its Unicode form for display; `ascii` is what DNS sees.
 */
export function checkDomain(raw: string): DomainResult {
  const trimmed = raw.trim().toLowerCase().normalize('NFC').replace(/\.$/, '');
  let ascii: string;
  try {
    ascii = punycode.toASCII(trimmed);
  } catch {
    return { ok: false, domain: trimmed };
  }
  const labels = ascii.split('.');
  const valid =
    ascii.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => ASCII_LABEL.test(label)) &&
    !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
  if (!valid) return { ok: false, domain: trimmed };
  return { ok: true, domain: punycode.toUnicode(ascii), ascii };
}
