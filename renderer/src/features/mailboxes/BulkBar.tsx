import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { formatNumber } from '../../i18n/format';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { ApplyTemplateDialog } from '../templates/ApplyTemplateDialog';
import { AutoReplyBulkDialog, ExportDialog, ForwardingDialog, QuotaDialog } from './BulkDialogs';

type Open = 'quota' | 'forwarding' | 'auto-reply' | 'template' | 'export' | null;

/** What to do with the selection; "select all N matching" without loading them. */
export function BulkBar({ service, readOnly, onDelete }: { service: MailService; readOnly: boolean; onDelete: () => void }) {
  const { t, i18n } = useTranslation();
  const count = useMailboxesStore((s) => s.selectedCount());
  const total = useMailboxesStore((s) => s.total);
  const mode = useMailboxesStore((s) => s.selection.mode);
  const selectAll = useMailboxesStore((s) => s.selectAllMatching);
  const clear = useMailboxesStore((s) => s.clearSelection);
  const [open, setOpen] = useState<Open>(null);
  const fmt = (n: number) => formatNumber(n, i18n.language);
  return (
    <div className={`bulk-bar${count > 0 ? ' active' : ''}`} role="region" aria-label={t('bulk.region')}>
      <span className="bulk-count" aria-live="polite">
        {count > 0 ? t('bulk.selected', { count, formatted: fmt(count) }) : t('bulk.none')}
      </span>
      {count > 0 && mode === 'some' && count < total && (
        <button type="button" className="link-button" onClick={selectAll}>
          {t('bulk.selectAll', { count: total, formatted: fmt(total) })}
        </button>
      )}
      <div className="bulk-actions">
        <button type="button" className="button button-small" disabled={count === 0 || readOnly} onClick={() => setOpen('quota')}>
          {t('bulk.quota')}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={count === 0 || readOnly}
          onClick={() => setOpen('forwarding')}
        >
          {t('bulk.forwarding')}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={count === 0 || readOnly}
          onClick={() => setOpen('auto-reply')}
        >
          {t('bulk.autoReply')}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={count === 0 || readOnly}
          onClick={() => setOpen('template')}
        >
          {t('templates.apply')}
        </button>
        <button type="button" className="button button-small" disabled={total === 0} onClick={() => setOpen('export')}>
          {count > 0 ? t('bulk.exportSelection') : t('bulk.exportAll')}
        </button>
        <button
          type="button"
          className="button button-small button-danger-ghost"
          disabled={count === 0 || readOnly}
          onClick={onDelete}
        >
          {t('bulk.delete')}
        </button>
        {count > 0 && (
          <button type="button" className="button button-small" onClick={clear}>
            {t('bulk.clear')}
          </button>
        )}
      </div>
      {open === 'quota' && <QuotaDialog service={service} onClose={() => setOpen(null)} />}
      {open === 'forwarding' && <ForwardingDialog service={service} onClose={() => setOpen(null)} />}
      {open === 'auto-reply' && <AutoReplyBulkDialog service={service} onClose={() => setOpen(null)} />}
      {open === 'template' && <ApplyTemplateDialog service={service} onClose={() => setOpen(null)} />}
      {open === 'export' && <ExportDialog service={service} onClose={() => setOpen(null)} />}
    </div>
  );
}
