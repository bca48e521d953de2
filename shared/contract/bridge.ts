import type { Result } from './common';

/** IPC channel names used by the preload bridge; contract channel names travel inside the message. */
export const IPC_INVOKE = 'mw:invoke';
export const IPC_EVENT = 'mw:event';

/** What the preload script exposes as `window.mailwright` (contextBridge). */
export interface MailwrightBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to a contract event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** One pushed event as it crosses IPC or the web host's event stream. */
export interface EventMessage {
  name: string;
  payload: unknown;
}
