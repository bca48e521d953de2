import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMailboxQuery } from '../../electron/store/repositories/mailbox-query';
import { checkEmailAddress } from '../../shared/domain/address/email';
import {
  autoReplyStatus,
  checkAutoReply,
  normaliseExclusion,
  shouldReply,
  type AutoReplyRule,
} from '../../shared/domain/auto-reply/auto-reply';
import { checkForwarding, type ForwardGraph } from '../../shared/domain/forwarding/forwarding';

describe('mailbox list SQL', () => {
  it('puts every value in a parameter and uses fixed column names', () => {
    const sql = buildMailboxQuery(
      7,
      { search: "x' OR 1=1 --%_", state: 'created', forwarding: 'on', autoReply: 'off', quotaMinMb: 1024, quotaMaxMb: 2048 },
      { column: 'storageQuotaMb', direction: 'desc' },
    );
    expect(sql.where.sql).toBe(
      "mail_service_id = ? AND search_text LIKE ? ESCAPE '\\' AND state = ? AND forward_targets <> '' AND auto_reply_active = 0 AND storage_quota_mb >= ? AND storage_quota_mb <= ?",
    );
    expect(sql.where.params).toEqual([7, "%x' or 1=1 --\\%\\_%", 'created', 1024, 2048]);
    expect(sql.order).toBe('storage_quota_mb DESC, local_part DESC');
    expect(sql.byAddress).toBe(false);
    expect(sql.unfiltered).toBe(false);
  });

  it('sorts by address on the search index and knows an unfiltered query', () => {
    const sql = buildMailboxQuery(1, {}, { column: 'address', direction: 'asc' });
    expect(sql).toMatchObject({
      order: 'search_text ASC',
      byAddress: true,
      unfiltered: true,
      where: { sql: 'mail_service_id = ?', params: [1] },
    });
  });

  it('folds the search text the way the stored text is folded', () => {
    expect(buildMailboxQuery(1, { search: '  MÜLLER ' }, { column: 'address', direction: 'asc' }).where.params[1]).toBe(
      '%muller%',
    );
  });

  it('never lets input reach the SQL text: the same SQL for every search (fast-check)', () => {
    const reference = buildMailboxQuery(1, { search: 'x' }, { column: 'address', direction: 'asc' }).where.sql;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        (search) => {
          const sql = buildMailboxQuery(1, { search }, { column: 'address', direction: 'asc' });
          expect(sql.where.sql).toBe(reference);
          expect(sql.where.params).toHaveLength(2);
        },
      ),
    );
  });
});

describe('forwarding rules', () => {
  /** A workspace: mailbox → its forwards; aliases → owner. */
  function graph(forwards: Record<string, string[]>, aliases: Record<string, string> = {}): ForwardGraph {
    return {
      mailboxOf: (address) => (address in forwards ? address : aliases[address]),
      forwardsOf: (mailbox) => forwards[mailbox] ?? [],
    };
  }

  it('accepts outside addresses, IDN domains included, normalised', () => {
    const result = checkForwarding('a@x.ch', ['  Anna@Bücher.CH ', 'b@example.com'], graph({ 'a@x.ch': [] }));
    expect(result).toEqual({ targets: ['anna@bücher.ch', 'b@example.com'], errors: [], warnings: [] });
  });

  it('refuses invalid addresses, duplicates and the mailbox itself (also through its alias)', () => {
    const g = graph({ 'a@x.ch': [] }, { 'info@x.ch': 'a@x.ch' });
    const result = checkForwarding('a@x.ch', ['not an address', 'b@y.ch', 'B@y.ch', 'a@x.ch', 'info@x.ch'], g);
    expect(result.errors.map((e) => [e.code, e.target])).toEqual([
      ['invalid-forward', 'not an address'],
      ['duplicate-forward', 'b@y.ch'],
      ['forward-to-self', 'a@x.ch'],
      ['forward-to-self', 'info@x.ch'],
    ]);
  });

  it('finds loops through the workspace: A→B→A and A→B→C→A, also via aliases', () => {
    const g = graph(
      { 'a@x.ch': [], 'b@x.ch': ['a@x.ch'], 'c@x.ch': ['sales@x.ch'], 'd@x.ch': ['b@x.ch'] },
      { 'sales@x.ch': 'a@x.ch' },
    );
    expect(checkForwarding('a@x.ch', ['b@x.ch'], g).errors).toEqual([
      { code: 'forward-loop', target: 'b@x.ch', chain: ['a@x.ch', 'b@x.ch', 'a@x.ch'] },
    ]);
    expect(checkForwarding('a@x.ch', ['c@x.ch'], g).errors[0]?.chain).toEqual(['a@x.ch', 'c@x.ch', 'a@x.ch']);
    expect(checkForwarding('a@x.ch', ['d@x.ch'], g).errors[0]?.chain).toEqual(['a@x.ch', 'd@x.ch', 'b@x.ch', 'a@x.ch']);
  });

  it('does not call a cycle elsewhere a loop of this mailbox', () => {
    const g = graph({ 'a@x.ch': [], 'b@x.ch': ['c@x.ch'], 'c@x.ch': ['b@x.ch'] });
    expect(checkForwarding('a@x.ch', ['b@x.ch'], g).errors).toEqual([]);
  });

  it('warns (but allows) Gmail targets', () => {
    expect(checkForwarding('a@x.ch', ['someone@googlemail.com'], graph({})).warnings).toEqual([
      { code: 'gmail-target', target: 'someone@googlemail.com' },
    ]);
  });

  it('agrees with the address check on any string (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        const result = checkForwarding('a@x.ch', [raw], graph({}));
        expect(result.errors.some((e) => e.code === 'invalid-forward')).toBe(!checkEmailAddress(raw).ok);
      }),
    );
  });
});

describe('out-of-office rules', () => {
  const base: AutoReplyRule = { active: true, startsAt: null, endsAt: null, weekdays: [], excluded: [], counterResetAt: null };
  const monday = new Date('2026-11-30T09:00:00Z');

  it('checks a reply before saving', () => {
    const checked = checkAutoReply({
      message: ' ',
      startsAt: '2026-12-24T00:00:00Z',
      endsAt: '2026-12-20T00:00:00Z',
      weekdays: [1, 7],
      senderAddress: 'nope',
      excluded: ['@Example.CH', 'Boss@Example.ch', 'nonsense', '@example.ch'],
    });
    expect(checked.problems.map((p) => p.code)).toEqual([
      'missing-message',
      'ends-before-start',
      'invalid-weekday',
      'invalid-sender',
      'invalid-exclusion',
    ]);
    expect(checked.excluded).toEqual(['@example.ch', 'boss@example.ch']);
    expect(normaliseExclusion('@bücher.ch')).toBe('@bücher.ch');
  });

  it('knows when a reply is off, scheduled, on or ended', () => {
    expect(autoReplyStatus({ ...base, active: false }, monday)).toBe('off');
    expect(autoReplyStatus({ ...base, startsAt: '2026-12-01T00:00:00Z' }, monday)).toBe('scheduled');
    expect(autoReplyStatus({ ...base, startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }, monday)).toBe('on');
    expect(autoReplyStatus({ ...base, endsAt: '2026-11-30T08:59:59Z' }, monday)).toBe('ended');
  });

  it('answers each sender once per 7 days, unless the counter was reset since', () => {
    const sixDaysAgo = new Date(monday.getTime() - 6 * 86_400_000).toISOString();
    const sevenDaysAgo = new Date(monday.getTime() - 7 * 86_400_000).toISOString();
    expect(shouldReply(base, 'x@y.ch', monday, null)).toBe(true);
    expect(shouldReply(base, 'x@y.ch', monday, sixDaysAgo)).toBe(false);
    expect(shouldReply(base, 'x@y.ch', monday, sevenDaysAgo)).toBe(true);
    expect(
      shouldReply(
        { ...base, counterResetAt: new Date(monday.getTime() - 86_400_000).toISOString() },
        'x@y.ch',
        monday,
        sixDaysAgo,
      ),
    ).toBe(true);
  });

  it('skips excluded senders and domains, and days not chosen (in the service time zone)', () => {
    expect(shouldReply({ ...base, excluded: ['boss@y.ch'] }, 'Boss@Y.ch', monday, null)).toBe(false);
    expect(shouldReply({ ...base, excluded: ['@y.ch'] }, 'anyone@y.ch', monday, null)).toBe(false);
    expect(shouldReply({ ...base, weekdays: [1] }, 'x@y.ch', monday, null)).toBe(true);
    expect(shouldReply({ ...base, weekdays: [2, 3] }, 'x@y.ch', monday, null)).toBe(false);
    // 23:30 UTC on Sunday is already Monday in Zurich
    expect(shouldReply({ ...base, weekdays: [1] }, 'x@y.ch', new Date('2026-11-29T23:30:00Z'), null)).toBe(true);
  });
});
