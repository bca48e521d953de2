import { afterEach, describe, expect, it } from 'vitest';
import { DnsClient, type DnsError, checkName, parseServer } from '../../electron/dns/client';
import { type DnsTestServer, type Zone, startDnsServer } from '../helpers/dns-server';

const servers: DnsTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(zone: Zone) {
  const server = await startDnsServer(zone);
  servers.push(server);
  return { server, client: new DnsClient({ servers: [parseServer(server.address)], timeoutMs: 300, tries: 2 }) };
}
const txt = (...strings: string[]) => ({ type: 'TXT', data: strings.map((s) => Buffer.from(s)) });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: DnsError) => e.code,
  );

describe('the DNS client', () => {
  it('asks over UDP, falls back to TCP for a truncated answer, and joins nothing it should not', async () => {
    const big = Array.from({ length: 12 }, (_, i) => `include:_spf${i}.example.com`.padEnd(200, ' x'));
    const { server, client } = await serve(
      new Map([
        ['example.com', [txt('v=spf1 -all'), txt('other'), { type: 'MX', data: { preference: 10, exchange: 'mx.example.com' } }]],
        ['big.example.com', [txt(...big)]],
      ]),
    );
    expect(await client.resolve('Example.COM.', 'TXT')).toEqual([['v=spf1 -all'], ['other']]);
    expect(await client.resolve('example.com', 'MX')).toEqual([{ exchange: 'mx.example.com', priority: 10 }]);
    expect(await client.resolve('big.example.com', 'TXT')).toEqual([big]);
    expect(server.queries.filter((q) => q.name === 'big.example.com').map((q) => q.tcp)).toEqual([false, true]);
    expect(client.trace().find((e) => e.name === 'big.example.com')).toMatchObject({ tcp: true, cached: false });
  });

  it('tells no such name from no such record, sends names Node refuses, and caches per client', async () => {
    const { server, client } = await serve(
      new Map([
        ['a.example.com', [{ type: 'A', data: '192.0.2.1' }]],
        ['1.2.3.4:x y.example.com', [txt('odd but real')]],
      ]),
    );
    expect(await code(client.resolve('nope.example.com', 'TXT'))).toBe('ENOTFOUND');
    expect(await code(client.resolve('a.example.com', 'TXT'))).toBe('ENODATA');
    expect(await client.resolve('1.2.3.4:x y.example.com', 'TXT')).toEqual([['odd but real']]);
    await client.resolve('a.example.com', 'A');
    await client.resolve('A.example.com', 'A');
    expect(server.queries.filter((q) => q.name === 'a.example.com' && q.type === 'A')).toHaveLength(1);
    expect(client.trace().at(-1)).toMatchObject({ name: 'A.example.com', cached: true });
  });

  it('gives up on a silent server after its tries, quickly', async () => {
    const { server, client } = await serve(new Map([['slow.example.com', ['TIMEOUT']]]));
    const started = Date.now();
    expect(await code(client.resolve('slow.example.com', 'TXT'))).toBe('ETIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.queries.filter((q) => q.name === 'slow.example.com')).toHaveLength(2);
  });

  it('refuses names DNS cannot carry before sending them, and resolver addresses it cannot use', () => {
    expect(() => checkName(`${'a'.repeat(64)}.example.com`)).toThrow(/63 octets/);
    expect(() => checkName(`${'abcdefghi.'.repeat(26)}com`)).toThrow(/253 octets/);
    expect(() => checkName('a..example.com')).toThrow(/empty label/);
    expect(checkName(`${'a'.repeat(63)}.example.com.`)).toBe(`${'a'.repeat(63)}.example.com`);
    expect(parseServer('127.0.0.1:5353')).toEqual({ host: '127.0.0.1', port: 5353 });
    expect(parseServer('[::1]:53')).toEqual({ host: '::1', port: 53 });
    expect(parseServer('9.9.9.9')).toEqual({ host: '9.9.9.9', port: 53 });
    expect(() => parseServer('dns.example.com')).toThrow(/not a resolver address/);
    expect(() => parseServer('127.0.0.1:99999')).toThrow();
  });
});
