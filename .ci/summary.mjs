// Prints one closing line for the whole run, "N passed, N failed", from the
// JSON reports vitest and Playwright write (neither prints such a line itself).
import fs from 'node:fs';

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const vitest = read('test-results/vitest.json');
const playwright = read('test-results/playwright.json');
let passed = 0;
let failed = 0;
let skipped = 0;
const parts = [];
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  parts.push(`vitest ${vitest.numPassedTests}/${vitest.numTotalTests}`);
} else parts.push('vitest did not run');
if (playwright) {
  const s = playwright.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  parts.push(
    `playwright ${s.expected + s.flaky}/${s.expected + s.flaky + s.unexpected + s.skipped}${s.flaky ? ` (${s.flaky} flaky)` : ''}`,
  );
  const skips = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'skipped') {
          const reason = test.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skips.push(`${spec.title}: ${reason}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of playwright.suites ?? []) walk(suite);
  for (const line of skips) console.log(`skipped: ${line}`);
} else parts.push('playwright did not run');

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${parts.join('; ')})`);
