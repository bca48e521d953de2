import type { BulkRow } from '../../../../shared/domain/bulk-create/rules';
import type { CheckContext, ReadOptions, Reply, Request, StrengthItem } from './worker-protocol';

/** The check was cancelled (its workers were stopped); nothing it would have answered arrives. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

type ReadReply = Extract<Reply, { kind: 'read' }>;
export type Checked = Extract<Reply, { kind: 'checked' }>;

/** Fewer passwords than this are rated by the primary alone: starting more workers would cost more than it saves. */
const SPREAD_FROM = 200;
const MAX_WORKERS = 4;

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: unknown) => void;
  onProgress?: (done: number) => void;
}

/**
 * The UI side of the bulk-create workers: worker 0 (the primary) holds the
 * rows and runs the rules; password ratings are spread over up to four
 * workers when there are many. `warm()` starts them ahead (the wizard is
 * open) and `releaseHelpers()` lets all but the primary go (it is left).
 * `cancel()` stops them all at once (a running zxcvbn loop can't be
 * interrupted any other way); the next call starts fresh ones.
 */
export class BulkChecker {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private context: CheckContext | null = null;

  private worker(index: number): Worker {
    let worker = this.workers[index];
    if (!worker) {
      worker = new Worker(new URL('./bulk-worker.ts', import.meta.url), { type: 'module', name: `bulk-create-${index}` });
      worker.onmessage = (event: MessageEvent<Reply>) => this.receive(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.failAll(new Error(event.message || 'The bulk-create worker stopped.'));
      };
      // Each worker warms up as it starts (see warm()); work sent to it ends the warm-up.
      worker.postMessage({ kind: 'warm' } satisfies Request);
      this.workers[index] = worker;
    }
    return worker;
  }

  private receive(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.kind === 'progress') {
      pending.onProgress?.(reply.done);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.kind === 'failed') pending.reject(new Error(reply.message));
    else pending.resolve(reply);
  }

  private request<R extends Reply>(
    index: number,
    message: Request & { id: number },
    onProgress?: (done: number) => void,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.set(message.id, { resolve: resolve as (reply: Reply) => void, reject, onProgress });
      this.worker(index).postMessage(message);
    });
  }

  private failAll(error: unknown): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
    this.stop();
  }

  private stop(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    this.context = null;
  }

  /** How many workers share a rating of `items` passwords. */
  private static share(items: number): number {
    const cores = typeof navigator.hardwareConcurrency === 'number' ? navigator.hardwareConcurrency : 2;
    return items < SPREAD_FROM ? 1 : Math.max(1, Math.min(MAX_WORKERS, cores));
  }

  /**
   * Starts every worker a large check would use; each warms up as it starts
   * (zxcvbn's verdict ready, run over a sample: about half a second of a core
   * each, in the background), so a file dropped on the wizard is rated at full speed
   * from its first password: a fresh worker rates its first few hundred
   * about twice as slowly (tests/bench/bulk-create-ui.bench.ts).
   */
  warm(): void {
    for (let index = 0; index < BulkChecker.share(Infinity); index++) this.worker(index);
  }

  /** Lets the helpers go (each holds zxcvbn and the word tries, ~15 MB); the primary keeps the rows. */
  releaseHelpers(): void {
    for (const worker of this.workers.splice(1)) worker.terminate();
  }

  /** Reads the bytes into rows (kept by the primary for the checks that follow). */
  read(bytes: Uint8Array, options: ReadOptions, domain: string): Promise<ReadReply> {
    return this.request<ReadReply>(0, { kind: 'read', id: this.nextId++, bytes, options, domain });
  }

  /** Edited rows, by index: the next check sees them. */
  patch(changes: [number, BulkRow][]): void {
    if (changes.length > 0) this.worker(0).postMessage({ kind: 'patch', changes } satisfies Request);
  }

  /**
   * The rules over the rows not skipped. Passwords without a verdict are
   * rated first, spread over the workers; `onProgress` counts them.
   */
  async check(
    context: CheckContext,
    skipped: readonly number[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<Checked> {
    if (context !== this.context) {
      this.worker(0).postMessage({ kind: 'context', context } satisfies Request);
      this.context = context;
    }
    for (;;) {
      const reply = await this.request<Extract<Reply, { kind: 'need' | 'checked' }>>(0, {
        kind: 'check',
        id: this.nextId++,
        skipped: [...skipped],
      });
      if (reply.kind === 'checked') return reply;
      const entries = await this.rate(reply.items, onProgress);
      this.worker(0).postMessage({ kind: 'verdicts', entries } satisfies Request);
    }
  }

  private async rate(items: StrengthItem[], onProgress?: (done: number, total: number) => void): Promise<[string, boolean][]> {
    const count = BulkChecker.share(items.length);
    // Interleaved, so each worker gets a like share of long and short passwords.
    const shares = Array.from({ length: count }, (_, w) => items.filter((_item, i) => i % count === w));
    const done = new Array<number>(count).fill(0);
    onProgress?.(0, items.length);
    const results = await Promise.all(
      shares.map((share, w) =>
        this.request<Extract<Reply, { kind: 'strength' }>>(w, { kind: 'strength', id: this.nextId++, items: share }, (n) => {
          done[w] = n;
          onProgress?.(
            done.reduce((a, b) => a + b, 0),
            items.length,
          );
        }),
      ),
    );
    onProgress?.(items.length, items.length);
    // The helpers stay while the wizard is open (warm for the next file or edit); it lets them go when left.
    return results.flatMap((r) => r.verdicts);
  }

  /** Stops every worker now; what was pending rejects with CancelledError. */
  cancel(): void {
    this.failAll(new CancelledError());
  }
}
