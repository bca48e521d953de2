import { create } from 'zustand';
import type { MailService, Product } from '../../../shared/contract';
import { api } from '../api';
import { onChange } from './invalidate';
import { useOrganisationsStore } from './use-organisations-store';

interface ProductsState {
  organisationId: number | null;
  products: Product[];
  services: MailService[];
  loaded: boolean;
  load(organisationId: number | null): Promise<void>;
}

/** The current organisation's products and mail services (the Overview and the service pickers). */
export const useProductsStore = create<ProductsState>()((set, get) => ({
  organisationId: null,
  products: [],
  services: [],
  loaded: false,
  async load(organisationId) {
    if (organisationId === null) {
      set({ organisationId, products: [], services: [], loaded: true });
      return;
    }
    if (organisationId !== get().organisationId) set({ organisationId, loaded: false });
    const [products, services] = await Promise.all([
      api().products.list({ organisationId }),
      api().mailServices.list({ organisationId }),
    ]);
    if (get().organisationId === organisationId) set({ products, services, loaded: true });
  },
}));

onChange(['products', 'mailServices', 'organisations'], () =>
  useProductsStore.getState().load(useOrganisationsStore.getState().currentId),
);
useOrganisationsStore.subscribe((state, previous) => {
  if (state.currentId !== previous.currentId) void useProductsStore.getState().load(state.currentId);
});
