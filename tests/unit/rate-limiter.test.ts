import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../electron/mail-import/copy';
import { latestEvery } from '../../electron/mail-import/throttle';

describe('the speed limit of an import job', () => {
  it('lets a second’s worth through at once, then holds the rate', async () => {
    const limiter = createRateLimiter(1_000_000);
    const started = Date.now();
    for (let i = 0; i < 25; i++) await limiter.take(100_000); // 2.5 MB at 1 MB/s, the first MB free
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(1.3);
    expect(seconds).toBeLessThan(3);
  });

  it('never blocks a message larger than a second’s worth forever, and gives way to a stop', async () => {
    const limiter = createRateLimiter(100_000);
    const t = Date.now();
    await limiter.take(5_000_000);
    expect(Date.now() - t).toBeLessThan(200);
    const controller = new AbortController();
    controller.abort();
    await limiter.take(100_000, controller.signal);
    expect(Date.now() - t).toBeLessThan(400);
  });
});

describe('progress throttling', () => {
  it('passes one update per window and never drops the latest', async () => {
    const got: number[] = [];
    const t = latestEvery<number>(50, (v) => got.push(v));
    t.push(1); // at once
    t.push(2);
    t.push(3); // held, then delivered at the end of the window
    expect(got).toEqual([1]);
    await new Promise((r) => setTimeout(r, 80));
    expect(got).toEqual([1, 3]);
    t.push(4); // inside the window that began with 3: held, then replaced
    t.push(5);
    t.flush(); // the final state, now
    expect(got).toEqual([1, 3, 5]);
    await new Promise((r) => setTimeout(r, 80));
    expect(got).toEqual([1, 3, 5]);
  });
});
