import { create } from 'zustand';
import type { WorkspaceInfo } from '../../../shared/contract';
import { ConnectionError, connect } from '../api';
import { watchChanges } from './invalidate';
import { watchImportProgress } from './use-imports-store';
import { watchTransferLinks } from './use-transfers-store';

interface SessionState {
  status: 'connecting' | 'ready' | 'failed';
  failure: ConnectionError['reason'] | 'other' | null;
  failureMessage: string | null;
  info: WorkspaceInfo | null;
  start(): Promise<void>;
  lost(error: unknown): void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  status: 'connecting',
  failure: null,
  failureMessage: null,
  info: null,
  async start() {
    try {
      const client = await connect();
      const info = await client.api.workspace.info();
      watchChanges(client);
      watchTransferLinks(client);
      watchImportProgress(client);
      set({ status: 'ready', info, failure: null, failureMessage: null });
    } catch (error) {
      useSessionStore.getState().lost(error);
    }
  },
  lost(error) {
    const failure = error instanceof ConnectionError ? error.reason : 'other';
    set({ status: 'failed', failure, failureMessage: (error as Error).message });
  },
}));
