/** Injected at build time by scripts/build-node.mjs (and by tests through vitest's define). */
declare const __APP_VERSION__: string;
