import { Worker } from 'node:worker_threads';
import { type DnsJob, runDnsJob } from './dns-jobs';

export type DnsRunner = (job: DnsJob) => Promise<Awaited<ReturnType<typeof runDnsJob>>>;

/**
 * Runs DNS jobs on one worker thread (`workerFile`: the bundled dns-worker), started on first use and unref'd
 * while idle so it never keeps a CLI process alive. Without a worker file (tests run the TypeScript sources)
 * jobs run in this thread: lookups are asynchronous, the difference is only where the parsing happens.
 */
export function createDnsRunner(workerFile?: string): { run: DnsRunner; close: () => Promise<void> } {
  if (!workerFile) return { run: runDnsJob, close: async () => undefined };
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: unknown) => void }>();
  const start = () => {
    if (worker) return worker;
    const w = new Worker(workerFile);
    w.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (waiting.size === 0) w.unref();
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result as never);
    });
    // A worker that dies fails what it was doing; the next job starts a new one.
    w.on('error', (error) => {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
      worker = undefined;
    });
    w.unref();
    worker = w;
    return w;
  };
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const w = start();
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, job });
      }),
    close: async () => {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
