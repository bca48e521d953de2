import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDetails, MailboxState, MailService } from '../../../../../shared/contract';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field, SelectField } from '../../../components/Field';
import { PasswordStrength } from '../../../components/PasswordStrength';
import { formatDateTime } from '../../../i18n/format';
import { invalidate } from '../../../stores/invalidate';
import { toast } from '../../../stores/use-toast-store';
import { quotaMb } from '../MailboxDialogs';

export function GeneralTab({ details, service, readOnly }: { details: MailboxDetails; service: MailService; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const mailbox = details.mailbox;
  const [displayName, setDisplayName] = useState(mailbox.displayName);
  const [quota, setQuota] = useState(String(Math.round((mailbox.storageQuotaMb / 1024) * 100) / 100));
  const [state, setState] = useState<MailboxState>(mailbox.state);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const parsed = quotaMb(quota);
  const quotaOk = parsed !== null;
  const mb = parsed ?? mailbox.storageQuotaMb;
  const dirty = displayName.trim() !== mailbox.displayName || mb !== mailbox.storageQuotaMb || state !== mailbox.state;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api().mailboxes.update({ id: mailbox.id, displayName: displayName.trim(), storageQuotaMb: mb, state });
      invalidate(['mailboxes']);
      toast({ tone: 'success', message: t('mailboxes.updated', { address: mailbox.address }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tab-content">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (dirty && quotaOk) void save();
        }}
      >
        <Field
          label={t('mailboxes.displayName')}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          maxLength={120}
          disabled={readOnly}
        />
        <Field
          label={t('mailboxes.quotaGb')}
          type="number"
          min={0.001}
          step="any"
          value={quota}
          onChange={(e) => setQuota(e.target.value)}
          disabled={readOnly}
          error={quotaOk ? null : t('mailboxes.quotaInvalid')}
        />
        <SelectField
          label={t('mailboxes.state')}
          value={state}
          onChange={(v) => setState(v as MailboxState)}
          options={[
            { value: 'planned', label: t('mailboxes.states.planned') },
            { value: 'created', label: t('mailboxes.states.created') },
          ]}
        />
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit" className="button button-primary" disabled={!dirty || !quotaOk || busy || readOnly}>
          {t('common.save')}
        </button>
      </form>
      <PasswordReset
        mailboxId={mailbox.id}
        address={mailbox.address}
        domain={service.domain}
        readOnly={readOnly}
        lastSet={mailbox.passwordSetAt}
      />
      <dl className="facts small">
        <dt>{t('details.created')}</dt>
        <dd>{formatDateTime(mailbox.createdAt, i18n.language)}</dd>
        <dt>{t('mailboxes.updatedAt')}</dt>
        <dd>{formatDateTime(mailbox.updatedAt, i18n.language)}</dd>
      </dl>
    </div>
  );
}

/** A generated strong password, shown once with a copy button; the workspace keeps it only sealed. */
function PasswordReset(props: { mailboxId: number; address: string; domain: string; readOnly: boolean; lastSet: string | null }) {
  const { t, i18n } = useTranslation();
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const reset = async () => {
    setError(null);
    setCopied(false);
    try {
      const result = await api().mailboxes.resetPassword({ id: props.mailboxId });
      setPassword(result.password);
      invalidate(['mailboxes']);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="subsection" aria-labelledby="password-heading">
      <h3 id="password-heading">{t('password.title')}</h3>
      <p className="muted small">
        {props.lastSet ? t('password.lastSet', { date: formatDateTime(props.lastSet, i18n.language) }) : t('password.never')}
      </p>
      {password ? (
        <div className="password-once">
          <p>{t('password.showOnce')}</p>
          <div className="field-row">
            <output className="mono password-value" aria-label={t('password.generated')}>
              {password}
            </output>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                void navigator.clipboard.writeText(password).then(() => setCopied(true));
              }}
            >
              {copied ? t('password.copied') : t('password.copy')}
            </button>
          </div>
          <PasswordStrength password={password} userInputs={[props.address, props.domain]} />
          <button type="button" className="button button-small" onClick={() => setPassword(null)}>
            {t('password.hide')}
          </button>
        </div>
      ) : (
        <button type="button" className="button" onClick={reset} disabled={props.readOnly}>
          {t('password.reset')}
        </button>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
