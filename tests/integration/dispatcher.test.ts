import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract } from '../../shared/contract';
import { createDispatcher } from '../../electron/rpc/dispatcher';
import { createHandlers } from '../../electron/services';
import { ctx, seedService, testRuntime } from '../helpers/workspace';

function writes(rt: ReturnType<typeof testRuntime>): number {
  return rt.db
    .prepare('SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM mailboxes) + (SELECT count(*) FROM organisations)')
    .pluck()
    .get() as number;
}

describe('the dispatcher', () => {
  it('answers a valid call with {ok: true, value} and broadcasts what changed', async () => {
    const rt = testRuntime();
    const seen: unknown[] = [];
    rt.dispatcher.subscribe((name, payload) => seen.push({ name, payload }));
    const result = await rt.dispatcher.dispatch('organisations.create', { name: '  Acme AG ' }, ctx);
    expect(result).toMatchObject({ ok: true, value: { name: 'Acme AG' } });
    expect(seen).toEqual([{ name: 'workspace.changed', payload: { areas: ['organisations', 'audit'] } }]);
    await rt.dispatcher.dispatch('organisations.list', {}, ctx);
    expect(seen).toHaveLength(1); // queries change nothing
  });

  it('refuses invalid payloads with a typed validation error and writes nothing', async () => {
    const rt = testRuntime();
    const { service } = seedService(rt);
    const before = writes(rt);
    const cases: [string, unknown][] = [
      ['organisations.create', { name: '' }],
      ['organisations.create', { name: 'x', extra: 1 }],
      ['organisations.create', null],
      ['mailboxes.create', { mailServiceId: service.id, localPart: 'a', storageQuotaMb: -1 }],
      ['mailboxes.create', { mailServiceId: '1', localPart: 'a' }],
      ['mailboxes.delete', { ids: [] }],
      ['mailboxes.list', { mailServiceId: service.id, limit: 100_000 }],
    ];
    for (const [channel, input] of cases) {
      const result = await rt.dispatcher.dispatch(channel, input, ctx);
      expect(result.ok, `${channel} ${JSON.stringify(input)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input');
        expect(result.error.details?.issues).toBeInstanceOf(Array);
      }
    }
    expect(writes(rt)).toBe(before);
  });

  it('refuses unknown channels, prototype keys included', async () => {
    const rt = testRuntime();
    for (const channel of ['nope', 'constructor', '__proto__', 'toString', 42, null]) {
      const result = await rt.dispatcher.dispatch(channel, {}, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('never sends a stack trace: internal errors become a plain message, reported on the side', async () => {
    const rt = testRuntime();
    const reported: unknown[] = [];
    const handlers = createHandlers(rt.services);
    handlers['organisations.list'] = () => {
      throw new Error('secret internals at /home/x/file.ts:12');
    };
    const dispatcher = createDispatcher(handlers, { onInternalError: (_c, e) => reported.push(e) });
    const result = await dispatcher.dispatch('organisations.list', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret internals');
    expect(reported).toHaveLength(1);
  });

  it('never crashes and never writes on arbitrary payloads, for every channel (fast-check)', async () => {
    const rt = testRuntime();
    seedService(rt);
    const mutating = CHANNEL_NAMES.filter((c) => contract[c].changes.length > 0);
    const before = writes(rt);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES),
        fc.anything({ withNullPrototype: true, withObjectString: true }),
        async (channel, input) => {
          const result = await rt.dispatcher.dispatch(channel, input, ctx);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error.code).not.toBe('internal');
          // Arbitrary values essentially never form a valid mutation; when they're refused, nothing may change.
          if (!result.ok && mutating.includes(channel)) expect(writes(rt)).toBe(before);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
