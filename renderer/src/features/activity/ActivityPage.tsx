import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../shared/contract';
import { EmptyState } from '../../components/EmptyState';
import { Field, SelectField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Segmented } from '../../components/Segmented';
import { formatDateTime } from '../../i18n/format';
import { useErrorText } from '../../i18n/use-error-text';
import { useActivityStore } from '../../stores/use-activity-store';
import { undoAction } from './undo';

/** "mailbox.delete" → "Mailbox deleted"; undo entries say what they took back. */
export function actionLabel(action: string, t: TFunction): string {
  if (action.endsWith('.undo')) return t('activity.undoOf', { action: actionLabel(action.slice(0, -5), t) });
  return t(`activity.actions.${action}`, { defaultValue: action });
}

export function ActivityPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const rows = useActivityStore((s) => s.rows);
  const total = useActivityStore((s) => s.total);
  const loaded = useActivityStore((s) => s.loaded);
  const scope = useActivityStore((s) => s.scope);
  const setScope = useActivityStore((s) => s.setScope);
  const load = useActivityStore((s) => s.load);
  const filtered = useActivityStore((s) => Object.values(s.filters).some((v) => v !== ''));
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <PageHeader
        title={t('nav.activity')}
        subtitle={t('activity.subtitle')}
        actions={
          <Segmented
            legend={t('activity.scope')}
            hideLegend
            value={scope}
            options={(['organisation', 'all'] as const).map((value) => ({ value, label: t(`activity.scopes.${value}`) }))}
            onChange={setScope}
          />
        }
      />
      <ActivityFiltersBar />
      {loaded && rows.length === 0 && filtered ? (
        <p className="muted" role="status">
          {t('activity.noMatch')}
        </p>
      ) : loaded && rows.length === 0 ? (
        <EmptyState title={t('activity.emptyTitle')}>
          <p>{t('activity.emptyText')}</p>
        </EmptyState>
      ) : (
        <>
          <table className="table">
            <caption className="visually-hidden">{t('activity.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('activity.when')}</th>
                <th scope="col">{t('activity.who')}</th>
                <th scope="col">{t('activity.what')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <ActivityRow
                  key={entry.id}
                  entry={entry}
                  language={i18n.language}
                  onUndo={() => undoAction(entry.id, t, errorText)}
                />
              ))}
            </tbody>
          </table>
          {rows.length < total && (
            <div className="pager">
              <span>{t('activity.shown', { shown: rows.length, total })}</span>
              <button type="button" className="button button-small" onClick={() => load(true)}>
                {t('activity.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

/** "anna@example.ch (desktop:anna)" → "anna@example.ch"; entries from before users existed keep their host name. */
function actorUser(actor: string): string {
  return actor.replace(/ \(.*\)$/, '');
}

function ActivityFiltersBar() {
  const { t } = useTranslation();
  const filters = useActivityStore((s) => s.filters);
  const facets = useActivityStore((s) => s.facets);
  const setFilters = useActivityStore((s) => s.setFilters);
  const clear = useActivityStore((s) => s.clearFilters);
  const users = [...new Set(facets.actors.map(actorUser))].sort();
  const areas = [...new Set(facets.actions.map((a) => a.split('.')[0]!))].sort();
  const active = Object.values(filters).some((v) => v !== '');
  return (
    <form className="activity-filters" aria-label={t('activity.filters')} onSubmit={(e) => e.preventDefault()}>
      <SelectField
        label={t('activity.filterUser')}
        value={filters.actor}
        onChange={(actor) => setFilters({ actor })}
        options={[{ value: '', label: t('activity.anyone') }, ...users.map((u) => ({ value: u, label: u }))]}
      />
      <SelectField
        label={t('activity.filterAction')}
        value={filters.action}
        onChange={(action) => setFilters({ action })}
        options={[
          { value: '', label: t('activity.anything') },
          ...areas.map((a) => ({ value: a, label: t(`activity.areas.${a}`, { defaultValue: a }) })),
        ]}
      />
      <SelectField
        label={t('activity.filterEntity')}
        value={filters.entityType}
        onChange={(entityType) => setFilters({ entityType })}
        options={[
          { value: '', label: t('activity.anything') },
          ...facets.entityTypes.map((e) => ({ value: e, label: t(`activity.entities.${e}`, { defaultValue: e }) })),
        ]}
      />
      <Field label={t('activity.from')} type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
      <Field label={t('activity.to')} type="date" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
      {active && (
        <button type="button" className="button button-ghost" onClick={clear}>
          {t('activity.clearFilters')}
        </button>
      )}
    </form>
  );
}

function ActivityRow({ entry, language, onUndo }: { entry: AuditEntry; language: string; onUndo: () => void }) {
  const { t } = useTranslation();
  const label = actionLabel(entry.action, t);
  return (
    <tr>
      <td className="nowrap">
        <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
      </td>
      <td>{entry.actor}</td>
      <td>
        <div>
          <strong>{label}</strong> <span className="mono">{entry.summary}</span>
          {entry.undoneAt && <span className="badge">{t('activity.wasUndone')}</span>}
        </div>
        {(entry.before !== null || entry.after !== null) && (
          <details className="details">
            <summary>{t('activity.details')}</summary>
            <div className="diff">
              {entry.before !== null && (
                <div>
                  <h4>{t('activity.before')}</h4>
                  <pre>{JSON.stringify(entry.before, null, 2)}</pre>
                </div>
              )}
              {entry.after !== null && (
                <div>
                  <h4>{t('activity.after')}</h4>
                  <pre>{JSON.stringify(entry.after, null, 2)}</pre>
                </div>
              )}
            </div>
          </details>
        )}
      </td>
      <td className="row-actions">
        {entry.undoable && (
          <button
            type="button"
            className="button button-small"
            onClick={onUndo}
            aria-label={t('activity.undoNamed', { action: label, summary: entry.summary })}
          >
            {t('common.undo')}
          </button>
        )}
      </td>
    </tr>
  );
}
