import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

/**
 * A real DNS server on 127.0.0.1 (UDP and TCP, a random port) serving zones
 * made for a test. Hand-written on dns-packet because the tests need what
 * servers like Knot don't do on demand: a name that never answers (timeout),
 * TXT records with arbitrary bytes, and a log of every question asked.
 *
 * Records: `{ type, data }` as dns-packet writes them, or `'TIMEOUT'` — as in
 * the RFC 7208 test suite, queries for types not listed before a TIMEOUT
 * entry get no answer at all. A name not in the zone is NXDOMAIN; a name
 * with no record of the asked type is NOERROR with no answers. CNAMEs are
 * followed one level, as a recursive resolver would hand them back.
 */
export type ZoneRecord = { type: string; data: unknown } | 'TIMEOUT';
export type Zone = Map<string, ZoneRecord[]>;

export interface DnsTestServer {
  port: number;
  address: string;
  /** Replaces the zone being served. */
  serve(zone: Zone): void;
  /** Every question asked so far: `name TYPE`, lower-cased names. */
  queries: { name: string; type: string; tcp: boolean }[];
  close(): Promise<void>;
}

function answerFor(zone: Zone, query: dnsPacket.Packet, tcp: boolean, limit: number): Buffer | null {
  const question = query.questions?.[0];
  const base = { type: 'response' as const, id: query.id, questions: query.questions };
  if (!question) return dnsPacket.encode({ ...base, flags: 1 /* FORMERR */ });
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const records = zone.get(name);
  if (!records) return dnsPacket.encode({ ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER | 3 /* NXDOMAIN */, answers: [] });
  const answers: dnsPacket.Answer[] = [];
  const collect = (owner: string, list: ZoneRecord[], level: number): boolean => {
    let seenType = false;
    for (const r of list) {
      if (r === 'TIMEOUT') {
        if (!seenType) return false;
        break;
      }
      if (r.type === question.type) seenType = true;
      if (r.data === 'TIMEOUT') {
        if (r.type === question.type) return false;
        continue;
      }
      if (r.type === question.type || r.type === 'CNAME') {
        answers.push({ type: r.type, name: owner, ttl: 300, data: r.data } as dnsPacket.Answer);
        if (r.type === 'CNAME' && question.type !== 'CNAME' && level === 0) {
          const target = String(r.data).toLowerCase();
          const next = zone.get(target);
          if (next && !collect(target, next, 1)) return false;
        }
      }
    }
    return true;
  };
  if (!collect(question.name, records, 0)) return null; // a timeout: no answer at all
  const packet: dnsPacket.Packet = { ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER, answers };
  let encoded: Buffer;
  try {
    encoded = dnsPacket.encode(packet);
  } catch {
    // A record the test wrote that DNS can't carry (a TXT string over 255 bytes): SERVFAIL, not silence.
    return dnsPacket.encode({ ...base, flags: 2 /* SERVFAIL */, answers: [] });
  }
  // Over UDP, an answer larger than the client can take is cut: TC set, no records (RFC 1035 4.2.1, RFC 6891).
  if (!tcp && encoded.length > limit)
    return dnsPacket.encode({ ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.TRUNCATED_RESPONSE, answers: [] });
  return encoded;
}

export async function startDnsServer(initial: Zone = new Map()): Promise<DnsTestServer> {
  // The UDP port picked by the system may be taken over TCP by something else: try another one then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await listen(initial);
    } catch (error) {
      if (attempt >= 5 || (error as { code?: string }).code !== 'EADDRINUSE') throw error;
    }
  }
}

async function listen(initial: Zone): Promise<DnsTestServer> {
  let zone = initial;
  const queries: DnsTestServer['queries'] = [];
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;
  udp.on('message', (message, from) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (q) queries.push({ name: q.name.toLowerCase(), type: q.type, tcp: false });
    const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    const reply = answerFor(zone, query, false, opt?.udpPayloadSize ?? 512);
    if (reply) udp.send(reply, from.port, from.address);
  });
  const tcp = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        const length = buffer.readUInt16BE(0);
        const query = dnsPacket.decode(buffer.subarray(2, 2 + length));
        buffer = buffer.subarray(2 + length);
        const q = query.questions?.[0];
        if (q) queries.push({ name: q.name.toLowerCase(), type: q.type, tcp: true });
        const reply = answerFor(zone, query, true, Infinity);
        if (!reply) continue;
        const framed = Buffer.alloc(2 + reply.length);
        framed.writeUInt16BE(reply.length, 0);
        reply.copy(framed, 2);
        socket.write(framed);
      }
    });
  });
  // The same port number over TCP, as a real server listens (clients retry truncated answers there).
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (error) => {
      udp.close();
      reject(error);
    });
    tcp.listen(port, '127.0.0.1', resolve);
  });
  return {
    port,
    address: `127.0.0.1:${port}`,
    serve(next) {
      zone = next;
    },
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        udp.close();
        tcp.close(() => resolve());
      }),
  };
}
