import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mailbox, MailboxSortColumn, MailService } from '../../../../shared/contract';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { QuotaBar } from '../../components/QuotaBar';
import { PAGE_SIZE, useMailboxesStore } from '../../stores/use-mailboxes-store';
import { useProductsStore } from '../../stores/use-products-store';
import { formatDateTime, formatLocale } from '../../i18n/format';
import { AddMailServiceDialog, EditMailServiceDialog } from '../overview/MailServiceDialogs';
import { useCurrentOrganisation } from '../../stores/use-organisations-store';
import { DeleteMailboxesDialog, MailboxDialog, gbText } from './MailboxDialogs';

type Open =
  { kind: 'add' } | { kind: 'edit' | 'delete'; mailbox: Mailbox } | { kind: 'raise-quota' } | { kind: 'add-service' } | null;

export function MailboxesPage() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation();
  const services = useProductsStore((s) => s.services);
  const loaded = useProductsStore((s) => s.loaded);
  const serviceId = useMailboxesStore((s) => s.serviceId);
  const setService = useMailboxesStore((s) => s.setService);
  const [open, setOpen] = useState<Open>(null);
  const pickerId = useId();

  const service = services.find((s) => s.id === serviceId) ?? null;
  useEffect(() => {
    // Keep the picked service when it belongs to this organisation; else take the first.
    if (loaded && !service) setService(services[0]?.id ?? null);
  }, [loaded, service, services, setService]);

  if (!organisation || !loaded) return null;
  if (services.length === 0) {
    return (
      <div className="page">
        <PageHeader title={t('nav.mailboxes')} />
        <EmptyState
          title={t('mailboxes.noServiceTitle')}
          action={
            <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'add-service' })}>
              <Icon name="plus" size={16} />
              {t('services.add')}
            </button>
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
  const blocked = service.locked ? t('mailboxes.lockedNotice') : service.maintenance ? t('mailboxes.maintenanceNotice') : null;
  return (
    <div className="page">
      <PageHeader
        title={t('nav.mailboxes')}
        subtitle={service.domain}
        actions={
          services.length > 1 && (
            <div className="inline-field">
              <label htmlFor={pickerId}>{t('mailboxes.service')}</label>
              <select id={pickerId} className="input" value={service.id} onChange={(e) => setService(Number(e.target.value))}>
                {services.map((s: MailService) => (
                  <option key={s.id} value={s.id}>
                    {s.domain}
                  </option>
                ))}
              </select>
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
      {!blocked && full && (
        <div className="notice notice-info">
          <span>{t('mailboxes.quotaFull', { quota: service.addressQuota })}</span>
          <button type="button" className="button button-small" onClick={() => setOpen({ kind: 'raise-quota' })}>
            {t('mailboxes.raiseQuota')}
          </button>
        </div>
      )}
      <MailboxToolbar
        onAdd={() => setOpen({ kind: 'add' })}
        addDisabledReason={blocked ?? (full ? t('mailboxes.quotaFullShort') : null)}
      />
      <MailboxTable
        readOnly={blocked !== null}
        onEdit={(mailbox) => setOpen({ kind: 'edit', mailbox })}
        onDelete={(mailbox) => setOpen({ kind: 'delete', mailbox })}
        onAdd={() => setOpen({ kind: 'add' })}
        canAdd={!blocked && !full}
      />
      {open?.kind === 'add' && <MailboxDialog service={service} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && <MailboxDialog service={service} mailbox={open.mailbox} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <DeleteMailboxesDialog mailboxes={[open.mailbox]} onClose={() => setOpen(null)} />}
      {open?.kind === 'raise-quota' && <EditMailServiceDialog service={service} onClose={() => setOpen(null)} />}
    </div>
  );
}

function MailboxToolbar({ onAdd, addDisabledReason }: { onAdd: () => void; addDisabledReason: string | null }) {
  const { t } = useTranslation();
  const query = useMailboxesStore((s) => s.query);
  const setQuery = useMailboxesStore((s) => s.setQuery);
  const [search, setSearch] = useState(query.search);
  const searchId = useId();
  const stateId = useId();
  const reasonId = useId();
  useEffect(() => {
    if (search === query.search) return;
    const timer = window.setTimeout(() => setQuery({ search }), 150);
    return () => window.clearTimeout(timer);
  }, [search, query.search, setQuery]);
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
      <div className="inline-field">
        <label htmlFor={stateId}>{t('mailboxes.state')}</label>
        <select
          id={stateId}
          className="input"
          value={query.state}
          onChange={(e) => setQuery({ state: e.target.value as '' | 'planned' | 'created' })}
        >
          <option value="">{t('mailboxes.states.all')}</option>
          <option value="planned">{t('mailboxes.states.planned')}</option>
          <option value="created">{t('mailboxes.states.created')}</option>
        </select>
      </div>
      <div className="toolbar-end">
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

const COLUMNS: { key: MailboxSortColumn; label: string; numeric?: boolean }[] = [
  { key: 'address', label: 'mailboxes.address' },
  { key: 'displayName', label: 'mailboxes.displayName' },
  { key: 'storageQuotaMb', label: 'mailboxes.quota', numeric: true },
  { key: 'state', label: 'mailboxes.state' },
  { key: 'updatedAt', label: 'mailboxes.updatedAt' },
];

interface MailboxTableProps {
  readOnly: boolean;
  canAdd: boolean;
  onEdit: (mailbox: Mailbox) => void;
  onDelete: (mailbox: Mailbox) => void;
  onAdd: () => void;
}

function MailboxTable({ readOnly, canAdd, onEdit, onDelete, onAdd }: MailboxTableProps) {
  const { t, i18n } = useTranslation();
  const rows = useMailboxesStore((s) => s.rows);
  const total = useMailboxesStore((s) => s.total);
  const query = useMailboxesStore((s) => s.query);
  const loading = useMailboxesStore((s) => s.loading);
  const error = useMailboxesStore((s) => s.error);
  const setQuery = useMailboxesStore((s) => s.setQuery);
  const filtered = query.search !== '' || query.state !== '';

  if (error) return <ErrorMessage error={error} />;
  if (!loading && total === 0) {
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

  const sortBy = (column: MailboxSortColumn) =>
    setQuery({
      sort: { column, direction: query.sort.column === column && query.sort.direction === 'asc' ? 'desc' : 'asc' },
    });
  const from = total === 0 ? 0 : query.offset + 1;
  const to = query.offset + rows.length;
  const fmt = new Intl.NumberFormat(formatLocale(i18n.language));

  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-busy={loading} aria-describedby="mailbox-range">
          <caption className="visually-hidden">{t('mailboxes.tableCaption')}</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = query.sort.column === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'numeric' : undefined}
                    aria-sort={active ? (query.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
                      {t(c.label)}
                      <span aria-hidden="true" className="sort-indicator">
                        {active ? (query.sort.direction === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id}>
                <td className="mono">{m.address}</td>
                <td>{m.displayName}</td>
                <td className="numeric">{t('mailboxes.quotaValue', { gb: gbText(m.storageQuotaMb, i18n.language) })}</td>
                <td>
                  <span className={`badge badge-${m.state}`}>{t(`mailboxes.states.${m.state}`)}</span>
                </td>
                <td>{formatDateTime(m.updatedAt, i18n.language)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => onEdit(m)}
                    disabled={readOnly}
                    aria-label={t('mailboxes.editNamed', { address: m.address })}
                  >
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-ghost"
                    onClick={() => onDelete(m)}
                    disabled={readOnly}
                    aria-label={t('mailboxes.deleteNamed', { address: m.address })}
                  >
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t('mailboxes.paging')}>
        <span id="mailbox-range">
          {t('mailboxes.range', { from: fmt.format(from), to: fmt.format(to), total: fmt.format(total) })}
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={query.offset === 0}
          onClick={() => setQuery({ offset: Math.max(0, query.offset - PAGE_SIZE) })}
        >
          {t('common.previous')}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={to >= total}
          onClick={() => setQuery({ offset: query.offset + PAGE_SIZE })}
        >
          {t('common.next')}
        </button>
      </nav>
    </>
  );
}
