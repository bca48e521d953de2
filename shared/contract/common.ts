import { z } from 'zod';
import type { ChangeArea } from './events';

/**
 * The building blocks of the contract. A channel pairs an input and an output
 * schema; an event names a payload schema. Every transport (Electron IPC, the
 * loopback web host, the CLI) derives its behaviour from these definitions.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** What a successful call may change: every transport broadcasts it as `workspace.changed`. */
  readonly changes: readonly ChangeArea[];
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ChannelDef<I, O> {
  return { input, output, changes: [] };
}

export function mutation<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  changes: readonly ChangeArea[],
): ChannelDef<I, O> {
  return { input, output, changes: [...changes, 'audit'] };
}

/** A write of a preference (layout, not workspace data): neither audited nor broadcast. */
export function preference<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ChannelDef<I, O> {
  return { input, output, changes: [] };
}

/** Error codes are kebab-case and stable: the UI translates them, scripts match on them. */
export const ErrorCode = z.enum([
  'invalid-input',
  'unknown-channel',
  'not-found',
  'conflict',
  'address-exists',
  'domain-exists',
  'name-exists',
  'invalid-address',
  'invalid-domain',
  'invalid-forward',
  'forward-to-self',
  'forward-loop',
  'invalid-auto-reply',
  'secrets-unavailable',
  'bulk-rows-invalid',
  'batch-not-ready',
  'batch-applied',
  'address-quota-exceeded',
  'quota-below-usage',
  'organisation-not-empty',
  'product-locked',
  'undo-unavailable',
  'not-transferable',
  'invalid-filter-entry',
  'sieve-invalid',
  'invalid-server',
  'credentials-needed',
  'product-in-transfer',
  'transfer-not-found',
  'transfer-expired',
  'transfer-exported',
  'transfer-finished',
  'transfer-tampered',
  'transfer-same-organisation',
  'last-legal-representative',
  'member-exists',
  'unauthorized',
  'forbidden',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const Id = z.int().positive().max(Number.MAX_SAFE_INTEGER);
export const Timestamp = z.string(); // ISO 8601, UTC
export const EmptyInput = z.strictObject({}).default({});

export const SortDirection = z.enum(['asc', 'desc']);

/** Paging bounds shared by every list channel: a page never exceeds 500 rows. */
export const PageInput = {
  offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.int().min(1).max(500).default(100),
};
