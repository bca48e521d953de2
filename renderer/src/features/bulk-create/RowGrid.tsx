import { useVirtualizer } from '@tanstack/react-virtual';
import i18next from 'i18next';
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { BulkRow, Issue } from '../../../../shared/domain/bulk-create/rules';
import { issuesOf, statusOf, useWizardStore, type Field, type RowStatus } from './use-wizard-store';

const ROW_HEIGHT = 40;

interface Column {
  id: 'line' | 'status' | Field | 'issues';
  width: number;
  field?: Field;
}

export const COLUMNS: readonly Column[] = [
  { id: 'line', width: 54 },
  { id: 'status', width: 98 },
  { id: 'address', width: 184, field: 'address' },
  { id: 'password', width: 166, field: 'password' },
  { id: 'forwardTo', width: 170, field: 'forwardTo' },
  { id: 'keepFlag', width: 120, field: 'keepFlag' },
  // Takes the rest of the width.
  { id: 'issues', width: 200 },
];
const LAST = COLUMNS.length - 1;

export interface GridFocus {
  /** Position in the view (the rows shown), not the row index. */
  pos: number;
  col: number;
}

interface Editing {
  index: number;
  col: number;
  /** The value before editing: Escape puts it back. */
  original: string;
}

interface RowGridProps {
  label: string;
  focus: GridFocus;
  onFocus: (focus: GridFocus) => void;
  showPasswords: boolean;
  /** Asks the grid to edit the focused cell of this column (from the row details). */
  editRequest: { col: number; nonce: number } | null;
}

/**
 * Every row of the file, virtualised (10,000 rows are fine), as an ARIA grid
 * of cells: arrows move, Enter or F2 (or a double-click) edits the address,
 * password, forward-to or flag in place — each keystroke is checked again at
 * once, off the UI thread — Enter or Escape ends editing (Escape puts the old
 * value back), Space skips or includes the row.
 */
export function RowGrid({ label, focus, onFocus, showPasswords, editRequest }: RowGridProps) {
  const rows = useWizardStore((s) => s.rows);
  const checks = useWizardStore((s) => s.checks);
  const view = useWizardStore((s) => s.view);
  const skipped = useWizardStore((s) => s.skipped);
  const generated = useWizardStore((s) => s.generated);
  const serviceIssues = useWizardStore((s) => s.serviceIssues);
  const generation = useWizardStore((s) => s.generation);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [announceRow, setAnnounceRow] = useState<number | null>(null);
  const checking = useWizardStore((s) => s.checking);
  const idPrefix = useId().replace(/:/g, '');

  // eslint-disable-next-line react-hooks/incompatible-library -- the project doesn't use the React Compiler
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (pos) => view[pos] ?? pos,
  });

  useEffect(() => {
    setEditing(null);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [generation]);
  useEffect(() => {
    // Another set of rows shown (a filter): what was being edited may not be among them.
    setEditing(null);
  }, [view]);

  // After an edit, say how the row stands once its check has landed.
  useEffect(() => {
    if (announceRow === null || checking) return;
    const state = useWizardStore.getState();
    const status = statusOf(state, announceRow);
    const issues = issuesOf(state, announceRow);
    setAnnouncement(
      i18next.t('bulkCreate.grid.rowNow', {
        line: state.rows[announceRow]?.line ?? '',
        status: status ? i18next.t(`bulkCreate.grid.status.${status}`) : '',
        issues: issues.map((i) => i18next.t(`bulkCreate.issues.${i.code}.short`)).join(', ') || '—',
      }),
    );
    setAnnounceRow(null);
  }, [announceRow, checking, checks]);

  const index = view[focus.pos];
  // The handlers the rows get are made once and read the latest state from here: rows re-render only when they change.
  const latest = useRef({ focus, editing, onFocus });
  useLayoutEffect(() => {
    latest.current = { focus, editing, onFocus };
  });
  const actions = useMemo(() => {
    const moveTo = (pos: number, col: number) => {
      const count = useWizardStore.getState().view.length;
      const next = { pos: Math.max(0, Math.min(count - 1, pos)), col: Math.max(0, Math.min(LAST, col)) };
      latest.current.onFocus(next);
      virtualizer.scrollToIndex(next.pos, { align: 'auto' });
    };
    const startEditing = (pos: number, col: number) => {
      const { view: shown, rows: all, skipped: left } = useWizardStore.getState();
      const rowIndex = shown[pos];
      const field = COLUMNS[col]?.field;
      latest.current.onFocus({ pos, col });
      if (rowIndex === undefined || !field || left.has(rowIndex)) return;
      setEditing({ index: rowIndex, col, original: all[rowIndex]![field] });
    };
    const finishEditing = (how: 'keep' | 'revert', move?: -1 | 1) => {
      const { editing: current, focus: at } = latest.current;
      if (!current) return;
      latest.current.editing = null; // a blur right after Enter finds nothing left to finish
      const field = COLUMNS[current.col]!.field!;
      if (how === 'revert') useWizardStore.getState().edit(current.index, field, current.original);
      setAnnounceRow(current.index);
      setEditing(null);
      if (move) moveTo(at.pos, at.col + move);
      gridRef.current?.focus();
    };
    const clickCell = (pos: number, col: number) => {
      if (latest.current.editing) finishEditing('keep');
      latest.current.onFocus({ pos, col });
      gridRef.current?.focus();
    };
    return { moveTo, startEditing, finishEditing, clickCell };
  }, [virtualizer]);
  const { moveTo, startEditing } = actions;

  useEffect(() => {
    if (editRequest) startEditing(latest.current.focus.pos, editRequest.col);
  }, [editRequest, startEditing]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || event.target !== gridRef.current) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const mod = event.ctrlKey || event.metaKey;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(focus.pos + 1, focus.col);
        break;
      case 'ArrowUp':
        moveTo(focus.pos - 1, focus.col);
        break;
      case 'ArrowRight':
        moveTo(focus.pos, focus.col + 1);
        break;
      case 'ArrowLeft':
        moveTo(focus.pos, focus.col - 1);
        break;
      case 'PageDown':
        moveTo(focus.pos + page, focus.col);
        break;
      case 'PageUp':
        moveTo(focus.pos - page, focus.col);
        break;
      case 'Home':
        moveTo(mod ? 0 : focus.pos, mod ? focus.col : 0);
        break;
      case 'End':
        moveTo(mod ? view.length - 1 : focus.pos, mod ? focus.col : LAST);
        break;
      case 'Enter':
      case 'F2':
        startEditing(focus.pos, focus.col);
        break;
      case ' ':
        if (index === undefined) return;
        useWizardStore.getState().setSkipped(index, !skipped.has(index));
        setAnnounceRow(index);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const width = COLUMNS.reduce((sum, c) => sum + c.width, 0);
  const cellId = (pos: number, col: number) => `${idPrefix}-cell-${pos}-${col}`;
  const items = virtualizer.getVirtualItems();

  return (
    <>
      <div className="grid-scroll bulk-grid-scroll" ref={scrollRef}>
        <div
          ref={gridRef}
          role="grid"
          aria-label={label}
          aria-rowcount={view.length + 1}
          aria-colcount={COLUMNS.length}
          aria-activedescendant={!editing && view.length > 0 ? cellId(focus.pos, focus.col) : undefined}
          tabIndex={0}
          className="grid bulk-grid"
          style={{ minWidth: width }}
          onKeyDown={onKeyDown}
        >
          <div role="rowgroup" className="grid-head">
            <div role="row" aria-rowindex={1} className="grid-row">
              {COLUMNS.map((column, col) => (
                <div
                  key={column.id}
                  role="columnheader"
                  aria-colindex={col + 1}
                  className={`grid-cell grid-header bulk-col-${column.id}`}
                  style={{ width: column.width }}
                >
                  {i18next.t(`bulkCreate.grid.columns.${column.id}`)}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const rowIndex = view[item.index]!;
              const row = rows[rowIndex]!;
              const isEditing = editing?.index === rowIndex;
              return (
                <GridRow
                  key={item.key}
                  pos={item.index}
                  start={item.start}
                  row={row}
                  rowIndex={rowIndex}
                  check={checks[rowIndex] ?? null}
                  reported={serviceIssues.get(rowIndex)}
                  skipped={skipped.has(rowIndex)}
                  generated={generated.has(rowIndex)}
                  focusedCol={item.index === focus.pos ? focus.col : -1}
                  editingCol={isEditing ? editing.col : -1}
                  showPasswords={showPasswords}
                  cellId={cellId}
                  onCellClick={actions.clickCell}
                  onCellDoubleClick={actions.startEditing}
                  onFinish={actions.finishEditing}
                />
              );
            })}
          </div>
        </div>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}

interface GridRowProps {
  pos: number;
  start: number;
  row: BulkRow;
  rowIndex: number;
  check: ReturnType<typeof useWizardStore.getState>['checks'][number];
  reported: string[] | undefined;
  skipped: boolean;
  generated: boolean;
  focusedCol: number;
  editingCol: number;
  showPasswords: boolean;
  cellId: (pos: number, col: number) => string;
  onCellClick: (pos: number, col: number) => void;
  onCellDoubleClick: (pos: number, col: number) => void;
  onFinish: (how: 'keep' | 'revert', move?: -1 | 1) => void;
}

const GridRow = memo(
  function GridRow({
    pos,
    start,
    row,
    rowIndex,
    skipped,
    generated,
    focusedCol,
    editingCol,
    showPasswords,
    cellId,
    onCellClick,
    onCellDoubleClick,
    onFinish,
  }: GridRowProps) {
    const state = useWizardStore.getState();
    const status = statusOf(state, rowIndex);
    const issues = skipped ? [] : issuesOf(state, rowIndex);
    const fieldSeverity = (field: Field): Issue['severity'] | null => {
      const found = issues.filter((i) => i.field === field);
      if (found.length === 0) return null;
      return found.some((i) => i.severity === 'error') ? 'error' : 'warning';
    };
    return (
      <div
        role="row"
        aria-rowindex={pos + 2}
        className={`grid-row bulk-row${focusedCol >= 0 ? ' focused' : ''}${skipped ? ' bulk-row-skipped' : ''}`}
        style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      >
        {COLUMNS.map((column, col) => {
          const severity = column.field ? fieldSeverity(column.field) : null;
          const className = [
            'grid-cell',
            `bulk-col-${column.id}`,
            col === focusedCol ? 'cell-focused' : '',
            severity ? `cell-${severity}` : '',
            column.field && !skipped ? 'cell-editable' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <div
              key={column.id}
              id={cellId(pos, col)}
              role="gridcell"
              aria-colindex={col + 1}
              aria-readonly={column.field && !skipped ? undefined : true}
              aria-invalid={severity === 'error' ? true : undefined}
              className={className}
              style={{ width: column.width }}
              onClick={() => col !== editingCol && onCellClick(pos, col)}
              onDoubleClick={() => onCellDoubleClick(pos, col)}
            >
              {col === editingCol && column.field ? (
                <CellEditor
                  row={row}
                  rowIndex={rowIndex}
                  field={column.field}
                  showPasswords={showPasswords}
                  onFinish={onFinish}
                />
              ) : (
                <CellContent
                  column={column}
                  row={row}
                  status={status}
                  issues={issues}
                  generated={generated}
                  showPasswords={showPasswords}
                />
              )}
            </div>
          );
        })}
      </div>
    );
  },
  (a, b) =>
    a.row === b.row &&
    a.check === b.check &&
    a.reported === b.reported &&
    a.skipped === b.skipped &&
    a.generated === b.generated &&
    a.focusedCol === b.focusedCol &&
    a.editingCol === b.editingCol &&
    a.showPasswords === b.showPasswords &&
    a.start === b.start &&
    a.pos === b.pos &&
    a.cellId === b.cellId &&
    a.onFinish === b.onFinish,
);

function CellContent({
  column,
  row,
  status,
  issues,
  generated,
  showPasswords,
}: {
  column: Column;
  row: BulkRow;
  status: RowStatus | null;
  issues: Issue[];
  generated: boolean;
  showPasswords: boolean;
}) {
  const t = i18next.t;
  const empty = <span className="cell-empty">{t('bulkCreate.grid.empty')}</span>;
  switch (column.id) {
    case 'line':
      return <span className="cell-line">{row.line}</span>;
    case 'status':
      return status ? (
        <span className={`status-badge status-${status}`}>{t(`bulkCreate.grid.status.${status}`)}</span>
      ) : (
        <span className="status-badge status-pending">{t('bulkCreate.grid.status.pending')}</span>
      );
    case 'address':
    case 'forwardTo':
      return row[column.id] === '' ? (
        column.id === 'forwardTo' ? (
          <span className="cell-none">—</span>
        ) : (
          empty
        )
      ) : (
        <span className="mono cell-text">{row[column.id]}</span>
      );
    case 'password':
      if (row.password === '') return empty;
      return (
        <>
          {showPasswords ? (
            <span className="mono cell-text">{row.password}</span>
          ) : (
            <>
              <span className="password-dots" aria-hidden="true">
                ••••••••••
              </span>
              <span className="visually-hidden">{t('bulkCreate.grid.hidden')}</span>
            </>
          )}
          {generated && <span className="generated-badge">{t('bulkCreate.grid.generatedBadge')}</span>}
        </>
      );
    case 'keepFlag': {
      const flag = row.keepFlag.trim();
      if (flag === '') return <span className="cell-none">—</span>;
      if (flag === '0' || flag === '1') return <span>{t(`bulkCreate.grid.flag.${flag === '0' ? 'keep' : 'delete'}`)}</span>;
      return <span className="mono cell-text">{row.keepFlag}</span>;
    }
    case 'issues':
      if (status === 'skipped') return <span className="muted">{t('bulkCreate.grid.skippedShort')}</span>;
      return (
        <span className="issue-list">
          {issues.map((issue) => (
            <span key={issue.code} className={`issue-chip issue-${issue.severity}`}>
              {t(`bulkCreate.issues.${issue.code}.short`)}
            </span>
          ))}
        </span>
      );
  }
}

function CellEditor({
  row,
  rowIndex,
  field,
  showPasswords,
  onFinish,
}: {
  row: BulkRow;
  rowIndex: number;
  field: Field;
  showPasswords: boolean;
  onFinish: (how: 'keep' | 'revert', move?: -1 | 1) => void;
}) {
  const t = i18next.t;
  const [visible, setVisible] = useState(showPasswords);
  const label = t('bulkCreate.grid.editLabel', { column: t(`bulkCreate.grid.columns.${field}`), line: row.line });
  const edit = (value: string) => useWizardStore.getState().edit(rowIndex, field, value);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    if (event.key === 'Enter') onFinish('keep');
    else if (event.key === 'Escape') onFinish('revert');
    else if (event.key === 'Tab') onFinish('keep', event.shiftKey ? -1 : 1);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const onBlur = (event: React.FocusEvent) => {
    // Focus moving to the show/hide button stays in the editor.
    if (!event.currentTarget.parentElement?.contains(event.relatedTarget as Node | null)) onFinish('keep');
  };

  if (field === 'keepFlag') {
    const flag = row.keepFlag;
    const known = flag === '' || flag === '0' || flag === '1';
    return (
      <select
        className="cell-input"
        aria-label={label}
        autoFocus
        value={flag}
        onChange={(e) => edit(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      >
        {!known && <option value={flag}>{flag}</option>}
        <option value="">{t('bulkCreate.grid.flagOption.none')}</option>
        <option value="0">{t('bulkCreate.grid.flagOption.keep')}</option>
        <option value="1">{t('bulkCreate.grid.flagOption.delete')}</option>
      </select>
    );
  }
  return (
    <span className="cell-editor">
      <input
        className={`cell-input${field === 'password' || field === 'address' || field === 'forwardTo' ? ' mono' : ''}`}
        aria-label={label}
        type={field === 'password' && !visible ? 'password' : 'text'}
        autoFocus
        autoComplete={field === 'password' ? 'new-password' : 'off'}
        spellCheck={false}
        value={row[field]}
        onChange={(e) => edit(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {field === 'password' && (
        <button
          type="button"
          className="cell-toggle"
          aria-pressed={visible}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => setVisible(!visible)}
          onBlur={onBlur}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onFinish('revert');
            }
          }}
        >
          {t('bulkCreate.grid.showPassword')}
        </button>
      )}
    </span>
  );
}
