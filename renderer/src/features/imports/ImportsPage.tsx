import { useCallback, useEffect, useId, useState } from 'react';
import { ServicePicker } from '../../components/ServicePicker';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { Segmented } from '../../components/Segmented';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { useProductsStore } from '../../stores/use-products-store';
import { toast } from '../../stores/use-toast-store';
import { DropOverlay } from '../bulk-create/BulkCreatePage';
import { useSingleFileDrop } from '../bulk-create/use-window-drop';
import { CsvImport } from './CsvImport';
import { JobList } from './JobList';
import { SingleImport } from './SingleImport';
import { TargetServerCard, useTargetServer } from './TargetServerCard';
import { useImportFileStore } from './use-import-file-store';

type Mode = 'single' | 'file';

/**
 * Mail import: mail of accounts at other providers copied over IMAP into this service's mailboxes. One account
 * from a form, or many from a CSV (checked, then started in batches of 25); the jobs below with live progress.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const services = useProductsStore((s) => s.services);
  const loaded = useProductsStore((s) => s.loaded);
  const [serviceId, setServiceId] = useState<number | null>(() => useMailboxesStore.getState().serviceId);
  const service = services.find((s) => s.id === serviceId) ?? services[0] ?? null;

  if (!loaded) return null;
  if (!service)
    return (
      <div className="page">
        <PageHeader title={t('nav.mail-import')} />
        <EmptyState title={t('imports.noServiceTitle')}>
          <p>{t('imports.noServiceText')}</p>
        </EmptyState>
      </div>
    );
  return (
    <div className="page page-wide imports-page">
      <PageHeader
        title={t('nav.mail-import')}
        subtitle={service.domain}
        actions={
          services.length > 1 && (
            <div className="inline-field">
              <ServicePicker services={services} value={service.id} onChange={setServiceId} />
            </div>
          )
        }
      />
      <p className="muted">{t('imports.intro')}</p>
      <ServiceImports key={service.id} service={service} />
    </div>
  );
}

function ServiceImports({ service }: { service: MailService }) {
  const { t } = useTranslation();
  const target = useTargetServer(service.id);
  const fileLoaded = useImportFileStore((s) => (s.file !== null || s.problem !== null) && s.serviceId === service.id);
  const [mode, setMode] = useState<Mode>(fileLoaded ? 'file' : 'single');
  const headingId = useId();

  useEffect(() => {
    // A file read for another mail service isn't this one's: its targets are elsewhere.
    const state = useImportFileStore.getState();
    if (state.serviceId !== null && state.serviceId !== service.id) state.clear();
  }, [service.id]);

  const takeFile = useCallback(
    (file: File) => {
      setMode('file');
      file.arrayBuffer().then(
        (buffer) => useImportFileStore.getState().load(file.name, new Uint8Array(buffer), service.id),
        () => toast({ tone: 'error', message: t('bulkCreate.input.unreadable', { file: file.name }) }),
      );
    },
    [service.id, t],
  );
  const dragging = useSingleFileDrop(takeFile);

  return (
    <>
      <TargetServerCard service={service} server={target.server} error={target.error} />
      <section className="import-card import-new" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('imports.new.title')}</h2>
        <Segmented
          legend={t('imports.new.how')}
          hideLegend
          value={mode}
          onChange={setMode}
          options={[
            { value: 'single', label: t('imports.new.single') },
            { value: 'file', label: t('imports.new.file') },
          ]}
        />
        {/* Both stay mounted: switching back and forth keeps what was typed or checked. */}
        <div hidden={mode !== 'single'}>
          <SingleImport service={service} targetServer={target.server} />
        </div>
        <div hidden={mode !== 'file'}>
          <CsvImport service={service} onFile={takeFile} />
        </div>
      </section>
      <JobList service={service} />
      {dragging && (
        <DropOverlay title={t('imports.overlay.title')} text={t('imports.overlay.text', { domain: service.domain })} />
      )}
    </>
  );
}
