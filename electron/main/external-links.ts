import { shell } from 'electron';
import { isSafeExternalUrl } from '../security/external-links';

/**
 * The one way the app hands a URL to the operating system. Everything goes
 * through the pure predicate first; refused URLs are only logged.
 */
export function openExternalSafely(url: string, log: (message: string, error?: unknown) => void): boolean {
  if (!isSafeExternalUrl(url)) {
    // Log the scheme only: the rest of a refused URL may be anything.
    log(`refused to open an external link (${schemeOf(url)})`);
    return false;
  }
  shell.openExternal(url).catch((error: unknown) => log('could not open an external link', error));
  return true;
}

function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]{0,30}):/i.exec(url);
  return match?.[1] ? `${match[1].toLowerCase()}:` : 'no scheme';
}
