import {
  domainOf,
  type ImapEndpoint,
  knownEndpoint,
  oauthByMx,
  oauthProvider,
  type OauthProvider,
  parseEndpoint,
} from '../../shared/domain/mail-import/providers';
import type { Resolver } from '../dns/resolvers';
import { loadImapflow } from './imap';

/**
 * Pre-flight of one source account, before anything is copied: where its IMAP server is, whether it can be
 * reached, speaks TLS and takes the password, its folders and how much they hold. Stable codes for what is wrong.
 */
export type PreflightCode = 'oauth-provider' | 'host-unreachable' | 'tls-error' | 'auth-failed' | 'invalid-server';

export interface PreflightResult {
  address: string;
  endpoint: ImapEndpoint | null;
  /** How the server was found: given, the provider table, SRV (RFC 6186), or imap.<domain>. */
  foundBy: 'given' | 'table' | 'srv' | 'guess' | null;
  ok: boolean;
  code: PreflightCode | null;
  message: string;
  oauth: OauthProvider | null;
  folders: { path: string; specialUse: string | null; messages: number | null; bytes: number | null }[];
  messages: number;
  /** Null when the server doesn't tell sizes (no STATUS=SIZE). */
  bytes: number | null;
  ms: number;
}

export interface PreflightOptions {
  address: string;
  password: string;
  /** `host`, `host:port`, `imaps://…`, `imap://…` — else discovered. */
  server?: string;
  /** Lets tests talk to a local server without TLS. */
  allowPlain?: boolean;
  resolver?: Resolver;
  timeoutMs?: number;
}

const OAUTH_ADVICE: Record<OauthProvider, string> = {
  google:
    'This is a Google account: Google allows IMAP only with OAuth or an app password. Create an app password in the Google account (2-step verification on) and use it, or export with Google Takeout.',
  microsoft:
    'This is a Microsoft account: Microsoft allows IMAP only with OAuth. Use the provider’s Microsoft import, or export the mailbox as PST from Outlook.',
};

async function srvEndpoint(resolver: Resolver, domain: string): Promise<ImapEndpoint | null> {
  try {
    const records = (await resolver.resolve(`_imaps._tcp.${domain}`, 'SRV')) as {
      name: string;
      port: number;
      priority: number;
    }[];
    const best = [...records].sort((a, b) => a.priority - b.priority)[0];
    // "." means the service is decidedly not offered here (RFC 6186 section 3.4).
    return best && best.name && best.name !== '.'
      ? { host: best.name.replace(/\.$/, ''), port: best.port, security: 'tls' }
      : null;
  } catch {
    return null;
  }
}

async function mxHosts(resolver: Resolver, domain: string): Promise<string[]> {
  try {
    return ((await resolver.resolve(domain, 'MX')) as { exchange: string }[]).map((m) => m.exchange);
  } catch {
    return [];
  }
}

/** Where to connect, and how that was decided. */
export async function discover(o: PreflightOptions) {
  const oauth = oauthProvider(o.address);
  if (o.server) {
    const given = parseEndpoint(o.server);
    return {
      endpoint: given && o.allowPlain && given.security === 'starttls' ? { ...given, security: 'none' as const } : given,
      foundBy: 'given' as const,
      oauth,
    };
  }
  const known = knownEndpoint(o.address);
  if (known) return { endpoint: known, foundBy: 'table' as const, oauth };
  const domain = domainOf(o.address);
  const byMx = o.resolver ? oauthByMx(await mxHosts(o.resolver, domain)) : null;
  const srv = o.resolver ? await srvEndpoint(o.resolver, domain) : null;
  if (srv) return { endpoint: srv, foundBy: 'srv' as const, oauth: oauth ?? byMx };
  return {
    endpoint: { host: `imap.${domain}`, port: 993, security: 'tls' as const },
    foundBy: 'guess' as const,
    oauth: oauth ?? byMx,
  };
}

export async function preflight(o: PreflightOptions): Promise<PreflightResult> {
  const started = Date.now();
  const base = { address: o.address, folders: [], messages: 0, bytes: null };
  const { endpoint, foundBy, oauth } = await discover(o);
  const done = (r: Partial<PreflightResult> & Pick<PreflightResult, 'ok' | 'code' | 'message'>): PreflightResult => ({
    ...base,
    endpoint,
    foundBy,
    oauth,
    ms: Date.now() - started,
    ...r,
  });
  if (oauth) return done({ ok: false, code: 'oauth-provider', message: OAUTH_ADVICE[oauth] });
  if (!endpoint)
    return done({
      ok: false,
      code: 'invalid-server',
      message: `"${o.server}" is not a server: use host, host:port or imaps://host.`,
    });
  const { ImapFlow } = await loadImapflow();
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    doSTARTTLS: endpoint.security === 'starttls' ? true : endpoint.security === 'none' ? false : undefined,
    auth: { user: o.address, pass: o.password },
    logger: false,
    connectionTimeout: o.timeoutMs ?? 10_000,
    greetingTimeout: o.timeoutMs ?? 10_000,
    socketTimeout: (o.timeoutMs ?? 10_000) * 3,
  });
  client.on('error', () => undefined); // errors are read from connect()'s rejection
  try {
    await client.connect();
  } catch (error) {
    const e = error as { authenticationFailed?: boolean; code?: string; message?: string };
    if (e.authenticationFailed)
      return done({
        ok: false,
        code: 'auth-failed',
        message: `The server refused the login of ${o.address}: check the password (an app password where the provider asks for one).`,
      });
    if (/certificate|tls|ssl|self.signed|wrong version/i.test(`${e.code ?? ''} ${e.message ?? ''}`))
      return done({
        ok: false,
        code: 'tls-error',
        message: `${endpoint.host}:${endpoint.port} answered, but TLS failed (${e.message}). Check the port and security, or the server's certificate.`,
      });
    return done({
      ok: false,
      code: 'host-unreachable',
      message: `${endpoint.host}:${endpoint.port} can't be reached (${e.code ?? e.message}). Check the server name and port${foundBy === 'guess' ? ' — it was guessed; give the server explicitly' : ''}.`,
    });
  }
  try {
    const size = Boolean(client.capabilities?.has('STATUS=SIZE') || client.capabilities?.has('IMAP4rev2'));
    const list = await client.list({ statusQuery: { messages: true, ...(size ? { size: true } : {}) } });
    const folders = list
      .filter((f) => !f.flags.has('\\Noselect'))
      .map((f) => ({
        path: f.path,
        specialUse: f.specialUse ?? null,
        messages: f.status?.messages ?? null,
        bytes: size ? Number((f.status as { size?: number } | undefined)?.size ?? 0) : null,
      }));
    const messages = folders.reduce((n, f) => n + (f.messages ?? 0), 0);
    const bytes = size ? folders.reduce((n, f) => n + (f.bytes ?? 0), 0) : null;
    return done({
      ok: true,
      code: null,
      message: `${folders.length} folder(s), ${messages} message(s).`,
      folders,
      messages,
      bytes,
    });
  } finally {
    await client.logout().catch(() => client.close());
  }
}
