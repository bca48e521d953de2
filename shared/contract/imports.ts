import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';

/**
 * Mail import over IMAP: pre-flight checks of source (and target) accounts, then jobs of at most 25 accounts
 * copied by the mail worker. Passwords go in with a check or a start and never come back out.
 */
export const IMPORT_JOB_MAX_ACCOUNTS = 25;

const Address = z.string().trim().toLowerCase().min(3).max(320);
const Password = z.string().min(1).max(1000);
/** `host`, `host:port`, `imaps://host[:port]`, `imap://host[:port]` (STARTTLS). */
const Server = z.string().trim().max(300);

export const ImportCheckCode = z.enum([
  'oauth-provider',
  'host-unreachable',
  'tls-error',
  'auth-failed',
  'invalid-server',
  'target-auth-failed',
  'target-unreachable',
  'target-over-quota',
]);
export type ImportCheckCode = z.infer<typeof ImportCheckCode>;

export const ImportFolderInfo = z.object({
  path: z.string(),
  specialUse: z.string().nullable(),
  messages: z.int().nullable(),
  bytes: z.number().nullable(),
});

export const ImportCheckResult = z.object({
  address: z.string(),
  ok: z.boolean(),
  code: ImportCheckCode.nullable(),
  message: z.string(),
  server: z.string().nullable(),
  foundBy: z.enum(['given', 'table', 'srv', 'guess']).nullable(),
  oauth: z.enum(['google', 'microsoft']).nullable(),
  folders: z.array(ImportFolderInfo),
  messages: z.int(),
  bytes: z.number().nullable(),
  /** Seconds the copy is expected to take (from the size, else the count), null when unknown. */
  estimatedSeconds: z.number().nullable(),
  target: z
    .object({
      ok: z.boolean(),
      code: ImportCheckCode.nullable(),
      message: z.string(),
      /** Free bytes the target's quota leaves (null: no quota told). */
      freeBytes: z.number().nullable(),
    })
    .nullable(),
  ms: z.number(),
});
export type ImportCheckResult = z.infer<typeof ImportCheckResult>;

export const ImportAccountInput = z.strictObject({
  /** CSV line, when the account came from a file. */
  line: z.int().positive().optional(),
  source: Address,
  sourcePassword: Password,
  sourceServer: Server.optional(),
  target: Address,
  /** Else the password Mailwright keeps (sealed) for that mailbox of the service, e.g. from a bulk creation. */
  targetPassword: Password.optional(),
  /** Else the mail service's import target server. */
  targetServer: Server.optional(),
});
export type ImportAccountInput = z.input<typeof ImportAccountInput>;

export const ImportOptions = z.strictObject({
  /** Connections per side and account (each owns whole folders). */
  connections: z.int().min(1).max(8).default(3),
  /** Accounts copied at once. */
  parallelAccounts: z.int().min(1).max(8).default(2),
  /** Bytes per second for the whole job; null: no limit. */
  bytesPerSecond: z.int().positive().nullable().default(null),
  /** Keep the passwords, encrypted, so a paused or interrupted job can resume after a restart. */
  remember: z.boolean().default(false),
});
export type ImportOptions = z.output<typeof ImportOptions>;

export const ImportStatus = z.enum(['queued', 'checking', 'running', 'paused', 'done', 'failed', 'cancelled']);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportProgress = z.object({
  phase: z.enum(['waiting', 'connecting', 'planning', 'copying', 'finished']),
  foldersDone: z.int(),
  foldersTotal: z.int(),
  messagesDone: z.int(),
  messagesTotal: z.int(),
  copied: z.int(),
  skipped: z.int(),
  failed: z.int(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  /** Bytes per second over the last seconds. */
  rate: z.number(),
  etaSeconds: z.number().nullable(),
  /** Folders being copied right now. */
  current: z.array(z.string()),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportFailure = z.object({ folder: z.string(), uid: z.int(), subject: z.string(), reason: z.string() });

export const ImportAccount = z.object({
  id: Id,
  line: z.int().nullable(),
  source: z.string(),
  sourceServer: z.string().nullable(),
  target: z.string(),
  targetServer: z.string().nullable(),
  status: ImportStatus,
  code: z.string().nullable(),
  message: z.string().nullable(),
  progress: ImportProgress,
  /** Folder by folder, once copied: source → target path and counts. */
  folders: z.array(z.object({ source: z.string(), target: z.string(), copied: z.int(), skipped: z.int(), failed: z.int() })),
  failures: z.array(ImportFailure),
  remembered: z.boolean(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ImportAccount = z.infer<typeof ImportAccount>;

export const ImportJob = z.object({
  id: Id,
  name: z.string(),
  mailServiceId: Id,
  status: ImportStatus,
  options: z.object({
    connections: z.int(),
    parallelAccounts: z.int(),
    bytesPerSecond: z.int().nullable(),
    remember: z.boolean(),
  }),
  accounts: z.array(ImportAccount),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const importsContract = {
  /** Pre-flight of one account (source, and the target when its password is given); copies nothing. */
  'imports.check': query(
    z.strictObject({
      mailServiceId: Id,
      source: Address,
      sourcePassword: Password,
      sourceServer: Server.optional(),
      target: Address.optional(),
      targetPassword: Password.optional(),
      targetServer: Server.optional(),
    }),
    ImportCheckResult,
  ),
  'imports.list': query(z.strictObject({ mailServiceId: Id.optional() }).default({}), z.array(ImportJob)),
  /** Queues a job of at most 25 accounts; the mail worker starts it when the jobs before it are done. */
  'imports.start': mutation(
    z.strictObject({
      mailServiceId: Id,
      name: z.string().trim().max(200).default(''),
      accounts: z.array(ImportAccountInput).min(1).max(IMPORT_JOB_MAX_ACCOUNTS),
      options: ImportOptions.default({ connections: 3, parallelAccounts: 2, bytesPerSecond: null, remember: false }),
    }),
    z.object({ jobId: Id }),
    ['imports'],
  ),
  /** Stops at the next safe point; everything copied so far is kept and not copied again. */
  'imports.pause': mutation(z.strictObject({ jobId: Id }), ImportJob, ['imports']),
  /**
   * Continues a paused, failed or interrupted job. Passwords are needed again unless they were remembered
   * (`credentials-needed` says which accounts).
   */
  'imports.resume': mutation(
    z.strictObject({
      jobId: Id,
      passwords: z
        .array(z.strictObject({ accountId: Id, sourcePassword: Password, targetPassword: Password.optional() }))
        .max(IMPORT_JOB_MAX_ACCOUNTS)
        .default([]),
    }),
    ImportJob,
    ['imports'],
  ),
  'imports.cancel': mutation(z.strictObject({ jobId: Id }), ImportJob, ['imports']),
  /** Forgets a finished job's report (what was copied stays copied, and re-runs still skip it). */
  'imports.remove': mutation(z.strictObject({ jobId: Id }), z.object({ removed: z.boolean() }), ['imports']),
  /** The report as CSV: one row per account and folder, then one per failed message. */
  'imports.report': query(z.strictObject({ jobId: Id }), z.object({ fileName: z.string(), csv: z.string() })),
  /** The IMAP server of this mail service's mailboxes (the import target). */
  'imports.targetServer': query(z.strictObject({ mailServiceId: Id }), z.object({ server: z.string() })),
  'imports.setTargetServer': mutation(
    z.strictObject({ mailServiceId: Id, server: Server.min(1) }),
    z.object({ server: z.string() }),
    ['imports'],
  ),
};
