import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { STRENGTH_WORDS_FILE, strengthWordsBytes } from './scripts/strength-words.mjs';

/**
 * zxcvbn's word lists as the prebuilt tries the bulk-create workers fetch (shared/domain/password/verdict.ts):
 * `assets/strength-words.bin` beside the workers' chunks in the build; on the dev server, at any path ending so
 * (a worker there runs from its source path).
 */
function strengthWords(): Plugin {
  let bytes: Promise<Uint8Array> | undefined;
  const get = () => (bytes ??= strengthWordsBytes());
  return {
    name: 'mailwright-strength-words',
    buildStart() {
      // Made while the app is bundled (about a second); a failure surfaces in generateBundle.
      get().catch(() => undefined);
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: `assets/${STRENGTH_WORDS_FILE}`, source: await get() });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.split('?')[0]!.endsWith(`/${STRENGTH_WORDS_FILE}`)) return next();
        get().then((data) => {
          res.setHeader('Content-Type', 'application/octet-stream');
          res.end(data);
        }, next);
      });
    },
  };
}

// The renderer: one build served by Electron's app:// protocol and by the loopback web host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), strengthWords()],
  // ES-module workers (they are started with type: 'module'), so a worker's rarely needed parts load apart.
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // No inline module-preload polyfill: the CSP allows only our own script files.
    modulePreload: { polyfill: false },
    target: 'chrome120',
    // zxcvbn's word lists are one chunk of 2.4 MB, loaded only by the password meter (and by a bulk-create worker
    // that can't read the prebuilt tries); loaded from disk, never over a network.
    chunkSizeWarningLimit: 2600,
  },
});
