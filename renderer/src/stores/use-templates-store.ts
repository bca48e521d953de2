import { create } from 'zustand';
import type { MailboxTemplate } from '../../../shared/contract';
import { api } from '../api';
import { onChange } from './invalidate';

interface TemplatesState {
  serviceId: number | null;
  templates: MailboxTemplate[];
  loaded: boolean;
  /** Loads the templates of a mail service (again, when it is the one shown). */
  load(serviceId: number): Promise<void>;
}

/** The templates of the mail service on screen. */
export const useTemplatesStore = create<TemplatesState>()((set, get) => ({
  serviceId: null,
  templates: [],
  loaded: false,
  async load(serviceId) {
    if (get().serviceId !== serviceId) set({ serviceId, templates: [], loaded: false });
    try {
      const templates = await api().templates.list({ mailServiceId: serviceId });
      // A slower answer for a service no longer shown is dropped.
      if (get().serviceId === serviceId) set({ templates, loaded: true });
    } catch {
      if (get().serviceId === serviceId) set({ templates: [], loaded: true });
    }
  },
}));

onChange(['mailboxes', 'mailServices'], () => {
  const { serviceId, load } = useTemplatesStore.getState();
  if (serviceId !== null) void load(serviceId);
});
