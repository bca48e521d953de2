import type { EventMessage, Result } from '../../../shared/contract';
import type { Transport } from './transport';

/** Why the web host refused us; the app shows a screen that says what to do. */
export class ConnectionError extends Error {
  constructor(
    readonly reason: 'unauthorized' | 'unreachable' | 'refused',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Exchanges the start token from the URL fragment for an HttpOnly session
 * cookie, then drops it from the address bar so it isn't bookmarked or shared.
 */
export async function establishWebSession(location: Location, history: History): Promise<void> {
  const hash = location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash.includes('token=') ? hash : '');
  const token = params.get('token');
  if (!token) return;
  const response = await fetch('/api/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  if (response.status === 401) throw new ConnectionError('unauthorized', 'The access key in the link is not valid.');
  if (!response.ok) throw new ConnectionError('refused', `The web host refused the session (${response.status}).`);
}

export function webTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const ensureEvents = () => {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      let event: EventMessage;
      try {
        event = JSON.parse(message.data) as EventMessage;
      } catch {
        return;
      }
      for (const listener of listeners.get(event.name) ?? []) listener(event.payload);
    };
  };

  return {
    kind: 'web',
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel, input }),
        });
      } catch {
        throw new ConnectionError('unreachable', 'The Mailwright web host is not reachable. Is it still running?');
      }
      if (response.status === 401) throw new ConnectionError('unauthorized', 'This browser session has no access key.');
      if (!response.ok) throw new ConnectionError('refused', `The web host refused the request (${response.status}).`);
      return (await response.json()) as Result<unknown>;
    },
    on(event, listener) {
      ensureEvents();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
