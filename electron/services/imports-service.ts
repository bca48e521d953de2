import os from 'node:os';
import {
  DnsSettings,
  type ImportAccount,
  type ImportCheckResult,
  type ImportJob,
  type ImportProgress,
  type ImportStatus,
  type EventPayload,
  type ParsedInput,
} from '../../shared/contract';
import { toCsv } from '../../shared/domain/csv/write';
import type { ImapEndpoint } from '../../shared/domain/mail-import/providers';
import { DnsClient, parseServer } from '../dns/client';
import { LiveResolver } from '../dns/resolvers';
import type { CopyProgress, CopyReport } from '../mail-import/copy';
import { CopyError, emptyProgress } from '../mail-import/copy';
import { closeQuietly, connectFailure, endpointFor, imapClient } from '../mail-import/imap';
import { discover, preflight } from '../mail-import/preflight';
import { SqliteImportState } from '../mail-import/state';
import { latestEvery } from '../mail-import/throttle';
import { type MailRunner, runInThread } from '../workers/mail-runner';
import type { CallContext, ServiceContext } from './context';
import { AppError } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { SettingsService } from './settings-service';

/** The provider's IMAP server: where the mail service's mailboxes live unless the admin sets another. */
export const DEFAULT_TARGET_SERVER = 'imaps://mail.infomaniak.com:993';
/** How often a running job says it is alive, and after how long without a word it counts as interrupted. */
const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;
/** Copy speed assumed for the estimate before anything ran (Dovecot-class servers on a good line). */
const ESTIMATE_BYTES_PER_SECOND = 10 * 1024 * 1024;

interface Credentials {
  sourcePassword: string;
  targetPassword: string;
}

interface AccountRow {
  id: number;
  job_id: number;
  line: number | null;
  source: string;
  source_server: string | null;
  target: string;
  target_server: string | null;
  status: ImportStatus;
  code: string | null;
  message: string | null;
  progress_json: string;
  report_json: string | null;
  credentials: string | null;
  started_at: string | null;
  finished_at: string | null;
}

interface JobRow {
  owner: string | null;
  heartbeat_at: string | null;
  id: number;
  mail_service_id: number;
  name: string;
  status: ImportStatus;
  options_json: string;
  created_at: string;
  finished_at: string | null;
}

const EMPTY_PROGRESS: ImportProgress = { ...emptyProgress(), phase: 'waiting' };

type Emit = <E extends 'imports.progress' | 'workspace.changed'>(event: E, payload: EventPayload<E>) => void;

/**
 * Mail import jobs (issue 6): pre-flight checks, then jobs of at most 25 accounts whose copies run on the mail
 * worker, a few accounts at once. Progress is pushed as events and kept in the store (every few seconds and at
 * the end); passwords stay in memory for the run unless the user asked to remember them, then sealed.
 */
export class ImportsService {
  private readonly active = new Map<number, { controller: AbortController; stop: 'pause' | 'cancel' | null }>();
  private readonly queue: { jobId: number; credentials: Map<number, Credentials> }[] = [];
  private readonly live = new Map<number, ImportProgress>();
  private readonly state: SqliteImportState;
  private emit: Emit = () => undefined;
  /** This process, as the owner of the jobs it runs. */
  private readonly owner: string;
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly s: ServiceContext,
    private readonly mailServices: MailServicesService,
    private readonly settings: SettingsService,
    private readonly runner: MailRunner = runInThread,
  ) {
    this.state = new SqliteImportState(s.db);
    this.owner = `${os.hostname()}:${process.pid}:${Buffer.from(s.deps.randomBytes(6)).toString('hex')}`;
  }

  /** Mine: running or queued in this process. */
  private local(jobId: number) {
    return this.active.has(jobId) || this.queued(jobId);
  }

  /** Running or queued by another process (the app, the web host, a CLI command) that is still alive. */
  private elsewhere(row: JobRow) {
    return (
      row.owner !== null &&
      row.owner !== this.owner &&
      (row.status === 'running' || row.status === 'queued') &&
      row.heartbeat_at !== null &&
      Date.now() - Date.parse(row.heartbeat_at) < STALE_MS &&
      ownerAlive(row.owner)
    );
  }

  private assertNotElsewhere(row: JobRow) {
    if (this.elsewhere(row))
      throw new AppError('conflict', 'This import is running in another Mailwright window or command: control it there.');
  }

  /** Marks the jobs of this process alive every few seconds while any runs or waits. */
  private beat() {
    const mine = [...this.active.keys(), ...this.queue.map((q) => q.jobId)];
    if (mine.length === 0 || !this.s.db.open) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      return;
    }
    const update = this.s.db.prepare('UPDATE import_jobs SET owner = ?, heartbeat_at = ? WHERE id = ?');
    const now = this.s.now();
    for (const id of mine) update.run(this.owner, now, id);
  }

  /** Where progress events go (the dispatcher, once it exists). */
  attach(emit: Emit) {
    this.emit = emit;
  }

  private resolver() {
    const dns = DnsSettings.parse(this.settings.get().dns ?? {});
    return new LiveResolver(new DnsClient({ servers: dns.resolvers.map(parseServer), timeoutMs: dns.timeoutMs, tries: 2 }));
  }

  targetServer(input: ParsedInput<'imports.targetServer'>) {
    this.mailServices.get(input.mailServiceId);
    const row = this.s.db
      .prepare<[number], { server: string }>('SELECT server FROM import_targets WHERE mail_service_id = ?')
      .get(input.mailServiceId);
    return { server: row?.server ?? DEFAULT_TARGET_SERVER };
  }

  setTargetServer(input: ParsedInput<'imports.setTargetServer'>, ctx: CallContext) {
    if (!endpointFor(input.server))
      throw new AppError('invalid-server', `"${input.server}" is not a server: use host, host:port or imaps://host:993.`);
    return this.s.write((now) => {
      const service = this.mailServices.assertWritable(input.mailServiceId);
      const before = this.targetServer({ mailServiceId: service.id }).server;
      this.s.db
        .prepare(
          `INSERT INTO import_targets (mail_service_id, server) VALUES (?, ?)
           ON CONFLICT (mail_service_id) DO UPDATE SET server = excluded.server`,
        )
        .run(service.id, input.server);
      this.s.record(
        ctx,
        {
          action: 'import.target-server',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `${service.domain}: import target server ${input.server}`,
          before: { server: before },
          after: { server: input.server },
        },
        now,
      );
      return { server: input.server };
    });
  }

  private targetEndpoint(mailServiceId: number, given?: string): ImapEndpoint {
    const text = given || this.targetServer({ mailServiceId }).server;
    const endpoint = endpointFor(text);
    if (!endpoint) throw new AppError('invalid-server', `"${text}" is not a server: use host, host:port or imaps://host:993.`);
    return endpoint;
  }

  /**
   * The target's password: given, else the one Mailwright keeps sealed for that mailbox of the service (set when it
   * was created here, e.g. by a bulk creation) — so the provider's 4-column import CSV works as it is.
   */
  private targetPassword(mailServiceId: number, address: string, given: string | undefined): string | null {
    if (given) return given;
    const service = this.mailServices.get(mailServiceId);
    const [local, domain] = address.split('@');
    if (domain !== service.domain || !this.s.deps.sealer) return null;
    const row = this.s.db
      .prepare<[number, string], { password_sealed: string | null }>(
        'SELECT password_sealed FROM mailboxes WHERE mail_service_id = ? AND local_part = ?',
      )
      .get(service.id, local ?? '');
    return row?.password_sealed ? this.s.deps.sealer.open(row.password_sealed) : null;
  }

  async check(input: ParsedInput<'imports.check'>): Promise<ImportCheckResult> {
    this.mailServices.get(input.mailServiceId);
    const targetPassword = input.target ? this.targetPassword(input.mailServiceId, input.target, input.targetPassword) : null;
    const given = input.sourceServer ? endpointFor(input.sourceServer) : null;
    const result = await preflight({
      address: input.source,
      password: input.sourcePassword,
      server: input.sourceServer || undefined,
      allowPlain: given?.security === 'none',
      resolver: this.resolver(),
    });
    const server = result.endpoint ? `${result.endpoint.host}:${result.endpoint.port}` : null;
    let target: ImportCheckResult['target'] = null;
    if (result.ok && input.target && targetPassword) {
      const endpoint = this.targetEndpoint(input.mailServiceId, input.targetServer);
      const client = await imapClient({ user: input.target, password: targetPassword, endpoint }, 10_000);
      try {
        await client.connect();
        const answer = client.capabilities.has('QUOTA') ? await client.getQuota('INBOX').catch(() => false) : false;
        const quota = typeof answer === 'object' ? answer : null;
        const storage = quota ? quota.storage : undefined;
        const freeBytes = storage?.limit !== undefined ? Math.max(0, storage.limit - (storage.usage ?? 0)) : null;
        const over = freeBytes !== null && result.bytes !== null && result.bytes > freeBytes;
        target = over
          ? {
              ok: false,
              code: 'target-over-quota',
              message: `${input.target} has ${freeBytes} bytes free but the source holds ${result.bytes}: raise its quota first.`,
              freeBytes,
            }
          : { ok: true, code: null, message: `${input.target}: login ok.`, freeBytes };
      } catch (error) {
        const { code, detail } = connectFailure(error);
        target =
          code === 'auth-failed'
            ? {
                ok: false,
                code: 'target-auth-failed',
                message: `The target server refused the login of ${input.target}: check the mailbox password.`,
                freeBytes: null,
              }
            : {
                ok: false,
                code: 'target-unreachable',
                message: `The target server ${endpoint.host}:${endpoint.port} can't be reached (${detail}).`,
                freeBytes: null,
              };
      } finally {
        await closeQuietly(client);
      }
    }
    return {
      address: input.source,
      ok: result.ok && (target?.ok ?? true),
      code: result.code ?? target?.code ?? null,
      message: result.ok && target && !target.ok ? target.message : result.message,
      server,
      foundBy: result.foundBy,
      oauth: result.oauth,
      folders: result.folders,
      messages: result.messages,
      bytes: result.bytes,
      estimatedSeconds: result.ok
        ? result.bytes !== null
          ? Math.ceil(result.bytes / ESTIMATE_BYTES_PER_SECOND)
          : Math.ceil(result.messages / 500)
        : null,
      target,
      ms: result.ms,
    };
  }

  list(input: ParsedInput<'imports.list'>): ImportJob[] {
    const jobs =
      input.mailServiceId === undefined
        ? this.s.db.prepare<[], JobRow>('SELECT * FROM import_jobs ORDER BY id DESC').all()
        : this.s.db
            .prepare<[number], JobRow>('SELECT * FROM import_jobs WHERE mail_service_id = ? ORDER BY id DESC')
            .all(input.mailServiceId);
    return jobs.map((j) => this.job(j));
  }

  private jobRow(id: number): JobRow {
    const row = this.s.db.prepare<[number], JobRow>('SELECT * FROM import_jobs WHERE id = ?').get(id);
    if (!row) throw new AppError('not-found', `There is no import job ${id}.`);
    return row;
  }

  private accounts(jobId: number): AccountRow[] {
    return this.s.db.prepare<[number], AccountRow>('SELECT * FROM import_accounts WHERE job_id = ? ORDER BY id').all(jobId);
  }

  private job(row: JobRow): ImportJob {
    const interrupted = this.interrupted(row);
    const accounts = this.accounts(row.id).map((a) => this.account(a, interrupted));
    return {
      id: row.id,
      name: row.name,
      mailServiceId: row.mail_service_id,
      // A job running or queued that no live process runs was interrupted (a crash, a closed app): it can be resumed.
      status: interrupted ? 'paused' : row.status,
      options: JSON.parse(row.options_json) as ImportJob['options'],
      accounts,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  }

  private interrupted(row: JobRow) {
    return (row.status === 'running' || row.status === 'queued') && !this.local(row.id) && !this.elsewhere(row);
  }

  private queued(jobId: number) {
    return this.queue.some((q) => q.jobId === jobId);
  }

  private account(a: AccountRow, jobInterrupted: boolean): ImportAccount {
    const report = a.report_json ? (JSON.parse(a.report_json) as CopyReport) : null;
    const interrupted = jobInterrupted && (a.status === 'running' || a.status === 'queued');
    return {
      id: a.id,
      line: a.line,
      source: a.source,
      sourceServer: a.source_server,
      target: a.target,
      targetServer: a.target_server,
      status: interrupted ? 'paused' : a.status,
      code: interrupted ? 'interrupted' : a.code,
      message: interrupted
        ? 'The import was interrupted (the app or the computer stopped). Resume it: nothing copied is copied again.'
        : a.message,
      progress: this.live.get(a.id) ?? (JSON.parse(a.progress_json) as ImportProgress),
      folders: report?.folders ?? [],
      failures: report?.failures ?? [],
      remembered: a.credentials !== null,
      startedAt: a.started_at,
      finishedAt: a.finished_at,
    };
  }

  start(input: ParsedInput<'imports.start'>, ctx: CallContext): { jobId: number } {
    const service = this.mailServices.assertWritable(input.mailServiceId);
    if (input.options.remember && !this.s.deps.sealer)
      throw new AppError('secrets-unavailable', 'Passwords can’t be stored encrypted on this machine: untick “remember”.');
    // Every server is checked before anything is stored.
    const missing = input.accounts.filter((a) => !this.targetPassword(service.id, a.target, a.targetPassword));
    if (missing.length > 0)
      throw new AppError(
        'credentials-needed',
        `No password for ${missing.map((a) => a.target).join(', ')}: give the target mailbox's password (the CSV's "target password" column).`,
        { targets: missing.map((a) => a.target) },
      );
    const accounts = input.accounts.map((a) => {
      const target = this.targetEndpoint(service.id, a.targetServer);
      const targetPassword = this.targetPassword(service.id, a.target, a.targetPassword)!;
      if (a.sourceServer && !endpointFor(a.sourceServer))
        throw new AppError(
          'invalid-server',
          `"${a.sourceServer}" (${a.source}) is not a server: use host, host:port or imaps://host.`,
        );
      return { ...a, targetPassword, targetEndpoint: target };
    });
    const jobId = this.s.write((now) => {
      const id = Number(
        this.s.db
          .prepare('INSERT INTO import_jobs (mail_service_id, name, status, options_json, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(
            service.id,
            input.name || `${accounts.length === 1 ? accounts[0]!.source : `${accounts.length} accounts`} → ${service.domain}`,
            'queued',
            JSON.stringify(input.options),
            now,
          ).lastInsertRowid,
      );
      const insert = this.s.db.prepare(
        `INSERT INTO import_accounts (job_id, line, source, source_server, target, target_server, status, progress_json, credentials)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      );
      for (const a of accounts)
        insert.run(
          id,
          a.line ?? null,
          a.source,
          a.sourceServer || null,
          a.target,
          `${a.targetEndpoint.security === 'tls' ? 'imaps' : 'imap'}://${a.targetEndpoint.host}:${a.targetEndpoint.port}`,
          JSON.stringify(EMPTY_PROGRESS),
          input.options.remember
            ? this.s.deps.sealer!.seal(JSON.stringify({ sourcePassword: a.sourcePassword, targetPassword: a.targetPassword }))
            : null,
        );
      this.s.record(
        ctx,
        {
          action: 'import.start',
          entityType: 'import-job',
          entityId: id,
          organisationId: service.organisationId,
          // Names and servers only: passwords never reach the audit log.
          summary: `Mail import of ${accounts.length} account(s) into ${service.domain}`,
          after: { accounts: accounts.map((a) => ({ source: a.source, target: a.target })), options: input.options },
        },
        now,
      );
      return id;
    });
    const rows = this.accounts(jobId);
    this.enqueue(
      jobId,
      new Map(
        rows.map((r, i) => [r.id, { sourcePassword: accounts[i]!.sourcePassword, targetPassword: accounts[i]!.targetPassword }]),
      ),
    );
    return { jobId };
  }

  pause(input: ParsedInput<'imports.pause'>): ImportJob {
    const job = this.jobRow(input.jobId);
    this.assertNotElsewhere(job);
    const active = this.active.get(job.id);
    if (active) {
      active.stop = 'pause';
      active.controller.abort();
    } else if (this.queued(job.id)) {
      this.queue.splice(
        this.queue.findIndex((q) => q.jobId === job.id),
        1,
      );
      this.setJob(job.id, 'paused');
    }
    return this.job(this.jobRow(job.id));
  }

  cancel(input: ParsedInput<'imports.cancel'>, ctx: CallContext): ImportJob {
    const job = this.jobRow(input.jobId);
    this.assertNotElsewhere(job);
    const active = this.active.get(job.id);
    if (active) {
      active.stop = 'cancel';
      active.controller.abort();
    } else {
      const q = this.queue.findIndex((x) => x.jobId === job.id);
      if (q >= 0) this.queue.splice(q, 1);
      if (job.status !== 'done') this.finishJob(job.id, 'cancelled');
    }
    this.s.write((now) =>
      this.s.record(
        ctx,
        {
          action: 'import.cancel',
          entityType: 'import-job',
          entityId: job.id,
          organisationId: this.mailServices.get(job.mail_service_id).organisationId,
          summary: `Mail import “${job.name}” cancelled (what was copied stays)`,
        },
        now,
      ),
    );
    return this.job(this.jobRow(job.id));
  }

  resume(input: ParsedInput<'imports.resume'>): ImportJob {
    const job = this.jobRow(input.jobId);
    if (this.local(job.id)) return this.job(job);
    this.assertNotElsewhere(job);
    const given = new Map(input.passwords.map((p) => [p.accountId, p]));
    const credentials = new Map<number, Credentials>();
    const missing: number[] = [];
    for (const a of this.accounts(job.id)) {
      if (!unfinished(a)) continue;
      const g = given.get(a.id);
      const targetPassword = g && this.targetPassword(job.mail_service_id, a.target, g.targetPassword);
      if (g && targetPassword) credentials.set(a.id, { sourcePassword: g.sourcePassword, targetPassword });
      else if (a.credentials && this.s.deps.sealer)
        credentials.set(a.id, JSON.parse(this.s.deps.sealer.open(a.credentials)) as Credentials);
      else missing.push(a.id);
    }
    if (missing.length > 0)
      throw new AppError('credentials-needed', 'The passwords weren’t remembered: enter them again to resume.', {
        accountIds: missing,
      });
    this.s.write(() => {
      this.s.db.prepare("UPDATE import_jobs SET status = 'queued', finished_at = NULL WHERE id = ?").run(job.id);
      this.s.db
        .prepare(
          "UPDATE import_accounts SET status = 'queued', code = NULL, message = NULL WHERE job_id = ? AND (status != 'done' OR code = 'some-failed')",
        )
        .run(job.id);
    });
    this.enqueue(job.id, credentials);
    return this.job(this.jobRow(job.id));
  }

  remove(input: ParsedInput<'imports.remove'>, ctx: CallContext): { removed: boolean } {
    const job = this.jobRow(input.jobId);
    this.assertNotElsewhere(job);
    if (this.active.has(job.id) || this.queued(job.id))
      throw new AppError('conflict', 'This import is still running: pause or cancel it first.');
    this.s.write((now) => {
      this.s.db.prepare('DELETE FROM import_jobs WHERE id = ?').run(job.id);
      this.s.record(
        ctx,
        {
          action: 'import.remove',
          entityType: 'import-job',
          entityId: job.id,
          organisationId: this.mailServices.get(job.mail_service_id).organisationId,
          summary: `Mail import report “${job.name}” removed`,
        },
        now,
      );
    });
    return { removed: true };
  }

  report(input: ParsedInput<'imports.report'>): { fileName: string; csv: string } {
    const job = this.job(this.jobRow(input.jobId));
    const rows: (string | number)[][] = [];
    for (const a of job.accounts) {
      if (a.folders.length === 0)
        rows.push([
          a.source,
          a.target,
          '',
          '',
          a.progress.copied,
          a.progress.skipped,
          a.progress.failed,
          a.status,
          a.message ?? '',
        ]);
      for (const f of a.folders) rows.push([a.source, a.target, f.source, f.target, f.copied, f.skipped, f.failed, a.status, '']);
      for (const x of a.failures)
        rows.push([a.source, a.target, x.folder, '', 0, 0, 1, 'failed', `UID ${x.uid} “${x.subject}”: ${x.reason}`]);
    }
    const csv = toCsv(['source', 'target', 'folder', 'target folder', 'copied', 'skipped', 'failed', 'status', 'note'], rows);
    return { fileName: `mail-import-${job.id}.csv`, csv };
  }

  /** Waits until no job of this process runs (the CLI's `import run`, tests). */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 50));
  }

  private enqueue(jobId: number, credentials: Map<number, Credentials>) {
    this.queue.push({ jobId, credentials });
    this.beat();
    this.heartbeat ??= setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref?.();
    this.pump();
  }

  /** One job at a time; its accounts a few at once. */
  private pump() {
    if (this.active.size > 0) return;
    const next = this.queue.shift();
    if (!next) return;
    const controller = new AbortController();
    const entry = { controller, stop: null as 'pause' | 'cancel' | null };
    this.active.set(next.jobId, entry);
    void this.runJob(next.jobId, next.credentials, entry)
      // The job's own failures are recorded per account; this is only a closed workspace or a removed job.
      .catch(() => undefined)
      .finally(() => {
        this.active.delete(next.jobId);
        this.pump();
      });
  }

  private setJob(jobId: number, status: ImportStatus) {
    this.s.db.prepare('UPDATE import_jobs SET status = ? WHERE id = ?').run(status, jobId);
  }

  private finishJob(jobId: number, status: ImportStatus) {
    this.s.write((now) => {
      this.s.db.prepare('UPDATE import_jobs SET status = ?, finished_at = ?, owner = NULL WHERE id = ?').run(status, now, jobId);
      this.s.db
        .prepare("UPDATE import_accounts SET status = ? WHERE job_id = ? AND status IN ('queued', 'running')")
        .run(status, jobId);
      // Remembered passwords are kept only while something is left to resume.
      this.s.db
        .prepare(
          "UPDATE import_accounts SET credentials = NULL WHERE job_id = ? AND (status = 'cancelled' OR (status = 'done' AND code IS NULL))",
        )
        .run(jobId);
    });
    this.emit('imports.progress', { jobId, accountId: 0, status, progress: EMPTY_PROGRESS });
    this.emit('workspace.changed', { areas: ['imports'] });
  }

  private async runJob(
    jobId: number,
    credentials: Map<number, Credentials>,
    entry: { controller: AbortController; stop: 'pause' | 'cancel' | null },
  ) {
    const job = this.jobRow(jobId);
    const options = JSON.parse(job.options_json) as ImportJob['options'];
    this.setJob(jobId, 'running');
    const todo = this.accounts(jobId).filter((a) => unfinished(a) && credentials.has(a.id));
    let next = 0;
    const worker = async () => {
      while (next < todo.length && !entry.controller.signal.aborted) {
        const a = todo[next++]!;
        await this.runAccount(job, options, a, credentials.get(a.id)!, entry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallelAccounts, todo.length) }, worker));
    const statuses = this.accounts(jobId).map((a) => a.status);
    const status: ImportStatus =
      entry.stop === 'cancel'
        ? 'cancelled'
        : entry.stop === 'pause' && statuses.some((s) => s !== 'done' && s !== 'failed')
          ? 'paused'
          : statuses.every((s) => s === 'done')
            ? 'done'
            : statuses.every((s) => s === 'failed')
              ? 'failed'
              : statuses.some((s) => s === 'failed')
                ? 'failed'
                : 'done';
    if (status === 'paused') {
      this.s.write(() => {
        this.setJob(jobId, 'paused');
        this.s.db
          .prepare("UPDATE import_accounts SET status = 'paused' WHERE job_id = ? AND status IN ('queued', 'running')")
          .run(jobId);
      });
      this.emit('imports.progress', { jobId, accountId: 0, status, progress: EMPTY_PROGRESS });
      this.emit('workspace.changed', { areas: ['imports'] });
    } else this.finishJob(jobId, status);
  }

  private async runAccount(
    job: JobRow,
    options: ImportJob['options'],
    a: AccountRow,
    credentials: Credentials,
    entry: { controller: AbortController; stop: 'pause' | 'cancel' | null },
  ) {
    const save = this.s.db.prepare('UPDATE import_accounts SET progress_json = ? WHERE id = ?');
    this.s.db
      .prepare(
        "UPDATE import_accounts SET status = 'running', code = NULL, message = NULL, started_at = COALESCE(started_at, ?) WHERE id = ?",
      )
      .run(this.s.now(), a.id);
    let lastSaved = 0;
    const events = latestEvery<ImportProgress>(250, (progress) =>
      this.emit('imports.progress', { jobId: job.id, accountId: a.id, status: 'running', progress }),
    );
    const onProgress = (p: CopyProgress) => {
      const progress: ImportProgress = { ...p };
      this.live.set(a.id, progress);
      events.push(progress);
      const now = Date.now();
      if (now - lastSaved >= 2000) {
        lastSaved = now;
        save.run(JSON.stringify(progress), a.id);
      }
    };
    let status: ImportStatus = 'done';
    let code: string | null = null;
    let message: string | null = null;
    let report: CopyReport | null = null;
    try {
      const source = await discover({
        address: a.source,
        password: '',
        server: a.source_server ?? undefined,
        allowPlain: a.source_server ? endpointFor(a.source_server)?.security === 'none' : false,
        resolver: this.resolver(),
      });
      if (source.oauth)
        throw new CopyError(
          'auth-failed',
          'Google and Microsoft accounts can’t be imported with a password here: see the pre-flight advice.',
        );
      if (!source.endpoint) throw new CopyError('host-unreachable', `"${a.source_server}" is not a server.`);
      report = await this.runner(
        {
          source: { user: a.source, password: credentials.sourcePassword, endpoint: source.endpoint },
          target: { user: a.target, password: credentials.targetPassword, endpoint: endpointFor(a.target_server!)! },
          connections: options.connections,
          limiter: options.bytesPerSecond
            ? { key: `job-${job.id}-${job.created_at}`, bytesPerSecond: options.bytesPerSecond }
            : null,
        },
        { state: this.state, onProgress, signal: entry.controller.signal },
      );
      const before = a.report_json ? (JSON.parse(a.report_json) as CopyReport) : null;
      if (before) report = mergeReports(before, report);
      if (report.stopped) status = entry.stop === 'cancel' ? 'cancelled' : 'paused';
      else if (report.failures.length > 0) {
        status = 'done';
        code = 'some-failed';
        message = `${report.failures.length} message(s) could not be copied: see the list (they are tried again on the next run).`;
      }
    } catch (error) {
      status = 'failed';
      code = error instanceof CopyError ? error.code : 'copy-failed';
      message = (error as Error).message;
    }
    events.flush();
    const progress = this.live.get(a.id) ?? EMPTY_PROGRESS;
    this.live.delete(a.id);
    this.s.db
      .prepare(
        'UPDATE import_accounts SET status = ?, code = ?, message = ?, progress_json = ?, report_json = COALESCE(?, report_json), finished_at = ? WHERE id = ?',
      )
      .run(
        status,
        code,
        message,
        JSON.stringify(progress),
        report ? JSON.stringify(report) : null,
        status === 'done' ? this.s.now() : null,
        a.id,
      );
    this.emit('imports.progress', { jobId: job.id, accountId: a.id, status, progress });
    this.emit('workspace.changed', { areas: ['imports'] });
  }
}

/** A resumed or repeated run adds to what the earlier runs copied; failures are the latest run's (still failing). */
function mergeReports(before: CopyReport, now: CopyReport): CopyReport {
  const folders = new Map(before.folders.map((f) => [f.source, { ...f }]));
  for (const f of now.folders) {
    const b = folders.get(f.source);
    folders.set(f.source, b ? { ...f, copied: b.copied + f.copied, skipped: b.skipped + f.skipped } : f);
  }
  return {
    ...now,
    copied: before.copied + now.copied,
    skipped: before.skipped + now.skipped,
    bytes: before.bytes + now.bytes,
    ms: before.ms + now.ms,
    folders: [...folders.values()],
  };
}

/** Left to copy: not done, or done with messages that failed (tried again on resume). */
function unfinished(a: { status: ImportStatus; code: string | null }) {
  return a.status !== 'done' || a.code === 'some-failed';
}

/** A process on this computer that is gone (killed, crashed) runs nothing, however fresh its last heartbeat. */
function ownerAlive(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== os.hostname() || !pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
