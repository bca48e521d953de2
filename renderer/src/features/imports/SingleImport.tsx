import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ImportCheckResult, MailService } from '../../../../shared/contract';
import { checkEmailAddress } from '../../../../shared/domain/address/email';
import { oauthProvider, parseEndpoint } from '../../../../shared/domain/mail-import/providers';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { toast } from '../../stores/use-toast-store';
import { CheckResultView } from './CheckResultView';
import { DEFAULT_OPTIONS, OptionsFields, readOptions, type OptionsDraft } from './OptionsFields';
import { StartError } from './StartError';
import { checkOutcome, targetPasswordMissing, useImportText } from './use-import-text';

interface Draft {
  source: string;
  password: string;
  server: string;
  target: string;
  targetPassword: string;
}
const EMPTY: Draft = { source: '', password: '', server: '', target: '', targetPassword: '' };

/** Addresses of the service's mailboxes, for the target field's suggestions (the first 500 are plenty to pick from). */
function useMailboxAddresses(serviceId: number): string[] {
  const [addresses, setAddresses] = useState<{ serviceId: number; list: string[] }>({ serviceId, list: [] });
  useEffect(() => {
    let current = true;
    api()
      .mailboxes.list({ mailServiceId: serviceId, limit: 500 })
      .then(
        (page) => current && setAddresses({ serviceId, list: page.rows.map((m) => m.address) }),
        () => undefined, // suggestions only: the field works without them
      );
    return () => {
      current = false;
    };
  }, [serviceId]);
  return addresses.serviceId === serviceId ? addresses.list : [];
}

/** One account: checked first (login, folders, size), then imported as a job of one. */
export function SingleImport({ service, targetServer }: { service: MailService; targetServer: string | null }) {
  const x = useImportText();
  const { t } = x;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [options, setOptions] = useState<OptionsDraft>(DEFAULT_OPTIONS);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState<'check' | 'start' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ result: ImportCheckResult; of: Draft } | null>(null);
  const suggestions = useMailboxAddresses(service.id);
  const listId = useId();
  const formId = useId();
  const resultRef = useRef<HTMLDivElement>(null);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const sourceOk = checkEmailAddress(draft.source.trim().toLowerCase()).ok;
  const targetOk = checkEmailAddress(draft.target.trim().toLowerCase()).ok;
  const serverOk = draft.server.trim() === '' || parseEndpoint(draft.server) !== null;
  const oauth = sourceOk ? oauthProvider(draft.source) : null;
  const { options: parsedOptions } = readOptions(options);
  // The target's password may be left out for a mailbox Mailwright created: the one it keeps is used.
  const complete = sourceOk && targetOk && serverOk && draft.password !== '';
  const stale = result !== null && (Object.keys(EMPTY) as (keyof Draft)[]).some((key) => result.of[key] !== draft[key]);
  const noTargetPassword =
    result !== null &&
    checkEmailAddress(result.of.target.trim().toLowerCase()).ok &&
    targetPasswordMissing(result.result, result.of.targetPassword !== '');
  const failedCheck = result !== null && !stale && (!checkOutcome(result.result).ok || noTargetPassword);

  const account = () => ({
    source: draft.source.trim(),
    sourcePassword: draft.password,
    sourceServer: draft.server.trim() || undefined,
    target: draft.target.trim(),
    targetPassword: draft.targetPassword || undefined,
  });

  const check = async (event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (!sourceOk || !serverOk || draft.password === '') return;
    setBusy('check');
    setError(null);
    const of = draft;
    try {
      const a = account();
      const checked = await api().imports.check({
        mailServiceId: service.id,
        source: a.source,
        sourcePassword: a.sourcePassword,
        sourceServer: a.sourceServer,
        // The target is checked too (with the password Mailwright keeps for it when none is given).
        ...(targetOk ? { target: a.target, targetPassword: a.targetPassword } : {}),
      });
      setResult({ result: checked, of });
      setTimeout(() => resultRef.current?.querySelector<HTMLElement>('h3')?.focus());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const start = async () => {
    setTouched(true);
    if (!complete || !parsedOptions) return;
    setBusy('start');
    setError(null);
    try {
      const a = account();
      await api().imports.start({
        mailServiceId: service.id,
        name: t('imports.single.jobName', { source: a.source }),
        accounts: [a],
        options: parsedOptions,
      });
      toast({ tone: 'success', message: t('imports.single.started', { source: a.source, target: a.target }) });
      // The passwords went with the job: they are not kept here.
      setDraft(EMPTY);
      setResult(null);
      setTouched(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="import-single">
      <form id={formId} onSubmit={check} noValidate aria-label={t('imports.single.title')}>
        <div className="import-form-grid">
          <fieldset className="import-side">
            <legend>{t('imports.single.sourceLegend')}</legend>
            <Field
              label={t('imports.single.source')}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={draft.source}
              onChange={(e) => set({ source: e.target.value })}
              placeholder="anna@old-provider.example"
              error={touched && !sourceOk ? t('imports.single.invalidAddress') : null}
              hint={oauth ? t(`imports.oauth.${oauth}`) : undefined}
            />
            <Field
              label={t('imports.single.password')}
              type="password"
              autoComplete="off"
              value={draft.password}
              onChange={(e) => set({ password: e.target.value })}
              error={touched && draft.password === '' ? t('imports.single.passwordRequired') : null}
            />
            <Field
              label={t('imports.single.server')}
              spellCheck={false}
              autoComplete="off"
              value={draft.server}
              onChange={(e) => set({ server: e.target.value })}
              placeholder="imap.old-provider.example"
              hint={t('imports.single.serverHint')}
              error={serverOk ? null : t('imports.target.invalid')}
            />
          </fieldset>
          <fieldset className="import-side">
            <legend>{t('imports.single.targetLegend', { domain: service.domain })}</legend>
            <Field
              label={t('imports.single.target')}
              type="email"
              autoComplete="off"
              spellCheck={false}
              list={suggestions.length > 0 ? listId : undefined}
              value={draft.target}
              onChange={(e) => set({ target: e.target.value })}
              placeholder={`anna@${service.domain}`}
              error={touched && !targetOk ? t('imports.single.invalidAddress') : null}
              hint={targetServer ? t('imports.single.targetHint', { server: targetServer }) : t('imports.single.targetHintNone')}
            />
            {suggestions.length > 0 && (
              <datalist id={listId}>
                {suggestions.map((address) => (
                  <option key={address} value={address} />
                ))}
              </datalist>
            )}
            <Field
              label={t('imports.single.targetPassword')}
              type="password"
              autoComplete="off"
              value={draft.targetPassword}
              onChange={(e) => set({ targetPassword: e.target.value })}
              hint={t('imports.single.targetPasswordHint')}
            />
          </fieldset>
        </div>
        <details className="import-details">
          <summary>{t('imports.options.title')}</summary>
          <OptionsFields value={options} onChange={setOptions} single hideLegend />
        </details>
        {error !== null && <StartError error={error} />}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy !== null} aria-busy={busy === 'check'}>
            {busy === 'check' ? t('imports.single.checking') : t('imports.single.check')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy !== null || failedCheck || !parsedOptions}
            aria-busy={busy === 'start'}
            onClick={() => void start()}
          >
            {t('imports.single.start')}
          </button>
        </div>
        {failedCheck && <p className="field-hint">{t('imports.single.fixFirst')}</p>}
        {busy === 'check' && (
          <div className="progress-row" role="status">
            <progress aria-label={t('imports.single.checking')} />
            <span>{t('imports.single.checkingText', { source: draft.source.trim() })}</span>
          </div>
        )}
      </form>
      <div ref={resultRef}>
        {result && <CheckResultView result={result.result} stale={stale} noTargetPassword={noTargetPassword} />}
      </div>
    </div>
  );
}
