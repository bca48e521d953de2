import crypto from 'node:crypto';

/** Pure checks behind the loopback web host's refusals; unit-tested one by one. */

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Compares in constant time, whatever the lengths (both sides are hashed first). */
export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Only our own loopback names are accepted, so a rebinding DNS name can't reach the host. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers send Origin on cross-site requests: absent (CLI, curl) or our own origin only. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
  return match?.[1];
}

/** Cookies aren't isolated by port: the name carries it so two hosts never mix sessions. */
export function sessionCookieName(port: number): string {
  return `mw_session_${port}`;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
