import { create } from 'zustand';
import type { Organisation } from '../../../shared/contract';
import { api } from '../api';
import { invalidate, onChange } from './invalidate';

const CURRENT_KEY = 'mailwright.currentOrganisation';

interface OrganisationsState {
  organisations: Organisation[];
  loaded: boolean;
  currentId: number | null;
  load(): Promise<void>;
  select(id: number): void;
  create(name: string): Promise<Organisation>;
  rename(id: number, name: string): Promise<void>;
  remove(id: number): Promise<void>;
}

export const useOrganisationsStore = create<OrganisationsState>()((set, get) => ({
  organisations: [],
  loaded: false,
  currentId: null,
  async load() {
    const organisations = await api().organisations.list();
    const remembered = Number(localStorage.getItem(CURRENT_KEY));
    const current = get().currentId ?? remembered;
    const currentId = organisations.some((o) => o.id === current) ? current : (organisations[0]?.id ?? null);
    set({ organisations, loaded: true, currentId });
  },
  select(id) {
    localStorage.setItem(CURRENT_KEY, String(id));
    set({ currentId: id });
  },
  async create(name) {
    const created = await api().organisations.create({ name });
    get().select(created.id);
    set({ organisations: [...get().organisations, created].sort((a, b) => a.name.localeCompare(b.name)) });
    invalidate(['organisations']);
    return created;
  },
  async rename(id, name) {
    await api().organisations.update({ id, name });
    invalidate(['organisations']);
  },
  async remove(id) {
    await api().organisations.delete({ id });
    if (get().currentId === id) set({ currentId: null });
    invalidate(['organisations']);
  },
}));

export function useCurrentOrganisation(): Organisation | null {
  return useOrganisationsStore((s) => s.organisations.find((o) => o.id === s.currentId) ?? null);
}

onChange(['organisations'], () => useOrganisationsStore.getState().load());
