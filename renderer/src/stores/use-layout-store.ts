import { create } from 'zustand';
import type { MailboxTableLayout } from '../../../shared/contract';
import { api } from '../api';

interface LayoutState {
  layout: MailboxTableLayout;
  loaded: boolean;
  load(): Promise<void>;
  update(patch: Partial<MailboxTableLayout>): void;
}

const EMPTY: MailboxTableLayout = { hidden: [], order: [], widths: {} };
let saveTimer: number | undefined;

/** The mailbox table's columns (visible, order, widths), remembered in the workspace. */
export const useLayoutStore = create<LayoutState>()((set, get) => ({
  layout: EMPTY,
  loaded: false,
  async load() {
    const settings = await api().settings.get();
    set({ layout: { ...EMPTY, ...settings.mailboxTable }, loaded: true });
  },
  update(patch) {
    const layout = { ...get().layout, ...patch };
    set({ layout });
    // Resizing fires many times a second: save once it settles.
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => void api().settings.update({ mailboxTable: layout }), 400);
  },
}));
