import crypto from 'node:crypto';
import type { ImapFlow, ListResponse } from 'imapflow';
import { type FolderPlan, planFolders } from '../../shared/domain/mail-import/folders';
import {
  AppendRefused,
  type AppendMessage,
  appendableFlags,
  closeQuietly,
  connectFailure,
  type ImapAccount,
  imapClient,
  multiAppend,
} from './imap';
import type { FolderState, ImportStateStore } from './state';

/**
 * The copy of one mailbox from a source IMAP account to a target one (issue 6): every folder, special-use folders
 * mapped, hierarchy separators translated, flags and INTERNALDATE kept, messages byte-identical. Never a
 * duplicate: state per folder (state.ts) lets re-runs ask only for new UIDs, and without trustworthy state the
 * target's messages are compared by Message-ID (else a digest of date, from, subject and size).
 *
 * Speed comes from three things measured on Dovecot (../shared/BENCHMARKS.md): lanes that own whole folders
 * (several connections per side), the target folder SELECTed before appending, and MULTIAPPEND chunks — while a
 * chunk is appended, the next one is already being fetched. Memory stays bounded: a chunk is at most
 * CHUNK_BYTES (a larger message travels alone), and each lane holds at most two.
 */
export interface CopyProgress {
  phase: 'connecting' | 'planning' | 'copying' | 'finished';
  foldersDone: number;
  foldersTotal: number;
  messagesDone: number;
  messagesTotal: number;
  copied: number;
  skipped: number;
  failed: number;
  bytesDone: number;
  bytesTotal: number;
  rate: number;
  etaSeconds: number | null;
  current: string[];
}

export interface FolderReport {
  source: string;
  target: string;
  copied: number;
  skipped: number;
  failed: number;
}

export interface CopyReport {
  copied: number;
  skipped: number;
  failed: number;
  bytes: number;
  folders: FolderReport[];
  failures: { folder: string; uid: number; subject: string; reason: string }[];
  /** Stopped by the signal before everything was copied (what was copied is recorded). */
  stopped: boolean;
  ms: number;
}

export class CopyError extends Error {
  constructor(
    readonly code:
      | 'auth-failed'
      | 'host-unreachable'
      | 'tls-error'
      | 'target-auth-failed'
      | 'target-unreachable'
      | 'target-over-quota'
      | 'copy-failed',
    message: string,
  ) {
    super(message);
  }
}

/** Shared by every lane and account of a job: waits so the bytes sent stay under a rate. */
export interface RateLimiter {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

export function createRateLimiter(bytesPerSecond: number): RateLimiter {
  let available = bytesPerSecond;
  let last = Date.now();
  return {
    async take(bytes, signal) {
      for (;;) {
        const now = Date.now();
        available = Math.min(bytesPerSecond, available + ((now - last) / 1000) * bytesPerSecond);
        last = now;
        // A message larger than a second's worth passes once the bucket is full, so it can't wait forever.
        if (available >= Math.min(bytes, bytesPerSecond)) {
          available -= bytes;
          return;
        }
        if (signal?.aborted) return;
        const wait = ((Math.min(bytes, bytesPerSecond) - available) / bytesPerSecond) * 1000;
        await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 5), 500)));
      }
    },
  };
}

export interface CopyOptions {
  source: ImapAccount;
  target: ImapAccount;
  state: ImportStateStore;
  /** Connections per side (lanes); each owns whole folders. */
  connections?: number;
  limiter?: RateLimiter;
  /** Stops at the next safe point: after the chunk being appended is confirmed and recorded. */
  signal?: AbortSignal;
  onProgress?: (p: CopyProgress) => void;
  /** Attempts per message after a chunk was refused, and per folder after a dropped connection. */
  retries?: number;
  /** Base of the exponential backoff between attempts (tests make it small). */
  backoffMs?: number;
}

const CHUNK_MESSAGES = 100;
const CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * Message bytes one account may hold at once across its lanes (chunks being appended and prefetched). Bodies are
 * held whole (a literal's size goes first on the wire), so without a cap three lanes of 45 MB messages grew the
 * process by 350 MB; with it, large messages take turns. A message larger than the cap travels alone.
 */
const ACCOUNT_BYTES = 48 * 1024 * 1024;

/** Waits until `n` bytes of the budget are free (n capped at the budget, so any message gets through). */
class ByteBudget {
  private used = 0;
  private readonly waiting: { n: number; go: () => void }[] = [];
  constructor(private readonly capacity: number) {}
  async acquire(n: number): Promise<number> {
    const want = Math.min(n, this.capacity);
    if (this.waiting.length === 0 && this.used + want <= this.capacity) {
      this.used += want;
      return want;
    }
    await new Promise<void>((go) => this.waiting.push({ n: want, go }));
    return want;
  }
  release(n: number) {
    this.used -= n;
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.n <= this.capacity) {
      const w = this.waiting.shift()!;
      this.used += w.n;
      w.go();
    }
  }
}

export function pairKey(source: ImapAccount, target: ImapAccount): string {
  const side = (a: ImapAccount) => `${a.user.toLowerCase()}@${a.endpoint.host.toLowerCase()}:${a.endpoint.port}`;
  return `${side(source)}>${side(target)}`;
}

interface Meta {
  uid: number;
  size: number;
  flags: string[];
  internalDate: Date | null;
  key: string | null;
}

const HEADER_FIELDS = ['message-id', 'date', 'from', 'subject'];

function header(block: string, name: string): string {
  const m = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(block);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

/** The duplicate check's key: the Message-ID, else a digest of date, from, subject and size. */
export function messageKey(headers: Buffer | string | undefined, size: number): string {
  const block = typeof headers === 'string' ? headers : (headers?.toString('latin1') ?? '');
  const id = header(block, 'message-id');
  if (id) return `id:${id.toLowerCase()}`;
  const digest = crypto.createHash('sha256');
  for (const name of ['date', 'from', 'subject']) digest.update(header(block, name)).update('\n');
  return `digest:${digest.update(String(size)).digest('hex').slice(0, 32)}`;
}

function subjectOf(body: Buffer | undefined): string {
  if (!body) return '';
  const end = body.indexOf('\r\n\r\n');
  return header(body.subarray(0, end < 0 ? Math.min(body.length, 8192) : end).toString('utf8'), 'subject').slice(0, 200);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nothing done yet (also what a job's accounts show before they start). */
export function emptyProgress(): CopyProgress {
  return {
    phase: 'connecting',
    foldersDone: 0,
    foldersTotal: 0,
    messagesDone: 0,
    messagesTotal: 0,
    copied: 0,
    skipped: 0,
    failed: 0,
    bytesDone: 0,
    bytesTotal: 0,
    rate: 0,
    etaSeconds: null,
    current: [],
  };
}

class Progress {
  readonly p: CopyProgress = emptyProgress();
  private samples: { t: number; bytes: number }[] = [];
  constructor(private readonly sink?: (p: CopyProgress) => void) {}
  emit() {
    const now = Date.now();
    this.samples.push({ t: now, bytes: this.p.bytesDone });
    while (this.samples.length > 2 && now - this.samples[0]!.t > 5000) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (now - first.t) / 1000;
    this.p.rate = seconds > 0.2 ? (this.p.bytesDone - first.bytes) / seconds : this.p.rate;
    const left = Math.max(0, this.p.bytesTotal - this.p.bytesDone);
    this.p.etaSeconds = this.p.phase === 'finished' ? 0 : this.p.rate > 0 ? left / this.p.rate : null;
    this.sink?.({ ...this.p, current: [...this.p.current] });
  }
}

interface FolderJob {
  plan: FolderPlan;
  uidValidity: number;
  uidNext: number;
  messages: number;
  bytes: number | null;
  state: FolderState | null;
}

function statusNumbers(entry: ListResponse | undefined) {
  const s = entry?.status as { messages?: number; uidNext?: number; uidValidity?: bigint | number; size?: number } | undefined;
  return {
    messages: Number(s?.messages ?? 0),
    uidNext: Number(s?.uidNext ?? 0),
    uidValidity: Number(s?.uidValidity ?? 0),
    size: s?.size === undefined ? null : Number(s.size),
  };
}

async function connectSide(account: ImapAccount, side: 'source' | 'target'): Promise<ImapFlow> {
  const client = await imapClient(account);
  try {
    await client.connect();
    return client;
  } catch (error) {
    const { code, detail } = connectFailure(error);
    const where = `${account.endpoint.host}:${account.endpoint.port}`;
    if (side === 'target')
      throw new CopyError(
        code === 'auth-failed' ? 'target-auth-failed' : 'target-unreachable',
        code === 'auth-failed'
          ? `The target server refused the login of ${account.user}: check the mailbox password.`
          : `The target server ${where} can't be reached (${detail}).`,
      );
    throw new CopyError(
      code,
      code === 'auth-failed'
        ? `The source server refused the login of ${account.user}: check the password.`
        : `The source server ${where} can't be reached (${detail}).`,
    );
  }
}

export async function copyMailbox(o: CopyOptions): Promise<CopyReport> {
  const started = Date.now();
  const pair = pairKey(o.source, o.target);
  const progress = new Progress(o.onProgress);
  const retries = o.retries ?? 3;
  const backoff = o.backoffMs ?? 500;
  const budget = new ByteBudget(ACCOUNT_BYTES);
  const report: CopyReport = { copied: 0, skipped: 0, failed: 0, bytes: 0, folders: [], failures: [], stopped: false, ms: 0 };
  progress.emit();

  const src = await connectSide(o.source, 'source');
  let dst: ImapFlow;
  try {
    dst = await connectSide(o.target, 'target');
  } catch (error) {
    await closeQuietly(src);
    throw error;
  }
  const spare: { src: ImapFlow; dst: ImapFlow }[] = [{ src, dst }];
  const open: ImapFlow[] = [src, dst];
  try {
    progress.p.phase = 'planning';
    progress.emit();
    const statusQuery = { messages: true, uidNext: true, uidValidity: true };
    const srcSize = src.capabilities.has('STATUS=SIZE') || src.capabilities.has('IMAP4rev2');
    const [srcList, dstList] = await Promise.all([
      src.list({ statusQuery: { ...statusQuery, ...(srcSize ? { size: true } : {}) } }),
      dst.list({ statusQuery }),
    ]);
    const plans = planFolders(
      srcList.map((f) => ({
        path: f.path,
        delimiter: f.delimiter ?? null,
        specialUse: f.specialUse ?? null,
        selectable: !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'),
      })),
      dstList.map((f) => ({ path: f.path, delimiter: f.delimiter ?? null, specialUse: f.specialUse ?? null, selectable: true })),
      { source: src.namespace?.prefix ?? '', target: dst.namespace?.prefix ?? '' },
    );
    const jobs: FolderJob[] = [];
    for (const plan of plans) {
      const s = statusNumbers(srcList.find((f) => f.path === plan.source));
      const state = await o.state.get(pair, plan.source);
      jobs.push({ plan, uidValidity: s.uidValidity, uidNext: s.uidNext, messages: s.messages, bytes: s.size, state });
      // Estimate until the folder's own plan says exactly: all of it, or what is newer than the last run.
      const fresh = !state || state.sourceUidValidity !== s.uidValidity ? s.messages : Math.max(0, s.uidNext - 1 - state.lastUid);
      progress.p.messagesTotal += Math.min(s.messages, fresh + (state?.failed.length ?? 0));
      if (s.size !== null && s.messages > 0)
        progress.p.bytesTotal += Math.round((s.size * Math.min(s.messages, fresh)) / s.messages);
    }
    progress.p.foldersTotal = jobs.length;
    progress.p.phase = 'copying';
    progress.emit();
    // Biggest folders first: the lanes finish at about the same time.
    const queue = [...jobs].sort((a, b) => (b.bytes ?? b.messages) - (a.bytes ?? a.messages));
    // One lane's fatal error (target full, login refused) stops the others at their next safe point.
    const stopAll = new AbortController();
    const signal = o.signal ? AbortSignal.any([o.signal, stopAll.signal]) : stopAll.signal;
    const lanes = Math.max(1, Math.min(o.connections ?? 3, queue.length));
    const connectLane = async () => {
      const pairOf = spare.pop();
      if (pairOf) return pairOf;
      const s = await connectSide(o.source, 'source');
      open.push(s);
      const d = await connectSide(o.target, 'target');
      open.push(d);
      return { src: s, dst: d };
    };
    /** A new pair for a lane whose connection dropped; logins refused now are fatal, anything else is retried. */
    const reconnect = async () => {
      try {
        const s = await connectSide(o.source, 'source');
        open.push(s);
        const d = await connectSide(o.target, 'target');
        open.push(d);
        return { src: s, dst: d };
      } catch (error) {
        if (error instanceof CopyError && /auth/.test(error.code)) throw error;
        throw new Error((error as Error).message, { cause: error });
      }
    };
    const lane = async () => {
      let conn = await connectLane();
      for (;;) {
        if (signal.aborted) return;
        const job = queue.shift();
        if (!job) return;
        const folderReport: FolderReport = { source: job.plan.source, target: job.plan.target, copied: 0, skipped: 0, failed: 0 };
        report.folders.push(folderReport);
        progress.p.current.push(job.plan.source);
        let finished = false;
        for (let attempt = 0; ; attempt++) {
          try {
            if (attempt > 0) {
              // A dropped connection: reconnect and carry on from the state (the chunk in flight is checked).
              await sleep(backoff * 2 ** (attempt - 1));
              await Promise.all([closeQuietly(conn.src), closeQuietly(conn.dst)]);
              conn = await reconnect();
              job.state = await o.state.get(pair, job.plan.source);
            }
            finished = await copyFolder(conn, job, folderReport);
            break;
          } catch (error) {
            if (error instanceof CopyError) throw error;
            if (attempt >= retries || signal.aborted) {
              report.failures.push({
                folder: job.plan.source,
                uid: 0,
                subject: '',
                reason: `Folder not finished: ${(error as Error).message}`,
              });
              break;
            }
          }
        }
        progress.p.current = progress.p.current.filter((c) => c !== job.plan.source);
        if (finished) progress.p.foldersDone++;
        progress.emit();
      }
    };

    /** False when stopped halfway (the signal): the folder isn't done. */
    const copyFolder = async (conn: { src: ImapFlow; dst: ImapFlow }, job: FolderJob, fr: FolderReport): Promise<boolean> => {
      const { plan } = job;
      if (plan.create) {
        await conn.dst.mailboxCreate(plan.target).catch((error: { responseText?: string }) => {
          if (!/exists/i.test(error.responseText ?? '')) throw error;
        });
        plan.create = false;
      }
      const target = await conn.dst.mailboxOpen(plan.target);
      const targetUidValidity = Number(target.uidValidity);
      let state = job.state;
      const trusted =
        state !== null &&
        state.sourceUidValidity === job.uidValidity &&
        state.targetPath === plan.target &&
        state.targetUidValidity === targetUidValidity;
      if (!trusted) state = null;
      const lastUid = state?.lastUid ?? 0;
      const retry = new Set((state?.failed ?? []).map((f) => f.uid));
      // Nothing newer and nothing to retry: the folder isn't even opened on the source.
      if (state && !state.inflight && retry.size === 0 && job.uidNext > 0 && job.uidNext - 1 <= lastUid) return true;

      // Compare by Message-ID when the state can't say what the target holds: no state, a new UIDVALIDITY, or a
      // chunk that was in flight when the last run stopped (then only the target's messages from that point).
      // An empty target folder has nothing to compare with (a first run): no header is read on either side.
      const verifyFrom = target.exists === 0 ? null : !state ? 1 : state.inflight ? state.inflight.targetUidNext : null;
      await conn.src.mailboxOpen(plan.source, { readOnly: true });
      // Resuming a comparison: the source is read again from where it began, so messages copied or found before
      // the stop use up their copies on the target (two messages may share a Message-ID).
      const from = state?.inflight && verifyFrom !== null ? Math.min(lastUid + 1, state.inflight.from) : lastUid + 1;
      const metas: Meta[] = [];
      const seen = new Set<number>();
      const withHeaders = verifyFrom !== null;
      const collect = async (range: string, retrying: boolean) => {
        for await (const m of conn.src.fetch(
          range,
          { uid: true, size: true, flags: true, internalDate: true, ...(withHeaders ? { headers: HEADER_FIELDS } : {}) },
          { uid: true },
        )) {
          // "n:*" also returns the last message when it is older than n (RFC 3501 6.4.8); a UID is taken once.
          if ((!retrying && m.uid < from) || seen.has(m.uid)) continue;
          seen.add(m.uid);
          metas.push({
            uid: m.uid,
            size: m.size ?? 0,
            flags: appendableFlags(m.flags ?? []),
            internalDate: m.internalDate ? new Date(m.internalDate) : null,
            key: withHeaders ? messageKey(m.headers, m.size ?? 0) : null,
          });
        }
      };
      if (job.uidNext === 0 || job.uidNext - 1 >= from) await collect(`${from}:*`, false);
      if (retry.size > 0) await collect([...retry].join(','), true);
      metas.sort((a, b) => a.uid - b.uid);
      const base = { sourceUidValidity: job.uidValidity, targetPath: plan.target, targetUidValidity };
      const failed = new Map((state?.failed ?? []).map((f) => [f.uid, f]));
      let current: FolderState = { ...base, lastUid, inflight: state?.inflight ?? null, failed: [...failed.values()] };

      // Re-count the folder's estimate now that it's exact.
      const estimate = Math.min(job.messages, !state ? job.messages : Math.max(0, job.uidNext - 1 - lastUid) + retry.size);
      progress.p.messagesTotal += metas.length - estimate;
      const exactBytes = metas.reduce((n, m) => n + m.size, 0);
      if (job.bytes !== null && job.messages > 0)
        progress.p.bytesTotal -= Math.round((job.bytes * Math.min(job.messages, estimate)) / job.messages);
      progress.p.bytesTotal += exactBytes;

      let toCopy = metas;
      if (verifyFrom !== null) {
        const present = new Map<string, number>();
        for await (const m of conn.dst.fetch(
          `${verifyFrom}:*`,
          { uid: true, size: true, headers: HEADER_FIELDS },
          { uid: true },
        )) {
          if (m.uid < verifyFrom) continue;
          const key = messageKey(m.headers, m.size ?? 0);
          present.set(key, (present.get(key) ?? 0) + 1);
        }
        toCopy = [];
        for (const m of metas) {
          const n = present.get(m.key!) ?? 0;
          if (n > 0) {
            present.set(m.key!, n - 1);
            fr.skipped++;
            report.skipped++;
            progress.p.skipped++;
            progress.p.messagesDone++;
            progress.p.bytesDone += m.size;
            failed.delete(m.uid);
          } else toCopy.push(m);
        }
        progress.emit();
      }
      // Without MULTIAPPEND a chunk is sent as single APPENDs: one message each, so a refusal concerns one message.
      const perChunk = conn.dst.capabilities.has('MULTIAPPEND') ? CHUNK_MESSAGES : 1;
      const chunks: Meta[][] = [];
      let chunk: Meta[] = [];
      let bytes = 0;
      for (const m of toCopy) {
        if (chunk.length > 0 && (chunk.length >= perChunk || bytes + m.size > CHUNK_BYTES)) {
          chunks.push(chunk);
          chunk = [];
          bytes = 0;
        }
        chunk.push(m);
        bytes += m.size;
      }
      if (chunk.length) chunks.push(chunk);
      let held = 0;
      const fetchBodies = async (c: Meta[]) => {
        const granted = await budget.acquire(c.reduce((n, m) => n + m.size, 0));
        held += granted;
        const bodies = new Map<number, Buffer>();
        for await (const m of conn.src.fetch(c.map((x) => x.uid).join(','), { uid: true, source: true }, { uid: true }))
          if (m.source) bodies.set(m.uid, m.source);
        return { bodies, granted };
      };
      const settle = (granted: number) => {
        held -= granted;
        budget.release(granted);
      };
      let targetUidNext = Number(target.uidNext);
      // While comparing by Message-ID, the window stays recorded until the folder is done: messages found present
      // further on were not recorded one by one, so a run stopped halfway must compare again, not trust lastUid.
      const verifyWindow =
        verifyFrom !== null
          ? { from: metas[0]?.uid ?? lastUid + 1, to: metas.at(-1)?.uid ?? lastUid, targetUidNext: verifyFrom }
          : null;
      let next = chunks.length ? fetchBodies(chunks[0]!) : null;
      try {
        for (let i = 0; i < chunks.length; i++) {
          const c = chunks[i]!;
          const { bodies, granted } = await next!;
          try {
            next = i + 1 < chunks.length ? fetchBodies(chunks[i + 1]!) : null;
            // A rejected prefetch must not go unhandled while this chunk is appended; it is awaited in the next turn.
            next?.catch(() => undefined);
            const present = c.filter((m) => bodies.has(m.uid));
            const size = present.reduce((n, m) => n + (bodies.get(m.uid)?.length ?? 0), 0);
            await o.limiter?.take(size, signal);
            const from = c[0]!.uid;
            const to = c[c.length - 1]!.uid;
            current = { ...current, inflight: verifyWindow ?? { from, to, targetUidNext } };
            await o.state.put(pair, plan.source, current);
            const messages: AppendMessage[] = present.map((m) => ({
              body: bodies.get(m.uid)!,
              flags: m.flags,
              internalDate: m.internalDate,
            }));
            let appended = 0;
            try {
              const uids = await multiAppend(conn.dst, plan.target, messages);
              appended = present.length;
              for (const m of present) failed.delete(m.uid);
              targetUidNext = uids.length ? Math.max(targetUidNext, uids[uids.length - 1]! + 1) : targetUidNext + appended;
            } catch (error) {
              if (!(error instanceof AppendRefused)) throw error;
              if (/OVERQUOTA|quota/i.test(`${error.code ?? ''} ${error.message}`))
                throw new CopyError('target-over-quota', `The target mailbox ${o.target.user} is full: ${error.message}`);
              // One message spoilt the chunk: each is tried alone, with retries, and what still fails is listed.
              for (const m of present) {
                let reason = '';
                for (let attempt = 0; attempt <= retries; attempt++) {
                  try {
                    const uids = await multiAppend(conn.dst, plan.target, [
                      { body: bodies.get(m.uid)!, flags: m.flags, internalDate: m.internalDate },
                    ]);
                    targetUidNext = uids.length ? Math.max(targetUidNext, uids[0]! + 1) : targetUidNext + 1;
                    appended++;
                    failed.delete(m.uid);
                    reason = '';
                    break;
                  } catch (e) {
                    if (!(e instanceof AppendRefused)) throw e;
                    reason = e.message;
                    if (attempt < retries) await sleep(backoff * 2 ** attempt);
                  }
                }
                if (reason) failed.set(m.uid, { uid: m.uid, subject: subjectOf(bodies.get(m.uid)), reason });
              }
            }
            // Messages gone from the source since they were listed (expunged meanwhile) are simply not copied.
            for (const m of c) {
              if (!bodies.has(m.uid)) continue;
              const ok = !failed.has(m.uid);
              if (ok) {
                fr.copied++;
                report.copied++;
                progress.p.copied++;
                report.bytes += m.size;
              } else {
                fr.failed++;
                progress.p.failed++;
              }
              progress.p.messagesDone++;
              progress.p.bytesDone += m.size;
            }
            current = {
              ...current,
              lastUid: Math.max(current.lastUid, to),
              inflight: verifyWindow,
              failed: [...failed.values()],
            };
            await o.state.put(pair, plan.source, current);
            progress.emit();
            // Stopped: the prefetched chunk is awaited (and its share given back) once this one's is released.
            if (signal.aborted && i + 1 < chunks.length) return false;
          } finally {
            settle(granted);
          }
        }
      } finally {
        // A prefetched chunk not appended (a stop, an error) gives its share back.
        await next?.catch(() => undefined);
        budget.release(held);
        held = 0;
      }
      // Every UID below the folder's UIDNEXT at planning time has been looked at.
      current = {
        ...current,
        lastUid: Math.max(current.lastUid, job.uidNext > 0 ? job.uidNext - 1 : (metas.at(-1)?.uid ?? current.lastUid)),
        inflight: null,
        failed: [...failed.values()],
      };
      await o.state.put(pair, plan.source, current);
      return true;
    };

    const settled = await Promise.allSettled(
      Array.from({ length: lanes }, () =>
        lane().catch((error: unknown) => {
          stopAll.abort();
          throw error;
        }),
      ),
    );
    const fatal = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (fatal) throw fatal.reason;
    report.stopped = Boolean(o.signal?.aborted) && (queue.length > 0 || progress.p.messagesDone < progress.p.messagesTotal);
    for (const f of report.folders) {
      const st = await o.state.get(pair, f.source);
      for (const x of st?.failed ?? [])
        report.failures.push({ folder: f.source, uid: x.uid, subject: x.subject, reason: x.reason });
    }
    report.failed = report.failures.length;
    progress.p.phase = 'finished';
    progress.p.current = [];
    progress.emit();
    report.ms = Date.now() - started;
    return report;
  } finally {
    await Promise.all(open.map((c) => closeQuietly(c)));
  }
}
