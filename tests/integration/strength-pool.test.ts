/**
 * The strength pool on real worker threads: the bundled worker (dist/node/strength-worker.cjs, built by
 * `npm run build`, which npm test runs first) over the prebuilt word tries beside it.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isStrongPassword } from '../../shared/domain/password/strength';
import { warmUpSample } from '../../shared/domain/password/verdict';
import { createStrengthPool } from '../../electron/workers/strength-pool';

const WORKER = path.resolve('dist/node/strength-worker.cjs');
const pools: { close: () => Promise<void> }[] = [];
afterEach(async () => Promise.all(pools.splice(0).map((p) => p.close())));

/** Passwords weak and strong, with the user inputs bulk create gives them. */
const items = warmUpSample()
  .map(([password, inputs], i) => ({ password: `${password}${i % 3 ? '' : 'x7'}`, inputs }))
  .concat([
    { password: 'Anna.Muster2026', inputs: ['anna.muster@muster-treuhand.ch', 'muster-treuhand.ch'] },
    { password: 'k7#Vq9!mZ2$wL4', inputs: [] },
  ]);

describe('the strength pool on worker threads', () => {
  it('gives the verdicts of the in-thread check, in order, also while a warm-up is running', async () => {
    expect(fs.existsSync(WORKER), 'built by `npm run build`').toBe(true);
    const pool = createStrengthPool(WORKER, 2);
    pools.push(pool);
    const expected = items.map((item) => isStrongPassword(item.password, item.inputs));
    expect(new Set(expected)).toEqual(new Set([true, false])); // both verdicts occur
    // Checks sent while the workers warm up end the warm-up; both answer, the checks right.
    const warm = pool.warm();
    const progress: number[] = [];
    expect(await pool.check(items, (done) => progress.push(done))).toEqual(expected);
    await warm;
    expect(progress.at(-1)).toBe(items.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Warm now, checked again: the same.
    await pool.warm();
    expect(await pool.check(items)).toEqual(expected);
  });
});
