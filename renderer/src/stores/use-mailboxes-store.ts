import { create } from 'zustand';
import type { Mailbox, MailboxSortColumn, MailboxState } from '../../../shared/contract';
import { api } from '../api';
import { onChange } from './invalidate';

export const PAGE_SIZE = 50;

interface Query {
  search: string;
  state: MailboxState | '';
  sort: { column: MailboxSortColumn; direction: 'asc' | 'desc' };
  offset: number;
}

interface MailboxesState {
  serviceId: number | null;
  query: Query;
  rows: Mailbox[];
  total: number;
  loading: boolean;
  error: unknown;
  setService(id: number | null): void;
  setQuery(patch: Partial<Query>): void;
  load(): Promise<void>;
}

const initialQuery: Query = { search: '', state: '', sort: { column: 'address', direction: 'asc' }, offset: 0 };
let requestSeq = 0;

export const useMailboxesStore = create<MailboxesState>()((set, get) => ({
  serviceId: null,
  query: initialQuery,
  rows: [],
  total: 0,
  loading: false,
  error: null,
  setService(id) {
    if (id === get().serviceId) return;
    set({ serviceId: id, query: initialQuery, rows: [], total: 0 });
    void get().load();
  },
  setQuery(patch) {
    // Any change but paging starts again from the first page.
    const offset = 'offset' in patch ? (patch.offset ?? 0) : 0;
    set({ query: { ...get().query, ...patch, offset } });
    void get().load();
  },
  async load() {
    const { serviceId, query } = get();
    if (serviceId === null) return;
    const seq = ++requestSeq;
    set({ loading: true });
    try {
      const page = await api().mailboxes.list({
        mailServiceId: serviceId,
        offset: query.offset,
        limit: PAGE_SIZE,
        sort: query.sort,
        filter: { search: query.search || undefined, state: query.state || undefined },
      });
      // Typing fast sends several requests: only the latest may land.
      if (seq === requestSeq) set({ rows: page.rows, total: page.total, loading: false, error: null });
    } catch (error) {
      if (seq === requestSeq) set({ loading: false, error });
    }
  },
}));

onChange(['mailboxes'], () => useMailboxesStore.getState().load());
