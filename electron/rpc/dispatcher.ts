import type { z } from 'zod';
import {
  type AppErrorShape,
  type ChangeArea,
  type ChannelName,
  type EventName,
  type EventPayload,
  type Result,
  contract,
  events,
  isChannelName,
} from '../../shared/contract';
import type { CallContext, Handlers } from '../services';
import { AppError } from '../services/errors';

export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface Dispatcher {
  /** Parses, runs and answers one call. Never throws; never returns a stack trace. */
  dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** Subscribes a transport to contract events; returns the unsubscribe function. */
  subscribe(sink: EventSink): () => void;
  /** Broadcasts an event to every subscriber (e.g. changes made by another process). */
  emit: EventSink;
}

export interface DispatcherOptions {
  /** Where unexpected errors are reported (with their stack) — never to the caller. */
  onInternalError?: (channel: string, error: unknown) => void;
}

/**
 * The one place where contract calls meet services, whatever the transport:
 * input parsed with the channel's schema, output checked, errors shaped,
 * change events broadcast to every subscriber.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatcher {
  const sinks = new Set<EventSink>();
  const emit: EventSink = (name, payload) => {
    const parsed = events[name].parse(payload);
    for (const sink of sinks) {
      try {
        sink(name, parsed as EventPayload<typeof name>);
      } catch {
        // A broken transport must not break the others.
      }
    }
  };

  return {
    async dispatch(channel, input, ctx) {
      if (!isChannelName(channel)) {
        return failure({ code: 'unknown-channel', message: `Unknown channel "${String(channel).slice(0, 80)}".` });
      }
      const def = contract[channel];
      const parsed = def.input.safeParse(input);
      if (!parsed.success) return failure(validationError(parsed.error));
      try {
        const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown;
        const value = def.output.parse(await handler(parsed.data, ctx));
        if (def.changes.length > 0) emit('workspace.changed', { areas: [...def.changes] as ChangeArea[] });
        return { ok: true, value };
      } catch (error) {
        if (error instanceof AppError) return failure(error.toShape());
        options.onInternalError?.(channel, error);
        return failure({ code: 'internal', message: 'Something went wrong inside Mailwright. The details are in the log.' });
      }
    },
    subscribe(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    emit,
  };
}

function failure(error: AppErrorShape): Result<never> {
  return { ok: false, error };
}

function validationError(error: z.ZodError): AppErrorShape {
  const issues = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  const first = issues[0];
  const where = first && first.path ? ` (${first.path})` : '';
  return {
    code: 'invalid-input',
    message: `Invalid input${where}: ${first?.message ?? 'unexpected value'}`,
    details: { issues },
  };
}

export type { ChannelName };
