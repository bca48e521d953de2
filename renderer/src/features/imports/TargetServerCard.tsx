import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { parseEndpoint } from '../../../../shared/domain/mail-import/providers';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { onChange } from '../../stores/invalidate';
import { toast } from '../../stores/use-toast-store';

/** The import target server of a mail service: loaded, and again when imports change. */
export function useTargetServer(serviceId: number) {
  const [state, setState] = useState<{ serviceId: number; server: string | null; error: unknown }>({
    serviceId,
    server: null,
    error: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => onChange(['imports'], () => setVersion((v) => v + 1)), []);
  useEffect(() => {
    let current = true;
    api()
      .imports.targetServer({ mailServiceId: serviceId })
      .then(
        ({ server }) => current && setState({ serviceId, server, error: null }),
        (error: unknown) => current && setState({ serviceId, server: null, error }),
      );
    return () => {
      current = false;
    };
  }, [serviceId, version]);
  // Another service's answer is not this one's.
  return state.serviceId === serviceId ? state : { serviceId, server: null, error: null };
}

/** Where the mail goes: the IMAP server of this service's mailboxes, shown and changeable. */
export function TargetServerCard({ service, server, error }: { service: MailService; server: string | null; error: unknown }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const titleId = useId();
  return (
    <section className="import-card import-target" aria-labelledby={titleId}>
      <div className="import-target-row">
        <div>
          <h2 id={titleId}>{t('imports.target.title')}</h2>
          <p className="muted small">{t('imports.target.text', { domain: service.domain })}</p>
        </div>
        <div className="import-target-value">
          {server === null && error === null ? (
            <span className="muted">{t('common.loading')}</span>
          ) : server ? (
            <code className="import-server">{server}</code>
          ) : (
            error === null && <span className="badge badge-warning">{t('imports.target.none')}</span>
          )}
          <button type="button" className="button" onClick={() => setEditing(true)} disabled={error !== null}>
            {server ? t('imports.target.change') : t('imports.target.set')}
          </button>
        </div>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {editing && <TargetServerDialog service={service} server={server ?? ''} onClose={() => setEditing(false)} />}
    </section>
  );
}

function TargetServerDialog({ service, server, onClose }: { service: MailService; server: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(server);
  const [touched, setTouched] = useState(false);
  const valid = parseEndpoint(value) !== null;
  return (
    <FormDialog
      title={t('imports.target.dialogTitle', { domain: service.domain })}
      submitLabel={t('common.save')}
      submitDisabled={!valid}
      onClose={onClose}
      onSubmit={async () => {
        const saved = await api().imports.setTargetServer({ mailServiceId: service.id, server: value.trim() });
        toast({ tone: 'success', message: t('imports.target.saved', { server: saved.server }) });
      }}
    >
      <Field
        label={t('imports.target.label')}
        value={value}
        placeholder="imaps://mail.example.ch:993"
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => setTouched(true)}
        hint={t('imports.target.hint')}
        error={touched && !valid ? t('imports.target.invalid') : null}
      />
    </FormDialog>
  );
}
