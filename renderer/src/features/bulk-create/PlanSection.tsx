import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { ApiError, api } from '../../api';
import { SelectField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { scheduleBatches } from '../../../../shared/domain/bulk-create/batches';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { invalidate } from '../../stores/invalidate';
import { useBulkCreateStore } from '../../stores/use-bulk-create-store';
import { useTemplatesStore } from '../../stores/use-templates-store';
import { templateSummary } from '../templates/summary';
import { errorCount, useWizardStore } from './use-wizard-store';

/** Batches shown before "show all". */
const SHOWN = 4;

/** Step 3: the batch plan of the rows that are ready (shown while others still have errors) and the commit. */
export function PlanSection({ service, onCreated }: { service: MailService; onCreated: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const reasonId = useId();
  const planned = useWizardStore((s) => s.batches);
  const context = useWizardStore((s) => s.context);
  const existing = useBulkCreateStore((s) => s.batches);
  const summary = useWizardStore((s) => s.summary);
  const open = existing.filter((b) => b.mailServiceId === service.id && b.status !== 'applied' && b.size > 0);
  // The service schedules new batches after the ones still open from earlier files: so does the preview.
  const batches = useMemo(() => {
    const sizes = existing
      .filter((b) => b.mailServiceId === service.id && b.status !== 'applied' && b.size > 0)
      .map((b) => b.size);
    if (sizes.length === 0 || !context) return planned;
    const times = scheduleBatches([...sizes, ...planned.map((b) => b.size)], context.recent, new Date(context.now));
    return planned.map((b, i) => ({ ...b, notBefore: times[sizes.length + i]! }));
  }, [planned, existing, context, service.id]);
  const errors = useWizardStore((s) => errorCount(s));
  const checking = useWizardStore((s) => s.checking);
  const now = context?.now;
  const [all, setAll] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const date = (iso: string) => formatDateTime(iso, i18n.language);

  const ready = summary.ok + summary.warning;
  const plannedCount = batches.reduce((n, b) => n + b.size, 0);
  const reason = service.locked
    ? t('bulkCreate.plan.locked')
    : errors > 0
      ? t('bulkCreate.plan.errorsLeft', { count: errors, formatted: fmt(errors) })
      : ready === 0
        ? t('bulkCreate.plan.nothing')
        : null;
  const createLabel = t('bulkCreate.plan.create', {
    count: plannedCount,
    formatted: fmt(plannedCount),
    batches: t('bulkCreate.plan.batches', { count: batches.length, formatted: fmt(batches.length) }),
  });
  const shown = all ? batches : batches.slice(0, SHOWN);
  const isNow = (iso: string) => now !== undefined && Date.parse(iso) <= Date.parse(now) + 60_000;

  return (
    <section className="section bulk-plan" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('bulkCreate.plan.title')}</h2>
      <p className="muted">
        {t('bulkCreate.plan.text')}
        {open.length > 0 && ` ${t('bulkCreate.plan.afterOpen', { count: open.length, formatted: fmt(open.length) })}`}
      </p>
      {batches.length === 0 ? (
        <p className="plan-empty">{t('bulkCreate.plan.none')}</p>
      ) : (
        <>
          <ol className={`batch-plan${all && batches.length > SHOWN ? ' batch-plan-all' : ''}`}>
            {shown.map((batch) => (
              <li key={batch.index} className="batch-plan-item">
                <span className="batch-plan-index">{t('bulkCreate.plan.batch', { index: batch.index })}</span>
                <span className="batch-plan-size">
                  {t('bulkCreate.plan.size', { count: batch.size, formatted: fmt(batch.size) })}
                </span>
                <span className="batch-plan-when muted">
                  {isNow(batch.notBefore) ? t('bulkCreate.plan.now') : t('bulkCreate.plan.from', { date: date(batch.notBefore) })}
                </span>
              </li>
            ))}
          </ol>
          {batches.length > SHOWN && (
            <button type="button" className="button button-ghost button-small plan-more" onClick={() => setAll(!all)}>
              {all
                ? t('bulkCreate.plan.fewer')
                : t('bulkCreate.plan.more', {
                    count: batches.length - SHOWN,
                    formatted: fmt(batches.length - SHOWN),
                    date: date(batches[batches.length - 1]!.notBefore),
                  })}
            </button>
          )}
        </>
      )}
      <div className="commit-bar">
        <div className="commit-text">
          {reason ? (
            <p id={reasonId} className="commit-reason">
              {reason}
            </p>
          ) : (
            <p>{t('bulkCreate.plan.ready', { domain: service.domain })}</p>
          )}
        </div>
        <button
          type="button"
          className="button button-primary button-large"
          disabled={reason !== null || checking}
          aria-describedby={reason ? reasonId : undefined}
          onClick={() => setConfirming(true)}
        >
          {createLabel}
        </button>
      </div>
      {confirming && (
        <CommitDialog
          service={service}
          batches={batches}
          label={createLabel}
          onClose={() => setConfirming(false)}
          onCreated={onCreated}
        />
      )}
    </section>
  );
}

function CommitDialog({
  service,
  batches,
  label,
  onClose,
  onCreated,
}: {
  service: MailService;
  batches: readonly { size: number; notBefore: string }[];
  label: string;
  onClose: () => void;
  onCreated: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const generated = useWizardStore((s) => s.generated.size);
  const skipped = useWizardStore((s) => s.skipped.size);
  const warnings = useWizardStore((s) => s.summary.warning);
  const file = useWizardStore((s) => s.file);
  const count = batches.reduce((n, b) => n + b.size, 0);
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const last = batches[batches.length - 1];
  const templates = useTemplatesStore((s) => s.templates);
  const loadTemplates = useTemplatesStore((s) => s.load);
  const [templateId, setTemplateId] = useState('');
  useEffect(() => {
    void loadTemplates(service.id);
  }, [loadTemplates, service.id]);
  const template = templates.find((x) => String(x.id) === templateId);

  return (
    <FormDialog
      title={t('bulkCreate.commit.title', { count, formatted: fmt(count) })}
      submitLabel={label}
      onClose={onClose}
      progressLabel={t('bulkCreate.commit.working', { count, formatted: fmt(count) })}
      onSubmit={async () => {
        const state = useWizardStore.getState();
        const fileName = state.file?.name ?? 'bulk-create.csv';
        try {
          const result = await api().bulkCreate.commit({
            mailServiceId: service.id,
            fileName,
            rows: state.commitRows(),
            generatePasswords: false,
            templateId: template?.id,
          });
          invalidate(['bulkCreate', 'mailboxes', 'mailServices']);
          // Said next to the batches (where focus goes), not in a toast that would cover their buttons.
          onCreated(
            t('bulkCreate.commit.done', {
              count: result.created,
              batches: t('bulkCreate.plan.batches', { count: result.batches.length, formatted: fmt(result.batches.length) }),
            }),
          );
        } catch (error) {
          if (error instanceof ApiError && error.code === 'bulk-rows-invalid') {
            const details = error.details as { rows?: { line: number; codes: string[] }[]; count?: number } | undefined;
            useWizardStore.getState().refusedByService(details?.rows ?? [], details?.count ?? details?.rows?.length ?? 0);
            return; // the rows say what is wrong now
          }
          throw error;
        }
      }}
    >
      <ul className="commit-facts">
        <li>
          {t('bulkCreate.commit.what', {
            count,
            formatted: fmt(count),
            domain: service.domain,
            file: file?.source === 'paste' ? t('bulkCreate.input.pastedSource') : (file?.name ?? ''),
          })}
        </li>
        <li>
          {t('bulkCreate.commit.batches', {
            count: batches.length,
            formatted: fmt(batches.length),
            date: last ? formatDateTime(last.notBefore, i18n.language) : '',
          })}
        </li>
        {generated > 0 && <li>{t('bulkCreate.commit.generated', { count: generated, formatted: fmt(generated) })}</li>}
        {warnings > 0 && <li>{t('bulkCreate.commit.warnings', { count: warnings, formatted: fmt(warnings) })}</li>}
        {skipped > 0 && <li>{t('bulkCreate.commit.skipped', { count: skipped, formatted: fmt(skipped) })}</li>}
      </ul>
      {templates.length > 0 && (
        <SelectField
          label={t('templates.onCreate')}
          value={templateId}
          onChange={setTemplateId}
          options={[
            { value: '', label: t('templates.onCreateNone') },
            ...templates.map((x) => ({ value: String(x.id), label: x.name })),
          ]}
          hint={
            template
              ? t('templates.onCreateBulkHint', { summary: templateSummary(template.settings, t, i18n.language) })
              : undefined
          }
        />
      )}
      <p className="muted">{t('bulkCreate.commit.after')}</p>
    </FormDialog>
  );
}
