import { parentPort } from 'node:worker_threads';
import { CopyError, type CopyProgress } from '../mail-import/copy';
import { latestEvery } from '../mail-import/throttle';
import type { FolderState, ImportStateStore } from '../mail-import/state';
import { type FromWorker, runInThread, type ToWorker } from './mail-runner';

/** The mail worker: runs account copies (mail-runner.ts); its state reads and writes go to the main thread. */
const port = parentPort!;
const aborts = new Map<number, AbortController>();
const waiting = new Map<number, { resolve: (v: FolderState | null) => void; reject: (e: Error) => void }>();
let nextReq = 1;
const send = (m: FromWorker) => port.postMessage(m);

function stateFor(runId: number): ImportStateStore {
  const ask = (
    m: Omit<Extract<FromWorker, { type: 'state-get' }>, 'reqId'> | Omit<Extract<FromWorker, { type: 'state-put' }>, 'reqId'>,
  ) =>
    new Promise<FolderState | null>((resolve, reject) => {
      const reqId = nextReq++;
      waiting.set(reqId, { resolve, reject });
      send({ ...m, reqId } as FromWorker);
    });
  return {
    get: (pair, path) => ask({ type: 'state-get', runId, pair, path }),
    put: async (pair, path, state) => {
      await ask({ type: 'state-put', runId, pair, path, state });
    },
  };
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'state-reply') {
    const w = waiting.get(m.reqId);
    waiting.delete(m.reqId);
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve(m.value);
    return;
  }
  if (m.type === 'abort') {
    aborts.get(m.runId)?.abort();
    return;
  }
  const controller = new AbortController();
  aborts.set(m.runId, controller);
  // At most ten a second across the thread boundary, always the latest.
  const progress = latestEvery<CopyProgress>(100, (p) => send({ type: 'progress', runId: m.runId, progress: p }));
  runInThread(m.run, {
    state: stateFor(m.runId),
    signal: controller.signal,
    onProgress: (p) => progress.push(p),
  })
    .then(
      (report) => {
        progress.flush();
        send({ type: 'done', runId: m.runId, report });
      },
      (error: unknown) =>
        send({
          type: 'failed',
          runId: m.runId,
          code: error instanceof CopyError ? error.code : null,
          message: (error as Error).message ?? String(error),
        }),
    )
    .finally(() => aborts.delete(m.runId));
});
