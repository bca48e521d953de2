import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_CHANGE_AREAS, type TransferPreview } from '../../../../shared/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { api } from '../../api';
import { formatDateTime } from '../../i18n/format';
import { invalidate } from '../../stores/invalidate';
import { useOrganisationsStore } from '../../stores/use-organisations-store';
import { toast } from '../../stores/use-toast-store';
import { useTransfersStore } from '../../stores/use-transfers-store';

type Source = { kind: 'link'; link: string } | { kind: 'file'; content: string; name: string };

/** Paste a link (or open a .mwtransfer file), see what comes and what stays behind, pick where it goes, accept. */
export function ReceiveSection() {
  const { t, i18n } = useTranslation();
  const select = useOrganisationsStore((s) => s.select);
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [preview, setPreview] = useState<TransferPreview | null>(null);
  const [destination, setDestination] = useState('');
  const [terms, setTerms] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const show = async (next: Source) => {
    setError(null);
    setPreview(null);
    setDestination('');
    setTerms(false);
    try {
      const result =
        next.kind === 'link'
          ? await api().transfers.preview({ link: next.link })
          : await api().transfers.previewFile({ content: next.content });
      setSource(next);
      setPreview(result);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    // A link opened from the OS (mailwright://transfer/…) lands here, now or while the page is open.
    const take = (link: string) => {
      useTransfersStore.getState().receiveLink(null);
      setText(link);
      void show({ kind: 'link', link });
    };
    let active = true;
    const waiting = useTransfersStore.getState().incomingLink;
    if (waiting) queueMicrotask(() => active && useTransfersStore.getState().incomingLink && take(waiting));
    const unsubscribe = useTransfersStore.subscribe((state) => {
      if (state.incomingLink) take(state.incomingLink);
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  const receive = async () => {
    if (!source || destination === '') return;
    setBusy(true);
    setError(null);
    try {
      const destinationOrganisationId = Number(destination);
      if (source.kind === 'link')
        await api().transfers.accept({ link: source.link, destinationOrganisationId, acceptTerms: true });
      else await api().transfers.importFile({ content: source.content, destinationOrganisationId, acceptTerms: true });
      const names = preview?.products.map((p) => p.name).join(', ') ?? '';
      invalidate(ALL_CHANGE_AREAS);
      toast({
        tone: 'success',
        message: t('transfers.received', { products: names }),
        action: { label: t('transfers.openDestination'), run: () => select(destinationOrganisationId) },
      });
      setPreview(null);
      setSource(null);
      setText('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const pending = preview?.state === 'pending';
  return (
    <section className="card" aria-labelledby="receive-heading">
      <h2 id="receive-heading">{t('transfers.receive')}</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void show({ kind: 'link', link: text });
        }}
      >
        <label htmlFor="receive-link">{t('transfers.pasteLink')}</label>
        <input
          id="receive-link"
          className="input mono"
          value={text}
          placeholder="mailwright://transfer/…"
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" className="button" disabled={text.trim() === ''}>
          {t('transfers.show')}
        </button>
      </form>
      <div className="field">
        <label htmlFor="receive-file">{t('transfers.orFile')}</label>
        <input
          id="receive-file"
          type="file"
          accept=".mwtransfer,application/json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) await show({ kind: 'file', content: await file.text(), name: file.name });
            e.target.value = '';
          }}
        />
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {preview && (
        <div className="transfer-preview" aria-live="polite">
          <h3>{t('transfers.fromOrganisation', { organisation: preview.sourceOrganisation })}</h3>
          <p className="muted">
            {preview.createdBy && `${t('transfers.by')}: ${preview.createdBy} · `}
            {t('transfers.expiresAt', { at: formatDateTime(preview.expiresAt, i18n.language) })} ·{' '}
            <span className={`badge badge-transfer-${preview.state}`}>{t(`transfers.states.${preview.state}`)}</span>
          </p>
          {preview.signer && <p className="notice notice-info">{t('transfers.signer', { fingerprint: preview.signer })}</p>}
          <h4>{t('transfers.coming')}</h4>
          <ul className="transfer-items">
            {preview.products.map((p) => (
              <li key={`${p.productId ?? ''}:${p.kind}:${p.name}`}>
                <strong>{p.name}</strong> ({t(`products.kinds.${p.kind}`)})
                {p.domain !== null && ` — ${t('transfers.withMailboxes', { count: p.mailboxes })}`}
              </li>
            ))}
          </ul>
          <h4>{t('transfers.notComing')}</h4>
          <ul className="transfer-items">
            <li>{t('transfers.notComingAccess', { count: preview.products.reduce((n, p) => n + p.grantsRemoved, 0) })}</li>
            <li>{t('transfers.notComingInvoices', { organisation: preview.sourceOrganisation })}</li>
          </ul>
          {pending ? (
            preview.destinations.length === 0 ? (
              <p className="notice notice-warning">{t('transfers.noDestination')}</p>
            ) : (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void receive();
                }}
              >
                <div className="field">
                  <label htmlFor="receive-into">{t('transfers.destination')}</label>
                  <select
                    id="receive-into"
                    className="input"
                    value={destination}
                    onChange={(e) => setDestination(e.target.value)}
                  >
                    <option value="">{t('transfers.choose')}</option>
                    {preview.destinations.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                </div>
                <label className="checkbox">
                  <input type="checkbox" checked={terms} onChange={(e) => setTerms(e.target.checked)} />
                  <span>{t('transfers.acceptReceiveTerms')}</span>
                </label>
                <div className="button-row">
                  <button type="submit" className="button button-primary" disabled={destination === '' || !terms || busy}>
                    {t('transfers.receiveButton')}
                  </button>
                </div>
              </form>
            )
          ) : (
            <p className="notice notice-warning">
              {t(`transfers.notPending.${preview.state as Exclude<typeof preview.state, 'pending'>}`)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
