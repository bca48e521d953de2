import { checkDomain } from '../address/domain';
import { checkEmailAddress } from '../address/email';

/** An out-of-office reply as the rules see it. Times are ISO 8601 strings (UTC). */
export interface AutoReplyRule {
  active: boolean;
  startsAt: string | null;
  endsAt: string | null;
  /** 0 = Sunday … 6 = Saturday; empty = every day. */
  weekdays: readonly number[];
  /** Addresses (`anna@example.ch`) and whole domains (`@example.ch`) that never get a reply. */
  excluded: readonly string[];
  counterResetAt: string | null;
}

/** The provider answers each sender once per this period. */
export const REPLY_INTERVAL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AutoReplyProblem =
  'ends-before-start' | 'invalid-weekday' | 'invalid-exclusion' | 'invalid-sender' | 'missing-message';

export interface AutoReplyFields {
  message: string;
  startsAt: string | null;
  endsAt: string | null;
  weekdays: readonly number[];
  senderAddress: string | null;
  excluded: readonly string[];
}

/** Checks a reply before it is saved; returns the normalised exclusions. */
export function checkAutoReply(fields: AutoReplyFields): {
  problems: { code: AutoReplyProblem; value?: string }[];
  excluded: string[];
} {
  const problems: { code: AutoReplyProblem; value?: string }[] = [];
  if (fields.message.trim() === '') problems.push({ code: 'missing-message' });
  if (fields.startsAt && fields.endsAt && Date.parse(fields.endsAt) <= Date.parse(fields.startsAt)) {
    problems.push({ code: 'ends-before-start' });
  }
  for (const day of fields.weekdays) {
    if (!Number.isInteger(day) || day < 0 || day > 6) problems.push({ code: 'invalid-weekday', value: String(day) });
  }
  if (fields.senderAddress !== null && fields.senderAddress.trim() !== '' && !checkEmailAddress(fields.senderAddress).ok) {
    problems.push({ code: 'invalid-sender', value: fields.senderAddress });
  }
  const excluded: string[] = [];
  for (const raw of fields.excluded) {
    const entry = normaliseExclusion(raw);
    if (entry === null) problems.push({ code: 'invalid-exclusion', value: raw });
    else if (!excluded.includes(entry)) excluded.push(entry);
  }
  return { problems, excluded };
}

/** `@Example.CH` → `@example.ch`; `Anna@Example.ch` → `anna@example.ch`; anything else → null. */
export function normaliseExclusion(raw: string): string | null {
  const value = raw.trim();
  if (value.startsWith('@')) {
    const domain = checkDomain(value.slice(1));
    return domain.ok ? `@${domain.domain}` : null;
  }
  const address = checkEmailAddress(value);
  return address.ok ? address.address : null;
}

export type AutoReplyStatus = 'off' | 'scheduled' | 'on' | 'ended';

/** Where a reply stands at `now`: switched off, waiting for its start, answering, or past its end. */
export function autoReplyStatus(reply: Pick<AutoReplyRule, 'active' | 'startsAt' | 'endsAt'>, now: Date): AutoReplyStatus {
  if (!reply.active) return 'off';
  if (reply.endsAt && Date.parse(reply.endsAt) <= now.getTime()) return 'ended';
  if (reply.startsAt && Date.parse(reply.startsAt) > now.getTime()) return 'scheduled';
  return 'on';
}

/**
 * Whether a message from `sender` at `now` gets the reply: the reply is on,
 * today is one of its weekdays, the sender isn't excluded, and the sender
 * hasn't had a reply in the last 7 days (counted from the last reset).
 */
export function shouldReply(
  reply: AutoReplyRule,
  sender: string,
  now: Date,
  lastRepliedAt: string | null,
  timeZone = 'Europe/Zurich',
): boolean {
  if (autoReplyStatus(reply, now) !== 'on') return false;
  if (reply.weekdays.length > 0 && !reply.weekdays.includes(weekdayIn(now, timeZone))) return false;
  const address = sender.trim().toLowerCase();
  const domain = `@${address.slice(address.lastIndexOf('@') + 1)}`;
  if (reply.excluded.includes(address) || reply.excluded.includes(domain)) return false;
  if (lastRepliedAt === null) return true;
  const last = Date.parse(lastRepliedAt);
  if (reply.counterResetAt && Date.parse(reply.counterResetAt) > last) return true;
  return now.getTime() - last >= REPLY_INTERVAL_DAYS * DAY_MS;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The weekday (0 = Sunday) in the mail service's time zone: a reply "on Mondays" follows local time. */
export function weekdayIn(date: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(date);
  return WEEKDAYS.indexOf(name);
}
