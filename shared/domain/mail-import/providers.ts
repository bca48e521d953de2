/**
 * Where a source mailbox's IMAP server is, and whether it can be imported with a password at all: Google and
 * Microsoft accounts can't (they want OAuth, and the provider's CSV import refuses them), so they are flagged
 * with what to do instead. The table holds providers common for Swiss and German mail users; others are found
 * through DNS (SRV `_imaps._tcp`, RFC 6186) or `imap.<domain>` by the pre-flight.
 */

export interface ImapEndpoint {
  host: string;
  port: number;
  /** 'tls': TLS from the start (993); 'starttls': plain then STARTTLS (143); 'none': no TLS (tests, local servers). */
  security: 'tls' | 'starttls' | 'none';
}

export type OauthProvider = 'google' | 'microsoft';

const GOOGLE = new Set(['gmail.com', 'googlemail.com']);
const MICROSOFT = /^(outlook|hotmail|live|msn|windowslive)\.[a-z.]+$/;

const KNOWN: Record<string, string> = {
  'gmx.ch': 'imap.gmx.net',
  'gmx.net': 'imap.gmx.net',
  'gmx.de': 'imap.gmx.net',
  'gmx.at': 'imap.gmx.net',
  'web.de': 'imap.web.de',
  'bluewin.ch': 'imaps.bluewin.ch',
  'sunrise.ch': 'imap.sunrise.ch',
  'hispeed.ch': 'imap.hispeed.ch',
  'yahoo.com': 'imap.mail.yahoo.com',
  'icloud.com': 'imap.mail.me.com',
  'me.com': 'imap.mail.me.com',
  'mac.com': 'imap.mail.me.com',
  't-online.de': 'secureimap.t-online.de',
  'posteo.de': 'posteo.de',
  'mailbox.org': 'imap.mailbox.org',
  'ik.me': 'mail.infomaniak.com',
  'protonmail.com': '',
};

export const domainOf = (address: string) =>
  address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

/** Google or Microsoft by the address's domain (custom domains are recognised by their MX, see oauthByMx). */
export function oauthProvider(address: string): OauthProvider | null {
  const d = domainOf(address);
  if (GOOGLE.has(d)) return 'google';
  if (MICROSOFT.test(d)) return 'microsoft';
  return null;
}

/** A custom domain whose mail Google or Microsoft receives: its accounts are theirs too. */
export function oauthByMx(mxHosts: readonly string[]): OauthProvider | null {
  for (const raw of mxHosts) {
    const h = raw.toLowerCase().replace(/\.$/, '');
    if (h === 'smtp.google.com' || h.endsWith('.google.com') || h.endsWith('.googlemail.com')) return 'google';
    if (h.endsWith('.mail.protection.outlook.com') || h.endsWith('.outlook.com')) return 'microsoft';
  }
  return null;
}

/** The well-known server of a provider's addresses; null when the table doesn't know the domain. */
export function knownEndpoint(address: string): ImapEndpoint | null {
  const host = KNOWN[domainOf(address)];
  return host ? { host, port: 993, security: 'tls' } : null;
}

/** `host`, `host:port`, `imaps://host`, `imap://host:143` → an endpoint (TLS unless the URL says imap://). */
export function parseEndpoint(text: string): ImapEndpoint | null {
  const m = /^(?:(imaps?):\/\/)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i.exec(text.trim());
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : m[1]?.toLowerCase() === 'imap' ? 143 : 993;
  if (port < 1 || port > 65_535) return null;
  const security = m[1]?.toLowerCase() === 'imap' || port === 143 ? 'starttls' : 'tls';
  return { host: m[2]!.replace(/^\[|\]$/g, '').toLowerCase(), port, security };
}
