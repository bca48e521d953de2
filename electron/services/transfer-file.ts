import crypto from 'node:crypto';
import { z } from 'zod';
import { AutoReplyFields, FilterSettings, ProductKind, TemplateSettings } from '../../shared/contract';
import { AppError } from './errors';

/**
 * `.mwtransfer`: a transfer carried to another installation as a file.
 *
 * The payload is kept as the exact JSON text that was signed, so nothing has
 * to be canonicalised: the signature (Ed25519, the creating installation's
 * key) covers those bytes, and any change to them — or to the signature —
 * makes the file refused. The public key travels with the file; its
 * fingerprint is shown on both sides so people can compare it (as with SSH),
 * since a forger could re-sign with a key of their own.
 *
 * Passwords never travel: sealed ones only open with the sending workspace's
 * key, and a transfer file is no place for plain ones.
 */
const MailboxData = z.strictObject({
  localPart: z.string().min(1).max(64),
  displayName: z.string().max(200),
  storageQuotaMb: z.int().positive(),
  state: z.enum(['planned', 'created']),
  aliases: z.array(z.string().min(1).max(64)).max(1000),
  forward: z.strictObject({ targets: z.array(z.string().max(320)).max(10), keepCopy: z.boolean() }),
  autoReplies: z.array(AutoReplyFields.extend({ active: z.boolean() })).max(100),
  /** Absent in files from before filters existed: the receiver keeps the provider's defaults. */
  filters: z
    .strictObject({
      settings: FilterSettings,
      allow: z.array(z.string().max(320)).max(5000),
      block: z.array(z.string().max(320)).max(5000),
    })
    .optional(),
  /** Absent in files from before Sieve scripts travelled. Each must parse again on arrival. */
  sieve: z
    .array(z.strictObject({ name: z.string().min(1).max(80), content: z.string().max(512 * 1024), active: z.boolean() }))
    .max(100)
    .optional(),
});
export type MailboxData = z.infer<typeof MailboxData>;

export const TransferPayload = z.strictObject({
  format: z.literal('mailwright-transfer'),
  version: z.literal(1),
  uid: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  sourceOrganisation: z.string(),
  createdBy: z.string().nullable(),
  products: z
    .array(
      z.strictObject({
        kind: ProductKind,
        name: z.string().min(1).max(120),
        tags: z.array(z.string()).max(20),
        locked: z.boolean(),
        mailService: z
          .strictObject({
            domain: z.string().min(1).max(253),
            addressQuota: z.int().positive(),
            maintenance: z.boolean(),
            mailboxes: z.array(MailboxData).max(1_000_000),
            /** The mail service's mailbox templates (absent in older files). */
            templates: z
              .array(
                z.strictObject({ name: z.string().min(1).max(80), description: z.string().max(500), settings: TemplateSettings }),
              )
              .max(1000)
              .optional(),
          })
          .nullable(),
      }),
    )
    .min(1)
    .max(100),
});
export type TransferPayload = z.infer<typeof TransferPayload>;

const TransferFile = z.strictObject({
  format: z.literal('mailwright-transfer-file'),
  version: z.literal(1),
  payload: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});

export interface KeyPair {
  /** SPKI DER, base64. */
  publicKey: string;
  /** PKCS#8 PEM. */
  privateKey: string;
}

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** SHA-256 of the public key, first 16 bytes in groups: easy to read out over the phone. */
export function fingerprint(publicKey: string): string {
  const hex = crypto.createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

export function signTransfer(payload: TransferPayload, keys: KeyPair): string {
  const text = JSON.stringify(payload);
  const signature = crypto.sign(null, Buffer.from(text), crypto.createPrivateKey(keys.privateKey)).toString('base64');
  return JSON.stringify(
    { format: 'mailwright-transfer-file', version: 1, payload: text, publicKey: keys.publicKey, signature },
    null,
    1,
  );
}

function tampered(why: string): AppError {
  return new AppError('transfer-tampered', `This transfer file can't be trusted: ${why}. Ask the sender for a new export.`, {
    why,
  });
}

/** Checks the signature before reading anything else; then the payload's shape. */
export function openTransferFile(text: string): { payload: TransferPayload; fingerprint: string } {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    throw tampered('it is not a Mailwright transfer file (not JSON)');
  }
  const file = TransferFile.safeParse(outer);
  if (!file.success) throw tampered('it is not a Mailwright transfer file');
  let ok: boolean;
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(file.data.publicKey, 'base64'), format: 'der', type: 'spki' });
    ok =
      key.asymmetricKeyType === 'ed25519' &&
      crypto.verify(null, Buffer.from(file.data.payload), key, Buffer.from(file.data.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw tampered('its signature does not match its content (it was changed after export)');
  let inner: unknown;
  try {
    inner = JSON.parse(file.data.payload);
  } catch {
    throw tampered('its content is not readable');
  }
  const payload = TransferPayload.safeParse(inner);
  if (!payload.success) throw tampered('its content is not in the expected form');
  return { payload: payload.data, fingerprint: fingerprint(file.data.publicKey) };
}
