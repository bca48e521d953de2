import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Dispatcher } from '../rpc/dispatcher';
import {
  bearerToken,
  cookieValue,
  hostAllowed,
  newToken,
  originAllowed,
  sessionCookieName,
  tokensEqual,
} from '../security/web-host-checks';
import { CONTENT_SECURITY_POLICY } from '../security/csp';

export interface WebHostOptions {
  dispatcher: Dispatcher;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 or undefined: a random free port. */
  port?: number;
  token?: string;
  /** Audit actor for calls through this host. */
  actor: string;
  maxBodyBytes?: number;
  onError?: (error: unknown) => void;
}

export interface WebHost {
  url: string;
  /** The URL with the session token in its fragment: what the user opens. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/**
 * The loopback web host: the same renderer and the same contract as the
 * desktop app, served to a browser on 127.0.0.1 only. Every API request must
 * carry the start token (bearer header or the session cookie it was exchanged
 * for), name our own Host, and come from our own Origin or none.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const staticRoot = path.resolve(options.staticDir);
  const sseClients = new Set<http.ServerResponse>();
  let port = 0;

  const unsubscribe = options.dispatcher.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return send(res, 421, { error: 'host-not-allowed' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url.pathname);

    if (!originAllowed(req.headers.origin, port)) return send(res, 403, { error: 'origin-not-allowed' });
    const cookie = cookieValue(req.headers.cookie, sessionCookieName(port));
    const authorised = tokensEqual(bearerToken(req.headers.authorization), token) || tokensEqual(cookie, token);
    if (!authorised) return send(res, 401, { error: 'unauthorized' });

    if (url.pathname === '/api/session' && req.method === 'POST') {
      res.setHeader('Set-Cookie', `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/api/`);
      return send(res, 204);
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res);
    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') return send(res, 405, { error: 'method-not-allowed' });
      // JSON only: a cross-site form or simple request can't send this type without a preflight we never answer.
      if (!/^application\/json(;|$)/.test(req.headers['content-type'] ?? '')) {
        return send(res, 415, { error: 'unsupported-media-type' });
      }
      const body = await readBody(req, maxBody);
      if (body === 'too-large') {
        // Answer, then drop the connection instead of reading the rest of an oversized body.
        res.setHeader('Connection', 'close');
        res.on('finish', () => req.destroy());
        return send(res, 413, { error: 'payload-too-large', limit: maxBody });
      }
      let message: unknown;
      try {
        message = JSON.parse(body);
      } catch {
        return send(res, 400, { error: 'invalid-json' });
      }
      const { channel, input } = (message ?? {}) as { channel?: unknown; input?: unknown };
      const result = await options.dispatcher.dispatch(channel, input, { actor: options.actor });
      return send(res, 200, result);
    }
    return send(res, 404, { error: 'not-found' });
  }

  function openEventStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      sseClients.delete(res);
    });
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method-not-allowed' });
    let relative: string;
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return send(res, 400, { error: 'bad-path' });
    }
    const file = path.resolve(staticRoot, `.${relative}`);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, { error: 'not-found' });
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  const headers: Record<string, string> = { ...SECURITY_HEADERS };
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(json);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
