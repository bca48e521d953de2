import type { Api, AppErrorShape, ChannelName, EventName, EventPayload } from '../../../shared/contract';
import type { Transport } from './transport';

/** A refusal from a service, with its stable code; the UI translates it. */
export class ApiError extends Error {
  readonly code: AppErrorShape['code'];
  readonly details: Record<string, unknown> | undefined;
  constructor(error: AppErrorShape) {
    super(error.message);
    this.code = error.code;
    this.details = error.details;
  }
}

export interface Client {
  api: Api;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  transport: Transport['kind'];
}

/** `api.mailboxes.list(input)` → `invoke('mailboxes.list', input)`, unwrapped or thrown as ApiError. */
export function createClient(transport: Transport): Client {
  const invoke = async (channel: ChannelName, input: unknown) => {
    const result = await transport.invoke(channel, input);
    if (!result.ok) throw new ApiError(result.error);
    return result.value;
  };
  const api = new Proxy({} as Api, {
    get: (_target, area: string) =>
      new Proxy({}, { get: (_t, verb: string) => (input?: unknown) => invoke(`${area}.${verb}` as ChannelName, input ?? {}) }),
  });
  return {
    api,
    on: (event, listener) => transport.on(event, listener as (payload: unknown) => void),
    transport: transport.kind,
  };
}
