import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxDetails, MailboxFilters } from '../../../../../shared/contract';
import { normaliseEntry } from '../../../../../shared/domain/filters/lists';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useErrorText } from '../../../i18n/use-error-text';
import { onChange } from '../../../stores/invalidate';
import { toast } from '../../../stores/use-toast-store';
import { undoAction } from '../../activity/undo';

type Change = Omit<Parameters<ReturnType<typeof api>['filters']['set']>[0], 'mailboxId'>;

/** Spam, promotions and social-network filters, and the allow and block lists; each change saved at once, with undo. */
export function FiltersTab({ details, readOnly }: { details: MailboxDetails; readOnly: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const mailboxId = details.mailbox.id;
  const [filters, setFilters] = useState<MailboxFilters | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => onChange(['mailboxes'], () => setVersion((v) => v + 1)), []);
  useEffect(() => {
    let current = true;
    api()
      .filters.get({ mailboxId })
      .then((loaded) => current && setFilters(loaded))
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [mailboxId, version]);

  const save = async (change: Change) => {
    setError(null);
    // Shown at once; the stored state (normalised, with its warnings) replaces it when the answer comes.
    setFilters((prev) => {
      if (!prev) return prev;
      const { allow, block, ...settings } = change;
      return { ...prev, settings: { ...prev.settings, ...settings }, allow: allow ?? prev.allow, block: block ?? prev.block };
    });
    try {
      const saved = await api().filters.set({ mailboxId, ...change });
      setFilters(saved);
      if (saved.auditId !== null) {
        const auditId = saved.auditId;
        toast({
          tone: 'success',
          message: t('filters.saved'),
          action: { label: t('common.undo'), run: () => undoAction(auditId, t, errorText) },
        });
      }
    } catch (caught) {
      setError(caught);
      setVersion((v) => v + 1); // back to what is stored
      throw caught;
    }
  };
  if (!filters) return error ? <ErrorMessage error={error} /> : null;
  const s = filters.settings;
  return (
    <div className="filters-tab">
      <fieldset className="rights" disabled={readOnly}>
        <legend>{t('filters.sorting')}</legend>
        {(
          [
            ['spam', 'spamFolder'],
            ['promotions', 'promotionsFolder'],
            ['social', 'socialFolder'],
          ] as const
        ).map(([key, folderKey]) => (
          <div key={key} className="filter-row">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={s[key]}
                onChange={(e) => void save({ [key]: e.target.checked }).catch(() => undefined)}
              />
              <span>
                {t(`filters.${key}`)}
                <span className="field-hint">{t(`filters.${key}Hint`)}</span>
              </span>
            </label>
            <FolderField
              label={t('filters.folderOf', { filter: t(`filters.${key}`) })}
              value={s[folderKey]}
              disabled={readOnly || !s[key]}
              onSave={(folder) => save({ [folderKey]: folder })}
            />
          </div>
        ))}
      </fieldset>
      {(['allow', 'block'] as const).map((list) => (
        <ListEditor
          key={list}
          list={list}
          entries={filters[list]}
          problems={filters.problems.filter((p) => p.list === list)}
          readOnly={readOnly}
          onSave={(entries) => save({ [list]: entries })}
        />
      ))}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}

function FolderField({
  label,
  value,
  disabled,
  onSave,
}: {
  label: string;
  value: string;
  disabled: boolean;
  onSave: (v: string) => Promise<void>;
}) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const shown = editing ? draft : value;
  return (
    <input
      className="input input-compact"
      aria-label={label}
      value={shown}
      disabled={disabled}
      onFocus={() => {
        setDraft(value);
        setEditing(true);
      }}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        setEditing(false);
        if (draft.trim() && draft.trim() !== value) void onSave(draft.trim()).catch(() => undefined);
      }}
      onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
    />
  );
}

function ListEditor({
  list,
  entries,
  problems,
  readOnly,
  onSave,
}: {
  list: 'allow' | 'block';
  entries: string[];
  problems: MailboxFilters['problems'];
  readOnly: boolean;
  onSave: (entries: string[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [entry, setEntry] = useState('');
  const typed = entry.trim();
  const invalid = typed !== '' && normaliseEntry(typed) === undefined;
  const id = `filter-${list}`;
  return (
    <section className="filter-list" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t(`filters.${list}List`)}</h3>
      <p className="field-hint">{t(`filters.${list}Hint`)}</p>
      {entries.length === 0 ? (
        <p className="muted">{t('filters.empty')}</p>
      ) : (
        <ul className="plain-list">
          {entries.map((e) => (
            <li key={e}>
              <span className="mono">{e}</span>
              {!readOnly && (
                <button
                  type="button"
                  className="button button-small button-danger-ghost"
                  aria-label={t('filters.removeNamed', { entry: e, list: t(`filters.${list}List`) })}
                  onClick={() => void onSave(entries.filter((x) => x !== e)).catch(() => undefined)}
                >
                  {t('common.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {problems.map((p) => (
        <p key={`${p.code}:${p.entry}`} className="notice notice-warning notice-compact">
          {t(`filters.problems.${p.code}`, { entry: p.entry })}
        </p>
      ))}
      {!readOnly && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!typed || invalid) return;
            void onSave([...entries, typed]).then(
              () => setEntry(''),
              () => undefined,
            );
          }}
        >
          <label htmlFor={`${id}-entry`} className="visually-hidden">
            {t('filters.addTo', { list: t(`filters.${list}List`) })}
          </label>
          <input
            id={`${id}-entry`}
            className="input"
            value={entry}
            placeholder={t('filters.placeholder')}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-error` : undefined}
            onChange={(e) => setEntry(e.target.value)}
          />
          <button type="submit" className="button" disabled={!typed || invalid}>
            {t('filters.add')}
          </button>
          {invalid && (
            <p id={`${id}-error`} className="field-error">
              {t('filters.invalid')}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
