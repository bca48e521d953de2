/** Keys whose values are secrets, wherever they appear in a logged object. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|credential|api[-_]?key|private[-_]?key/i;
/** …except when the key names a time, such as `passwordSetAt`: when a password changed isn't a secret. */
const TIMESTAMP_KEY = /(_at|At)$/;
export const REDACTED = '[redacted]';

/**
 * Returns the value with every secret-looking value replaced. Used by the
 * audit log and by anything that logs payloads, so a password never reaches
 * disk. Copy-on-write: parts without secrets are returned as they are, so a
 * bulk entry of 100,000 rows isn't copied.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) (out ??= value.slice())[i] = redacted;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const redacted = isSecretKey(key) ? REDACTED : redactSecrets(item, depth + 1);
    if (redacted !== item) (out ??= { ...value })[key] = redacted;
  }
  return out ?? value;
}

// Bulk entries repeat the same few keys 100,000 times: test each key once.
const verdicts = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = verdicts.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key) && !TIMESTAMP_KEY.test(key);
    if (verdicts.size < 10_000) verdicts.set(key, secret);
  }
  return secret;
}
