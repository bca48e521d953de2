/** Injected at build time by scripts/build-node.mjs (and by tests through vitest's define). */
declare const __APP_VERSION__: string;
/** True in the bundles scripts/build-node.mjs makes (undefined when the TypeScript sources run: tests, tsx). */
declare const __BUNDLED__: boolean | undefined;
