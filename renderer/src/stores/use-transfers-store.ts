import { create } from 'zustand';
import type { Transfer } from '../../../shared/contract';
import { api } from '../api';
import type { Client } from '../api/client';
import { useRouteStore } from './use-route-store';
import { onChange } from './invalidate';
import { useOrganisationsStore } from './use-organisations-store';

interface TransfersState {
  transfers: Transfer[];
  loaded: boolean;
  /** A mailwright://transfer/… link the OS handed to the app, waiting for the Receive form. */
  incomingLink: string | null;
  load(): Promise<void>;
  receiveLink(link: string | null): void;
}

/** Transfers from and into the current organisation. */
export const useTransfersStore = create<TransfersState>()((set) => ({
  transfers: [],
  loaded: false,
  incomingLink: null,
  receiveLink(link) {
    set({ incomingLink: link });
  },
  async load() {
    const organisationId = useOrganisationsStore.getState().currentId;
    if (organisationId === null) return set({ transfers: [], loaded: true });
    try {
      set({ transfers: await api().transfers.list({ organisationId }), loaded: true });
    } catch {
      // Only administrators and legal representatives see transfers: the page says so.
      set({ transfers: [], loaded: true });
    }
  },
}));

onChange(['transfers', 'organisations', 'access'], () => useTransfersStore.getState().load());
useOrganisationsStore.subscribe((state, previous) => {
  if (state.currentId !== previous.currentId) void useTransfersStore.getState().load();
});

/** A transfer link the OS opened with the desktop app: show it in Transfers › Receive. */
export function watchTransferLinks(client: Client): void {
  client.on('transfers.linkOpened', ({ link }) => {
    useTransfersStore.getState().receiveLink(link);
    useRouteStore.getState().go('transfers');
  });
}
