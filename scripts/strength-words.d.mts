// Types of strength-words.mjs, for vite.config.ts.
export const STRENGTH_WORDS_FILE: string;
export function strengthWordsBytes(): Promise<Uint8Array>;
