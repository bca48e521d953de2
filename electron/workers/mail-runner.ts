import { Worker } from 'node:worker_threads';
import {
  type CopyProgress,
  type CopyReport,
  CopyError,
  copyMailbox,
  createRateLimiter,
  type RateLimiter,
} from '../mail-import/copy';
import type { ImapAccount } from '../mail-import/imap';
import type { FolderState, ImportStateStore } from '../mail-import/state';

/** One account's copy as the mail worker runs it. Passwords travel to the worker in memory only. */
export interface AccountRun {
  source: ImapAccount;
  target: ImapAccount;
  connections: number;
  /** Accounts of one job share one speed limit. */
  limiter: { key: string; bytesPerSecond: number } | null;
}

export interface RunHooks {
  state: ImportStateStore;
  onProgress: (p: CopyProgress) => void;
  signal: AbortSignal;
}

export type MailRunner = (run: AccountRun, hooks: RunHooks) => Promise<CopyReport>;

/** Worker → main messages; main → worker: run, abort, state answers. */
export type FromWorker =
  | { type: 'state-get'; runId: number; reqId: number; pair: string; path: string }
  | { type: 'state-put'; runId: number; reqId: number; pair: string; path: string; state: FolderState }
  | { type: 'progress'; runId: number; progress: CopyProgress }
  | { type: 'done'; runId: number; report: CopyReport }
  | { type: 'failed'; runId: number; code: string | null; message: string };
export type ToWorker =
  | { type: 'run'; runId: number; run: AccountRun }
  | { type: 'abort'; runId: number }
  | { type: 'state-reply'; reqId: number; value: FolderState | null; error?: string };

const limiters = new Map<string, RateLimiter>();
export function limiterFor(spec: AccountRun['limiter']): RateLimiter | undefined {
  if (!spec) return undefined;
  let l = limiters.get(spec.key);
  if (!l) limiters.set(spec.key, (l = createRateLimiter(spec.bytesPerSecond)));
  return l;
}

/** In this thread: for tests that run the TypeScript sources (no bundled worker). */
export const runInThread: MailRunner = (run, hooks) =>
  copyMailbox({
    source: run.source,
    target: run.target,
    connections: run.connections,
    limiter: limiterFor(run.limiter),
    state: hooks.state,
    signal: hooks.signal,
    onProgress: hooks.onProgress,
  });

export class RunFailed extends Error {
  constructor(
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The mail worker: IMAP parsing and copying on its own thread, so the thread that answers the UI stays free.
 * Its folder state still lives in the main thread's store — each write is confirmed before the worker sends the
 * chunk it describes, so a killed worker leaves a state that tells exactly what may have arrived.
 */
export function createMailRunner(workerFile?: string): { run: MailRunner; close: () => Promise<void> } {
  if (!workerFile) return { run: runInThread, close: async () => undefined };
  let worker: Worker | undefined;
  let nextRun = 1;
  const runs = new Map<number, { hooks: RunHooks; resolve: (r: CopyReport) => void; reject: (e: unknown) => void }>();
  const start = () => {
    if (worker) return worker;
    const w = new Worker(workerFile);
    w.on('message', (m: FromWorker) => {
      const entry = runs.get(m.runId);
      if (!entry) return;
      const reply = (value: FolderState | null, error?: string) =>
        w.postMessage({ type: 'state-reply', reqId: (m as { reqId: number }).reqId, value, error } satisfies ToWorker);
      switch (m.type) {
        case 'state-get':
          entry.hooks.state.get(m.pair, m.path).then(
            (v) => reply(v),
            (e: Error) => reply(null, e.message),
          );
          break;
        case 'state-put':
          entry.hooks.state.put(m.pair, m.path, m.state).then(
            () => reply(null),
            (e: Error) => reply(null, e.message),
          );
          break;
        case 'progress':
          entry.hooks.onProgress(m.progress);
          break;
        case 'done':
          runs.delete(m.runId);
          entry.resolve(m.report);
          break;
        case 'failed':
          runs.delete(m.runId);
          entry.reject(
            m.code && m.code !== 'copy-failed'
              ? new CopyError(m.code as CopyError['code'], m.message)
              : new RunFailed(m.code, m.message),
          );
          break;
      }
      if (runs.size === 0) w.unref();
    });
    // A worker that dies fails its runs; their state says where each stopped, and the next run starts a new one.
    // (Only while it is still the current worker: a replacement's runs are not its to fail.)
    w.on('error', (error) => {
      if (worker !== w) return;
      for (const r of runs.values()) r.reject(error);
      runs.clear();
      worker = undefined;
    });
    w.on('exit', () => {
      if (worker !== w) return;
      for (const r of runs.values()) r.reject(new RunFailed(null, 'The mail worker stopped.'));
      runs.clear();
      worker = undefined;
    });
    w.unref();
    worker = w;
    return w;
  };
  return {
    run: (run, hooks) =>
      new Promise((resolve, reject) => {
        const w = start();
        const runId = nextRun++;
        runs.set(runId, { hooks, resolve, reject });
        w.ref();
        w.postMessage({ type: 'run', runId, run } satisfies ToWorker);
        // A stop that came before the run began still stops it.
        if (hooks.signal.aborted) w.postMessage({ type: 'abort', runId } satisfies ToWorker);
        else
          hooks.signal.addEventListener('abort', () => w.postMessage({ type: 'abort', runId } satisfies ToWorker), {
            once: true,
          });
      }),
    close: async () => {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
