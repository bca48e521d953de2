import type { Result } from '../../../shared/contract';

/** How the renderer reaches the main process: the preload bridge (desktop) or the web host. */
export interface Transport {
  readonly kind: 'ipc' | 'web';
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
