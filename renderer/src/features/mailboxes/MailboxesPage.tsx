import { useEffect, useId, useState } from 'react';
import { ServicePicker } from '../../components/ServicePicker';
import { useTranslation } from 'react-i18next';
import type { Mailbox } from '../../../../shared/contract';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { QuotaBar } from '../../components/QuotaBar';
import { formatNumber } from '../../i18n/format';
import { useLayoutStore } from '../../stores/use-layout-store';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { useCurrentOrganisation } from '../../stores/use-organisations-store';
import { useProductsStore } from '../../stores/use-products-store';
import { useCan, useHasRight } from '../../stores/use-access-store';
import { AddMailServiceDialog, EditMailServiceDialog } from '../overview/MailServiceDialogs';
import { BulkBar } from './BulkBar';
import { ColumnsMenu } from './ColumnsMenu';
import { MailboxPanel } from './details/MailboxPanel';
import { DeleteSelectionDialog } from './BulkDialogs';
import { MailboxDialog } from './MailboxDialogs';
import { MailboxFilters } from './MailboxFilters';
import { MailboxTable } from './MailboxTable';
import { TemplatesDialog } from '../templates/TemplatesDialog';

type Open =
  { kind: 'add' } | { kind: 'delete' } | { kind: 'raise-quota' } | { kind: 'add-service' } | { kind: 'templates' } | null;

export function MailboxesPage() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation();
  const services = useProductsStore((s) => s.services);
  const loaded = useProductsStore((s) => s.loaded);
  const serviceId = useMailboxesStore((s) => s.serviceId);
  const setService = useMailboxesStore((s) => s.setService);
  const loadLayout = useLayoutStore((s) => s.load);
  const generation = useMailboxesStore((s) => s.generation);
  const listLoaded = useMailboxesStore((s) => s.loaded);
  const [open, setOpen] = useState<Open>(null);
  const [details, setDetails] = useState<Mailbox | null>(null);

  const service = services.find((s) => s.id === serviceId) ?? null;
  // Users with only the "use" right see the mailboxes but can't change them (the services refuse it too).
  const canManage = useHasRight(service?.productId, 'manage');
  const canAddService = useCan('create-product');
  useEffect(() => {
    // Keep the picked service when it belongs to this organisation; else take the first.
    if (loaded && !service) setService(services[0]?.id ?? null);
  }, [loaded, service, services, setService]);
  useEffect(() => {
    void loadLayout();
  }, [loadLayout]);

  if (!organisation || !loaded) return null;
  if (services.length === 0) {
    return (
      <div className="page">
        <PageHeader title={t('nav.mailboxes')} />
        <EmptyState
          title={t('mailboxes.noServiceTitle')}
          action={
            canAddService && (
              <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'add-service' })}>
                <Icon name="plus" size={16} />
                {t('services.add')}
              </button>
            )
          }
        >
          <p>{t('mailboxes.noServiceText', { organisation: organisation.name })}</p>
        </EmptyState>
        {open?.kind === 'add-service' && <AddMailServiceDialog organisationId={organisation.id} onClose={() => setOpen(null)} />}
      </div>
    );
  }
  if (!service) return null;

  const full = service.addressesUsed >= service.addressQuota;
  const blocked = service.locked ? t('mailboxes.lockedNotice') : !canManage ? t('mailboxes.useOnlyNotice') : null;
  return (
    <div className="page page-wide">
      <PageHeader
        title={t('nav.mailboxes')}
        subtitle={service.domain}
        actions={
          services.length > 1 && (
            <div className="inline-field">
              <ServicePicker services={services} value={service.id} onChange={setService} />
            </div>
          )
        }
      />
      <QuotaBar
        used={service.addressesUsed}
        quota={service.addressQuota}
        label={t('services.quotaLabel', { domain: service.domain })}
      />
      {blocked && <p className="notice notice-warning">{blocked}</p>}
      {service.maintenance && <p className="notice notice-warning">{t('mailboxes.maintenanceNotice')}</p>}
      {!blocked && full && (
        <div className="notice notice-info">
          <span>{t('mailboxes.quotaFull', { quota: service.addressQuota })}</span>
          <button type="button" className="button button-small" onClick={() => setOpen({ kind: 'raise-quota' })}>
            {t('mailboxes.raiseQuota')}
          </button>
        </div>
      )}
      <Toolbar
        onTemplates={() => setOpen({ kind: 'templates' })}
        onAdd={() => setOpen({ kind: 'add' })}
        addDisabledReason={blocked ?? (full ? t('mailboxes.quotaFullShort') : null)}
      />
      <BulkBar service={service} readOnly={blocked !== null} onDelete={() => setOpen({ kind: 'delete' })} />
      {/* data-*: which query is on screen and whether it has landed (for tests and the UI benchmark). */}
      <div className="mailbox-area" data-generation={generation} data-loading={!listLoaded}>
        <MailboxList
          readOnly={blocked !== null}
          canAdd={!blocked && !full}
          onAdd={() => setOpen({ kind: 'add' })}
          onOpen={setDetails}
          onDelete={() => setOpen({ kind: 'delete' })}
        />
        {details && <MailboxPanel key={details.id} service={service} mailboxId={details.id} onClose={() => setDetails(null)} />}
      </div>
      {open?.kind === 'add' && <MailboxDialog service={service} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <DeleteSelectionDialog service={service} onClose={() => setOpen(null)} />}
      {open?.kind === 'templates' && (
        <TemplatesDialog service={service} readOnly={blocked !== null} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'raise-quota' && <EditMailServiceDialog service={service} onClose={() => setOpen(null)} />}
    </div>
  );
}

function Toolbar({
  onAdd,
  onTemplates,
  addDisabledReason,
}: {
  onAdd: () => void;
  onTemplates: () => void;
  addDisabledReason: string | null;
}) {
  const { t } = useTranslation();
  // Every keystroke queries SQL at once (≈10 ms); answers to superseded queries are dropped by the store.
  const search = useMailboxesStore((s) => s.query.search);
  const setSearch = useMailboxesStore((s) => s.setSearch);
  const searchId = useId();
  const reasonId = useId();
  return (
    <div className="toolbar" role="search">
      <div className="search-field">
        <Icon name="search" size={16} />
        <label htmlFor={searchId} className="visually-hidden">
          {t('mailboxes.search')}
        </label>
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder={t('mailboxes.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <MailboxFilters />
      <ColumnsMenu />
      <div className="toolbar-end">
        <button type="button" className="button" onClick={onTemplates}>
          {t('templates.manage')}
        </button>
        {addDisabledReason && (
          <span id={reasonId} className="muted small">
            {addDisabledReason}
          </span>
        )}
        <button
          type="button"
          className="button button-primary"
          onClick={onAdd}
          disabled={addDisabledReason !== null}
          aria-describedby={addDisabledReason ? reasonId : undefined}
        >
          <Icon name="plus" size={16} />
          {t('mailboxes.add')}
        </button>
      </div>
    </div>
  );
}

interface MailboxListProps {
  readOnly: boolean;
  canAdd: boolean;
  onAdd: () => void;
  onOpen: (mailbox: Mailbox) => void;
  onDelete: () => void;
}

function MailboxList({ readOnly, canAdd, onAdd, onOpen, onDelete }: MailboxListProps) {
  const { t, i18n } = useTranslation();
  const total = useMailboxesStore((s) => s.total);
  const loaded = useMailboxesStore((s) => s.loaded);
  const error = useMailboxesStore((s) => s.error);
  const query = useMailboxesStore((s) => s.query);
  const filtered = query.search !== '' || Object.values(query.filter).some((v) => v !== undefined);

  if (error) return <ErrorMessage error={error} />;
  if (loaded && total === 0) {
    return filtered ? (
      <EmptyState title={t('mailboxes.noMatchTitle')}>
        <p>{t('mailboxes.noMatchText')}</p>
      </EmptyState>
    ) : (
      <EmptyState
        title={t('mailboxes.emptyTitle')}
        action={
          canAdd && (
            <button type="button" className="button button-primary" onClick={onAdd}>
              {t('mailboxes.addFirst')}
            </button>
          )
        }
      >
        <p>{t('mailboxes.emptyText')}</p>
      </EmptyState>
    );
  }
  return (
    <div className="mailbox-list">
      <p className="muted small" aria-live="polite">
        {loaded ? t('mailboxes.count', { count: total, formatted: formatNumber(total, i18n.language) }) : t('common.loading')}
      </p>
      <MailboxTable onOpen={onOpen} onDelete={onDelete} readOnly={readOnly} />
      <p className="muted small keyboard-hint">{t('mailboxes.keyboardHint')}</p>
    </div>
  );
}
