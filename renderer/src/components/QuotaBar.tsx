import { useTranslation } from 'react-i18next';
import { formatLocale } from '../i18n/format';

/** Used / available addresses of a mail service. */
export function QuotaBar({ used, quota, label }: { used: number; quota: number; label: string }) {
  const { t, i18n } = useTranslation();
  const ratio = quota > 0 ? Math.min(1, used / quota) : 1;
  const level = ratio >= 1 ? 'full' : ratio >= 0.9 ? 'high' : 'ok';
  const fmt = new Intl.NumberFormat(formatLocale(i18n.language));
  const text = t('quota.usage', {
    used: fmt.format(used),
    quota: fmt.format(quota),
    free: fmt.format(Math.max(0, quota - used)),
  });
  return (
    <div className="quota">
      <div
        className={`quota-bar quota-${level}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={quota}
        aria-valuenow={used}
        aria-valuetext={text}
      >
        <div className="quota-fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      <span className="quota-text">{text}</span>
    </div>
  );
}
