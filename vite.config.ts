import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one build served by Electron's app:// protocol and by the loopback web host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // No inline module-preload polyfill: the CSP allows only our own script files.
    modulePreload: { polyfill: false },
    target: 'chrome120',
  },
});
