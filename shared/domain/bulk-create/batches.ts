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
 *
 * When the window has room for fewer than 50 right now (30 created 10 hours
 * ago leave room for 20), a first batch that only fills that room often
 * finishes the whole file sooner (20 now, then 50s a day apart) than batches
 * of 50 that all wait; sometimes it doesn't (room for 1 delays every later
 * batch). Both plans are timed and the one that finishes first is taken; on a
 * tie, the one with fewer batches.
 */
export function planBatches(count: number, recent: readonly string[], now: Date, limit = BATCH_LIMIT): PlannedBatch[] {
  const plan = (first: number) => {
    const sizes = first > 0 && first < Math.min(count, limit) ? [first] : [];
    for (let left = count - (sizes[0] ?? 0); left > 0; left -= limit) sizes.push(Math.min(limit, left));
    return scheduleBatches(sizes, recent, now, limit).map((notBefore, i) => ({ index: i + 1, size: sizes[i]!, notBefore }));
  };
  const whole = plan(0);
  const events = recentEvents(recent, now);
  const opensAt = earliestFit(events, now.getTime(), 1, limit);
  const filled = plan(limit - used(events, opensAt));
  const end = (p: PlannedBatch[]) => Date.parse(p[p.length - 1]?.notBefore ?? now.toISOString());
  return end(filled) < end(whole) ? filled : whole;
}

function recentEvents(recent: readonly string[], now: Date): { at: number; size: number }[] {
  return recent.map((at) => ({ at: Date.parse(at), size: 1 })).filter((e) => e.at > now.getTime() - WINDOW_MS);
}

/** Addresses created in the 24 hours up to `t`. */
function used(events: readonly { at: number; size: number }[], t: number): number {
  return events.filter((e) => e.at > t - WINDOW_MS && e.at <= t).reduce((n, e) => n + e.size, 0);
}

/**
 * The earliest time for each of these batches, in order: each after the one
 * before it, and only when it fits the rolling window next to the addresses
 * created in the last 24 hours and the batches scheduled before it.
 */
export function scheduleBatches(sizes: readonly number[], recent: readonly string[], now: Date, limit = BATCH_LIMIT): string[] {
  const events = recentEvents(recent, now);
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
  const candidates = [from, ...events.map((e) => e.at + WINDOW_MS).filter((t) => t > from)].sort((a, b) => a - b);
  for (const t of candidates) if (used(events, t) + size <= limit) return t;
  return Math.max(from, ...events.map((e) => e.at + WINDOW_MS));
}
