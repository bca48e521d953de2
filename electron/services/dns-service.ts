import {
  DnsSettings,
  type DnsCheckReport,
  type ParsedInput,
  type PlannedZone,
  type SpfCost,
  type SpfEvalResult,
} from '../../shared/contract';
import { parseZoneFile } from '../../shared/domain/dns/zonefile';
import { runDnsJob } from '../workers/dns-jobs';
import type { CallContext, ServiceContext } from './context';
import type { MailServicesService } from './mail-services-service';
import type { SettingsService } from './settings-service';

/**
 * DNS of a mail service's domain: the planned zone kept in the workspace, and the checks — live, planned, or
 * planned over live — run on the DNS worker thread with the workspace's resolvers.
 */
export class DnsService {
  constructor(
    private readonly s: ServiceContext,
    private readonly mailServices: MailServicesService,
    private readonly settings: SettingsService,
  ) {}

  zone(input: ParsedInput<'dns.zone'>): PlannedZone {
    const service = this.mailServices.get(input.mailServiceId);
    const row = this.s.db.prepare('SELECT zone_text, updated_at FROM dns_zones WHERE mail_service_id = ?').get(service.id) as
      { zone_text: string; updated_at: string } | undefined;
    const text = row?.zone_text ?? '';
    const parsed = parseZoneFile(text, service.domain);
    return {
      mailServiceId: service.id,
      domain: service.domain,
      text,
      records: parsed.records,
      problems: parsed.problems,
      updatedAt: row?.updated_at ?? null,
    };
  }

  saveZone(input: ParsedInput<'dns.saveZone'>, ctx: CallContext): PlannedZone {
    return this.s.write((now) => {
      const service = this.mailServices.assertWritable(input.mailServiceId);
      const before = this.zone({ mailServiceId: service.id }).text;
      if (before === input.text) return this.zone({ mailServiceId: service.id });
      if (input.text.trim() === '') this.s.db.prepare('DELETE FROM dns_zones WHERE mail_service_id = ?').run(service.id);
      else
        this.s.db
          .prepare(
            `INSERT INTO dns_zones (mail_service_id, zone_text, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (mail_service_id) DO UPDATE SET zone_text = excluded.zone_text, updated_at = excluded.updated_at`,
          )
          .run(service.id, input.text, now);
      this.s.record(
        ctx,
        {
          action: 'dns.zone-update',
          entityType: 'mail-service',
          entityId: service.id,
          organisationId: service.organisationId,
          summary: `${service.domain}: planned DNS zone`,
          before: { text: before },
          after: { text: input.text },
        },
        now,
      );
      return this.zone({ mailServiceId: service.id });
    });
  }

  /** Undo of a zone change: the text as it was. */
  restoreZone(mailServiceId: number, text: string, now: string): void {
    this.mailServices.assertWritable(mailServiceId);
    if (text.trim() === '') this.s.db.prepare('DELETE FROM dns_zones WHERE mail_service_id = ?').run(mailServiceId);
    else
      this.s.db
        .prepare(
          `INSERT INTO dns_zones (mail_service_id, zone_text, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (mail_service_id) DO UPDATE SET zone_text = excluded.zone_text, updated_at = excluded.updated_at`,
        )
        .run(mailServiceId, text, now);
  }

  async check(input: ParsedInput<'dns.check'>): Promise<DnsCheckReport> {
    const job = this.job(input.mailServiceId, input.mode);
    return (await this.run({ ...job, kind: 'check', selectors: input.selectors })) as DnsCheckReport;
  }

  async spfCost(input: ParsedInput<'dns.spfCost'>): Promise<SpfCost> {
    const job = this.job(input.mailServiceId, input.mode);
    return (await this.run({ ...job, kind: 'spf-cost', record: input.record })) as SpfCost;
  }

  async spfEval(input: ParsedInput<'dns.spfEval'>): Promise<SpfEvalResult> {
    const job = this.job(input.mailServiceId, input.mode);
    return (await this.run({ ...job, kind: 'spf-eval', ip: input.ip, sender: input.sender, helo: input.helo })) as SpfEvalResult;
  }

  private job(mailServiceId: number, mode: 'live' | 'planned' | 'overlay') {
    const zone = this.zone({ mailServiceId });
    const settings = DnsSettings.parse(this.settings.get().dns ?? {});
    return {
      domain: zone.domain,
      mode,
      zoneText: mode === 'live' ? '' : zone.text,
      resolvers: settings.resolvers,
      timeoutMs: settings.timeoutMs,
    };
  }

  private run(job: Parameters<typeof runDnsJob>[0]) {
    return (this.s.deps.dns ?? runDnsJob)(job);
  }
}
