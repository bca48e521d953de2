/** Keys whose values are secrets, wherever they appear in a logged object. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|credential|api[-_]?key|private[-_]?key/i;
export const REDACTED = '[redacted]';

/**
 * Returns a copy with every secret-looking value replaced. Used by the audit
 * log and by anything that logs payloads, so a password never reaches disk.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : redactSecrets(item, depth + 1);
  }
  return out;
}

// Bulk entries repeat the same few keys 100,000 times: test each key once.
const verdicts = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = verdicts.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (verdicts.size < 10_000) verdicts.set(key, secret);
  }
  return secret;
}
