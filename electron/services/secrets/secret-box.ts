import crypto from 'node:crypto';

/**
 * Seals secrets (the passwords an admin plans for mailboxes) for storage in
 * the workspace: AES-256-GCM with the workspace's master key (key-store.ts).
 *
 * Sealed format, ASCII, safe in SQLite TEXT, JSON and CSV:
 *
 *     v1:<base64url IV, 12 bytes>:<base64url ciphertext + 16-byte tag>
 *
 * A fresh random IV per seal, so the same password sealed twice looks
 * different and equal passwords can't be spotted in the database. The
 * version prefix is also bound as additional authenticated data, so a v1 body
 * can't be passed off under a later version. A later version (key rotation,
 * a key id) adds a prefix; `open` refuses prefixes it doesn't know.
 *
 * Errors never contain the sealed value or the plain text: a caller that
 * mistakenly passes a plain password to `open` must not get it echoed into a
 * log.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export class SecretBoxError extends Error {
  constructor(
    readonly code: 'malformed' | 'unauthentic' | 'invalid-input',
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export const SEALED_PREFIX = 'v1:';
const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from(`mailwright-secret-${VERSION}`, 'ascii');
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Lone UTF-16 surrogates: UTF-8 can't carry them, so they wouldn't come back as they went in. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether a stored value looks sealed (says nothing about whether it opens). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

export function createSecretBox(key: Buffer): SecretBox {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SecretBoxError('invalid-input', `The master key must be ${KEY_BYTES} bytes.`);
  }
  // Our own copy, so a caller wiping or reusing its buffer can't change ours; only the closure sees it.
  const secretKey = crypto.createSecretKey(Buffer.from(key));

  return {
    seal(plain) {
      if (typeof plain !== 'string') throw new SecretBoxError('invalid-input', 'Only text can be sealed.');
      if (LONE_SURROGATE.test(plain)) {
        throw new SecretBoxError('invalid-input', 'The text contains an invalid character (a lone UTF-16 surrogate).');
      }
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv(ALGORITHM, secretKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}:${iv.toString('base64url')}:${body.toString('base64url')}`;
    },

    open(sealed) {
      const { iv, ciphertext, tag } = parse(sealed);
      const decipher = crypto.createDecipheriv(ALGORITHM, secretKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'unauthentic',
          'A stored secret could not be opened: it was sealed with another key (another workspace key file?) or has been altered.',
        );
      }
    },
  };
}

function parse(sealed: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const malformed = (why: string) => new SecretBoxError('malformed', `Not a sealed secret: ${why}.`);
  if (typeof sealed !== 'string') throw malformed('not text');
  const parts = sealed.split(':');
  if (parts[0] !== VERSION) throw malformed(`expected the format ${VERSION}:<iv>:<ciphertext>`);
  if (parts.length !== 3) throw malformed('expected three parts separated by ":"');
  const [, ivText, bodyText] = parts as [string, string, string];
  if (!BASE64URL.test(ivText) || !BASE64URL.test(bodyText)) throw malformed('the parts are not base64url');
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  // Re-encoding catches non-canonical encodings (stray trailing bits), which Buffer.from would accept silently.
  if (iv.length !== IV_BYTES || iv.toString('base64url') !== ivText) throw malformed(`the IV must be ${IV_BYTES} bytes`);
  if (body.length < TAG_BYTES || body.toString('base64url') !== bodyText) throw malformed('the ciphertext is too short');
  return { iv, ciphertext: body.subarray(0, body.length - TAG_BYTES), tag: body.subarray(body.length - TAG_BYTES) };
}
