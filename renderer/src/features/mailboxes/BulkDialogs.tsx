import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_STORAGE_QUOTA_MB, type BulkChange, type MailService } from '../../../../shared/contract';
import { defaultDelimiterFor } from '../../../../shared/domain/csv/write';
import { api } from '../../api';
import { Field, SelectField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { formatLocale, formatNumber } from '../../i18n/format';
import { invalidate } from '../../stores/invalidate';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { toast } from '../../stores/use-toast-store';
import { undoAction } from '../activity/undo';
import { TargetsField } from './details/TargetsField';
import { quotaMb } from './MailboxDialogs';
import { download } from '../../components/download';

function useSelectionCount(): string {
  const { i18n } = useTranslation();
  const count = useMailboxesStore((s) => s.selectedCount());
  return formatNumber(count, i18n.language);
}

/** Runs a bulk change on the current selection, then offers its undo. */
async function runBulk(
  service: MailService,
  change: BulkChange | 'delete',
  t: (k: string, o?: Record<string, unknown>) => string,
) {
  const selection = useMailboxesStore.getState().selectionInput();
  if (!selection) return;
  const result =
    change === 'delete'
      ? await api().mailboxes.bulkDelete({ mailServiceId: service.id, selection })
      : await api().mailboxes.bulkUpdate({ mailServiceId: service.id, selection, change });
  useMailboxesStore.getState().clearSelection();
  invalidate(['mailboxes', 'mailServices']);
  const auditId = result.auditId;
  toast({
    tone: 'success',
    message: t(change === 'delete' ? 'bulk.deleted' : 'bulk.updated', { count: result.affected }),
    action: auditId === null ? undefined : { label: t('common.undo'), run: () => undoAction(auditId, t as never) },
  });
  for (const warning of result.warnings) {
    const [code, target] = warning.split(':');
    if (code === 'gmail-target') toast({ tone: 'info', message: t('forwarding.gmailWarning', { target }) }, 12_000);
  }
}

export function DeleteSelectionDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t } = useTranslation();
  const count = useMailboxesStore((s) => s.selectedCount());
  const formatted = useSelectionCount();
  return (
    <FormDialog
      title={t('bulk.deleteTitle', { count, formatted })}
      submitLabel={t('bulk.deleteConfirm', { count, formatted })}
      tone="danger"
      onClose={onClose}
      submitDisabled={count === 0}
      progressLabel={t('bulk.working', { count, formatted })}
      onSubmit={() => runBulk(service, 'delete', t)}
    >
      <p>{t('bulk.deleteText', { count, formatted })}</p>
    </FormDialog>
  );
}

export function QuotaDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t } = useTranslation();
  const count = useMailboxesStore((s) => s.selectedCount());
  const formatted = useSelectionCount();
  const [gb, setGb] = useState(String(DEFAULT_STORAGE_QUOTA_MB / 1024));
  const mb = quotaMb(gb);
  const valid = mb !== null;
  return (
    <FormDialog
      title={t('bulk.quotaTitle', { count, formatted })}
      submitLabel={t('bulk.apply')}
      onClose={onClose}
      submitDisabled={!valid}
      progressLabel={t('bulk.working', { count, formatted })}
      onSubmit={() => runBulk(service, { kind: 'quota', storageQuotaMb: mb! }, t)}
    >
      <Field
        label={t('mailboxes.quotaGb')}
        type="number"
        min={0.001}
        step="any"
        value={gb}
        onChange={(e) => setGb(e.target.value)}
        autoFocus
        error={valid ? null : t('mailboxes.quotaInvalid')}
      />
    </FormDialog>
  );
}

export function ForwardingDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t } = useTranslation();
  const count = useMailboxesStore((s) => s.selectedCount());
  const formatted = useSelectionCount();
  const [mode, setMode] = useState<'set' | 'clear'>('set');
  const [targets, setTargets] = useState<string[]>(['']);
  const [keepCopy, setKeepCopy] = useState(true);
  const filled = targets.map((x) => x.trim()).filter(Boolean);
  return (
    <FormDialog
      title={t('bulk.forwardingTitle', { count, formatted })}
      submitLabel={t('bulk.apply')}
      onClose={onClose}
      submitDisabled={mode === 'set' && filled.length === 0}
      progressLabel={t('bulk.working', { count, formatted })}
      onSubmit={() =>
        runBulk(service, mode === 'clear' ? { kind: 'clear-forwarding' } : { kind: 'forwarding', targets: filled, keepCopy }, t)
      }
    >
      <SelectField
        label={t('bulk.forwardingMode')}
        value={mode}
        onChange={(v) => setMode(v as 'set' | 'clear')}
        options={[
          { value: 'set', label: t('bulk.forwardingSet') },
          { value: 'clear', label: t('bulk.forwardingClear') },
        ]}
      />
      {mode === 'set' && (
        <>
          <TargetsField targets={targets} onChange={setTargets} />
          <label className="checkbox">
            <input type="checkbox" checked={keepCopy} onChange={(e) => setKeepCopy(e.target.checked)} />
            <span>
              {t('forwarding.keepCopy')}
              <span className="field-hint">{t('forwarding.keepCopyHint')}</span>
            </span>
          </label>
        </>
      )}
    </FormDialog>
  );
}

export function AutoReplyBulkDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t } = useTranslation();
  const count = useMailboxesStore((s) => s.selectedCount());
  const formatted = useSelectionCount();
  const [mode, setMode] = useState<'on' | 'off'>('on');
  const [name, setName] = useState(t('bulk.autoReplyDefaultName'));
  const [message, setMessage] = useState('');
  const [until, setUntil] = useState('');
  return (
    <FormDialog
      title={t('bulk.autoReplyTitle', { count, formatted })}
      submitLabel={t('bulk.apply')}
      onClose={onClose}
      submitDisabled={mode === 'on' && (message.trim() === '' || name.trim() === '')}
      progressLabel={t('bulk.working', { count, formatted })}
      onSubmit={() =>
        runBulk(
          service,
          mode === 'off'
            ? { kind: 'auto-reply-off' }
            : {
                kind: 'auto-reply-on',
                reply: {
                  name: name.trim(),
                  subject: '',
                  message,
                  startsAt: null,
                  endsAt: until ? new Date(until).toISOString() : null,
                },
              },
          t,
        )
      }
    >
      <SelectField
        label={t('bulk.autoReplyMode')}
        value={mode}
        onChange={(v) => setMode(v as 'on' | 'off')}
        options={[
          { value: 'on', label: t('bulk.autoReplyOn') },
          { value: 'off', label: t('bulk.autoReplyOff') },
        ]}
      />
      {mode === 'on' && (
        <>
          <Field label={t('autoReply.name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          <div className="field">
            <label htmlFor="bulk-reply-message">{t('autoReply.message')}</label>
            <textarea
              id="bulk-reply-message"
              className="input"
              rows={5}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          </div>
          <Field
            label={t('autoReply.endsAt')}
            type="datetime-local"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            hint={t('bulk.autoReplyUntilHint')}
          />
        </>
      )}
    </FormDialog>
  );
}

export function ExportDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const selected = useMailboxesStore((s) => s.selectedCount());
  const total = useMailboxesStore((s) => s.total);
  const [delimiter, setDelimiter] = useState<',' | ';' | '\t'>(defaultDelimiterFor(formatLocale(i18n.language)));
  const count = selected > 0 ? selected : total;
  return (
    <FormDialog
      title={t('export.title')}
      submitLabel={t('export.download')}
      onClose={onClose}
      progressLabel={t('export.working', { count, formatted: formatNumber(count, i18n.language) })}
      onSubmit={async () => {
        const state = useMailboxesStore.getState();
        const result = await api().mailboxes.export({
          mailServiceId: service.id,
          selection: state.selectionInput() ?? undefined,
          filter: { ...state.query.filter, search: state.query.search || undefined },
          sort: state.query.sort,
          delimiter,
        });
        download(result.csv, result.fileName);
        toast({ tone: 'success', message: t('export.done', { count: result.rows, file: result.fileName }) });
      }}
    >
      <p>
        {selected > 0
          ? t('export.selection', { count, formatted: formatNumber(count, i18n.language) })
          : t('export.filter', { count, formatted: formatNumber(count, i18n.language) })}
      </p>
      <SelectField
        label={t('export.delimiter')}
        value={delimiter}
        onChange={(v) => setDelimiter(v as ',' | ';' | '\t')}
        options={[
          { value: ',', label: t('export.comma') },
          { value: ';', label: t('export.semicolon') },
          { value: '\t', label: t('export.tab') },
        ]}
        hint={t('export.hint')}
      />
    </FormDialog>
  );
}
