import { create } from 'zustand';
import type { AuditEntry } from '../../../shared/contract';
import { api } from '../api';
import { onChange } from './invalidate';
import { useOrganisationsStore } from './use-organisations-store';

const PAGE = 50;

export interface ActivityFilters {
  /** Part of the actor: a user's e-mail. */
  actor: string;
  /** An area (`mailbox`, `transfer`, …) or a full action. */
  action: string;
  entityType: string;
  /** Dates (YYYY-MM-DD), inclusive, in the user's time zone. */
  from: string;
  to: string;
}

const NO_FILTERS: ActivityFilters = { actor: '', action: '', entityType: '', from: '', to: '' };

interface ActivityState {
  rows: AuditEntry[];
  total: number;
  loaded: boolean;
  filters: ActivityFilters;
  facets: { actors: string[]; entityTypes: string[]; actions: string[] };
  setFilters(filters: Partial<ActivityFilters>): void;
  clearFilters(): void;
  /** Everything in the workspace, or only the current organisation. */
  scope: 'organisation' | 'all';
  setScope(scope: 'organisation' | 'all'): void;
  load(more?: boolean): Promise<void>;
}

export const useActivityStore = create<ActivityState>()((set, get) => ({
  rows: [],
  total: 0,
  loaded: false,
  filters: NO_FILTERS,
  facets: { actors: [], entityTypes: [], actions: [] },
  setFilters(filters) {
    set({ filters: { ...get().filters, ...filters } });
    void get().load();
  },
  clearFilters() {
    set({ filters: NO_FILTERS });
    void get().load();
  },
  scope: 'organisation',
  setScope(scope) {
    set({ scope, rows: [], loaded: false });
    void get().load();
  },
  async load(more = false) {
    const organisationId = get().scope === 'all' ? undefined : (useOrganisationsStore.getState().currentId ?? undefined);
    const offset = more ? get().rows.length : 0;
    const limit = more ? PAGE : Math.max(PAGE, get().rows.length);
    const f = get().filters;
    const page = await api().audit.list({
      organisationId,
      offset,
      limit,
      actor: f.actor || undefined,
      action: f.action || undefined,
      entityType: f.entityType || undefined,
      // Local days: from the first to the last millisecond of the chosen days where the user is.
      from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
      to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
    });
    set({ rows: more ? [...get().rows, ...page.rows] : page.rows, total: page.total, loaded: true, facets: page.facets });
  },
}));

onChange(['audit'], () => useActivityStore.getState().load());
useOrganisationsStore.subscribe((state, previous) => {
  if (state.currentId !== previous.currentId) void useActivityStore.getState().load();
});
