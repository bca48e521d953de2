import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService, TemplateField, TemplatePreview } from '../../../../shared/contract';
import { TEMPLATE_FIELDS } from '../../../../shared/contract';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SelectField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { formatNumber } from '../../i18n/format';
import { invalidate } from '../../stores/invalidate';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { useTemplatesStore } from '../../stores/use-templates-store';
import { toast } from '../../stores/use-toast-store';
import { undoAction } from '../activity/undo';
import { templateSummary } from './summary';

/** Applies a template to the selection: first what would change (nothing is written), then one transaction, undoable. */
export function ApplyTemplateDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const count = useMailboxesStore((s) => s.selectedCount());
  const templates = useTemplatesStore((s) => s.templates);
  const load = useTemplatesStore((s) => s.load);
  const [picked, setPicked] = useState<number | null>(null);
  // With one template there is nothing to choose.
  const templateId = picked ?? (templates.length === 1 ? templates[0]!.id : null);
  // Answers are kept with the template they are for, so a stale one is never shown for another.
  const [answer, setAnswer] = useState<{ id: number; preview?: TemplatePreview; error?: unknown } | null>(null);
  useEffect(() => {
    void load(service.id);
  }, [load, service.id]);
  useEffect(() => {
    const selection = useMailboxesStore.getState().selectionInput();
    if (templateId === null || !selection) return;
    let current = true;
    api()
      .templates.preview({ id: templateId, selection })
      .then(
        (p) => current && setAnswer({ id: templateId, preview: p }),
        (caught: unknown) => current && setAnswer({ id: templateId, error: caught }),
      );
    return () => {
      current = false;
    };
  }, [templateId]);
  const preview = answer?.id === templateId ? (answer.preview ?? null) : null;
  const previewError = answer?.id === templateId ? (answer.error ?? null) : null;
  const template = templates.find((x) => x.id === templateId);
  const changed = preview?.changed ?? 0;
  const label = (field: TemplateField) => t(`templates.parts.${field}`);

  return (
    <FormDialog
      size="large"
      title={t('templates.applyTitle', { count, formatted: fmt(count) })}
      submitLabel={preview ? t('templates.applyButton', { count: changed, formatted: fmt(changed) }) : t('bulk.apply')}
      submitDisabled={!preview || preview.errors.length > 0 || changed === 0}
      progressLabel={t('bulk.working', { count: changed, formatted: fmt(changed) })}
      onClose={onClose}
      onSubmit={async () => {
        const selection = useMailboxesStore.getState().selectionInput();
        if (!template || !selection) return;
        const result = await api().templates.apply({ id: template.id, selection });
        useMailboxesStore.getState().clearSelection();
        invalidate(['mailboxes', 'mailServices']);
        const auditId = result.auditId;
        toast({
          tone: 'success',
          message:
            result.affected === 0
              ? t('templates.appliedNothing')
              : t('templates.applied', { count: result.affected, name: template.name }),
          action: auditId === null ? undefined : { label: t('common.undo'), run: () => undoAction(auditId, t) },
        });
      }}
    >
      {templates.length === 0 ? (
        <p className="notice notice-info">{t('templates.noTemplates')}</p>
      ) : (
        <SelectField
          label={t('templates.template')}
          value={templateId === null ? '' : String(templateId)}
          onChange={(v) => setPicked(v === '' ? null : Number(v))}
          options={[
            ...(templateId === null ? [{ value: '', label: t('templates.pick') }] : []),
            ...templates.map((x) => ({ value: String(x.id), label: x.name })),
          ]}
          hint={template ? templateSummary(template.settings, t, i18n.language) : undefined}
        />
      )}
      {templateId !== null && !preview && !previewError && (
        <div className="progress-row" role="status">
          <progress aria-label={t('templates.previewing')} />
          <span>{t('templates.previewing')}</span>
        </div>
      )}
      {previewError !== null && <ErrorMessage error={previewError} />}
      {preview && (
        <div role="status" aria-live="polite">
          <p>
            {changed === 0
              ? t('templates.nothingToChange')
              : t('templates.willChange', { count: preview.total, formatted: fmt(preview.total), changed: fmt(changed) })}
          </p>
          {changed > 0 && (
            <ul className="commit-facts">
              {TEMPLATE_FIELDS.filter((f) => preview.fields[f] > 0).map((f) => (
                <li key={f}>
                  {t('templates.fieldCount', { part: label(f), count: preview.fields[f], formatted: fmt(preview.fields[f]) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {preview?.warnings.map((warning) => {
        const [code, subject] = [warning.slice(0, warning.indexOf(':')), warning.slice(warning.indexOf(':') + 1)];
        const text =
          code === 'own-address-allowed'
            ? t('filters.problems.own-address-allowed', { entry: subject })
            : code === 'gmail-target'
              ? t('forwarding.gmailWarning', { target: subject })
              : null;
        return (
          text && (
            <p key={warning} className="field-warning">
              {text}
            </p>
          )
        );
      })}
      {preview && preview.errors.length > 0 && (
        <div className="error-message" role="alert">
          <p>{t('templates.blocked')}</p>
          <ul>
            {preview.errors.slice(0, 10).map((e) => (
              <li key={e.address}>
                {e.address}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview && preview.rows.length > 0 && (
        // Focusable so the list scrolls by keyboard too.
        <div className="template-preview" role="region" aria-label={t('templates.previewTable')} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t('templates.previewTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.address')}</th>
                <th scope="col">{t('templates.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.address}</td>
                  <td>{row.changes.map((c) => describeChange(c, t, i18n.language)).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {changed > preview.rows.length && (
            <p className="muted small">{t('templates.moreRows', { formatted: fmt(changed - preview.rows.length) })}</p>
          )}
        </div>
      )}
    </FormDialog>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

/** "Storage quota: 20 → 4 GB", "Forwarding: off → crm@example.org" — the preview's changes in words. */
function describeChange(change: TemplatePreview['rows'][number]['changes'][number], t: T, language: string): string {
  const part = t(`templates.parts.${change.field}`);
  const gb = (mb: unknown) => formatNumber(Number(mb) / 1024, language, { maximumFractionDigits: 2 });
  const forward = (v: unknown) => {
    const f = v as { targets: string[] };
    return f.targets.length ? f.targets.join(', ') : t('templates.off');
  };
  const onOff = (on: unknown) => (on ? t('templates.on') : t('templates.off'));
  switch (change.field) {
    case 'storageQuota':
      return `${part}: ${gb(change.before)} → ${gb(change.after)} GB`;
    case 'forwarding':
      return `${part}: ${forward(change.before)} → ${forward(change.after)}`;
    case 'autoReply':
    case 'sieve': {
      // A reply or script of the template's name: added, its text changed, or switched on.
      const before = change.before as { active: boolean } | null;
      const after = change.after as { active: boolean };
      const what =
        before === null
          ? t(after.active ? 'templates.change.addedOn' : 'templates.change.added')
          : t(after.active && !before.active ? 'templates.change.switchedOn' : 'templates.change.updated');
      return `${part}: ${what}`;
    }
    case 'filters': {
      type Summary = Record<'spam' | 'promotions' | 'social' | 'allow' | 'block', number | boolean>;
      const [b, a] = [change.before as Summary, change.after as Summary];
      const diffs = [
        ...(['spam', 'promotions', 'social'] as const)
          .filter((k) => b[k] !== a[k])
          .map((k) => `${t(`filters.${k}`)} ${onOff(b[k])} → ${onOff(a[k])}`),
        ...(['allow', 'block'] as const)
          .filter((k) => b[k] !== a[k])
          .map((k) => `${t(`filters.${k}List`)} ${String(b[k])} → ${String(a[k])}`),
      ];
      return diffs.length ? `${part}: ${diffs.join(', ')}` : part;
    }
  }
}
