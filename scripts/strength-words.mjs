// zxcvbn's word lists as the prebuilt tries the strength workers read (shared/domain/password/verdict.ts):
// built here from the TypeScript sources, so the bytes always match this checkout's code and zxcvbn packages.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = path.resolve(import.meta.dirname, '..');

/** The file name the workers look for (STRENGTH_WORDS_FILE in fast-matchers.ts). */
export const STRENGTH_WORDS_FILE = 'strength-words.bin';

/**
 * The bytes of strengthWordsBytes() (shared/domain/password/strength.ts). Made on a worker thread: about a second
 * of CPU that would otherwise hold up the bundler's callbacks on this thread.
 */
export async function strengthWordsBytes() {
  // One file per process: `npm run build:node` and `vite build` may run side by side.
  const out = path.join(root, `node_modules/.cache/mailwright/strength-words-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: "export { strengthWordsBytes } from './shared/domain/password/strength';",
      resolveDir: root,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const code = `import(${JSON.stringify(pathToFileURL(out).href)}).then((m) => require('node:worker_threads').parentPort.postMessage(m.strengthWordsBytes()));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (bytes) => {
      resolve(bytes);
      void worker.terminate().then(() => fs.rmSync(out, { force: true }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the strength words' worker exited (${code})`)));
  });
}
