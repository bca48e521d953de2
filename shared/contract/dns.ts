import { z } from 'zod';
import { Id, Timestamp, mutation, query } from './common';

export const DnsFinding = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  /** The record to publish that fixes it: `name TYPE value`. */
  fix: z.string().optional(),
});
export type DnsFinding = z.infer<typeof DnsFinding>;

export interface SpfTreeNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  record: string | null;
  lookups: number;
  total: number;
  voidLookups: number;
  children: SpfTreeNode[];
  problem?: string | undefined;
}
export const SpfTreeNode: z.ZodType<SpfTreeNode> = z.lazy(() =>
  z.object({
    domain: z.string(),
    via: z.enum(['root', 'include', 'redirect']),
    record: z.string().nullable(),
    lookups: z.int(),
    total: z.int(),
    voidLookups: z.int(),
    children: z.array(SpfTreeNode),
    problem: z.string().optional(),
  }),
);

export const DnsTraceEntry = z.object({
  name: z.string(),
  type: z.string(),
  answer: z.array(z.string()).optional(),
  error: z.string().optional(),
  ms: z.number(),
  tcp: z.boolean(),
  cached: z.boolean(),
  source: z.enum(['live', 'planned']).optional(),
});

const Part = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, findings: z.array(DnsFinding) });

export const DnsCheckReport = z.object({
  domain: z.string(),
  spf: Part({
    records: z.array(z.string()),
    record: z.string().nullable(),
    lookups: z.int(),
    voidLookups: z.int(),
    tree: SpfTreeNode.nullable(),
  }),
  dmarc: Part({ record: z.string().nullable(), tags: z.record(z.string(), z.string()) }),
  mx: Part({ hosts: z.array(z.object({ priority: z.int(), exchange: z.string(), addresses: z.array(z.string()) })) }),
  dkim: Part({
    selectors: z.array(
      z.object({
        selector: z.string(),
        record: z.string().nullable(),
        keyType: z.string().nullable(),
        keyBits: z.int().nullable(),
      }),
    ),
  }),
  mtaSts: Part({ record: z.string().nullable() }),
  tlsRpt: Part({ record: z.string().nullable() }),
  summary: z.object({ errors: z.int(), warnings: z.int() }),
  trace: z.array(DnsTraceEntry),
});
export type DnsCheckReport = z.infer<typeof DnsCheckReport>;

/** Where answers come from: live DNS, the planned zone alone, or the planned zone laid over live DNS. */
export const DnsMode = z.enum(['live', 'planned', 'overlay']);
export type DnsMode = z.infer<typeof DnsMode>;

export const PlannedZone = z.object({
  mailServiceId: Id,
  domain: z.string(),
  /** The zone in master-file format (RFC 1035), as imported or edited. */
  text: z.string(),
  records: z.array(z.object({ name: z.string(), type: z.string(), ttl: z.int(), data: z.array(z.string()), line: z.int() })),
  problems: z.array(z.object({ line: z.int(), message: z.string() })),
  updatedAt: Timestamp.nullable(),
});
export type PlannedZone = z.infer<typeof PlannedZone>;

export const SpfCost = z.object({
  domain: z.string(),
  /** The SPF record answering now in this mode (null: none). */
  current: z.string().nullable(),
  record: z.string(),
  before: z.int(),
  after: z.int(),
  limit: z.int(),
  voidLookups: z.int(),
  bytes: z.int(),
  /** The record as TXT character-strings of at most 255 bytes. */
  strings: z.array(z.string()),
  tree: SpfTreeNode.nullable(),
  findings: z.array(DnsFinding),
});
export type SpfCost = z.infer<typeof SpfCost>;

export const SpfEvalResult = z.object({
  result: z.enum(['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']),
  /** What receivers that read RFC 7208 leniently conclude (mailauth's default mode), when it differs. */
  lenient: z.string().nullable(),
  /** The terms that decided it, outermost first ([]: none matched; null: not worked out, e.g. macros). */
  matched: z.array(z.object({ domain: z.string(), term: z.string() })).nullable(),
  explanation: z.string().nullable(),
  comment: z.string(),
  record: z.string().nullable(),
  lookups: z.object({ count: z.int(), limit: z.int(), void: z.int() }).nullable(),
  trail: z.array(DnsTraceEntry),
});
export type SpfEvalResult = z.infer<typeof SpfEvalResult>;

const Selectors = z.array(z.string().trim().min(1).max(63)).max(10).default([]);

export const dnsContract = {
  'dns.zone': query(z.strictObject({ mailServiceId: Id }), PlannedZone),
  /** Replaces the planned zone (text in master-file format); undoable. Problems are reported, not refused. */
  'dns.saveZone': mutation(z.strictObject({ mailServiceId: Id, text: z.string().max(1024 * 1024) }), PlannedZone, ['dns']),
  /** The security overview: every check, in the chosen mode. Asks DNS (on the DNS worker thread). */
  'dns.check': query(z.strictObject({ mailServiceId: Id, mode: DnsMode.default('live'), selectors: Selectors }), DnsCheckReport),
  /** What an SPF record would cost before it is saved or published: lookups, void lookups, size, the include tree. */
  /** check_host() of RFC 7208 for a client IP and sender, as a receiver would evaluate it, in the chosen mode. */
  'dns.spfEval': query(
    z.strictObject({
      mailServiceId: Id,
      mode: DnsMode.default('live'),
      ip: z.union([z.ipv4(), z.ipv6()]),
      sender: z.string().max(320),
      helo: z.string().max(253).default(''),
    }),
    SpfEvalResult,
  ),
  'dns.spfCost': query(
    z.strictObject({ mailServiceId: Id, mode: DnsMode.default('overlay'), record: z.string().max(4096) }),
    SpfCost,
  ),
};
