import { create } from 'zustand';
import type { Mailbox, MailboxFilter, MailboxSelection, MailboxSort } from '../../../shared/contract';
import { api } from '../api';
import { onChange } from './invalidate';

/** Rows per fetched window: small enough to land within a frame, large enough for a fast scroll. */
export const PAGE_SIZE = 100;

/** What the list shows: the same shape the service takes, so filter and sort run in SQL. */
export interface MailboxQuery {
  search: string;
  filter: Omit<MailboxFilter, 'search'>;
  sort: MailboxSort;
}

/** Picked rows, or every row matching the query except some: "select all" never loads 100,000 rows. */
export type Selection = { mode: 'some'; ids: ReadonlySet<number> } | { mode: 'all'; except: ReadonlySet<number> };

const EMPTY_SELECTION: Selection = { mode: 'some', ids: new Set() };
const INITIAL_QUERY: MailboxQuery = { search: '', filter: {}, sort: { column: 'address', direction: 'asc' } };

interface MailboxesState {
  serviceId: number | null;
  query: MailboxQuery;
  /** Bumped whenever the query changes: answers to older queries are dropped. */
  generation: number;
  total: number;
  /** Loaded windows by page index; a missing page is fetched when it scrolls into view. */
  pages: ReadonlyMap<number, Mailbox[]>;
  /**
   * The query generation the pages belong to. After a new query the old rows
   * stay on screen until its first page lands (no flash of empty rows, and one
   * render per keystroke instead of two).
   */
  pagesGeneration: number;
  loaded: boolean;
  error: unknown;
  selection: Selection;
  /** Row index a shift-click or shift-arrow extends from. */
  anchor: number | null;
  /** Rows on screen, kept by the table: the page cache keeps what is near them. */
  visible: [number, number];

  setService(id: number | null): void;
  setSearch(search: string): void;
  setFilter(filter: Omit<MailboxFilter, 'search'>): void;
  setSort(sort: MailboxSort): void;
  /** Makes sure the rows in [start, end] are loaded (or loading). */
  ensureRange(start: number, end: number): void;
  setVisible(start: number, end: number): void;
  /** Refetches what is loaded after a change, keeping the old rows on screen until the new ones land. */
  refresh(): Promise<void>;
  rowAt(index: number): Mailbox | undefined;

  select(index: number, mode: 'only' | 'toggle' | 'range'): Promise<void>;
  selectAllMatching(): void;
  clearSelection(): void;
  isSelected(id: number): boolean;
  selectedCount(): number;
  /** The selection as the service takes it. */
  selectionInput(): MailboxSelection | null;
}

const inflight = new Set<string>();

export const useMailboxesStore = create<MailboxesState>()((set, get) => {
  const restart = (patch: Partial<MailboxesState>) => {
    set({ ...patch, generation: get().generation + 1, selection: EMPTY_SELECTION, anchor: null, loaded: false });
    get().ensureRange(0, PAGE_SIZE - 1);
  };

  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const { serviceId, query } = get();
    if (serviceId === null) return;
    const key = `${generation}:${page}`;
    if (inflight.has(key)) return;
    inflight.add(key);
    try {
      const result = await api().mailboxes.list({
        mailServiceId: serviceId,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        sort: query.sort,
        filter: { ...query.filter, search: query.search || undefined },
      });
      if (get().generation !== generation) return; // the query changed meanwhile
      const first = get().pagesGeneration !== generation;
      const pages = new Map(first ? [] : get().pages);
      pages.set(page, result.rows);
      evictFarPages(pages, get().visible);
      set({ pages, pagesGeneration: generation, total: result.total, loaded: true, error: null });
      if (first) {
        // Once typing pauses, the next pages load too, so the first flick of a scroll finds rows waiting.
        setTimeout(() => {
          const [start, end] = get().visible;
          if (get().generation === generation) get().ensureRange(start, end + IDLE_PREFETCH_ROWS);
        }, 150);
      }
    } catch (error) {
      if (get().generation === generation) set({ error, loaded: true });
    } finally {
      inflight.delete(key);
    }
  };

  return {
    serviceId: null,
    query: INITIAL_QUERY,
    generation: 0,
    total: 0,
    pages: new Map(),
    pagesGeneration: 0,
    loaded: false,
    error: null,
    selection: EMPTY_SELECTION,
    anchor: null,
    visible: [0, PAGE_SIZE - 1],

    setVisible(start, end) {
      const [oldStart] = get().visible;
      set({ visible: [start, end] });
      // Fetch ahead in the direction of scrolling, further the faster it goes, so rows are there before they
      // show: a fetch takes a few frames, a fast scroll moves a page or more per frame.
      // At rest (a new query, a resize) only what shows is fetched, so a keystroke costs one request.
      const moved = Math.abs(start - oldStart);
      const ahead = moved === 0 ? 0 : Math.min(MAX_CACHED_PAGES / 2, Math.max(6, Math.ceil((moved * 6) / PAGE_SIZE))) * PAGE_SIZE;
      const down = start >= oldStart;
      get().ensureRange(start - (down ? 0 : ahead), end + (down ? ahead : 0));
    },
    setService(id) {
      if (id === get().serviceId) return;
      restart({ serviceId: id, query: INITIAL_QUERY, total: 0, pages: new Map() }); // another service's rows mustn't linger
    },
    setSearch(search) {
      if (search === get().query.search) return;
      restart({ query: { ...get().query, search } });
    },
    setFilter(filter) {
      restart({ query: { ...get().query, filter } });
    },
    setSort(sort) {
      restart({ query: { ...get().query, sort } });
    },
    ensureRange(start, end) {
      const { pages, pagesGeneration, generation, total, loaded } = get();
      const current = pagesGeneration === generation;
      const last = loaded ? Math.max(0, Math.ceil(total / PAGE_SIZE) - 1) : Math.floor(end / PAGE_SIZE);
      for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE); page <= Math.min(last, Math.floor(end / PAGE_SIZE)); page++) {
        if (!current || !pages.has(page)) void fetchPage(page, generation);
      }
    },
    async refresh() {
      const { generation, visible } = get();
      // Only what is on screen is refetched, in the same generation: its rows stay visible while fresh ones
      // load and the selection stays. Pages elsewhere are dropped: they may have shifted.
      const first = Math.floor(visible[0] / PAGE_SIZE);
      const last = Math.floor(visible[1] / PAGE_SIZE);
      const keep = new Map([...get().pages].filter(([page]) => page >= first && page <= last));
      set({ pages: keep });
      const wanted = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      await Promise.all(wanted.map((page) => fetchPage(page, generation)));
    },
    rowAt(index) {
      return get().pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    },

    async select(index, mode) {
      const row = get().rowAt(index);
      const { selection, anchor } = get();
      // A range needs no loaded row (its ids come from the service): a shift-click on a row still loading counts.
      if (!row && mode !== 'range') return;
      if (row && mode === 'only') {
        set({ selection: { mode: 'some', ids: new Set([row.id]) }, anchor: index });
        return;
      }
      if (row && mode === 'toggle') {
        set({ selection: toggle(selection, row.id), anchor: index });
        return;
      }
      // A range may cover rows that were never loaded: ask the service for their ids.
      const from = Math.min(anchor ?? index, index);
      const to = Math.max(anchor ?? index, index);
      const { serviceId, query, generation } = get();
      if (serviceId === null) return;
      const { ids } = await api().mailboxes.ids({
        mailServiceId: serviceId,
        offset: from,
        limit: to - from + 1,
        sort: query.sort,
        filter: { ...query.filter, search: query.search || undefined },
      });
      if (get().generation !== generation) return;
      const current = get().selection;
      if (current.mode === 'all') {
        const except = new Set(current.except);
        for (const id of ids) except.delete(id);
        set({ selection: { mode: 'all', except } });
      } else {
        set({ selection: { mode: 'some', ids: new Set([...current.ids, ...ids]) } });
      }
    },
    selectAllMatching() {
      set({ selection: { mode: 'all', except: new Set() } });
    },
    clearSelection() {
      set({ selection: EMPTY_SELECTION, anchor: null });
    },
    isSelected(id) {
      const { selection } = get();
      return selection.mode === 'all' ? !selection.except.has(id) : selection.ids.has(id);
    },
    selectedCount() {
      const { selection, total } = get();
      return selection.mode === 'all' ? Math.max(0, total - selection.except.size) : selection.ids.size;
    },
    selectionInput() {
      const { selection, query } = get();
      if (selection.mode === 'all') {
        return {
          kind: 'matching',
          filter: { ...query.filter, search: query.search || undefined },
          excludeIds: [...selection.except],
        };
      }
      return selection.ids.size === 0 ? null : { kind: 'ids', ids: [...selection.ids] };
    },
  };
});

const IDLE_PREFETCH_ROWS = 6 * PAGE_SIZE;

/** Keeps the page cache small whatever the scrolling: pages far from the screen go. */
const MAX_CACHED_PAGES = 60;
function evictFarPages(pages: Map<number, Mailbox[]>, visible: [number, number]): void {
  if (pages.size <= MAX_CACHED_PAGES) return;
  const centre = (visible[0] + visible[1]) / 2 / PAGE_SIZE;
  const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
  for (const page of byDistance.slice(0, pages.size - MAX_CACHED_PAGES)) pages.delete(page);
}

function toggle(selection: Selection, id: number): Selection {
  if (selection.mode === 'all') {
    const except = new Set(selection.except);
    if (except.has(id)) except.delete(id);
    else except.add(id);
    return { mode: 'all', except };
  }
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { mode: 'some', ids };
}

onChange(['mailboxes'], () => useMailboxesStore.getState().refresh());
