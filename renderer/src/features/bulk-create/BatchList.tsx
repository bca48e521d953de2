import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Batch, MailService } from '../../../../shared/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FormDialog } from '../../components/FormDialog';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useBulkCreateStore } from '../../stores/use-bulk-create-store';
import { download } from '../../components/download';

type Open = { kind: 'export' | 'applied'; batch: Batch } | null;

/**
 * The service's batches: when each may go to the provider, exporting it as
 * the provider's upload file (passwords included) and marking it created.
 */
export function BatchList({
  service,
  focusRequest = 0,
  createdMessage = '',
}: {
  service: MailService;
  /** Bumped after a commit: focus moves to the list once it shows. */
  focusRequest?: number;
  /** What the last commit did, said above the list. */
  createdMessage?: string;
}) {
  const { t, i18n } = useTranslation();
  const batches = useBulkCreateStore((s) => (s.serviceId === service.id ? s.batches : []));
  const loaded = useBulkCreateStore((s) => s.loaded);
  const error = useBulkCreateStore((s) => s.error);
  const load = useBulkCreateStore((s) => s.load);
  const [open, setOpen] = useState<Open>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const focused = useRef(0);
  // The latest outcome (a commit, an export), said here rather than in a toast over the buttons.
  const [note, setNote] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const [shownCreated, setShownCreated] = useState('');
  if (createdMessage !== shownCreated) {
    setShownCreated(createdMessage);
    setNote(createdMessage ? { tone: 'success', text: createdMessage } : null);
  }
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const date = (iso: string) => formatDateTime(iso, i18n.language);

  useEffect(() => {
    void load(service.id);
  }, [load, service.id]);
  // After a commit the list is where the next step is: focus goes to it as soon as it shows the new batches.
  useEffect(() => {
    if (focusRequest > focused.current && heading.current) {
      focused.current = focusRequest;
      heading.current.focus();
    }
  }, [focusRequest, batches]);

  // A waiting batch becomes ready by itself: look again when the first one's time has come.
  const next = batches
    .filter((b) => b.status === 'waiting')
    .map((b) => Date.parse(b.notBefore))
    .sort((a, b) => a - b)[0];
  useEffect(() => {
    if (next === undefined) return;
    const timer = setTimeout(() => void load(service.id), Math.min(Math.max(1000, next - Date.now() + 1000), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [next, load, service.id]);

  if (!loaded && batches.length === 0) return null;
  if (error) return <ErrorMessage error={error} />;
  if (batches.length === 0) return null;

  const perImport = new Map<number, number>();
  for (const b of batches) perImport.set(b.importId, (perImport.get(b.importId) ?? 0) + 1);
  const waitingText = (b: Batch) => t('bulkCreate.batches.from', { date: date(b.notBefore) });

  return (
    <section className="section bulk-batches" aria-labelledby="bulk-batches-title">
      <h2 id="bulk-batches-title" ref={heading} tabIndex={-1}>
        {t('bulkCreate.batches.title', { domain: service.domain })}
      </h2>
      <p className="muted">{t('bulkCreate.batches.text')}</p>
      <div role="status" className="batch-note">
        {note && (
          <div className={`notice notice-${note.tone}`}>
            <span>{note.text}</span>
            <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => setNote(null)}>
              ×
            </button>
          </div>
        )}
      </div>
      <div className="table-wrap">
        <table className="table batch-table">
          <caption className="visually-hidden">{t('bulkCreate.batches.caption', { domain: service.domain })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bulkCreate.batches.batch')}</th>
              <th scope="col" className="numeric">
                {t('bulkCreate.batches.addresses')}
              </th>
              <th scope="col">{t('bulkCreate.batches.status')}</th>
              <th scope="col">{t('bulkCreate.batches.when')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => {
              const name = t('bulkCreate.batches.name', {
                position: batch.position,
                total: perImport.get(batch.importId) ?? batch.position,
              });
              const full = t('bulkCreate.batches.fullName', {
                name: t('bulkCreate.batches.nameInSentence', {
                  position: batch.position,
                  total: perImport.get(batch.importId) ?? batch.position,
                }),
                file: batch.fileName,
              });
              return (
                <tr key={batch.id} className={batch.status === 'applied' ? 'batch-done' : undefined}>
                  <th scope="row">
                    <span className="batch-name">{name}</span>
                    <span className="muted small mono batch-file">{batch.fileName}</span>
                  </th>
                  <td className="numeric">{fmt(batch.size)}</td>
                  <td>
                    <span className={`badge batch-status batch-status-${batch.status}`}>
                      {t(`bulkCreate.batches.statuses.${batch.status}`)}
                    </span>
                  </td>
                  <td className="nowrap">
                    {batch.status === 'applied' && batch.appliedAt
                      ? t('bulkCreate.batches.appliedAt', { date: date(batch.appliedAt) })
                      : batch.status === 'exported' && batch.exportedAt
                        ? t('bulkCreate.batches.exportedAt', { date: date(batch.exportedAt) })
                        : batch.status === 'ready'
                          ? t('bulkCreate.batches.readyNow')
                          : waitingText(batch)}
                  </td>
                  <td className="row-actions">
                    {(batch.status === 'ready' || batch.status === 'exported') && (
                      <>
                        <button
                          type="button"
                          className={`button button-small${batch.status === 'ready' ? ' button-primary' : ''}`}
                          aria-label={t('bulkCreate.batches.exportNamed', { name: full })}
                          onClick={() => setOpen({ kind: 'export', batch })}
                        >
                          {batch.status === 'exported' ? t('bulkCreate.batches.exportAgain') : t('bulkCreate.batches.export')}
                        </button>
                        <button
                          type="button"
                          className={`button button-small${batch.status === 'exported' ? ' button-primary' : ''}`}
                          aria-label={t('bulkCreate.batches.markNamed', { name: full })}
                          onClick={() => setOpen({ kind: 'applied', batch })}
                        >
                          {t('bulkCreate.batches.mark')}
                        </button>
                      </>
                    )}
                    {batch.status === 'waiting' && <span className="muted small">{t('bulkCreate.batches.waitHint')}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {open?.kind === 'export' && (
        <ExportDialog
          batch={open.batch}
          total={perImport.get(open.batch.importId) ?? 1}
          onClose={() => setOpen(null)}
          onDone={(text) => setNote({ tone: 'warning', text })}
        />
      )}
      {open?.kind === 'applied' && (
        <AppliedDialog
          batch={open.batch}
          total={perImport.get(open.batch.importId) ?? 1}
          onClose={() => setOpen(null)}
          onDone={(text) => setNote({ tone: 'success', text })}
        />
      )}
    </section>
  );
}

interface BatchDialogProps {
  batch: Batch;
  total: number;
  onClose: () => void;
  onDone: (message: string) => void;
}

function ExportDialog({ batch, total, onClose, onDone }: BatchDialogProps) {
  const { t, i18n } = useTranslation();
  const exportBatch = useBulkCreateStore((s) => s.exportBatch);
  const name = t('bulkCreate.batches.nameInSentence', { position: batch.position, total });
  const formatted = formatNumber(batch.size, i18n.language);
  return (
    <FormDialog
      title={t('bulkCreate.exportDialog.title', { name })}
      submitLabel={t('bulkCreate.exportDialog.download')}
      onClose={onClose}
      progressLabel={t('bulkCreate.exportDialog.working')}
      onSubmit={async () => {
        const result = await exportBatch(batch.id);
        download(result.csv, result.fileName);
        onDone(t('bulkCreate.exportDialog.done', { file: result.fileName }));
      }}
    >
      <p>{t('bulkCreate.exportDialog.contains', { count: batch.size, formatted, file: batch.fileName })}</p>
      <div className="notice notice-warning secret-notice">
        <span>
          <strong>{t('bulkCreate.exportDialog.secretTitle')}</strong> {t('bulkCreate.exportDialog.secretText')}
        </span>
      </div>
      <ol className="export-steps">
        <li>{t('bulkCreate.exportDialog.step1')}</li>
        <li>{t('bulkCreate.exportDialog.step2')}</li>
        <li>{t('bulkCreate.exportDialog.step3')}</li>
      </ol>
    </FormDialog>
  );
}

function AppliedDialog({ batch, total, onClose, onDone }: BatchDialogProps) {
  const { t, i18n } = useTranslation();
  const markApplied = useBulkCreateStore((s) => s.markApplied);
  const name = t('bulkCreate.batches.nameInSentence', { position: batch.position, total });
  const formatted = formatNumber(batch.size, i18n.language);
  return (
    <FormDialog
      title={t('bulkCreate.appliedDialog.title', { name })}
      submitLabel={t('bulkCreate.appliedDialog.confirm')}
      onClose={onClose}
      onSubmit={async () => {
        await markApplied(batch.id);
        onDone(t('bulkCreate.appliedDialog.done', { name }));
      }}
    >
      <p>{t('bulkCreate.appliedDialog.text', { count: batch.size, formatted })}</p>
      {batch.status !== 'exported' && <p className="field-warning">{t('bulkCreate.appliedDialog.notExported')}</p>}
    </FormDialog>
  );
}
