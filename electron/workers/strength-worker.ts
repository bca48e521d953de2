import fs from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { decodeWordTries, STRENGTH_WORDS_FILE } from '../../shared/domain/password/fast-matchers';
import { createVerdict, warmUpStrengthVerdict } from '../../shared/domain/password/verdict';

/**
 * One zxcvbn instance per worker thread, over zxcvbn's word lists as prebuilt
 * tries (written beside this bundle by scripts/build-node.mjs; see
 * verdict.ts); answers batches of strength checks. `warm`: get ready for
 * them (the pool's warm(), see warmUpStrengthVerdict), unless they come first.
 */
const file = path.join(__dirname, STRENGTH_WORDS_FILE);
const tries = decodeWordTries(fs.readFileSync(file));
const isStrong = tries && createVerdict(tries);
if (!isStrong) throw new Error(`${file} doesn't match this build of Mailwright: run "npm run build" again.`);

/** Set when checks arrive: a warm-up still running ends (the checks warm the code as well). */
let working = false;

parentPort?.on('message', (message: { id: number; items: { password: string; inputs: string[] }[]; warm?: boolean }) => {
  if (message.warm) {
    working = false;
    const pause = () => new Promise((resolve) => setImmediate(resolve));
    void warmUpStrengthVerdict(isStrong, pause, () => working).then(() =>
      parentPort?.postMessage({ id: message.id, verdicts: [] }),
    );
    return;
  }
  working = true;
  const verdicts = message.items.map((item) => isStrong(item.password, item.inputs));
  parentPort?.postMessage({ id: message.id, verdicts });
});
