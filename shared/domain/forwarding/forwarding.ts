import { checkEmailAddress } from '../address/email';

export type ForwardProblem = 'invalid-forward' | 'forward-to-self' | 'forward-loop' | 'duplicate-forward';
export type ForwardWarning = 'gmail-target';

export interface ForwardCheck {
  /** The targets normalised, in order, without duplicates. */
  targets: string[];
  errors: { code: ForwardProblem; target: string; chain?: string[] }[];
  warnings: { code: ForwardWarning; target: string }[];
}

/** What the workspace knows about its own addresses, for loop detection. */
export interface ForwardGraph {
  /** The mailbox address an address delivers to (itself, or the owner of an alias), if it is in the workspace. */
  mailboxOf(address: string): string | undefined;
  /** The targets a workspace mailbox forwards to today. */
  forwardsOf(mailbox: string): readonly string[];
}

/** Gmail hides a message forwarded back to its own sender, so forwarding there surprises people. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const MAX_TARGETS = 10;
export const MAX_FORWARD_TARGETS = MAX_TARGETS;

/**
 * Checks new forward targets for `mailbox`: valid addresses (IDN allowed),
 * not the mailbox itself (or one of its aliases), and no chain through the
 * workspace that comes back to it (A→B→A, A→B→C→A).
 */
export function checkForwarding(mailbox: string, rawTargets: readonly string[], graph: ForwardGraph): ForwardCheck {
  const result: ForwardCheck = { targets: [], errors: [], warnings: [] };
  for (const raw of rawTargets) {
    const checked = checkEmailAddress(raw);
    if (!checked.ok) {
      result.errors.push({ code: 'invalid-forward', target: raw });
      continue;
    }
    const target = checked.address;
    if (result.targets.includes(target)) {
      result.errors.push({ code: 'duplicate-forward', target });
      continue;
    }
    result.targets.push(target);
    if (graph.mailboxOf(target) === mailbox) {
      result.errors.push({ code: 'forward-to-self', target });
      continue;
    }
    const chain = findLoop(mailbox, target, graph);
    if (chain) result.errors.push({ code: 'forward-loop', target, chain });
    if (GMAIL_DOMAINS.has(checked.domain)) result.warnings.push({ code: 'gmail-target', target });
  }
  if (result.targets.length > MAX_TARGETS) result.errors.push({ code: 'invalid-forward', target: result.targets[MAX_TARGETS]! });
  return result;
}

/** Follows forwards from `target` breadth-first; returns the chain back to `origin`, if any. */
function findLoop(origin: string, target: string, graph: ForwardGraph): string[] | undefined {
  const start = graph.mailboxOf(target);
  if (start === undefined) return undefined; // leaves the workspace: we can't see further
  const previous = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of graph.forwardsOf(current)) {
      const owner = graph.mailboxOf(next);
      if (owner === undefined || previous.has(owner)) continue;
      previous.set(owner, current);
      if (owner === origin) {
        const chain: string[] = [];
        for (let at: string | null | undefined = owner; at; at = previous.get(at)) chain.unshift(at);
        return [origin, ...chain];
      }
      queue.push(owner);
    }
  }
  return undefined;
}
