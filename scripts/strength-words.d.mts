// Types of strength-words.mjs, for vite.config.ts.
export function strengthWords(): Promise<{ file: string; bytes: Uint8Array }>;
