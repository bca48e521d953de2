import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME } from '../security/app-origin';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { resolveAsset } from './app-assets';

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
const TEXT = 'text/plain; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/**
 * Must run before the app is ready. `standard` gives app:// real origins and
 * relative URL resolution, `secure` makes it a secure context like https,
 * `supportFetchAPI` lets the renderer fetch its own assets. No bypassCSP, no
 * service workers, no CORS: nothing the UI needs.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the renderer build (dist/renderer) on app://mailwright/, with the CSP on every response. */
export function serveAppScheme(rendererDir: string, onError: (error: unknown) => void): void {
  const indexFile = path.join(rendererDir, 'index.html');
  protocol.handle(APP_SCHEME, async (request) => {
    const lookup = resolveAsset(rendererDir, request.url, request.method);
    if (lookup.kind === 'refused') return respond(lookup.status, null, TEXT);
    try {
      let data = await readIfPresent(lookup.file);
      let contentType = lookup.contentType;
      if (!data && lookup.fallbackToIndex) {
        data = await readIfPresent(indexFile);
        contentType = HTML;
      }
      if (!data) return respond(404, null, TEXT);
      return respond(200, request.method === 'HEAD' ? null : data, contentType);
    } catch (error) {
      onError(error);
      return respond(500, null, TEXT);
    }
  });
}

async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function respond(status: number, body: Buffer | null, contentType: string): Response {
  // A plain Uint8Array view: Response's types don't accept Node's Buffer under the DOM lib.
  const bytes = body ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : null;
  return new Response(bytes, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType } });
}
