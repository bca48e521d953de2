import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../../components/Segmented';
import { formatNumber } from '../../i18n/format';
import { toast, useToastStore } from '../../stores/use-toast-store';
import { COLUMNS, RowGrid, type GridFocus } from './RowGrid';
import { issuesOf, statusOf, useWizardStore, type Filter } from './use-wizard-store';

/** Step 2: the rows with their problems, filters, fixes in place and the bulk fixes. */
export function CheckSection({ domain }: { domain: string }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const file = useWizardStore((s) => s.file);
  const summary = useWizardStore((s) => s.summary);
  const total = useWizardStore((s) => s.rows.length);
  const skippedCount = useWizardStore((s) => s.skipped.size);
  const filter = useWizardStore((s) => s.filter);
  const view = useWizardStore((s) => s.view);
  const checking = useWizardStore((s) => s.checking);
  // The service's refusal is shown while rows it named are still unfixed.
  const refused = useWizardStore((s) => (s.serviceIssues.size > 0 ? s.refused : 0));
  const generation = useWizardStore((s) => s.generation);
  // The focused cell, for this read of the file and this filter: a new one starts at the top.
  const viewKey = `${generation}|${filter}`;
  const [focusState, setFocusState] = useState({ key: viewKey, pos: 0, col: 2 });
  const raw = focusState.key === viewKey ? focusState : { pos: 0, col: 2 };
  // The view can shrink (a filter refreshed): the focus stays on a row that exists.
  const focus: GridFocus = { pos: Math.min(raw.pos, Math.max(0, view.length - 1)), col: raw.col };
  const setFocus = useCallback((next: GridFocus) => setFocusState({ key: viewKey, ...next }), [viewKey]);
  const [showPasswords, setShowPasswords] = useState(false);
  const [editRequest, setEditRequest] = useState<{ col: number; nonce: number } | null>(null);
  const fmt = (n: number) => formatNumber(n, i18n.language);

  // Counted live (not from the view, which keeps fixed rows until asked).
  const counts = useWizardStore((s) => {
    let problems = 0;
    let weak = 0;
    let fixedShown = 0;
    for (let i = 0; i < s.rows.length; i++) {
      const status = statusOf(s, i);
      if (status === 'error' || status === 'warning') problems++;
      if (status !== 'skipped' && s.checks[i]?.issues.some((x) => x.code === 'missing-password' || x.code === 'weak-password'))
        weak++;
    }
    if (s.filter !== 'all')
      for (const i of s.view) {
        const status = statusOf(s, i);
        if (s.filter === 'problems' ? status === 'ok' || status === 'skipped' : status !== 'skipped') fixedShown++;
      }
    return `${problems}|${weak}|${fixedShown}`;
  });
  const [problems = 0, weak = 0, fixedShown = 0] = counts.split('|').map(Number);
  const errors = useWizardStore((s) => {
    let n = 0;
    for (let i = 0; i < s.rows.length; i++) if (statusOf(s, i) === 'error') n++;
    return n;
  });

  // An undo offered for these rows means nothing once they are created or another file is read: its toast goes too.
  const undoToasts = useRef<number[]>([]);
  useEffect(() => {
    const shown = undoToasts.current;
    return () => shown.splice(0).forEach((id) => useToastStore.getState().dismiss(id));
  }, [generation]);
  const offerUndo = (message: string, undo: () => void) =>
    undoToasts.current.push(toast({ tone: 'success', message, action: { label: t('common.undo'), run: undo } }));
  const generate = () => {
    const { count, undo } = useWizardStore.getState().generatePasswords();
    if (count > 0) offerUndo(t('bulkCreate.grid.generated', { count }), undo);
  };
  const skip = () => {
    const { count, undo } = useWizardStore.getState().skipInvalid();
    if (count > 0) offerUndo(t('bulkCreate.grid.skipped', { count }), undo);
  };

  const filters: { value: Filter; label: string }[] = [
    { value: 'all', label: t('bulkCreate.grid.filter.all', { count: total, formatted: fmt(total) }) },
    { value: 'problems', label: t('bulkCreate.grid.filter.problems', { count: problems, formatted: fmt(problems) }) },
  ];
  if (skippedCount > 0 || filter === 'skipped')
    filters.push({
      value: 'skipped',
      label: t('bulkCreate.grid.filter.skipped', { count: skippedCount, formatted: fmt(skippedCount) }),
    });

  return (
    <section className="section bulk-check" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>{t('bulkCreate.grid.title')}</h2>
        {checking && (
          <span className="checking-note muted small">
            <span className="spinner" aria-hidden="true" />
            {t('bulkCreate.grid.checking')}
          </span>
        )}
      </div>
      {refused > 0 && (
        <div className="error-message" role="alert">
          <strong>{t('common.notDone')}</strong> {t('bulkCreate.grid.refused', { count: refused })}
        </div>
      )}
      <p className="summary-line" aria-live="polite">
        <SummaryItem tone="ok" text={t('bulkCreate.summary.ok', { count: summary.ok, formatted: fmt(summary.ok) })} />
        <SummaryItem
          tone="warning"
          text={t('bulkCreate.summary.warning', { count: summary.warning, formatted: fmt(summary.warning) })}
        />
        <SummaryItem tone="error" text={t('bulkCreate.summary.error', { count: errors, formatted: fmt(errors) })} />
        {skippedCount > 0 && (
          <SummaryItem
            tone="skipped"
            text={t('bulkCreate.summary.skipped', { count: skippedCount, formatted: fmt(skippedCount) })}
          />
        )}
      </p>
      <div className="toolbar bulk-toolbar">
        <Segmented
          legend={t('bulkCreate.grid.show')}
          hideLegend
          value={filter}
          options={filters}
          onChange={(value) => useWizardStore.getState().setFilter(value)}
        />
        <label className="checkbox-inline">
          <input type="checkbox" checked={showPasswords} onChange={(e) => setShowPasswords(e.target.checked)} />
          {t('bulkCreate.grid.showPasswords')}
        </label>
        <div className="toolbar-end">
          <button type="button" className="button" disabled={weak === 0} onClick={generate}>
            <KeyIcon />
            {weak === 0
              ? t('bulkCreate.grid.generateNone')
              : t('bulkCreate.grid.generate', { count: weak, formatted: fmt(weak) })}
          </button>
          <button type="button" className="button" disabled={errors === 0} onClick={skip}>
            {errors === 0 ? t('bulkCreate.grid.skipNone') : t('bulkCreate.grid.skip', { count: errors, formatted: fmt(errors) })}
          </button>
        </div>
      </div>
      {fixedShown > 0 && (
        <div className="notice notice-info notice-compact">
          <span>
            {t(filter === 'skipped' ? 'bulkCreate.grid.includedShown' : 'bulkCreate.grid.fixedShown', {
              count: fixedShown,
              formatted: fmt(fixedShown),
            })}
          </span>
          <button type="button" className="button button-small" onClick={() => useWizardStore.getState().refreshView()}>
            {t('bulkCreate.grid.refreshView')}
          </button>
        </div>
      )}
      {view.length === 0 ? (
        <p className="grid-empty">{filter === 'skipped' ? t('bulkCreate.grid.noSkipped') : t('bulkCreate.grid.noProblems')}</p>
      ) : (
        <>
          <RowGrid
            label={t('bulkCreate.grid.caption', { file: file?.name ?? '' })}
            focus={focus}
            onFocus={setFocus}
            showPasswords={showPasswords}
            editRequest={editRequest}
          />
          <p className="muted small keyboard-hint">{t('bulkCreate.grid.keyboardHint')}</p>
          <RowDetails focus={focus} domain={domain} onEdit={(col) => setEditRequest({ col, nonce: Date.now() })} />
        </>
      )}
    </section>
  );
}

function SummaryItem({ tone, text }: { tone: string; text: string }) {
  return (
    <span className={`summary-item summary-${tone}`}>
      <span className="summary-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

function KeyIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M14 10a4 4 0 1 0-3.5 4H12v2h2v2h3v-3l-3.2-3.2A4 4 0 0 0 14 10zM8 9.5h.01"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The focused row in words: each problem with what to do, and the fixes that apply to it. */
function RowDetails({ focus, domain, onEdit }: { focus: GridFocus; domain: string; onEdit: (col: number) => void }) {
  const { t } = useTranslation();
  const index = useWizardStore((s) => s.view[focus.pos]);
  const row = useWizardStore((s) => (index === undefined ? undefined : s.rows[index]));
  const check = useWizardStore((s) => (index === undefined ? undefined : s.checks[index]));
  const reported = useWizardStore((s) => (index === undefined ? undefined : s.serviceIssues.get(index)));
  const skipped = useWizardStore((s) => index !== undefined && s.skipped.has(index));
  const headingId = useId();
  if (index === undefined || !row) return null;
  const state = useWizardStore.getState();
  const issues = skipped ? [] : issuesOf({ checks: state.checks, serviceIssues: state.serviceIssues }, index);
  const status = statusOf(state, index);
  const address = check?.address || row.address.trim();
  const passwordIssue = issues.some((i) => i.field === 'password');
  const columnOf = (field: string) => COLUMNS.findIndex((c) => c.field === field);
  const fields = [...new Set(issues.map((i) => i.field))];

  return (
    <section className={`row-details row-details-${status ?? 'pending'}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('bulkCreate.details.title', { line: row.line })}
        {address && <span className="mono row-details-address">{address}</span>}
      </h3>
      {skipped ? (
        <p>{t('bulkCreate.details.skipped')}</p>
      ) : status === null ? (
        <p className="muted">{t('bulkCreate.grid.checking')}</p>
      ) : issues.length === 0 ? (
        <p>{t('bulkCreate.details.ok')}</p>
      ) : (
        <ul className="issue-details">
          {issues.map((issue) => (
            <li key={issue.code} className={`issue-detail issue-detail-${issue.severity}`}>
              <strong>
                {t(`bulkCreate.issues.${issue.code}.short`)}
                <span className="visually-hidden">
                  {' '}
                  ({t(issue.severity === 'error' ? 'bulkCreate.grid.status.error' : 'bulkCreate.grid.status.warning')})
                </span>
              </strong>{' '}
              {t(`bulkCreate.issues.${issue.code}.help`, { domain })}
              {reported?.includes(issue.code) && !check?.issues.some((i) => i.code === issue.code) && (
                <span className="muted"> {t('bulkCreate.details.byService')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {!skipped &&
          fields.map((field) => (
            <button key={field} type="button" className="button button-small" onClick={() => onEdit(columnOf(field))}>
              {t(`bulkCreate.details.edit.${field}`)}
            </button>
          ))}
        {!skipped && passwordIssue && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              const { count } = useWizardStore.getState().generatePasswords([index]);
              if (count > 0) toast({ tone: 'success', message: t('bulkCreate.grid.generated', { count }) });
            }}
          >
            {t('bulkCreate.details.generate')}
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          onClick={() => useWizardStore.getState().setSkipped(index, !skipped)}
        >
          {skipped ? t('bulkCreate.details.include') : t('bulkCreate.details.skip')}
        </button>
      </div>
    </section>
  );
}
