import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
// Only the names and the bridge shape: the full contract (zod + schemas) stays out of the preload bundle.
import { IPC_EVENT, IPC_INVOKE, type MailwrightBridge } from '../../shared/contract/bridge';
import type { Result } from '../../shared/contract/common';
import { isChannelName, isEventName } from '../../shared/contract/names';

/**
 * Sandboxed preload: exposes `window.mailwright` (MailwrightBridge) and
 * nothing else. The page never sees ipcRenderer or IPC event objects; it can
 * only call contract channels and listen to contract events. The main process
 * checks the sender and parses every input again — this filter is the first
 * fence, not the only one.
 */

const listeners = new Map<string, Set<(payload: unknown) => void>>();

// One IPC listener for all events, so unsubscribing never leaks ipcRenderer listeners.
ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      // One failing view must not stop the others from refreshing.
      console.error(`mailwright: a listener for "${name}" failed`, error);
    }
  }
});

const bridge: MailwrightBridge = {
  async invoke(channel, input) {
    if (!isChannelName(channel)) {
      return failure('unknown-channel', `Unknown channel "${String(channel).slice(0, 80)}".`);
    }
    try {
      return (await ipcRenderer.invoke(IPC_INVOKE, { channel, input })) as Result<unknown>;
    } catch (error) {
      // Only transport failures land here (e.g. an input that can't be cloned); app errors come back as results.
      const reason = error instanceof Error ? error.message : String(error);
      return failure('invalid-input', `The call could not be sent to Mailwright: ${reason}`);
    }
  },
  on(event, listener) {
    if (!isEventName(event)) throw new TypeError(`Unknown event "${String(event).slice(0, 80)}".`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      listeners.get(event)?.delete(listener);
    };
  },
};

function failure(code: 'unknown-channel' | 'invalid-input', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

contextBridge.exposeInMainWorld('mailwright', bridge);
