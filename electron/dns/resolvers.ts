import type { ZoneRecord } from '../../shared/domain/dns/zonefile';
import { type DnsClient, DnsError, type RecordType, type TraceEntry } from './client';

/** What the checks need from DNS: answers shaped as Node's `dns.promises.resolve` gives them, and a trace. */
export interface Resolver {
  resolve(name: string, type: string): Promise<unknown[]>;
  trace(): (TraceEntry & { source?: 'live' | 'planned' })[];
}

export type ZoneMode = 'live' | 'planned' | 'overlay';

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

function shaped(records: ZoneRecord[], type: RecordType): unknown[] {
  switch (type) {
    case 'TXT':
      return records.map((r) => r.data);
    case 'MX':
      return records.map((r) => ({ priority: Number(r.data[0]), exchange: r.data[1] ?? '' }));
    default:
      return records.map((r) => r.data.join(' '));
  }
}

/**
 * The planned zone (records being prepared, or an imported zone file) answering for names under its origin,
 * alone ('planned') or laid over live DNS ('overlay': a name and type the plan has replace what is published,
 * the rest is asked live). Names outside the origin — an include of Google's, say — are always asked live.
 */
export class PlannedResolver implements Resolver {
  private readonly byName = new Map<string, ZoneRecord[]>();
  private readonly entries: (TraceEntry & { source: 'live' | 'planned' })[] = [];
  private liveSeen = 0;

  constructor(
    private readonly origin: string,
    records: readonly ZoneRecord[],
    private readonly mode: Exclude<ZoneMode, 'live'>,
    private readonly live: DnsClient,
  ) {
    for (const r of records) this.byName.set(bare(r.name), [...(this.byName.get(bare(r.name)) ?? []), r]);
  }

  trace() {
    // Live entries are interleaved in the order they were asked.
    const fresh = this.live.trace().slice(this.liveSeen);
    this.liveSeen += fresh.length;
    this.entries.push(...fresh.map((e) => ({ ...e, source: 'live' as const })));
    return [...this.entries];
  }

  async resolve(name: string, type: string): Promise<unknown[]> {
    const t = type.toUpperCase() as RecordType;
    const n = bare(name);
    const inZone = n === this.origin || n.endsWith(`.${this.origin}`);
    if (!inZone) return this.asked(() => this.live.resolve(name, t));
    const here = this.byName.get(n) ?? [];
    const ofType = here.filter((r) => r.type === t);
    const cname = here.find((r) => r.type === 'CNAME');
    if (this.mode === 'overlay' && ofType.length === 0 && !cname) return this.asked(() => this.live.resolve(name, t));
    const started = performance.now();
    const note = (entry: Partial<TraceEntry>) => {
      this.trace();
      this.entries.push({
        name,
        type: t,
        ms: Math.round((performance.now() - started) * 10) / 10,
        tcp: false,
        cached: false,
        source: 'planned',
        ...entry,
      });
    };
    if (ofType.length > 0) {
      const answer = shaped(ofType, t);
      note({ answer: answer.map((a) => JSON.stringify(a)) });
      return answer;
    }
    if (cname && t !== 'CNAME') {
      note({ answer: [`CNAME ${cname.data[0]}`] });
      return this.resolve(cname.data[0]!, t);
    }
    // A name with nothing of this type: NODATA; a name the zone doesn't have: NXDOMAIN (no wildcards here).
    const exists = here.length > 0 || [...this.byName.keys()].some((k) => k.endsWith(`.${n}`));
    const error = new DnsError(
      exists ? 'ENODATA' : 'ENOTFOUND',
      `${name}: ${exists ? `no ${t} record` : 'no such name'} in the planned zone`,
    );
    note({ error: error.code });
    throw error;
  }

  private async asked<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      this.trace();
    }
  }
}

/** Live DNS only. */
export class LiveResolver implements Resolver {
  constructor(private readonly client: DnsClient) {}
  resolve(name: string, type: string) {
    return this.client.resolve(name, type);
  }
  trace() {
    return this.client.trace().map((e) => ({ ...e, source: 'live' as const }));
  }
}
