import { useCallback, useEffect, useState } from 'react';
import { ServicePicker } from '../../components/ServicePicker';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { QuotaBar } from '../../components/QuotaBar';
import { formatNumber } from '../../i18n/format';
import { useBulkCreateStore } from '../../stores/use-bulk-create-store';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { useCurrentOrganisation } from '../../stores/use-organisations-store';
import { useProductsStore } from '../../stores/use-products-store';
import { toast } from '../../stores/use-toast-store';
import { AddMailServiceDialog, EditMailServiceDialog } from '../overview/MailServiceDialogs';
import { BatchList } from './BatchList';
import { CheckSection } from './CheckSection';
import { download } from '../../components/download';
import { FileInput, FilePickButton, fromFile, fromPaste } from './FileInput';
import { FilePreview } from './FilePreview';
import { PlanSection } from './PlanSection';
import { useSingleFileDrop } from './use-window-drop';
import { errorCount, useWizardStore, type LoadedFile } from './use-wizard-store';
import type { ReadOptions } from './worker-protocol';

type Confirm = { kind: 'replace'; file: LoadedFile } | { kind: 'options'; options: ReadOptions } | { kind: 'remove' } | null;

/**
 * Bulk create: the provider's CSV (or cells pasted from a spreadsheet) →
 * how it was read → every row checked, fixed in place → batches of at most
 * 50 per 24 hours → planned mailboxes; then each batch exported for the
 * provider and marked created.
 */
export function BulkCreatePage() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation();
  const services = useProductsStore((s) => s.services);
  const loaded = useProductsStore((s) => s.loaded);
  const serviceId = useWizardStore((s) => s.serviceId);
  const setService = useWizardStore((s) => s.setService);
  const [open, setOpen] = useState<'add-service' | 'raise-quota' | null>(null);

  const service = services.find((s) => s.id === serviceId) ?? null;
  const ready = service !== null;
  useEffect(() => {
    // While the wizard is open its workers are ready for a file; leaving it lets the helpers go.
    if (!ready) return;
    useWizardStore.getState().prepare();
    return () => useWizardStore.getState().leave();
  }, [ready]);
  useEffect(() => {
    if (!loaded || service) return;
    // The service picked under Mailboxes, when it is one of this organisation's; else the first.
    const preferred = useMailboxesStore.getState().serviceId;
    setService(services.some((s) => s.id === preferred) ? preferred : (services[0]?.id ?? null));
  }, [loaded, service, services, setService]);

  if (!organisation || !loaded) return null;
  if (services.length === 0) {
    return (
      <div className="page">
        <PageHeader title={t('nav.bulk-create')} />
        <EmptyState
          title={t('mailboxes.noServiceTitle')}
          action={
            <button type="button" className="button button-primary" onClick={() => setOpen('add-service')}>
              <Icon name="plus" size={16} />
              {t('services.add')}
            </button>
          }
        >
          <p>{t('bulkCreate.noService', { organisation: organisation.name })}</p>
        </EmptyState>
        {open === 'add-service' && <AddMailServiceDialog organisationId={organisation.id} onClose={() => setOpen(null)} />}
      </div>
    );
  }
  if (!service) return null;

  return (
    <div className="page page-wide bulk-page">
      <PageHeader
        title={t('nav.bulk-create')}
        subtitle={service.domain}
        actions={
          <>
            {services.length > 1 && (
              <div className="inline-field">
                <ServicePicker services={services} value={service.id} onChange={setService} />
              </div>
            )}
            <TemplateButton domain={service.domain} />
          </>
        }
      />
      <QuotaBar
        used={service.addressesUsed}
        quota={service.addressQuota}
        label={t('services.quotaLabel', { domain: service.domain })}
      />
      {service.locked && <p className="notice notice-warning">{t('bulkCreate.locked')}</p>}
      {!service.locked && service.addressesUsed >= service.addressQuota && (
        <div className="notice notice-info">
          <span>{t('bulkCreate.quotaFull', { quota: service.addressQuota })}</span>
          <button type="button" className="button button-small" onClick={() => setOpen('raise-quota')}>
            {t('mailboxes.raiseQuota')}
          </button>
        </div>
      )}
      <Wizard service={service} />
      {open === 'raise-quota' && <EditMailServiceDialog service={service} onClose={() => setOpen(null)} />}
    </div>
  );
}

function TemplateButton({ domain }: { domain: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const template = await api().bulkCreate.template({ domain });
          download(template.csv, template.fileName);
          toast({ tone: 'success', message: t('bulkCreate.templateSaved', { file: template.fileName }) });
        } catch {
          toast({ tone: 'error', message: t('errors.unexpected') });
        } finally {
          setBusy(false);
        }
      }}
    >
      <DownloadIcon />
      {t('bulkCreate.template')}
    </button>
  );
}

function Wizard({ service }: { service: MailService }) {
  const { t } = useTranslation();
  const phase = useWizardStore((s) => s.phase);
  const file = useWizardStore((s) => s.file);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [created, setCreated] = useState({ count: 0, message: '' });

  const take = useCallback((next: LoadedFile) => {
    const state = useWizardStore.getState();
    if (state.file && state.edited && state.phase === 'ready') setConfirm({ kind: 'replace', file: next });
    else state.load(next);
  }, []);
  const takeFile = useCallback(
    (picked: File) => {
      fromFile(picked).then(take, () =>
        toast({ tone: 'error', message: t('bulkCreate.input.unreadable', { file: picked.name }) }),
      );
    },
    [take, t],
  );
  const dragging = useSingleFileDrop(takeFile);
  useEffect(() => {
    // A file dropped on another page of the app brought us here.
    const handed = useBulkCreateStore.getState().takeDropped();
    if (handed) takeFile(handed);
  }, [takeFile]);
  const onPaste = (text: string) => {
    const day = new Date().toISOString().slice(0, 10);
    take(fromPaste(text, t('bulkCreate.input.pastedName', { date: day })));
  };
  const onOptions = (options: ReadOptions) => {
    if (useWizardStore.getState().edited) setConfirm({ kind: 'options', options });
    else useWizardStore.getState().setOptions(options);
  };
  const onRemove = () => {
    if (useWizardStore.getState().edited) setConfirm({ kind: 'remove' });
    else useWizardStore.getState().reset();
  };

  const input = <FileInput domain={service.domain} onFile={takeFile} onPaste={onPaste} />;
  const shownName = file?.source === 'paste' ? t('bulkCreate.input.pastedSource') : (file?.name ?? '');
  return (
    <>
      <Steps />
      {phase === 'empty' && input}
      {phase === 'cancelled' && (
        <>
          <div className="notice notice-info" role="status">
            <span>{t('bulkCreate.input.cancelled')}</span>
            {file && (
              <button type="button" className="button button-small" onClick={() => useWizardStore.getState().load(file)}>
                {t('bulkCreate.input.checkAgain', { file: file.name })}
              </button>
            )}
          </div>
          {input}
        </>
      )}
      {phase === 'failed' && (
        <>
          <ErrorMessage error={useWizardStore.getState().error} />
          {input}
        </>
      )}
      {phase === 'unusable' && <Unusable service={service} onFile={takeFile} />}
      {(phase === 'reading' || phase === 'checking') && <CheckProgress />}
      {phase === 'ready' && (
        <>
          <FilePreview onOptions={onOptions} onFile={takeFile} onRemove={onRemove} />
          <CheckSection domain={service.domain} />
          <PlanSection
            service={service}
            onCreated={(message) => {
              useWizardStore.getState().reset();
              setCreated((c) => ({ count: c.count + 1, message }));
            }}
          />
        </>
      )}
      <BatchList service={service} focusRequest={created.count} createdMessage={created.message} />
      {dragging && (
        <DropOverlay
          title={t('bulkCreate.overlay.title')}
          text={t('bulkCreate.overlay.text', { domain: service.domain })}
          note={phase === 'ready' ? t('bulkCreate.overlay.replaces', { file: shownName }) : null}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title={
            confirm.kind === 'replace'
              ? t('bulkCreate.confirm.replaceTitle', { file: shownName })
              : confirm.kind === 'options'
                ? t('bulkCreate.confirm.rereadTitle', { file: shownName })
                : t('bulkCreate.confirm.removeTitle', { file: shownName })
          }
          confirmLabel={
            confirm.kind === 'replace'
              ? t('bulkCreate.confirm.replace')
              : confirm.kind === 'options'
                ? t('bulkCreate.confirm.reread')
                : t('bulkCreate.confirm.remove')
          }
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            const state = useWizardStore.getState();
            if (confirm.kind === 'replace') state.load(confirm.file);
            else if (confirm.kind === 'options') state.setOptions(confirm.options);
            else state.reset();
          }}
        >
          <p>{t('bulkCreate.confirm.lost')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** Where the wizard is: choose a file → check and fix → create. */
function Steps() {
  const { t } = useTranslation();
  const phase = useWizardStore((s) => s.phase);
  const done = useWizardStore((s) => s.phase === 'ready' && !s.checking && errorCount(s) === 0 && s.summary.total > 0);
  const current = phase === 'ready' ? (done ? 2 : 1) : phase === 'reading' || phase === 'checking' ? 1 : 0;
  const steps = [t('bulkCreate.steps.file'), t('bulkCreate.steps.check'), t('bulkCreate.steps.create')];
  return (
    <ol className="wizard-steps" aria-label={t('bulkCreate.steps.label')}>
      {steps.map((label, i) => (
        <li
          key={label}
          className={i < current ? 'step-done' : i === current ? 'step-current' : undefined}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="step-number" aria-hidden="true">
            {i < current ? '✓' : i + 1}
          </span>
          <span>
            {label}
            {i < current && <span className="visually-hidden"> ({t('bulkCreate.steps.done')})</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

function CheckProgress() {
  const { t, i18n } = useTranslation();
  const phase = useWizardStore((s) => s.phase);
  const file = useWizardStore((s) => s.file);
  const progress = useWizardStore((s) => s.progress);
  const rows = useWizardStore((s) => s.rows.length);
  const left = useTimeLeft(progress);
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const text =
    phase === 'reading'
      ? t('bulkCreate.progress.reading', { file: file?.name ?? '' })
      : progress
        ? t('bulkCreate.progress.passwords', { done: fmt(progress.done), total: fmt(progress.total) })
        : t('bulkCreate.progress.rules', { count: rows, formatted: fmt(rows) });
  return (
    <section className="card check-progress" aria-busy="true">
      <h2>
        {t('bulkCreate.progress.title', { file: file?.source === 'paste' ? t('bulkCreate.input.pastedSource') : file?.name })}
      </h2>
      <div className="progress-row">
        {progress ? (
          <progress
            aria-label={t('bulkCreate.progress.label')}
            max={progress.total}
            value={progress.done}
            aria-valuetext={text}
          />
        ) : (
          <progress aria-label={t('bulkCreate.progress.label')} />
        )}
        <button type="button" className="button button-small" onClick={() => useWizardStore.getState().cancel()}>
          {t('common.cancel')}
        </button>
      </div>
      <p className="muted small">
        {text}
        {left !== null &&
          ` · ${left < 60 ? t('bulkCreate.progress.seconds', { count: left }) : t('bulkCreate.progress.minutes', { count: Math.round(left / 60) })}`}
      </p>
      <p className="muted small">{t('bulkCreate.progress.why')}</p>
    </section>
  );
}

/** Seconds left at the rate so far, once there is a rate to go by (a few seconds in, a few percent done). */
function useTimeLeft(progress: { done: number; total: number; since: number; from: number } | null): number | null {
  const [now, setNow] = useState(0);
  const running = progress !== null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (!progress || now === 0) return null;
  const elapsed = (now - progress.since) / 1000;
  const done = progress.done - progress.from;
  if (elapsed < 3 || done < progress.total * 0.02) return null;
  return Math.max(1, Math.round(((progress.total - progress.done) * elapsed) / done));
}

function Unusable({ service, onFile }: { service: MailService; onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const problem = useWizardStore((s) => s.problem);
  const options = useWizardStore((s) => s.options);
  const file = useWizardStore((s) => s.file);
  if (!problem) return null;
  const overridden = options.encoding !== undefined || options.delimiter !== undefined || options.mapping !== undefined;
  const detected = (
    <button type="button" className="button button-primary" onClick={() => useWizardStore.getState().setOptions({})}>
      {t('bulkCreate.unusable.detected')}
    </button>
  );
  return (
    <section className="unusable" role="alert" aria-labelledby="bulk-unusable-title">
      {file && (
        <p className="muted small mono unusable-file">
          {file.source === 'paste' ? t('bulkCreate.input.pastedSource') : file.name}
        </p>
      )}
      <h2 id="bulk-unusable-title">{t(`bulkCreate.unusable.${problem}.title`)}</h2>
      <p>
        {overridden ? t('bulkCreate.unusable.withChoice') : t(`bulkCreate.unusable.${problem}.text`, { domain: service.domain })}
      </p>
      <div className="button-row">
        {overridden && detected}
        <FilePickButton primary={!overridden} label={t('bulkCreate.unusable.another')} onFile={onFile} />
      </div>
    </section>
  );
}

/** What a drop does, over the whole window while a file is dragged over it. */
export function DropOverlay({ title, text, note }: { title: string; text: string; note?: string | null }) {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-panel">
        <svg width="48" height="48" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M12 3v12M7 10l5 5 5-5M4 17v3h16v-3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <p className="drop-overlay-title">{title}</p>
        <p>{text}</p>
        {note && <p className="muted">{note}</p>}
      </div>
    </div>
  );
}

function DownloadIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 4v11M7 10l5 5 5-5M5 19h14"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
