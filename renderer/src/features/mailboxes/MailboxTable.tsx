import { FlexRender, useTable, type Header, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Mailbox } from '../../../../shared/contract';
import { useLayoutStore } from '../../stores/use-layout-store';
import { PAGE_SIZE, useMailboxesStore } from '../../stores/use-mailboxes-store';
import { columns, DEFAULT_ORDER, features, SELECT_COLUMN, SORT_COLUMN } from './columns';

const ROW_HEIGHT = 40;
const EMPTY: Mailbox[] = [];

interface MailboxTableProps {
  onOpen: (mailbox: Mailbox) => void;
  onDelete: () => void;
  readOnly: boolean;
}

/**
 * The mailbox list: a virtualised ARIA grid over the whole query (100,000
 * rows are fine), fetching windows of rows from SQL as they scroll into view.
 * Keyboard: arrows move, Shift+arrows extend, Space selects, Enter opens,
 * Delete asks to delete, Ctrl/Cmd+A selects all matching, Escape clears.
 */
export function MailboxTable({ onOpen, onDelete, readOnly }: MailboxTableProps) {
  const { t, i18n } = useTranslation();
  const store = useMailboxesStore;
  const total = store((s) => s.total);
  const pages = store((s) => s.pages);
  const sort = store((s) => s.query.sort);
  const selection = store((s) => s.selection);
  const generation = store((s) => s.generation);
  const layout = useLayoutStore((s) => s.layout);
  const updateLayout = useLayoutStore((s) => s.update);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState(0);

  // eslint-disable-next-line react-hooks/incompatible-library -- the project doesn't use the React Compiler
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? PAGE_SIZE - 1;

  useEffect(() => {
    store.getState().setVisible(first, last);
  }, [first, last, generation, store]);

  useEffect(() => {
    // A new query starts at the top.
    setFocus(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [generation]);

  // The table model holds only the rows near the screen; the virtualiser spans them all.
  const data = useMemo(() => {
    const rows: Mailbox[] = [];
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++)
      rows.push(...(pages.get(page) ?? EMPTY));
    return rows;
  }, [pages, first, last]);

  const order = layout.order.length > 0 ? [SELECT_COLUMN, ...layout.order.filter((id) => id !== SELECT_COLUMN)] : DEFAULT_ORDER;
  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => String(row.id),
    manualSorting: true,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
    state: {
      sorting: [{ id: sort.column, desc: sort.direction === 'desc' }],
      columnVisibility: Object.fromEntries(layout.hidden.map((id) => [id, false])),
      columnOrder: order,
      columnSizing: layout.widths,
    },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater([{ id: sort.column, desc: sort.direction === 'desc' }]) : updater;
      const first = next[0];
      const column = first ? SORT_COLUMN[first.id] : undefined;
      if (first && column) store.getState().setSort({ column, direction: first.desc ? 'desc' : 'asc' });
    },
    onColumnSizingChange: (updater) => {
      const widths = typeof updater === 'function' ? updater(layout.widths) : updater;
      updateLayout({ widths: Object.fromEntries(Object.entries(widths).map(([id, w]) => [id, Math.round(w)])) });
    },
    onColumnVisibilityChange: () => undefined, // changed through the Columns menu (layout store)
    onColumnOrderChange: () => undefined,
  });
  const rowsById = new Map(table.getRowModel().rows.map((row) => [row.id, row]));
  const leafHeaders = table.getHeaderGroups()[0]?.headers ?? [];
  const width = table.getTotalSize();
  // Rows re-render only when their mailbox, selection, focus or the column layout change.
  const layoutKey = leafHeaders.map((h) => `${h.column.id}:${h.getSize()}`).join(',');

  const isSelected = (id: number) => (selection.mode === 'all' ? !selection.except.has(id) : selection.ids.has(id));
  const count = store.getState().selectedCount();

  const moveFocus = (index: number, extend: boolean) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setFocus(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    if (extend) {
      if (store.getState().anchor === null) useMailboxesStore.setState({ anchor: focus });
      void store.getState().select(next, 'range');
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const mod = event.ctrlKey || event.metaKey;
    switch (event.key) {
      case 'ArrowDown':
        moveFocus(focus + 1, event.shiftKey);
        break;
      case 'ArrowUp':
        moveFocus(focus - 1, event.shiftKey);
        break;
      case 'PageDown':
        moveFocus(focus + pageRows, event.shiftKey);
        break;
      case 'PageUp':
        moveFocus(focus - pageRows, event.shiftKey);
        break;
      case 'Home':
        moveFocus(0, event.shiftKey);
        break;
      case 'End':
        moveFocus(total - 1, event.shiftKey);
        break;
      case ' ':
        void store.getState().select(focus, 'toggle');
        break;
      case 'Enter': {
        const row = store.getState().rowAt(focus);
        if (row) onOpen(row);
        break;
      }
      case 'Delete':
      case 'Backspace':
        if (readOnly) return;
        if (count === 0) void store.getState().select(focus, 'only');
        onDelete();
        break;
      case 'a':
        if (!mod) return;
        store.getState().selectAllMatching();
        break;
      case 'Escape':
        if (count === 0) return;
        store.getState().clearSelection();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onRowClick = useCallback(
    (event: MouseEvent, index: number) => {
      setFocus(index);
      const mode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only';
      if (event.shiftKey) event.preventDefault(); // no text selection on shift-click
      void store.getState().select(index, mode);
    },
    [store],
  );

  const allChecked = selection.mode === 'all' && selection.except.size === 0 && total > 0;
  const someChecked = count > 0 && !allChecked;

  return (
    <div className="grid-scroll" ref={scrollRef}>
      <div
        role="grid"
        aria-label={t('mailboxes.tableCaption')}
        aria-rowcount={total + 1}
        aria-colcount={leafHeaders.length}
        aria-multiselectable="true"
        aria-activedescendant={total > 0 ? `mailbox-row-${focus}` : undefined}
        tabIndex={0}
        className="grid"
        style={{ width }}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="grid-head">
          <div role="row" aria-rowindex={1} className="grid-row">
            {leafHeaders.map((header) =>
              header.column.id === SELECT_COLUMN ? (
                <div key={header.id} role="columnheader" className="grid-cell grid-check" style={{ width: header.getSize() }}>
                  <input
                    type="checkbox"
                    aria-label={t('mailboxes.selectAll', { count: total, formatted: total.toLocaleString(i18n.language) })}
                    checked={allChecked}
                    ref={(el) => {
                      if (el) el.indeterminate = someChecked;
                    }}
                    onChange={() => (count > 0 ? store.getState().clearSelection() : store.getState().selectAllMatching())}
                  />
                </div>
              ) : (
                <HeaderCell key={header.id} header={header} />
              ),
            )}
          </div>
        </div>
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const mailbox = store.getState().rowAt(item.index);
            return (
              <GridRow
                key={item.key}
                index={item.index}
                start={item.start}
                mailbox={mailbox}
                row={mailbox ? rowsById.get(String(mailbox.id)) : undefined}
                selected={mailbox ? isSelected(mailbox.id) : false}
                focused={item.index === focus}
                layoutKey={layoutKey}
                headers={leafHeaders}
                onRowClick={onRowClick}
                onOpen={onOpen}
                onToggle={(index) => {
                  setFocus(index);
                  void store.getState().select(index, 'toggle');
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface GridRowProps {
  index: number;
  start: number;
  mailbox: Mailbox | undefined;
  row: Row<typeof features, Mailbox> | undefined;
  selected: boolean;
  focused: boolean;
  layoutKey: string;
  headers: Header<typeof features, Mailbox, unknown>[];
  onRowClick: (event: MouseEvent, index: number) => void;
  onOpen: (mailbox: Mailbox) => void;
  onToggle: (index: number) => void;
}

const GridRow = memo(
  function GridRow({ index, start, mailbox, row, selected, focused, headers, onRowClick, onOpen, onToggle }: GridRowProps) {
    const t = i18next.t;
    return (
      <div
        id={`mailbox-row-${index}`}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={mailbox ? selected : undefined}
        aria-busy={mailbox ? undefined : true}
        className={`grid-row${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
        style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
        onClick={(event) => onRowClick(event, index)}
        onDoubleClick={() => mailbox && onOpen(mailbox)}
      >
        {row && mailbox
          ? row.getVisibleCells().map((cell) =>
              cell.column.id === SELECT_COLUMN ? (
                <div key={cell.id} role="gridcell" className="grid-cell grid-check" style={{ width: cell.column.getSize() }}>
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={t('mailboxes.selectRow', { address: mailbox.address })}
                    checked={selected}
                    onClick={(event) => event.stopPropagation()}
                    onChange={() => onToggle(index)}
                  />
                </div>
              ) : (
                <div key={cell.id} role="gridcell" className="grid-cell" style={{ width: cell.column.getSize() }}>
                  {cell.column.id === 'address' ? (
                    <button
                      type="button"
                      tabIndex={-1}
                      className="link-button mono"
                      onClick={(event) => {
                        event.stopPropagation();
                        onOpen(mailbox);
                      }}
                    >
                      {mailbox.address}
                    </button>
                  ) : (
                    <FlexRender cell={cell} />
                  )}
                </div>
              ),
            )
          : headers.map((header) => (
              <div key={header.id} role="gridcell" className="grid-cell" style={{ width: header.getSize() }}>
                <span className="placeholder" />
              </div>
            ))}
      </div>
    );
  },
  // The TanStack row object is rebuilt whenever any page lands; what it renders depends only on the mailbox.
  (a, b) =>
    a.mailbox === b.mailbox &&
    a.selected === b.selected &&
    a.focused === b.focused &&
    a.start === b.start &&
    a.index === b.index &&
    a.layoutKey === b.layoutKey &&
    a.onOpen === b.onOpen &&
    (a.row !== undefined) === (b.row !== undefined),
);

function HeaderCell({ header }: { header: Header<typeof features, Mailbox, unknown> }) {
  const { t } = useTranslation();
  const column = header.column;
  const sorted = column.getIsSorted();
  const canSort = column.id in SORT_COLUMN;
  return (
    <div
      role="columnheader"
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
      className="grid-cell grid-header"
      style={{ width: header.getSize() }}
    >
      {canSort ? (
        <button type="button" className="sort-button" onClick={() => column.toggleSorting(sorted === 'asc')}>
          <FlexRender header={header} />
          <span aria-hidden="true" className="sort-indicator">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
          </span>
        </button>
      ) : (
        <FlexRender header={header} />
      )}
      {column.getCanResize() && (
        <div
          className={`resizer${column.getIsResizing() ? ' resizing' : ''}`}
          onMouseDown={header.getResizeHandler()}
          onTouchStart={header.getResizeHandler()}
          onDoubleClick={() => column.resetSize()}
          role="separator"
          aria-orientation="vertical"
          aria-label={t('mailboxes.resizeColumn')}
        />
      )}
    </div>
  );
}
