// Bundles the main-process side (Electron main + preload, CLI + web host) with esbuild.
// The renderer is built by Vite (vite.config.ts). Both land in dist/.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { strengthWords } from './strength-words.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native and runtime-provided modules stay outside the bundle.
  external: ['electron', 'better-sqlite3'],
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __BUNDLED__: 'true' },
};

const entries = [
  { entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' },
  // Sandboxed preloads must be one CommonJS file that requires nothing but 'electron'.
  { entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs', target: 'chrome140' },
  { entryPoints: ['electron/cli/main.ts'], outfile: 'dist/node/cli.cjs' },
  // Password strength on worker threads, beside each entry point that starts them.
  { entryPoints: ['electron/workers/strength-worker.ts'], outfile: 'dist/node/strength-worker.cjs' },
  { entryPoints: ['electron/workers/strength-worker.ts'], outfile: 'dist/electron/strength-worker.cjs' },
  // DNS lookups of the checks on their own thread.
  { entryPoints: ['electron/workers/dns-worker.ts'], outfile: 'dist/node/dns-worker.cjs' },
  { entryPoints: ['electron/workers/dns-worker.ts'], outfile: 'dist/electron/dns-worker.cjs' },
  { entryPoints: ['electron/workers/mail-worker.ts'], outfile: 'dist/node/mail-worker.cjs' },
  { entryPoints: ['electron/workers/mail-worker.ts'], outfile: 'dist/electron/mail-worker.cjs' },
];

const started = Date.now();
await Promise.all([
  ...entries.map((entry) => build({ ...common, ...entry })),
  // The strength workers' word lists, beside them.
  strengthWords().then(({ file, bytes }) => {
    for (const dir of ['dist/node', 'dist/electron']) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/${file}`, bytes);
    }
  }),
]);
if (!watch) console.log(`built main-process bundles in ${Date.now() - started} ms`);
