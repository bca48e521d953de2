import path from 'node:path';
import { APP_HOST, APP_SCHEME } from '../security/app-origin';

/**
 * Maps an app:// request to a file of the renderer build. Pure (no fs, no
 * Electron) so path-traversal handling is unit-tested.
 */
export type AssetLookup =
  | { kind: 'file'; file: string; contentType: string; fallbackToIndex: boolean }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405 };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function resolveAsset(root: string, requestUrl: string, method = 'GET', pathApi: path.PlatformPath = path): AssetLookup {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405 };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'refused', status: 404 };

  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  // Encoded NULs and backslashes never name a real asset; backslashes would be separators on Windows.
  if (relative.includes('\0') || relative.includes('\\')) return { kind: 'refused', status: 400 };
  if (!relative.startsWith('/')) relative = `/${relative}`;
  if (relative.endsWith('/')) relative += 'index.html';

  const base = pathApi.resolve(root);
  const file = pathApi.resolve(base, `.${relative}`);
  const inside = pathApi.relative(base, file);
  // Decoded `..%2F` segments end up here: anything outside the build folder is refused.
  if (inside === '' || inside.startsWith('..') || pathApi.isAbsolute(inside)) return { kind: 'refused', status: 403 };

  // Client-side routes (app://mailwright/mailboxes) have no extension: they get the app shell.
  const fallbackToIndex = pathApi.extname(file) === '';
  return { kind: 'file', file, contentType: contentTypeFor(file), fallbackToIndex };
}
