/** The provider creates at most this many new addresses … */
export const BATCH_LIMIT = 50;
/** … in any window of this length (rolling, not per calendar day). */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface PlannedBatch {
  /** 1-based, in file order. */
  index: number;
  size: number;
  /** The earliest time this batch fits the provider's limit. */
  notBefore: string;
}

/**
 * Cuts `count` addresses into batches of at most 50 and gives each the
 * earliest time it fits: addresses created in the last 24 hours (`recent`) and
 * the batches planned before it count against the rolling window.
 */
export function planBatches(count: number, recent: readonly string[], now: Date, limit = BATCH_LIMIT): PlannedBatch[] {
  const sizes: number[] = [];
  for (let left = count; left > 0; left -= limit) sizes.push(Math.min(limit, left));
  return scheduleBatches(sizes, recent, now, limit).map((notBefore, i) => ({ index: i + 1, size: sizes[i]!, notBefore }));
}

/**
 * The earliest time for each of these batches, in order: each after the one
 * before it, and only when it fits the rolling window next to the addresses
 * created in the last 24 hours and the batches scheduled before it.
 */
export function scheduleBatches(sizes: readonly number[], recent: readonly string[], now: Date, limit = BATCH_LIMIT): string[] {
  const events: { at: number; size: number }[] = recent
    .map((at) => ({ at: Date.parse(at), size: 1 }))
    .filter((e) => e.at > now.getTime() - WINDOW_MS);
  let start = now.getTime();
  return sizes.map((size) => {
    const at = earliestFit(events, start, Math.min(size, limit), limit);
    events.push({ at, size });
    start = at;
    return new Date(at).toISOString();
  });
}

/** The first moment ≥ `from` at which `size` more fit in the window: now, or when enough earlier ones age out. */
function earliestFit(events: readonly { at: number; size: number }[], from: number, size: number, limit: number): number {
  const used = (t: number) => events.filter((e) => e.at > t - WINDOW_MS && e.at <= t).reduce((n, e) => n + e.size, 0);
  const candidates = [from, ...events.map((e) => e.at + WINDOW_MS).filter((t) => t > from)].sort((a, b) => a - b);
  for (const t of candidates) if (used(t) + size <= limit) return t;
  return Math.max(from, ...events.map((e) => e.at + WINDOW_MS));
}
