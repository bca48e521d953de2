import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** Old- and young-generation heap per worker thread (see below). */
const WORKER_HEAP_MB = 96;
const WORKER_YOUNG_MB = 16;

export interface StrengthItem {
  password: string;
  inputs: string[];
}

/** Checks many passwords' strength; resolves with one verdict per item, in order. */
export type StrengthChecker = (items: readonly StrengthItem[], onProgress?: (done: number) => void) => Promise<boolean[]>;

/**
 * zxcvbn costs about half a millisecond per password on one core even with
 * the faster verdict (see isStrongPassword), so a 10,000-row file takes
 * seconds: the checks are spread over worker threads (one per core, each with
 * its own zxcvbn and word tries) and the main thread stays free to answer the UI.
 * `workerFile` is the bundled strength-worker; without one (tests run the
 * TypeScript sources) the checks run in this thread, in slices.
 */
export function createStrengthPool(
  workerFile?: string,
  size = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length)),
): {
  check: StrengthChecker;
  /**
   * Starts the workers ahead of the first check (each warms up as it starts, see warmUpStrengthVerdict, giving way
   * to checks as they come); resolves when they are warm, or failed to start (which the first check then reports).
   */
  warm: () => Promise<void>;
  close: () => Promise<void>;
} {
  if (!workerFile) return { check: inThread, warm: async () => undefined, close: async () => undefined };
  let workers: Worker[] | undefined;
  let nextId = 1;
  let warmed: Promise<void> = Promise.resolve();
  const waiting = new Map<number, { resolve: (verdicts: boolean[]) => void; reject: (error: unknown) => void }>();
  const start = () => {
    if (workers) return workers;
    workers = Array.from({ length: size }, () => {
      // zxcvbn's dictionaries take ~40 MB; without a cap each thread's heap grew to ~250 MB of garbage on 10,000 rows.
      // The young generation's cap: zxcvbn makes short-lived garbage; 16 MB keeps the thread ~20 MB smaller at the
      // same speed (tests/bench/bulk-create.bench.ts).
      const worker = new Worker(workerFile, {
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
      worker.on('message', (message: { id: number; verdicts: boolean[] }) => {
        waiting.get(message.id)?.resolve(message.verdicts);
        waiting.delete(message.id);
      });
      // A worker that dies fails what it was doing; the pool starts afresh next time.
      worker.on('error', (error) => {
        for (const pending of waiting.values()) pending.reject(error);
        waiting.clear();
        workers = undefined;
      });
      worker.unref(); // idle workers never keep a CLI process alive; `send` refs them while they work
      return worker;
    });
    warmed = Promise.all(workers.map((worker) => send(worker, [], true))).then(
      () => undefined,
      () => undefined,
    );
    return workers;
  };
  // Messages each worker still owes an answer to: it keeps the process alive while there are any (a warm-up and
  // checks can overlap, and answer in either order).
  const owed = new WeakMap<Worker, number>();
  const send = (worker: Worker, items: StrengthItem[], warm = false) =>
    new Promise<boolean[]>((resolve, reject) => {
      const id = nextId++;
      owed.set(worker, (owed.get(worker) ?? 0) + 1);
      worker.ref();
      waiting.set(id, {
        resolve: (verdicts) => {
          const left = owed.get(worker)! - 1;
          owed.set(worker, left);
          if (left === 0) worker.unref();
          resolve(verdicts);
        },
        reject,
      });
      worker.postMessage({ id, items, warm });
    });

  return {
    async check(items, onProgress) {
      if (items.length === 0) return [];
      const pool = start();
      // Small chunks handed out as workers finish: uneven passwords (8 vs 80 characters) still share the load evenly.
      const chunk = Math.max(1, Math.min(50, Math.ceil(items.length / (pool.length * 8))));
      const verdicts: boolean[] = new Array(items.length);
      let next = 0;
      let done = 0;
      await Promise.all(
        pool.map(async (worker) => {
          while (next < items.length) {
            const from = next;
            next += chunk;
            const slice = items.slice(from, from + chunk);
            const result = await send(worker, slice);
            result.forEach((v, i) => (verdicts[from + i] = v));
            done += slice.length;
            onProgress?.(done);
          }
        }),
      );
      return verdicts;
    },
    async warm() {
      start();
      await warmed;
    },
    async close() {
      await Promise.all((workers ?? []).map((w) => w.terminate()));
      workers = undefined;
    },
  };
}

/** The same checks in this thread, yielding between slices so other calls are still answered. */
const inThread: StrengthChecker = async (items, onProgress) => {
  // The bundles always have the strength worker beside them: there esbuild drops this branch, and with it zxcvbn's
  // 2.5 MB of word lists (a third of the CLI's bundle, read and compiled on every start).
  if (typeof __BUNDLED__ === 'undefined' || !__BUNDLED__) {
    // Loaded on first use: zxcvbn's dictionaries take ~40 MB, which a host with worker threads never needs here.
    const { isStrongPassword } = await import('../../shared/domain/password/strength');
    const verdicts: boolean[] = [];
    for (let i = 0; i < items.length; i++) {
      verdicts.push(isStrongPassword(items[i]!.password, items[i]!.inputs));
      if (i % 25 === 24) {
        onProgress?.(i + 1);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    onProgress?.(items.length);
    return verdicts;
  }
  throw new Error('The password strength worker is missing from this build of Mailwright: run "npm run build" again.');
};
