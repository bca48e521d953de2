import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDetails, MailService } from '../../../../../shared/contract';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { onChange } from '../../../stores/invalidate';
import { useHasRight } from '../../../stores/use-access-store';
import { AliasesTab } from './AliasesTab';
import { AutoReplyTab } from './AutoReplyTab';
import { FiltersTab } from './FiltersTab';
import { ForwardingTab } from './ForwardingTab';
import { GeneralTab } from './GeneralTab';
import { SieveTab } from './SieveTab';

const TABS = ['general', 'aliases', 'forwarding', 'autoReply', 'filters', 'sieve'] as const;
type Tab = (typeof TABS)[number];

/** Everything about one mailbox, beside the list. */
export function MailboxPanel({ service, mailboxId, onClose }: { service: MailService; mailboxId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [details, setDetails] = useState<MailboxDetails | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<Tab>('general');
  const headingId = useId();
  const baseId = useId();

  const [version, setVersion] = useState(0);
  useEffect(() => onChange(['mailboxes'], () => setVersion((v) => v + 1)), []);
  useEffect(() => {
    let current = true;
    api()
      .mailboxes.details({ id: mailboxId })
      .then((loaded) => {
        if (!current) return;
        setDetails(loaded);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [mailboxId, version]);

  // Locked, or the acting user may only look (the services refuse changes either way).
  const canManage = useHasRight(service.productId, 'manage');
  const readOnly = service.locked || !canManage;
  return (
    <aside
      className="details-panel"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="details-header">
        <h2 id={headingId} className="mono" tabIndex={-1} ref={(el) => el?.focus()}>
          {details?.mailbox.address ?? '…'}
        </h2>
        <button type="button" className="icon-button" aria-label={t('details.close')} onClick={onClose}>
          ×
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <div role="tablist" aria-label={t('details.sections')} className="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${baseId}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${baseId}-${name}-panel`}
            tabIndex={tab === name ? 0 : -1}
            className={tab === name ? 'tab active' : 'tab'}
            onClick={() => setTab(name)}
            onKeyDown={(event) => {
              const at = TABS.indexOf(tab);
              const next =
                event.key === 'ArrowRight'
                  ? TABS[(at + 1) % TABS.length]
                  : event.key === 'ArrowLeft'
                    ? TABS[(at + TABS.length - 1) % TABS.length]
                    : null;
              if (next) {
                setTab(next);
                document.getElementById(`${baseId}-${next}`)?.focus();
              }
            }}
          >
            {t(`details.tabs.${name}`)}
            {name === 'aliases' && details && details.aliases.length > 0 && (
              <span className="count-badge">{details.aliases.length}</span>
            )}
          </button>
        ))}
      </div>
      {details && (
        <div role="tabpanel" id={`${baseId}-${tab}-panel`} aria-labelledby={`${baseId}-${tab}`} className="tab-panel">
          {tab === 'general' && <GeneralTab details={details} service={service} readOnly={readOnly} />}
          {tab === 'aliases' && <AliasesTab details={details} service={service} readOnly={readOnly} />}
          {tab === 'forwarding' && <ForwardingTab details={details} readOnly={readOnly} />}
          {tab === 'autoReply' && <AutoReplyTab details={details} readOnly={readOnly} />}
          {tab === 'filters' && <FiltersTab details={details} readOnly={readOnly} />}
          {tab === 'sieve' && <SieveTab details={details} readOnly={readOnly} />}
        </div>
      )}
    </aside>
  );
}
