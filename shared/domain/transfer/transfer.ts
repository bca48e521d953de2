/**
 * Product transfers between organisations: which products may go, and the
 * link that carries a transfer (`mailwright://transfer/<token>`).
 */
import type { ProductKind } from '../products/products';

export const TRANSFER_LINK_PREFIX = 'mailwright://transfer/';
/** 32 random bytes, base64url: 256 bits, well over the 128 the link must carry. */
export const TRANSFER_TOKEN_BYTES = 32;
export const DEFAULT_TRANSFER_DAYS = 7;
export const MAX_TRANSFER_DAYS = 30;

/** kSuite can't change organisation (the provider ties it to the organisation's users and billing). */
export function isTransferable(kind: ProductKind): boolean {
  return kind !== 'ksuite';
}

/** What stays behind in the source organisation, whatever is transferred. */
export const STAYS_BEHIND = ['user-access', 'invoices'] as const;

export function transferLink(token: string): string {
  return `${TRANSFER_LINK_PREFIX}${token}`;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The token of a pasted link: tolerant of what copying adds (spaces, angle
 * brackets, a trailing slash, line breaks from a mail program); also the bare
 * token. `undefined` when it isn't one.
 */
export function parseTransferLink(text: string): string | undefined {
  const cleaned = text.replace(/\s+/g, '').replace(/^<|>$/g, '').replace(/\/$/, '');
  const token = cleaned.toLowerCase().startsWith(TRANSFER_LINK_PREFIX) ? cleaned.slice(TRANSFER_LINK_PREFIX.length) : cleaned;
  return TOKEN.test(token) ? token : undefined;
}

export type TransferState = 'pending' | 'completed' | 'cancelled' | 'expired';

/** A pending transfer past its expiry is expired, whether or not anyone wrote that down yet. */
export function transferState(stored: 'pending' | 'completed' | 'cancelled', expiresAt: string, now: string): TransferState {
  return stored === 'pending' && expiresAt <= now ? 'expired' : stored;
}
