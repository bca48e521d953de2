// zxcvbn's word lists as the prebuilt tries the strength workers read (shared/domain/password/verdict.ts):
// built here from the TypeScript sources, so the bytes always match this checkout's code and zxcvbn packages.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = path.resolve(import.meta.dirname, '..');

/**
 * The file to write: its name (STRENGTH_WORDS_FILE in fast-matchers.ts, where the workers look for it) and its
 * bytes (strengthWordsBytes() in strength.ts). Made on a worker thread: about a second of CPU that would otherwise
 * hold up the bundler's callbacks on this thread.
 */
export async function strengthWords() {
  // One file per process: `npm run build:node` and `vite build` may run side by side.
  const out = path.join(root, `node_modules/.cache/mailwright/strength-words-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: [
        "export { strengthWordsBytes } from './shared/domain/password/strength';",
        "export { STRENGTH_WORDS_FILE } from './shared/domain/password/fast-matchers';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const code =
    `import(${JSON.stringify(pathToFileURL(out).href)}).then((m) => require('node:worker_threads')` +
    '.parentPort.postMessage({ file: m.STRENGTH_WORDS_FILE, bytes: m.strengthWordsBytes() }));';
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (words) => {
      resolve(words);
      void worker.terminate().then(() => fs.rmSync(out, { force: true }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the strength words' worker exited (${code})`)));
  });
}
