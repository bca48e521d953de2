import type { TFunction } from 'i18next';
import type { TemplateSettings } from '../../../../shared/contract';
import { formatNumber } from '../../i18n/format';

/** What a template sets, in a line: "storage 4 GB · forward to crm@… · Sieve “Signups”". */
export function templateSummary(settings: TemplateSettings, t: TFunction, language: string): string {
  const parts: string[] = [];
  if (settings.storageQuotaMb !== null) {
    const gb = formatNumber(settings.storageQuotaMb / 1024, language, { maximumFractionDigits: 2 });
    parts.push(t('templates.summary.storageQuota', { gb }));
  }
  const f = settings.forwarding;
  if (f)
    parts.push(
      f.targets.length === 0
        ? t('templates.summary.forwardingOff')
        : t('templates.summary.forwarding', { targets: f.targets.join(', ') }),
    );
  const r = settings.autoReply;
  if (r) parts.push(t(r.active ? 'templates.summary.autoReplyOn' : 'templates.summary.autoReply', { name: r.name }));
  const fl = settings.filters;
  if (fl) {
    const on = (['spam', 'promotions', 'social'] as const).filter((k) => fl.settings[k]).map((k) => t(`filters.${k}`));
    parts.push(on.length ? t('templates.summary.filters', { on: on.join(', ') }) : t('templates.summary.filtersNone'));
  }
  if (settings.sieve) parts.push(t('templates.summary.sieve', { name: settings.sieve.name }));
  return parts.length ? parts.join(' · ') : t('templates.summary.nothing');
}
