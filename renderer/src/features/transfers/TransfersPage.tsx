import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ALL_CHANGE_AREAS, type Transfer } from '../../../../shared/contract';
import { isTransferable } from '../../../../shared/domain/transfer/transfer';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { download } from '../../components/download';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../api';
import { formatDateTime } from '../../i18n/format';
import { useErrorText } from '../../i18n/use-error-text';
import { useAccessStore, useCan } from '../../stores/use-access-store';
import { invalidate } from '../../stores/invalidate';
import { useCurrentOrganisation, useOrganisationsStore } from '../../stores/use-organisations-store';
import { useProductsStore } from '../../stores/use-products-store';
import { toast } from '../../stores/use-toast-store';
import { useTransfersStore } from '../../stores/use-transfers-store';
import { ReceiveSection } from './ReceiveSection';

export function TransfersPage() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation();
  const canTransfer = useCan('transfer');
  const load = useTransfersStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load, organisation?.id]);
  if (!organisation) return null;
  return (
    <div className="page">
      <PageHeader title={t('nav.transfers')} subtitle={t('transfers.subtitle')} />
      {!canTransfer && <p className="notice notice-info">{t('transfers.managersOnly', { organisation: organisation.name })}</p>}
      <div className="transfer-columns">
        {/* Keyed: another organisation starts a fresh form. */}
        {canTransfer && <CreateSection key={organisation.id} />}
        <ReceiveSection />
      </div>
      {canTransfer && <TransferList />}
    </div>
  );
}

function CreateSection() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation()!;
  const products = useProductsStore((s) => s.products);
  const me = useAccessStore((s) => s.me);
  const transfers = useTransfersStore((s) => s.transfers);
  const pendingIds = new Set(
    transfers.filter((tr) => tr.state === 'pending').flatMap((tr) => tr.products.map((p) => p.productId)),
  );
  const [picked, setPicked] = useState<number[]>([]);
  const [days, setDays] = useState(7);
  const [terms, setTerms] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ link: string; transfer: Transfer } | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api().transfers.create({
        organisationId: organisation.id,
        productIds: picked,
        acceptTerms: true,
        validDays: days,
      });
      setCreated(result);
      setPicked([]);
      setTerms(false);
      await useTransfersStore.getState().load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="send-heading">
      <h2 id="send-heading">{t('transfers.send')}</h2>
      {created ? (
        <CreatedLink
          created={created}
          destinations={(me?.memberships ?? []).filter((m) => m.organisationId !== organisation.id)}
          onDone={() => setCreated(null)}
        />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <fieldset className="rights">
            <legend>{t('transfers.pickProducts')}</legend>
            {products.length === 0 && <p className="muted">{t('transfers.noProducts')}</p>}
            {products.map((p) => {
              const pending = pendingIds.has(p.id);
              const allowed = isTransferable(p.kind) && !pending;
              return (
                <label key={p.id} className="checkbox">
                  <input
                    type="checkbox"
                    disabled={!allowed}
                    checked={picked.includes(p.id)}
                    aria-describedby={allowed ? undefined : `ksuite-${p.id}`}
                    onChange={(e) => setPicked(e.target.checked ? [...picked, p.id] : picked.filter((id) => id !== p.id))}
                  />
                  <span>
                    {p.name} <span className="muted">({t(`products.kinds.${p.kind}`)})</span>
                    {!allowed && (
                      <span id={`ksuite-${p.id}`} className="field-hint">
                        {pending ? t('transfers.inPending') : t('transfers.ksuiteExcluded')}
                      </span>
                    )}
                  </span>
                </label>
              );
            })}
          </fieldset>
          <div className="field">
            <label htmlFor="transfer-days">{t('transfers.validDays')}</label>
            <input
              id="transfer-days"
              className="input input-compact"
              type="number"
              min={1}
              max={30}
              value={days}
              onChange={(e) => setDays(Math.min(30, Math.max(1, Number(e.target.value) || 7)))}
            />
          </div>
          <p className="notice notice-info">{t('transfers.staysBehind', { organisation: organisation.name })}</p>
          <label className="checkbox">
            <input type="checkbox" checked={terms} onChange={(e) => setTerms(e.target.checked)} />
            <span>{t('transfers.acceptTerms')}</span>
          </label>
          {error !== null && <ErrorMessage error={error} />}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={picked.length === 0 || !terms || busy}>
              {t('transfers.create')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function CreatedLink({
  created,
  destinations,
  onDone,
}: {
  created: { link: string; transfer: Transfer };
  destinations: { organisationId: number; role: string }[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [copied, setCopied] = useState(false);
  const [into, setInto] = useState('');
  const [receiver, setReceiver] = useState('');
  const receiverOk = /^[^\s@?&#]+@[^\s@?&#]+\.[^\s@?&#]+$/.test(receiver.trim());
  const names = created.transfer.products.map((p) => p.name).join(', ');
  // The app only hands mail links with a recipient to the mail program (electron/security/external-links.ts).
  const mailto = `mailto:${receiver.trim()}?subject=${encodeURIComponent(t('transfers.mailSubject', { products: names }))}&body=${encodeURIComponent(
    t('transfers.mailBody', {
      products: names,
      link: created.link,
      expires: formatDateTime(created.transfer.expiresAt, i18n.language),
    }),
  )}`;
  const managed = destinations.filter((d) => d.role === 'legal-representative' || d.role === 'administrator');
  return (
    <div className="created-link">
      <p role="status">
        {t('transfers.created', { products: names, expires: formatDateTime(created.transfer.expiresAt, i18n.language) })}
      </p>
      <label htmlFor="transfer-link">{t('transfers.link')}</label>
      <input id="transfer-link" className="input mono" readOnly value={created.link} onFocus={(e) => e.target.select()} />
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() =>
            void navigator.clipboard.writeText(created.link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('transfers.copied') : t('transfers.copy')}
        </button>
        <button type="button" className="button" onClick={() => void exportTransfer(created.transfer.id, t, errorText)}>
          {t('transfers.exportFile')}
        </button>
      </div>
      <div className="inline-form">
        <label htmlFor="transfer-receiver">{t('transfers.receiverEmail')}</label>
        <input
          id="transfer-receiver"
          className="input"
          type="email"
          value={receiver}
          placeholder="name@example.ch"
          onChange={(e) => setReceiver(e.target.value)}
        />
        {receiverOk ? (
          <a className="button" href={mailto}>
            {t('transfers.sendMail')}
          </a>
        ) : (
          <button type="button" className="button" disabled>
            {t('transfers.sendMail')}
          </button>
        )}
      </div>
      {managed.length > 0 && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api().transfers.accept({ link: created.link, destinationOrganisationId: Number(into), acceptTerms: true });
              invalidate(ALL_CHANGE_AREAS);
              toast({ tone: 'success', message: t('transfers.completed', { products: names }) });
              onDone();
            } catch (error) {
              toast({ tone: 'error', message: errorText(error) });
            }
          }}
        >
          <label htmlFor="complete-into">{t('transfers.completeInto')}</label>
          <OrganisationSelect id="complete-into" ids={managed.map((d) => d.organisationId)} value={into} onChange={setInto} />
          <button type="submit" className="button button-primary" disabled={into === ''}>
            {t('transfers.complete')}
          </button>
        </form>
      )}
      <button type="button" className="button button-ghost" onClick={onDone}>
        {t('transfers.another')}
      </button>
    </div>
  );
}

/** Saves the transfer as a signed .mwtransfer file; its link stops working (only the file receives it now). */
async function exportTransfer(id: number, t: TFunction, errorText: (error: unknown) => string): Promise<void> {
  try {
    const file = await api().transfers.exportFile({ id });
    download(file.content, file.fileName, 'application/json');
    invalidate(['transfers']);
    toast({ tone: 'info', message: t('transfers.exported', { fingerprint: file.fingerprint }) }, 15_000);
  } catch (error) {
    toast({ tone: 'error', message: errorText(error) });
  }
}

/** A choice among the organisations the acting user belongs to; empty until one is picked. */
export function OrganisationSelect({
  id,
  ids,
  value,
  onChange,
}: {
  id: string;
  ids: number[];
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const organisations = useOrganisationsStore((s) => s.organisations);
  return (
    <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('transfers.choose')}</option>
      {ids.map((orgId) => (
        <option key={orgId} value={orgId}>
          {organisations.find((o) => o.id === orgId)?.name ?? orgId}
        </option>
      ))}
    </select>
  );
}

function TransferList() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const transfers = useTransfersStore((s) => s.transfers);
  const me = useAccessStore((s) => s.me);
  const organisation = useCurrentOrganisation()!;
  const [cancelling, setCancelling] = useState<Transfer | null>(null);
  return (
    <section aria-labelledby="transfers-heading" className="section">
      <h2 id="transfers-heading">{t('transfers.list')}</h2>
      {transfers.length === 0 ? (
        <EmptyState title={t('transfers.emptyTitle')}>
          <p>{t('transfers.emptyText')}</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('transfers.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('transfers.state')}</th>
                <th scope="col">{t('transfers.direction')}</th>
                <th scope="col">{t('transfers.products')}</th>
                <th scope="col">{t('transfers.by')}</th>
                <th scope="col">{t('transfers.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {transfers.map((tr) => {
                const outgoing = tr.sourceOrganisationId === organisation.id;
                return (
                  <tr key={tr.id}>
                    <td>
                      <span className={`badge badge-transfer-${tr.state}`}>{t(`transfers.states.${tr.state}`)}</span>
                      {tr.exportedAt && tr.state === 'pending' && (
                        <span className="field-hint">{t('transfers.exportedNote')}</span>
                      )}
                    </td>
                    <td>
                      {outgoing
                        ? tr.destinationOrganisation === null
                          ? t(tr.state === 'pending' ? 'transfers.outgoingPending' : 'transfers.outgoingNever')
                          : t('transfers.outgoing', { organisation: tr.destinationOrganisation })
                        : t('transfers.incoming', { organisation: tr.sourceOrganisation })}
                    </td>
                    <td>{tr.products.map((p) => p.name).join(', ')}</td>
                    <td className="mono">{tr.createdBy ?? '—'}</td>
                    <td className="nowrap">
                      <time dateTime={tr.expiresAt}>{formatDateTime(tr.expiresAt, i18n.language)}</time>
                    </td>
                    <td className="row-actions">
                      {outgoing && tr.state === 'pending' && (
                        <>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => void exportTransfer(tr.id, t, errorText)}
                          >
                            {t('transfers.exportFile')}
                          </button>
                          {tr.createdBy === me?.user?.email && (
                            <button
                              type="button"
                              className="button button-small button-danger-ghost"
                              onClick={() => setCancelling(tr)}
                              aria-label={t('transfers.cancelNamed', { products: tr.products.map((p) => p.name).join(', ') })}
                            >
                              {t('transfers.cancel')}
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {cancelling && (
        <ConfirmDialog
          title={t('transfers.cancelTitle')}
          confirmLabel={t('transfers.cancel')}
          onClose={() => setCancelling(null)}
          onConfirm={async () => {
            await api().transfers.cancel({ id: cancelling.id });
            invalidate(['transfers']);
            toast({ tone: 'success', message: t('transfers.cancelled') });
          }}
        >
          <p>{t('transfers.cancelText', { products: cancelling.products.map((p) => p.name).join(', ') })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
