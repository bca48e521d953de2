import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { strengthWords as makeStrengthWords } from './scripts/strength-words.mjs';

/**
 * zxcvbn's word lists as the prebuilt tries the bulk-create workers fetch (shared/domain/password/verdict.ts):
 * `assets/strength-words.bin` beside the workers' chunks in the build; on the dev server, at any path ending so
 * (a worker there runs from its source path).
 */
function strengthWords(): Plugin {
  let words: Promise<{ file: string; bytes: Uint8Array }> | undefined;
  const get = () => (words ??= makeStrengthWords());
  return {
    name: 'mailwright-strength-words',
    buildStart() {
      // Made while the app is bundled (about a second); a failure surfaces in generateBundle.
      get().catch(() => undefined);
    },
    async generateBundle() {
      const { file, bytes } = await get();
      this.emitFile({ type: 'asset', fileName: `assets/${file}`, source: bytes });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const pathname = req.url?.split('?')[0] ?? '';
        if (!pathname.endsWith('.bin')) return next();
        get().then(({ file, bytes }) => {
          if (!pathname.endsWith(`/${file}`)) return next();
          res.setHeader('Content-Type', 'application/octet-stream');
          res.end(bytes);
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
