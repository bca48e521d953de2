import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDetails } from '../../../../../shared/contract';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { invalidate } from '../../../stores/invalidate';
import { toast } from '../../../stores/use-toast-store';
import { TargetsField } from './TargetsField';

export function ForwardingTab({ details, readOnly }: { details: MailboxDetails; readOnly: boolean }) {
  const { t } = useTranslation();
  const mailbox = details.mailbox;
  const [targets, setTargets] = useState<string[]>(mailbox.forwardTargets.length > 0 ? mailbox.forwardTargets : ['']);
  const [keepCopy, setKeepCopy] = useState(mailbox.forwardKeepCopy);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const filled = targets.map((x) => x.trim()).filter(Boolean);
  const key = filled.join('\n');

  useEffect(() => {
    // Loops only show against the workspace: ask the service as you type (debounced).
    if (filled.length === 0) return;
    const timer = window.setTimeout(() => {
      api()
        .forwarding.check({ mailboxId: mailbox.id, targets: filled })
        .then((result) => {
          const messages: Record<string, string> = {};
          for (const e of result.errors) {
            if (e.code === 'invalid-forward') continue; // shown by the field itself
            messages[e.target.toLowerCase()] =
              e.code === 'forward-loop'
                ? t('forwarding.loop', { chain: (e.chain ?? []).join(' → ') })
                : t(`forwarding.${e.code === 'forward-to-self' ? 'self' : 'duplicate'}`);
          }
          setServerErrors(messages);
        })
        .catch(() => setServerErrors({}));
    }, 250);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the filled targets
  }, [key, mailbox.id, t]);

  const shownErrors = filled.length === 0 ? {} : serverErrors;

  const save = async (next: string[]) => {
    setError(null);
    try {
      const result = await api().forwarding.set({ mailboxId: mailbox.id, targets: next, keepCopy });
      invalidate(['mailboxes']);
      toast({
        tone: 'success',
        message: next.length === 0 ? t('forwarding.turnedOff') : t('forwarding.saved', { count: next.length }),
      });
      for (const w of result.warnings)
        toast({ tone: 'info', message: t('forwarding.gmailWarning', { target: w.target }) }, 12_000);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="tab-content">
      <p className="muted small">{t('forwarding.explain')}</p>
      <TargetsField targets={targets} onChange={setTargets} serverErrors={shownErrors} />
      <label className="checkbox">
        <input type="checkbox" checked={keepCopy} onChange={(e) => setKeepCopy(e.target.checked)} disabled={readOnly} />
        <span>
          {t('forwarding.keepCopy')}
          <span className="field-hint">{t('forwarding.keepCopyHint')}</span>
        </span>
      </label>
      {error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={readOnly || filled.length === 0 || Object.keys(shownErrors).length > 0}
          onClick={() => save(filled)}
        >
          {t('forwarding.save')}
        </button>
        {mailbox.forwardTargets.length > 0 && (
          <button
            type="button"
            className="button"
            disabled={readOnly}
            onClick={() => {
              setTargets(['']);
              void save([]);
            }}
          >
            {t('forwarding.turnOff')}
          </button>
        )}
      </div>
    </div>
  );
}
