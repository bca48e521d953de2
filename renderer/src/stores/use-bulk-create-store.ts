import { create } from 'zustand';
import type { Batch } from '../../../shared/contract';
import { api } from '../api';
import { invalidate, onChange } from './invalidate';

interface BulkCreateState {
  /** The mail service whose batches are shown. */
  serviceId: number | null;
  batches: Batch[];
  loaded: boolean;
  error: unknown;
  load(serviceId: number | null): Promise<void>;
  /** The batch as the provider's upload file (passwords included): for a download, nowhere else. */
  exportBatch(batchId: number): Promise<{ csv: string; fileName: string; rows: number }>;
  markApplied(batchId: number): Promise<Batch>;
  /** A file dropped on another page, for the wizard to read once it is shown. */
  dropped: File | null;
  handOver(file: File): void;
  takeDropped(): File | null;
}

/** The planned batches of bulk creations, per mail service (the Bulk create section's list). */
export const useBulkCreateStore = create<BulkCreateState>()((set, get) => ({
  serviceId: null,
  batches: [],
  loaded: false,
  error: null,
  dropped: null,
  handOver: (file) => set({ dropped: file }),
  takeDropped() {
    const file = get().dropped;
    if (file) set({ dropped: null });
    return file;
  },
  async load(serviceId) {
    if (serviceId !== get().serviceId) set({ serviceId, batches: [], loaded: false, error: null });
    if (serviceId === null) {
      set({ loaded: true });
      return;
    }
    try {
      const batches = await api().bulkCreate.batches({ mailServiceId: serviceId });
      if (get().serviceId === serviceId) set({ batches, loaded: true, error: null });
    } catch (error) {
      if (get().serviceId === serviceId) set({ error, loaded: true });
    }
  },
  async exportBatch(batchId) {
    const result = await api().bulkCreate.exportBatch({ batchId });
    invalidate(['bulkCreate']);
    return result;
  },
  async markApplied(batchId) {
    const batch = await api().bulkCreate.markApplied({ batchId });
    invalidate(['bulkCreate', 'mailboxes']);
    return batch;
  },
}));

onChange(['bulkCreate', 'mailboxes'], () => {
  const { serviceId } = useBulkCreateStore.getState();
  if (serviceId !== null) return useBulkCreateStore.getState().load(serviceId);
});
