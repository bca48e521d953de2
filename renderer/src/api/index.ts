import { createClient, type Client } from './client';
import { ipcTransport } from './ipc-transport';
import { establishWebSession, webTransport } from './web-transport';

let client: Client | undefined;

/** Picks the transport once at start: the preload bridge when present, else the web host. */
export async function connect(): Promise<Client> {
  if (window.mailwright) {
    client = createClient(ipcTransport(window.mailwright));
  } else {
    await establishWebSession(window.location, window.history);
    client = createClient(webTransport());
  }
  return client;
}

export function getClient(): Client {
  if (!client) throw new Error('connect() first');
  return client;
}

export function api(): Client['api'] {
  return getClient().api;
}

export { ApiError } from './client';
export { ConnectionError } from './web-transport';
