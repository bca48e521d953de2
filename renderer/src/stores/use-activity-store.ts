import { create } from 'zustand';
import type { AuditEntry } from '../../../shared/contract';
import { api } from '../api';
import { onChange } from './invalidate';
import { useOrganisationsStore } from './use-organisations-store';

const PAGE = 50;

interface ActivityState {
  rows: AuditEntry[];
  total: number;
  loaded: boolean;
  /** Everything in the workspace, or only the current organisation. */
  scope: 'organisation' | 'all';
  setScope(scope: 'organisation' | 'all'): void;
  load(more?: boolean): Promise<void>;
}

export const useActivityStore = create<ActivityState>()((set, get) => ({
  rows: [],
  total: 0,
  loaded: false,
  scope: 'organisation',
  setScope(scope) {
    set({ scope, rows: [], loaded: false });
    void get().load();
  },
  async load(more = false) {
    const organisationId = get().scope === 'all' ? undefined : (useOrganisationsStore.getState().currentId ?? undefined);
    const offset = more ? get().rows.length : 0;
    const limit = more ? PAGE : Math.max(PAGE, get().rows.length);
    const page = await api().audit.list({ organisationId, offset, limit });
    set({ rows: more ? [...get().rows, ...page.rows] : page.rows, total: page.total, loaded: true });
  },
}));

onChange(['audit'], () => useActivityStore.getState().load());
useOrganisationsStore.subscribe((state, previous) => {
  if (state.currentId !== previous.currentId) void useActivityStore.getState().load();
});
