import type { MailwrightBridge } from '../../../shared/contract';
import type { Transport } from './transport';

declare global {
  interface Window {
    /** Present only inside the desktop app: exposed by the preload script. */
    mailwright?: MailwrightBridge;
  }
}

export function ipcTransport(bridge: MailwrightBridge): Transport {
  return {
    kind: 'ipc',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener),
  };
}
