import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDetails, MailService } from '../../../../../shared/contract';
import { checkLocalPart } from '../../../../../shared/domain/address/local-part';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { invalidate } from '../../../stores/invalidate';
import { toast } from '../../../stores/use-toast-store';
import { undoAction } from '../../activity/undo';

export function AliasesTab({ details, service, readOnly }: { details: MailboxDetails; service: MailService; readOnly: boolean }) {
  const { t } = useTranslation();
  const [localPart, setLocalPart] = useState('');
  const [error, setError] = useState<unknown>(null);
  const check = checkLocalPart(localPart, service.domain);
  const typed = localPart.trim() !== '';
  const add = async () => {
    setError(null);
    try {
      const alias = await api().aliases.add({ mailboxId: details.mailbox.id, localPart });
      setLocalPart('');
      invalidate(['mailboxes']);
      toast({ tone: 'success', message: t('aliases.added', { address: alias.address }) });
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <div className="tab-content">
      <p className="muted small">{t('aliases.explain', { domain: service.domain })}</p>
      {details.aliases.length === 0 ? (
        <p>{t('aliases.none')}</p>
      ) : (
        <ul className="plain-list">
          {details.aliases.map((alias) => (
            <li key={alias.id}>
              <span className="mono">{alias.address}</span>
              <button
                type="button"
                className="button button-small button-danger-ghost"
                disabled={readOnly}
                aria-label={t('aliases.removeNamed', { address: alias.address })}
                onClick={async () => {
                  try {
                    const { auditId } = await api().aliases.remove({ id: alias.id });
                    invalidate(['mailboxes']);
                    toast({
                      tone: 'success',
                      message: t('aliases.removed', { address: alias.address }),
                      action: { label: t('common.undo'), run: () => undoAction(auditId, t) },
                    });
                  } catch (caught) {
                    setError(caught);
                  }
                }}
              >
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (check.ok) void add();
        }}
      >
        <Field
          label={t('aliases.new')}
          value={localPart}
          onChange={(e) => setLocalPart(e.target.value)}
          suffix={`@${service.domain}`}
          spellCheck={false}
          autoCapitalize="off"
          disabled={readOnly}
          error={typed && !check.ok ? t(`address.${check.code}`, { domain: service.domain }) : null}
        />
        <button type="submit" className="button" disabled={!check.ok || readOnly}>
          {t('aliases.add')}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
