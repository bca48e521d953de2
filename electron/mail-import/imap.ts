import type { ImapFlow } from 'imapflow';
import type { compiler } from 'imapflow/lib/handler/imap-handler.js';
import type { encodePath } from 'imapflow/lib/tools.js';
import { type ImapEndpoint, parseEndpoint } from '../../shared/domain/mail-import/providers';

export interface ImapAccount {
  /** The login name (the address, for nearly every provider). */
  user: string;
  password: string;
  endpoint: ImapEndpoint;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;

/**
 * A server as the user wrote it (`host`, `host:port`, `imaps://…`, `imap://…`). `imap://` on this computer's own
 * loopback address means no TLS at all (a local test or bridge server: nothing leaves the machine); anywhere else
 * it means STARTTLS, and plain text is never used.
 */
export function endpointFor(text: string): ImapEndpoint | null {
  const endpoint = parseEndpoint(text);
  if (endpoint && endpoint.security === 'starttls' && LOOPBACK.test(endpoint.host) && /^imap:\/\//i.test(text.trim()))
    return { ...endpoint, security: 'none' };
  return endpoint;
}

interface Imapflow {
  ImapFlow: typeof ImapFlow;
  compiler: typeof compiler;
  encodePath: typeof encodePath;
}

let imapflow: Imapflow | undefined;
let loading: Promise<Imapflow> | undefined;

/**
 * imapflow (and the two of its internals used here), loaded on first use: with its dependencies it takes about
 * 0.1 s to load, which every CLI command and the app's start would otherwise pay, most of them never importing mail.
 */
export function loadImapflow(): Promise<Imapflow> {
  loading ??= Promise.all([
    import('imapflow'),
    import('imapflow/lib/handler/imap-handler.js'),
    import('imapflow/lib/tools.js'),
  ]).then(
    ([flow, handler, tools]) =>
      (imapflow = { ImapFlow: flow.ImapFlow, compiler: handler.compiler, encodePath: tools.encodePath }),
  );
  return loading;
}

export async function imapClient(account: ImapAccount, timeoutMs = 15_000): Promise<ImapFlow> {
  const { ImapFlow } = await loadImapflow();
  const { endpoint } = account;
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    doSTARTTLS: endpoint.security === 'starttls' ? true : endpoint.security === 'none' ? false : undefined,
    auth: { user: account.user, pass: account.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs * 4, 60_000),
    disableAutoIdle: true,
  });
  client.on('error', () => undefined); // errors surface as the rejection of the command that was running
  appendWithLiteralPlus(client);
  return client;
}

interface FlowInternals {
  send(data: { tag: string; command: string; attributes: unknown; options?: { onSend?: () => void } }): Promise<void>;
  write(chunk: unknown): void;
  capabilities: Map<string, unknown>;
  state: unknown;
  states: { LOGOUT: unknown };
  commandParts: unknown[];
  rawSensitiveCommand: boolean;
  currentRequest: { tag: string; sent?: boolean } | false;
}

/**
 * imapflow 2.10 sends every literal over 4 KB as a synchronizing one — it waits for the server's "+" before each
 * message — even when the server announces LITERAL+ (RFC 7888). For APPEND that is one round trip per message:
 * through a link of 10 ms each way a 1,000-message copy took 9.1 s instead of 2.8 s, slower than mbsync. So APPENDs
 * to a LITERAL+ server are compiled with non-synchronizing literals and written in one go; everything else (and every
 * server without LITERAL+) goes through imapflow unchanged. It replaces one internal method of this client only:
 * imapflow is pinned to the version this was written against, and the import tests count the "+" round trips.
 */
function appendWithLiteralPlus(client: ImapFlow) {
  const flow = client as unknown as FlowInternals;
  const original = flow.send;
  if (typeof original !== 'function' || typeof flow.write !== 'function') return;
  flow.send = async function (this: FlowInternals, data) {
    if (data.command !== 'APPEND' || !this.capabilities.has('LITERAL+') || this.state === this.states.LOGOUT)
      return original.call(this, data);
    this.rawSensitiveCommand = false;
    this.commandParts = imapflow!.compiler(data as never, { asArray: true, literalPlus: true }) as unknown[];
    this.write(this.commandParts.shift());
    if (this.currentRequest && this.currentRequest.tag === data.tag) this.currentRequest.sent = true;
    data.options?.onSend?.();
  };
}

export async function closeQuietly(client: ImapFlow | undefined) {
  if (!client) return;
  await client.logout().catch(() => client.close());
}

export type ConnectFailure = 'auth-failed' | 'tls-error' | 'host-unreachable';

/** What a failed connect() means for the user. */
export function connectFailure(error: unknown): { code: ConnectFailure; detail: string } {
  const e = error as { authenticationFailed?: boolean; code?: string; message?: string; responseText?: string };
  if (e.authenticationFailed) return { code: 'auth-failed', detail: e.responseText ?? e.message ?? '' };
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  if (/certificate|tls|ssl|self.signed|wrong version/i.test(text)) return { code: 'tls-error', detail: e.message ?? '' };
  return { code: 'host-unreachable', detail: e.code ?? e.message ?? '' };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** IMAP date-time (RFC 3501), in UTC: the instant is kept exactly. */
export function imapDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** \Recent can't be set by a client (RFC 3501 6.3.11); anything else — keywords included — is kept. */
export function appendableFlags(flags: Iterable<string>): string[] {
  return [...flags].filter((f) => f.toLowerCase() !== '\\recent' && /^\\?[^\s()[\]{}%*"\\]+$/.test(f));
}

export interface AppendMessage {
  body: Buffer;
  flags: string[];
  internalDate: Date | null;
}

export class AppendRefused extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

interface ExecResult {
  response: { attributes?: { type: string; value?: unknown; section?: { value?: unknown }[] }[] };
  next: () => void;
}
type RawExec = (command: string, attributes: unknown[], options: object) => Promise<ExecResult>;

/**
 * Appends several messages with one MULTIAPPEND command (RFC 3502): the server stores them as one transaction
 * — all or none — and Dovecot writes its index once per command instead of once per message, which makes the
 * copy two to three times faster than one APPEND per message. imapflow has no MULTIAPPEND, so the command is
 * sent through its low-level exec() (literals, LITERAL+ and continuations are still imapflow's). Returns the
 * target UIDs (UIDPLUS) when the server tells them.
 */
export async function multiAppend(client: ImapFlow, path: string, messages: readonly AppendMessage[]): Promise<number[]> {
  if (messages.length === 0) return [];
  const multi = messages.length === 1 || client.capabilities.has('MULTIAPPEND');
  if (!multi) {
    // The engine sends one message per call to such servers (copy.ts), so a refusal concerns that message.
    const uids: number[] = [];
    for (const m of messages) {
      const r = await client.append(path, m.body, m.flags, m.internalDate ?? undefined).catch((error: unknown) => {
        const e = error as { responseText?: string; serverResponseCode?: string; message?: string };
        if (e.responseText !== undefined || e.serverResponseCode !== undefined)
          throw new AppendRefused(e.responseText || e.message || 'refused', e.serverResponseCode ?? null);
        throw error;
      });
      if (!r) throw new AppendRefused('The server refused the message.', null);
      if (r.uid) uids.push(r.uid);
    }
    return uids;
  }
  const binary = client.capabilities.has('BINARY');
  // imapflow's own encoding: modified UTF-7, or UTF-8 where the server accepts it (UTF8=ACCEPT, IMAP4rev2).
  const attributes: unknown[] = [{ type: 'STRING', value: (await loadImapflow()).encodePath(client, path) }];
  for (const m of messages) {
    attributes.push(m.flags.map((f) => ({ type: 'ATOM', value: f })));
    if (m.internalDate) attributes.push({ type: 'STRING', value: imapDate(m.internalDate) });
    attributes.push({ type: 'LITERAL', value: m.body, isLiteral8: binary && m.body.includes(0) });
  }
  const exec = (client as unknown as { exec: RawExec }).exec.bind(client);
  let result: ExecResult;
  try {
    result = await exec('APPEND', attributes, {});
  } catch (error) {
    const e = error as { responseText?: string; serverResponseCode?: string; message?: string; code?: string };
    // A NO/BAD answer is the server refusing these messages; anything else (a dropped connection) is rethrown.
    if (e.responseText !== undefined)
      throw new AppendRefused(e.responseText || e.message || 'refused', e.serverResponseCode ?? null);
    throw error;
  }
  result.next(); // releases imapflow's command queue
  const section = result.response.attributes?.[0]?.section;
  if (section && String(section[0]?.value).toUpperCase() === 'APPENDUID') return parseUidSet(String(section[2]?.value ?? ''));
  return [];
}

function parseUidSet(set: string): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    const [a, b] = part.split(':').map(Number);
    if (a === undefined || !Number.isFinite(a)) continue;
    const end = b !== undefined && Number.isFinite(b) ? b : a;
    for (let u = Math.min(a, end); u <= Math.max(a, end); u++) out.push(u);
  }
  return out;
}
