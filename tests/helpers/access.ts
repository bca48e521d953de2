import path from 'node:path';
import { afterEach } from 'vitest';
import type { ChannelName, Result } from '../../shared/contract';
import { openRuntime, type Runtime } from '../../electron/rpc/runtime';
import { tempDir } from './workspace';

/** The user every new workspace has and acts as (migration 0060). */
export const OWNER = 'owner@workspace.local';

const runtimes: Runtime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.close();
});

export function accessRuntime(dir = tempDir(), clock?: () => Date): Runtime {
  const rt = openRuntime({
    file: path.join(dir, 'workspace.sqlite'),
    host: 'test',
    appVersion: 'test',
    locale: null,
    secrets: { dataDir: dir },
    clock,
  });
  runtimes.push(rt);
  return rt;
}

/** Calls a channel through the dispatcher as a user (the CLI's --as), returning the value or throwing the error code. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read what the contract returns, checked by their assertions
export async function call<T = any>(rt: Runtime, as: string, channel: ChannelName, input: unknown): Promise<T> {
  const result = (await rt.dispatcher.dispatch(channel, input, { actor: 'test', as })) as Result<T>;
  if (!result.ok)
    throw Object.assign(new Error(result.error.message), { code: result.error.code, details: result.error.details });
  return result.value;
}

export async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}
