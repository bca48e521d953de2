/**
 * The renderer's own origin. The desktop app serves the built UI from this
 * privileged custom scheme instead of file://, so the page has a real origin
 * that IPC checks, navigation guards and the CSP can all pin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mailwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * True when `raw` is a URL of our own app origin. Compared by parts, because
 * Node's URL reports `origin` as "null" for non-special schemes like app:.
 */
export function isAppUrl(raw: unknown): boolean {
  if (typeof raw !== 'string') return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // `host` includes any port, so app://mailwright:1/ is refused as well.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}
