import crypto from 'node:crypto';
import type { Zone, ZoneRecord } from './dns-server';

const txt = (...strings: string[]): ZoneRecord => ({ type: 'TXT', data: strings.map((s) => Buffer.from(s)) });
const a = (ip: string): ZoneRecord => ({ type: 'A', data: ip });

/** A DKIM p= value: the base64 SPKI of a fresh RSA key of this size. */
export function dkimKey(bits: number): string {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

/**
 * A mail domain as the provider sets them up, served on loopback for the tests and the benchmark:
 * muster.ch includes the provider's SPF, which includes two more levels (3 nested includes in all),
 * and Google's include is there to be added (itself 3 more lookups).
 */
export function mailZone(options: { dkimBits?: number; domain?: string } = {}): Zone {
  const d = options.domain ?? 'muster.ch';
  const key = dkimKey(options.dkimBits ?? 2048);
  return new Map<string, ZoneRecord[]>([
    [
      d,
      [
        txt('v=spf1 include:spf.infomaniak.ch -all'),
        txt('google-site-verification=abc'),
        { type: 'MX', data: { preference: 5, exchange: 'mta-gw.infomaniak.ch' } },
      ],
    ],
    [`_dmarc.${d}`, [txt(`v=DMARC1; p=quarantine; rua=mailto:dmarc@${d},mailto:reports@dmarc-service.example`)]],
    // As providers publish keys: the p= value cut into 255-byte strings.
    [`mail._domainkey.${d}`, [txt('v=DKIM1; k=rsa; p=', ...(key.match(/.{1,255}/g) ?? []))]],
    ['spf.infomaniak.ch', [txt('v=spf1 include:spf1.infomaniak.ch ip4:83.166.143.0/24 ~all')]],
    ['spf1.infomaniak.ch', [txt('v=spf1 include:spf2.infomaniak.ch ip4:185.125.24.0/22 ~all')]],
    ['spf2.infomaniak.ch', [txt('v=spf1 ip6:2001:1600::/32 a:relay.infomaniak.ch ~all')]],
    ['relay.infomaniak.ch', [a('83.166.143.10')]],
    ['mta-gw.infomaniak.ch', [a('83.166.143.50'), { type: 'AAAA', data: '2001:1600:0:aaaa::50' }]],
    [
      '_spf.google.com',
      [txt('v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all')],
    ],
    ['_netblocks.google.com', [txt('v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all')]],
    ['_netblocks2.google.com', [txt('v=spf1 ip6:2001:4860:4000::/36 ~all')]],
    ['_netblocks3.google.com', [txt('v=spf1 ip4:172.217.0.0/19 ~all')]],
    // A domain with everything wrong, for the findings.
    [
      'broken.example',
      [txt('v=spf1 +all'), txt('v=spf1 -all'), { type: 'MX', data: { preference: 10, exchange: 'mx-alias.broken.example' } }],
    ],
    ['mx-alias.broken.example', [{ type: 'CNAME', data: 'real-mx.broken.example' }]],
    ['real-mx.broken.example', [a('192.0.2.25')]],
    ['_dmarc.broken.example', [txt('v=DMARC1; p=maybe; rua=https://reports.example; pct=150')]],
    ['weak._domainkey.broken.example', [txt(...(`v=DKIM1; p=${dkimKey(1024)}`.match(/.{1,255}/g) ?? []))]],
    ['loop.example', [txt('v=spf1 include:loop2.example -all')]],
    ['loop2.example', [txt('v=spf1 include:loop.example -all')]],
  ]);
}
