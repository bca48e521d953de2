import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDetails, SieveScript } from '../../../../../shared/contract';
import { parseSieve } from '../../../../../shared/domain/sieve/parse';
import { appendRule, type Rule, type RuleAction, type RuleCondition } from '../../../../../shared/domain/sieve/rules';
import { api } from '../../../api';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { download } from '../../../components/download';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useErrorText } from '../../../i18n/use-error-text';
import { onChange } from '../../../stores/invalidate';
import { toast } from '../../../stores/use-toast-store';
import { undoAction } from '../../activity/undo';
import { SieveEditor } from './SieveEditor';

type Draft = { id?: number; name: string; content: string };

/** The mailbox's Sieve scripts: several saved, one active; an editor checked as you type, and a rule builder. */
export function SieveTab({ details, readOnly }: { details: MailboxDetails; readOnly: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const mailboxId = details.mailbox.id;
  const [scripts, setScripts] = useState<SieveScript[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState<SieveScript | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => onChange(['mailboxes'], () => setVersion((v) => v + 1)), []);
  useEffect(() => {
    let current = true;
    void api()
      .sieve.list({ mailboxId })
      .then(
        (list) => current && setScripts(list),
        (caught: unknown) => current && setError(caught),
      );
    return () => {
      current = false;
    };
  }, [mailboxId, version]);

  const check = useMemo(() => (draft ? parseSieve(draft.content) : null), [draft]);
  const save = async (activate: boolean) => {
    if (!draft) return;
    setError(null);
    try {
      const saved = await api().sieve.save({ mailboxId, id: draft.id, name: draft.name, content: draft.content, activate });
      setDraft({ id: saved.id, name: saved.name, content: saved.content });
      setVersion((v) => v + 1);
      toast({ tone: 'success', message: t(activate ? 'sieve.savedActive' : 'sieve.saved', { name: saved.name }) });
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="sieve-tab">
      <div className="section-header">
        <h3>{t('sieve.scripts')}</h3>
        {!readOnly && (
          <div className="button-row">
            <button
              type="button"
              className="button button-small"
              onClick={() => setDraft({ name: t('sieve.newName'), content: '' })}
            >
              {t('sieve.new')}
            </button>
            <label className="button button-small">
              {t('sieve.import')}
              <input
                type="file"
                accept=".sieve,.siv,text/plain"
                className="visually-hidden"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) setDraft({ name: file.name.replace(/\.(sieve|siv)$/i, ''), content: await file.text() });
                }}
              />
            </label>
          </div>
        )}
      </div>
      {scripts.length === 0 ? (
        <p className="muted">{t('sieve.none')}</p>
      ) : (
        <ul className="plain-list">
          {scripts.map((s) => (
            <li key={s.id}>
              <span>
                <strong>{s.name}</strong> {s.active && <span className="badge badge-created">{t('sieve.active')}</span>}
              </span>
              <span className="row-actions">
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setDraft({ id: s.id, name: s.name, content: s.content })}
                >
                  {readOnly ? t('sieve.view') : t('common.edit')}
                </button>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => download(s.content, `${s.name}.sieve`, 'application/sieve')}
                >
                  {t('sieve.export')}
                </button>
                {!readOnly && (
                  <>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() =>
                        void api()
                          .sieve.activate({ id: s.id, active: !s.active })
                          .then(
                            () => setVersion((v) => v + 1),
                            (caught: unknown) => setError(caught),
                          )
                      }
                    >
                      {s.active ? t('sieve.deactivate') : t('sieve.activate')}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-ghost"
                      aria-label={t('sieve.deleteNamed', { name: s.name })}
                      onClick={() => setConfirmDelete(s)}
                    >
                      {t('common.delete')}
                    </button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {draft && (
        <section className="sieve-editor" aria-labelledby="sieve-editor-heading">
          <h3 id="sieve-editor-heading">{draft.id ? t('sieve.editing', { name: draft.name }) : t('sieve.newScript')}</h3>
          <div className="field">
            <label htmlFor="sieve-name">{t('sieve.name')}</label>
            <input
              id="sieve-name"
              className="input"
              value={draft.name}
              disabled={readOnly}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </div>
          {!readOnly && <RuleBuilder onAdd={(rule) => setDraft({ ...draft, content: appendRule(draft.content, rule) })} />}
          <div className="field">
            <label htmlFor="sieve-content">{t('sieve.content')}</label>
            <SieveEditor
              id="sieve-content"
              rows={Math.min(24, Math.max(8, draft.content.split('\n').length + 1))}
              value={draft.content}
              spellCheck={false}
              readOnly={readOnly}
              aria-invalid={check?.ok === false || undefined}
              aria-describedby="sieve-status"
              onChange={(e) => setDraft({ ...draft, content: e.target.value })}
              error={check?.ok === false ? check.error : null}
            />
            <p id="sieve-status" className={check?.ok === false ? 'field-error' : 'field-hint'} role="status">
              {check?.ok === false
                ? t('sieve.errorAt', { line: check.error.line, column: check.error.column, message: check.error.message })
                : t('sieve.valid')}
            </p>
          </div>
          {error !== null && <ErrorMessage error={error} />}
          {!readOnly && (
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                disabled={check?.ok !== true || !draft.name.trim()}
                onClick={() => void save(false)}
              >
                {t('common.save')}
              </button>
              <button
                type="button"
                className="button"
                disabled={check?.ok !== true || !draft.name.trim()}
                onClick={() => void save(true)}
              >
                {t('sieve.saveActivate')}
              </button>
              <button type="button" className="button button-ghost" onClick={() => setDraft(null)}>
                {t('common.cancel')}
              </button>
            </div>
          )}
        </section>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={t('sieve.deleteTitle', { name: confirmDelete.name })}
          confirmLabel={t('common.delete')}
          onClose={() => setConfirmDelete(null)}
          onConfirm={async () => {
            const done = await api().sieve.delete({ id: confirmDelete.id });
            setVersion((v) => v + 1);
            if (draft?.id === confirmDelete.id) setDraft(null);
            toast({
              tone: 'success',
              message: t('sieve.deleted', { name: confirmDelete.name }),
              action: { label: t('common.undo'), run: () => undoAction(done.auditId, t, errorText) },
            });
          }}
        >
          <p>{t('sieve.deleteText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

const CONDITIONS = ['from', 'to', 'subject', 'sent-to-detail', 'sent-to'] as const;
const ACTIONS = ['fileinto', 'mark-read', 'flag', 'redirect', 'reject', 'discard'] as const;

/** The common cases in a few choices; writes readable Sieve into the script (every output compiles in Dovecot). */
function RuleBuilder({ onAdd }: { onAdd: (rule: Rule) => void }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState<(typeof CONDITIONS)[number]>('from');
  const [match, setMatch] = useState<'contains' | 'is' | 'matches'>('contains');
  const [value, setValue] = useState('');
  const [then, setThen] = useState<(typeof ACTIONS)[number]>('fileinto');
  const [param, setParam] = useState('');
  const [stop, setStop] = useState(true);
  const needsParam = then === 'fileinto' || then === 'redirect' || then === 'reject';
  const ready = value.trim() !== '' && (!needsParam || param.trim() !== '');
  const condition = (): RuleCondition =>
    when === 'sent-to-detail'
      ? { kind: when, detail: value.trim() }
      : when === 'sent-to'
        ? { kind: when, address: value.trim() }
        : { kind: when, match, value: value.trim() };
  const action = (): RuleAction =>
    then === 'fileinto'
      ? { kind: then, folder: param.trim() }
      : then === 'redirect'
        ? { kind: then, address: param.trim(), keepCopy: true }
        : then === 'reject'
          ? { kind: then, reason: param.trim() }
          : { kind: then };
  return (
    <fieldset className="rule-builder">
      <legend>{t('sieve.builder')}</legend>
      <div className="inline-form">
        <select
          className="input input-compact"
          aria-label={t('sieve.when')}
          value={when}
          onChange={(e) => setWhen(e.target.value as typeof when)}
        >
          {CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {t(`sieve.conditions.${c}`)}
            </option>
          ))}
        </select>
        {(when === 'from' || when === 'to' || when === 'subject') && (
          <select
            className="input input-compact"
            aria-label={t('sieve.match')}
            value={match}
            onChange={(e) => setMatch(e.target.value as typeof match)}
          >
            {(['contains', 'is', 'matches'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`sieve.matches.${m}`)}
              </option>
            ))}
          </select>
        )}
        <input
          className="input"
          aria-label={t('sieve.value')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t(`sieve.placeholders.${when}`)}
        />
      </div>
      <div className="inline-form">
        <select
          className="input input-compact"
          aria-label={t('sieve.then')}
          value={then}
          onChange={(e) => setThen(e.target.value as typeof then)}
        >
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`sieve.actions.${a}`)}
            </option>
          ))}
        </select>
        {needsParam && (
          <input
            className="input"
            aria-label={t(`sieve.params.${then}`)}
            placeholder={t(`sieve.params.${then}`)}
            value={param}
            onChange={(e) => setParam(e.target.value)}
          />
        )}
        <label className="checkbox-inline">
          <input type="checkbox" checked={stop} onChange={(e) => setStop(e.target.checked)} />
          <span>{t('sieve.stop')}</span>
        </label>
        <button
          type="button"
          className="button"
          disabled={!ready}
          onClick={() => {
            onAdd({ name: `${t(`sieve.conditions.${when}`)} ${value.trim()}`, when: [condition()], then: [action()], stop });
            setValue('');
            setParam('');
          }}
        >
          {t('sieve.addRule')}
        </button>
      </div>
    </fieldset>
  );
}
