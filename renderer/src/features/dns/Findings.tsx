import { useTranslation } from 'react-i18next';
import type { DnsFinding } from '../../../../shared/contract';
import { copyText } from './RecordActions';

/** Findings in words, worst first, each fix as the exact record to publish with a copy button. */
export function Findings({ findings }: { findings: readonly DnsFinding[] }) {
  const { t } = useTranslation();
  if (findings.length === 0) return null;
  const order = { error: 0, warning: 1, info: 2 } as const;
  return (
    <ul className="dns-findings">
      {[...findings]
        .sort((a, b) => order[a.severity] - order[b.severity])
        .map((f, i) => (
          <li key={`${f.code}-${i}`} className={`dns-finding ${f.severity}`}>
            <span className={`badge badge-${f.severity === 'error' ? 'danger' : f.severity === 'warning' ? 'warning' : 'info'}`}>
              {t(`dns.severity.${f.severity}`)}
            </span>{' '}
            {/* The code's name in the user's language; the detail names the records, as the CLI prints it. */}
            <strong>{t(`dns.codes.${f.code}`, { defaultValue: f.code })}</strong> <code className="muted small">{f.code}</code>
            <div className="small">{f.message}</div>
            {f.fix && (
              <div className="dns-fix">
                <code>{f.fix}</code>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t('dns.copyFix', { fix: f.fix })}
                  onClick={() => copyText(f.fix!, t)}
                >
                  {t('dns.copy')}
                </button>
              </div>
            )}
          </li>
        ))}
    </ul>
  );
}
