import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxTemplate, MailService } from '../../../../shared/contract';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Icon } from '../../components/icons';
import { invalidate } from '../../stores/invalidate';
import { useTemplatesStore } from '../../stores/use-templates-store';
import { toast } from '../../stores/use-toast-store';
import { undoAction } from '../activity/undo';
import { templateSummary } from './summary';
import { TemplateEditorDialog } from './TemplateEditorDialog';

/** The mail service's templates: what each sets, add, change, delete (undoable). */
export function TemplatesDialog({
  service,
  readOnly,
  onClose,
}: {
  service: MailService;
  readOnly: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const templates = useTemplatesStore((s) => s.templates);
  const load = useTemplatesStore((s) => s.load);
  const [editing, setEditing] = useState<MailboxTemplate | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void load(service.id);
  }, [load, service.id]);

  const remove = async (template: MailboxTemplate) => {
    setError(null);
    try {
      const { auditId } = await api().templates.delete({ id: template.id });
      invalidate(['mailboxes']);
      toast({
        tone: 'success',
        message: t('templates.deleted', { name: template.name }),
        action: { label: t('common.undo'), run: () => undoAction(auditId, t) },
      });
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Dialog title={t('templates.title', { domain: service.domain })} onClose={onClose} size="large">
      <div className="dialog-body">
        <p className="muted">{t('templates.intro')}</p>
        {templates.length === 0 ? (
          <p>{t('templates.none')}</p>
        ) : (
          <ul className="template-list" aria-label={t('templates.title', { domain: service.domain })}>
            {templates.map((template) => (
              <li key={template.id}>
                <div className="template-text">
                  <strong>{template.name}</strong>
                  {template.description && <div className="muted small">{template.description}</div>}
                  <div className="small">{templateSummary(template.settings, t, i18n.language)}</div>
                </div>
                <button
                  type="button"
                  className="button button-small"
                  disabled={readOnly}
                  aria-label={t('templates.editNamed', { name: template.name })}
                  onClick={() => setEditing(template)}
                >
                  {t('templates.edit')}
                </button>
                <button
                  type="button"
                  className="button button-small button-danger-ghost"
                  disabled={readOnly}
                  aria-label={t('templates.deleteNamed', { name: template.name })}
                  onClick={() => void remove(template)}
                >
                  {t('common.delete')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {error !== null && <ErrorMessage error={error} />}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
        <button type="button" className="button button-primary" disabled={readOnly} onClick={() => setEditing('new')}>
          <Icon name="plus" size={16} />
          {t('templates.new')}
        </button>
      </div>
      {editing !== null && (
        <TemplateEditorDialog
          service={service}
          template={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Dialog>
  );
}
