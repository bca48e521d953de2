/**
 * Decides which URLs the desktop app may hand to the operating system
 * (shell.openExternal). Pure, so every refusal below is unit-tested: the OS
 * will happily run whatever a URL scheme is registered for, so the list of
 * what is allowed is short on purpose.
 */

const MAX_URL_LENGTH = 2048;

/**
 * mailto: parameters a mail client treats as plain text. Some clients honour
 * `attach=` (a local file path) and similar, which would let a crafted link
 * send files off the machine — everything not listed is refused.
 */
const MAILTO_PARAMETERS = new Set(['subject', 'body', 'cc', 'bcc']);

/** Whitespace and control characters, which the URL parser silently strips or trims (`java\nscript:`). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;

export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return false;
  if (UNSAFE_CHARACTERS.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // user:pass@host hides the real destination from the reader and leaks credentials.
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return isPublicLookingHost(url.hostname);
  if (url.protocol === 'mailto:') return isPlainMailto(url);
  return false;
}

/**
 * Refuses loopback names and IP literals: a link into the user's own machine
 * or network (router pages, local services) is never something this app needs
 * to open. The parser has already normalised forms like 0x7f.1 to 127.0.0.1.
 */
function isPublicLookingHost(hostname: string): boolean {
  if (hostname === '') return false;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  if (host.startsWith('[')) return false; // IPv6 literal
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return false; // IPv4 literal
  return true;
}

function isPlainMailto(url: URL): boolean {
  if (url.pathname === '') return false; // mailto:?body=… alone has no recipient
  for (const key of url.searchParams.keys()) {
    if (!MAILTO_PARAMETERS.has(key.toLowerCase())) return false;
  }
  return true;
}
