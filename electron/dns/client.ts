import dgram from 'node:dgram';
import { getServers } from 'node:dns';
import net from 'node:net';
import crypto from 'node:crypto';
import dnsPacket from 'dns-packet';

/**
 * A DNS client for the checks (SPF, DMARC, MX, DKIM): it speaks DNS itself
 * (dns-packet over UDP, TCP when the answer is truncated) because Node's
 * resolver refuses names with `:` or spaces before sending them — SPF macros
 * make such names — sends no EDNS, and waits ~28 s on a silent server. Here
 * each query has a short timeout and a set number of tries, answers are
 * cached for the life of one check, queries run with a concurrency limit, and
 * every query is traced (name, type, answer or error, ms) for the UI.
 */

export type RecordType = 'A' | 'AAAA' | 'TXT' | 'MX' | 'PTR' | 'CNAME' | 'NS' | 'SOA' | 'SRV';

/** The codes Node's resolver uses, so SPF evaluators that know them (mailauth) read ours the same way. */
export type DnsErrorCode = 'ENOTFOUND' | 'ENODATA' | 'ETIMEOUT' | 'ESERVFAIL' | 'EREFUSED' | 'EBADNAME' | 'EBADRESP';

export class DnsError extends Error {
  constructor(
    readonly code: DnsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DnsServer {
  host: string;
  port: number;
}

export interface DnsClientOptions {
  /** Empty: the system's resolvers (as /etc/resolv.conf names them). */
  servers?: DnsServer[];
  /** Per try, in ms. */
  timeoutMs?: number;
  tries?: number;
  /** Queries in flight at once. */
  concurrency?: number;
}

export interface TraceEntry {
  name: string;
  type: RecordType;
  /** Present when the query was answered: the records, as text. */
  answer?: string[];
  error?: DnsErrorCode;
  ms: number;
  tcp: boolean;
  cached: boolean;
}

/** `1.1.1.1`, `127.0.0.1:5353`, `[::1]:53`, `::1` → a server. Throws on anything else. */
export function parseServer(text: string): DnsServer {
  const trimmed = text.trim();
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(trimmed);
  if (v6 && net.isIPv6(v6[1]!)) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : 53 };
  if (net.isIPv6(trimmed)) return { host: trimmed, port: 53 };
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(trimmed);
  if (v4 && net.isIPv4(v4[1]!)) {
    const port = v4[2] ? Number(v4[2]) : 53;
    if (port >= 1 && port <= 65_535) return { host: v4[1]!, port };
  }
  throw new Error(`"${text}" is not a resolver address: use an IP, IP:PORT or [IPv6]:PORT.`);
}

/** Refuses what DNS can't carry before anything is sent: labels over 63 octets, names over 253, empty labels. */
export function checkName(name: string): string {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare === '') return bare;
  if (Buffer.byteLength(bare) > 253) throw new DnsError('EBADNAME', `${name}: longer than 253 octets`);
  for (const label of bare.split('.')) {
    if (label === '') throw new DnsError('EBADNAME', `${name}: empty label`);
    if (Buffer.byteLength(label) > 63) throw new DnsError('EBADNAME', `${name}: a label is longer than 63 octets`);
  }
  return bare;
}

/** An answer record; `data` is what dns-packet decodes for its type (Buffers for TXT, an object for MX, text else). */
type Answer = dnsPacket.Answer & { data: unknown };

const EDNS_PAYLOAD = 1232;

export class DnsClient {
  private readonly servers: DnsServer[];
  private readonly timeoutMs: number;
  private readonly tries: number;
  private readonly concurrency: number;
  private readonly cache = new Map<string, Promise<Answer[]>>();
  private readonly entries: TraceEntry[] = [];
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: DnsClientOptions = {}) {
    this.servers = options.servers?.length
      ? options.servers
      : getServers().map((s) => parseServer(s.includes(':') && !s.startsWith('[') && net.isIPv6(s) ? `[${s}]` : s));
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.tries = options.tries ?? 2;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Every query of this client so far, in the order they were asked. */
  trace(): TraceEntry[] {
    return [...this.entries];
  }

  /** The records of one type at a name (CNAMEs followed by the server), or a DnsError. Cached per client. */
  query(name: string, type: RecordType): Promise<Answer[]> {
    const key = `${name.toLowerCase()}|${type}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.entries.push({ name, type, ms: 0, tcp: false, cached: true });
      return hit;
    }
    const answer = this.limited(() => this.ask(name, type));
    this.cache.set(key, answer);
    return answer;
  }

  /** The same answers shaped as Node's `dns.promises.resolve` gives them (what mailauth's resolver option takes). */
  async resolve(name: string, type: string): Promise<unknown[]> {
    const t = type.toUpperCase() as RecordType;
    const answers = await this.query(name, t);
    switch (t) {
      case 'TXT':
        return answers.map((a) => (a.data as Buffer[]).map((b) => b.toString('utf8')));
      case 'MX':
        return answers.map((a) => {
          const mx = a.data as { preference: number; exchange: string };
          return { exchange: mx.exchange, priority: mx.preference };
        });
      case 'SRV':
        return answers.map((a) => {
          const srv = a.data as { priority: number; weight: number; port: number; target: string };
          return { name: srv.target, port: srv.port, priority: srv.priority, weight: srv.weight };
        });
      default:
        return answers.map((a) => String(a.data));
    }
  }

  private async limited<T>(run: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
    this.active++;
    try {
      return await run();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async ask(name: string, type: RecordType): Promise<Answer[]> {
    const started = performance.now();
    let tcp = false;
    const done = (entry: Partial<TraceEntry>) =>
      this.entries.push({ name, type, ms: Math.round((performance.now() - started) * 10) / 10, tcp, cached: false, ...entry });
    try {
      const bare = checkName(name);
      let response: dnsPacket.Packet | undefined;
      let lastError: DnsError | undefined;
      // Each try goes to the next server: a dead first resolver costs one timeout, not all of them.
      for (let attempt = 0; attempt < this.tries * this.servers.length && !response; attempt++) {
        const server = this.servers[attempt % this.servers.length]!;
        try {
          response = await this.udp(server, bare, type);
          if ((response as { flag_tc?: boolean }).flag_tc) {
            tcp = true;
            response = await this.tcp(server, bare, type);
          }
        } catch (error) {
          if (!(error instanceof DnsError) || error.code !== 'ETIMEOUT') throw error;
          lastError = error;
        }
      }
      if (!response) throw lastError ?? new DnsError('ETIMEOUT', `${name} ${type}: no server answered`);
      const records = toRecords(response, name, type);
      done({ answer: records.map(describe) });
      return records;
    } catch (error) {
      const code = error instanceof DnsError ? error.code : 'EBADRESP';
      done({ error: code });
      throw error instanceof DnsError ? error : new DnsError('EBADRESP', `${name} ${type}: ${(error as Error).message}`);
    }
  }

  private question(name: string, type: RecordType): { id: number; packet: dnsPacket.Packet } {
    const id = crypto.randomInt(0, 65_536);
    return {
      id,
      packet: {
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type, name, class: 'IN' }],
        additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD } as dnsPacket.Answer],
      },
    };
  }

  private udp(server: DnsServer, name: string, type: RecordType): Promise<dnsPacket.Packet> {
    const { id, packet } = this.question(name, type);
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
      const timer = setTimeout(
        () => finish(new DnsError('ETIMEOUT', `${name} ${type}: no answer from ${server.host}`)),
        this.timeoutMs,
      );
      const finish = (error: Error | null, answer?: dnsPacket.Packet) => {
        clearTimeout(timer);
        socket.close();
        if (error) reject(error);
        else resolve(answer!);
      };
      socket.on('error', (error) => finish(new DnsError('EREFUSED', `${server.host}: ${error.message}`)));
      socket.on('message', (message, from) => {
        // Only the answer to this question from this server: anything else is ignored, not trusted.
        if (from.address !== server.host && !(from.address.endsWith(server.host) && net.isIPv6(from.address))) return;
        let decoded: dnsPacket.Packet;
        try {
          decoded = dnsPacket.decode(message);
        } catch {
          return;
        }
        if (decoded.id !== id || decoded.questions?.[0]?.name.toLowerCase() !== name.toLowerCase()) return;
        finish(null, decoded);
      });
      socket.send(dnsPacket.encode(packet), server.port, server.host, (error) => {
        if (error) finish(new DnsError('EREFUSED', `${server.host}: ${error.message}`));
      });
    });
  }

  private tcp(server: DnsServer, name: string, type: RecordType): Promise<dnsPacket.Packet> {
    const { id, packet } = this.question(name, type);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: server.host, port: server.port });
      let buffer = Buffer.alloc(0);
      const timer = setTimeout(
        () => finish(new DnsError('ETIMEOUT', `${name} ${type}: no TCP answer from ${server.host}`)),
        this.timeoutMs,
      );
      const finish = (error: Error | null, answer?: dnsPacket.Packet) => {
        clearTimeout(timer);
        socket.destroy();
        if (error) reject(error);
        else resolve(answer!);
      };
      socket.on('error', (error) => finish(new DnsError('EREFUSED', `${server.host} (TCP): ${error.message}`)));
      socket.on('connect', () => socket.write(dnsPacket.streamEncode(packet)));
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (buffer.length < 2 || buffer.length < 2 + buffer.readUInt16BE(0)) return;
        try {
          const decoded = dnsPacket.streamDecode(buffer);
          if (decoded.id !== id) return finish(new DnsError('EBADRESP', `${server.host}: an answer to another question`));
          finish(null, decoded);
        } catch (error) {
          finish(new DnsError('EBADRESP', `${server.host}: ${(error as Error).message}`));
        }
      });
    });
  }
}

function toRecords(response: dnsPacket.Packet, name: string, type: RecordType): Answer[] {
  const rcode = (response as { rcode?: string }).rcode ?? 'NOERROR';
  switch (rcode) {
    case 'NOERROR':
      break;
    case 'NXDOMAIN':
      throw new DnsError('ENOTFOUND', `${name}: no such name`);
    case 'REFUSED':
      throw new DnsError('EREFUSED', `${name} ${type}: the server refused`);
    default:
      throw new DnsError('ESERVFAIL', `${name} ${type}: the server answered ${rcode}`);
  }
  const records = (response.answers ?? []).filter((a): a is Answer => a.type === type);
  if (records.length === 0) throw new DnsError('ENODATA', `${name}: no ${type} record`);
  return records;
}

function describe(a: Answer): string {
  const data = (a as { data: unknown }).data;
  if (a.type === 'TXT') return (data as Buffer[]).map((b) => JSON.stringify(b.toString('utf8'))).join(' ');
  if (a.type === 'MX') {
    const mx = data as { preference: number; exchange: string };
    return `${mx.preference} ${mx.exchange}`;
  }
  return typeof data === 'object' ? JSON.stringify(data) : String(data);
}
