import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/web-host';
import { tempDir, testRuntime } from '../helpers/workspace';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(maxBodyBytes?: number): Promise<WebHost> {
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'outside.txt'), 'secret');
  const rt = testRuntime();
  host = await startWebHost({ dispatcher: rt.dispatcher, staticDir, actor: 'web:test', maxBodyBytes });
  return host;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP, so Host and Origin can be set to anything (fetch would refuse). */
function request(
  h: WebHost,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: h.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { Host: `127.0.0.1:${h.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const invoke = (
  h: WebHost,
  headers: Record<string, string>,
  body = JSON.stringify({ channel: 'organisations.list', input: {} }),
) => request(h, { method: 'POST', path: '/api/invoke', headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('loopback web host', () => {
  it('listens on 127.0.0.1 only, on a random port, and serves the UI with a strict CSP', async () => {
    const h = await start();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(h.openUrl).toBe(`${h.url}#token=${h.token}`);
    expect(h.token.length).toBeGreaterThanOrEqual(43); // 256 bits
    const page = await request(h, {});
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await request(h, { path: '/assets/app.js' })).headers['content-type']).toContain('text/javascript');
  });

  it('answers contract calls given the bearer token', async () => {
    const h = await start();
    const reply = await invoke(h, { Authorization: `Bearer ${h.token}` });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses calls without the token or with a wrong one', async () => {
    const h = await start();
    expect((await invoke(h, {})).status).toBe(401);
    expect((await invoke(h, { Authorization: `Bearer ${h.token.slice(0, -1)}x` })).status).toBe(401);
    expect((await invoke(h, { Authorization: `Basic ${h.token}` })).status).toBe(401);
    expect((await invoke(h, { Cookie: `mw_session_${h.port}=nope` })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const h = await start();
    for (const hostHeader of [
      `evil.example:${h.port}`,
      '127.0.0.1',
      `127.0.0.1:${h.port + 1}`,
      `localhost.evil.example:${h.port}`,
    ]) {
      const reply = await invoke(h, { Authorization: `Bearer ${h.token}`, Host: hostHeader });
      expect(reply.status, hostHeader).toBe(421);
    }
    expect((await request(h, { headers: { Host: 'evil.example' } })).status).toBe(421);
    expect((await invoke(h, { Authorization: `Bearer ${h.token}`, Host: `localhost:${h.port}` })).status).toBe(200);
  });

  it('refuses a cross-site Origin (CSRF), even with the session cookie', async () => {
    const h = await start();
    const cookie = `mw_session_${h.port}=${h.token}`;
    expect((await invoke(h, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await invoke(h, { Cookie: cookie, Origin: 'null' })).status).toBe(403);
    expect((await invoke(h, { Cookie: cookie, Origin: `http://127.0.0.1:${h.port}` })).status).toBe(200);
  });

  it('exchanges the token for an HttpOnly, SameSite=Strict session cookie named for its port', async () => {
    const h = await start();
    const reply = await request(h, { method: 'POST', path: '/api/session', headers: { Authorization: `Bearer ${h.token}` } });
    expect(reply.status).toBe(204);
    const cookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`mw_session_${h.port}=`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await invoke(h, { Cookie: cookie.split(';')[0]! })).status).toBe(200);
  });

  it('accepts JSON bodies only and caps their size', async () => {
    const h = await start(1024);
    const auth = { Authorization: `Bearer ${h.token}` };
    expect((await invoke(h, { ...auth, 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await invoke(h, auth, '{not json')).status).toBe(400);
    const big = JSON.stringify({ channel: 'organisations.create', input: { name: 'x'.repeat(4000) } });
    expect((await invoke(h, auth, big)).status).toBe(413);
    expect((await request(h, { method: 'GET', path: '/api/invoke', headers: auth })).status).toBe(405);
  });

  it('returns service refusals as {ok: false} values, not HTTP errors', async () => {
    const h = await start();
    const reply = await invoke(
      h,
      { Authorization: `Bearer ${h.token}` },
      JSON.stringify({ channel: 'organisations.create', input: { name: '' } }),
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('serves nothing outside the UI folder', async () => {
    const h = await start();
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/../../outside.txt', '/%00', '/nope.html']) {
      const reply = await request(h, { path: p });
      expect(reply.status, p).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('secret');
    }
  });

  it('pushes change events over server-sent events to authorised clients', async () => {
    const h = await start();
    const events = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: h.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` },
        },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('workspace.changed')) {
              req.destroy();
              resolve(text);
            }
          });
          void invoke(
            h,
            { Authorization: `Bearer ${h.token}` },
            JSON.stringify({ channel: 'organisations.create', input: { name: 'Acme' } }),
          );
        },
      );
      req.on('error', reject);
    });
    expect(events).toContain('"areas":["organisations","audit"]');
    expect((await request(h, { path: '/api/events' })).status).toBe(401);
  });
});
