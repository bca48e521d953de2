import path from 'node:path';

/**
 * Small pure helpers for start-up decisions, kept out of main.ts so they are
 * unit-tested without Electron.
 */

/** `--data-dir=DIR` or `--data-dir DIR` from the command line (last one wins, like most CLIs). */
export function dataDirFromArgs(argv: readonly string[], cwd = process.cwd()): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === undefined) continue;
    if (arg.startsWith('--data-dir=')) found = arg.slice('--data-dir='.length);
    else if (arg === '--data-dir' && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) found = argv[(i += 1)];
  }
  return found && found.length > 0 ? path.resolve(cwd, found) : undefined;
}

/**
 * The first usable BCP 47 tag of the OS's preferred languages (the order the
 * user chose), else Electron's UI locale, else null (the renderer then uses
 * the browser's own). Canonicalised, because OSes report odd forms (`en_US`).
 */
export function pickLocale(preferred: readonly string[], uiLocale: string | null): string | null {
  for (const candidate of [...preferred, uiLocale]) {
    const tag = canonical(candidate);
    if (tag) return tag;
  }
  return null;
}

function canonical(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const cleaned = tag.trim().replace(/_/g, '-').replace(/\..*$/, ''); // de_CH.UTF-8 → de-CH
  if (cleaned === '' || cleaned === 'C' || cleaned === 'POSIX') return null;
  try {
    return Intl.getCanonicalLocales(cleaned)[0] ?? null;
  } catch {
    return null;
  }
}

/** `desktop:<os user>`: the audit actor for calls from the desktop app. */
export function desktopActor(username: () => string): string {
  try {
    const name = username().trim();
    return `desktop:${name === '' ? 'unknown' : name}`;
  } catch {
    return 'desktop:unknown'; // os.userInfo throws for users without a passwd entry
  }
}
