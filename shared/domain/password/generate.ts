/**
 * Generated mailbox passwords: long, random, and easy to pass along — read off
 * a screen, typed on a Swiss, German, French or US keyboard, pasted into a
 * shell, exported to CSV and opened in Excel — without a character getting
 * lost or changed on the way.
 *
 * The alphabet (63 characters):
 * - lower case without `l`, upper case without `I` and `O`, digits 2–9 (no
 *   `0`/`1`): the look-alikes `0 O`, `1 l I` never appear;
 * - six symbols, `- _ . + = ?`, each of which is
 *   - literal inside double quotes in bash/zsh, PowerShell and cmd.exe
 *     (not `!`: history expansion in bash/zsh; not `%`: variable expansion in
 *     cmd.exe even inside quotes; not `$`, backtick, `\`, quotes, `&`, `^`),
 *   - plain data in RFC 4180 CSV and in Excel/LibreOffice when not first
 *     (not `,`, `;`, quotes, tab or space),
 *   - typed without AltGr or a dead key on Swiss/German QWERTZ, French AZERTY
 *     and US QWERTY (not `@`, `#`, `~`, `{}`, `[]`, `\`, `^`, backtick),
 *   - not Markdown emphasis inside a word when pasted into a chat (not `*`),
 *   - not a field separator in passwd-style files and `user:pass` URLs (not `:`).
 * - The first character is a letter: a leading `-`, `+`, `=` would be read as
 *   an option or a spreadsheet formula (and the CSV writer would neutralise it
 *   with a `'`, changing the password). The last character is a letter or a
 *   digit: a trailing `.` or `?` is easily lost at the end of a sentence, and
 *   double-click selection stops before it.
 *
 * Every password has at least one lower-case letter, upper-case letter, digit
 * and symbol. Characters are chosen by rejection sampling (no modulo bias),
 * and a candidate missing a class is thrown away as a whole, so every password
 * that satisfies the rules is equally likely. At the default length of 20
 * that is about 118.7 bits.
 *
 * Randomness is injected: shared/ can reach neither node:crypto nor the DOM.
 * Pass `crypto.randomBytes` (Node) or `(n) => crypto.getRandomValues(new Uint8Array(n))` (browser).
 */

export const LOWER = 'abcdefghijkmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const DIGITS = '23456789';
export const SYMBOLS = '-_.+=?';
export const PASSWORD_ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;

export const DEFAULT_PASSWORD_LENGTH = 20;
/** The provider's minimum (see strength.ts) … */
export const MIN_GENERATED_LENGTH = 10;
/** … and a sane maximum: longer gains nothing and breaks some forms. */
export const MAX_GENERATED_LENGTH = 128;

export type RandomBytes = (n: number) => Uint8Array;

export interface GenerateOptions {
  /** Number of characters, 10–128; default 20. */
  length?: number;
}

const FIRST = LOWER + UPPER;
const LAST = LOWER + UPPER + DIGITS;
const CLASSES = [LOWER, UPPER, DIGITS, SYMBOLS] as const;

/**
 * A broken byte source (all 0xFF, say) would make rejection sampling loop for
 * ever; a good one needs on average 1.3 candidates (77 % succeed) at length 20 and about 2.5
 * at length 10, and rejects about 2 % of bytes.
 */
const MAX_CANDIDATES = 1000;

export function generatePassword(randomBytes: RandomBytes, options: GenerateOptions = {}): string {
  const length = options.length ?? DEFAULT_PASSWORD_LENGTH;
  if (!Number.isInteger(length) || length < MIN_GENERATED_LENGTH || length > MAX_GENERATED_LENGTH) {
    throw new RangeError(`Password length must be a whole number from ${MIN_GENERATED_LENGTH} to ${MAX_GENERATED_LENGTH}.`);
  }
  const pick = uniformPicker(randomBytes);
  for (let attempt = 0; attempt < MAX_CANDIDATES; attempt++) {
    let candidate = FIRST[pick(FIRST.length)]!;
    for (let i = 1; i < length - 1; i++) candidate += PASSWORD_ALPHABET[pick(PASSWORD_ALPHABET.length)]!;
    candidate += LAST[pick(LAST.length)]!;
    if (CLASSES.every((chars) => hasAny(candidate, chars))) return candidate;
  }
  throw new Error('The random source keeps producing unusable values; is it really random?');
}

/**
 * Returns `pick(n)`: a uniformly distributed integer in [0, n) for n ≤ 256,
 * from one random byte, rejecting the bytes ≥ the largest multiple of n that
 * fits in a byte (taking `byte % n` of every byte would favour small values).
 * Bytes are fetched in batches.
 */
export function uniformPicker(randomBytes: RandomBytes, batch = 64): (n: number) => number {
  let buffer: Uint8Array = new Uint8Array(0);
  let next = 0;
  let rejectedInARow = 0;
  return (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError('n must be a whole number from 1 to 256.');
    const limit = 256 - (256 % n);
    for (;;) {
      if (next >= buffer.length) {
        buffer = randomBytes(batch);
        next = 0;
        if (buffer.length === 0) throw new Error('The random source returned no bytes.');
      }
      const byte = buffer[next++]!;
      if (byte < limit) {
        rejectedInARow = 0;
        return byte % n;
      }
      if (++rejectedInARow > 10_000) throw new Error('The random source keeps producing unusable values; is it really random?');
    }
  };
}

function hasAny(text: string, chars: string): boolean {
  for (const c of text) if (chars.includes(c)) return true;
  return false;
}
