/**
 * The rule builder's model: the common cases, written as readable Sieve.
 * Every script it writes compiles with Dovecot's sievec (tested with random
 * rules in tests/integration/sieve.test.ts).
 */
import { parseSieve } from './parse';
import { sieveString } from './print';

export type RuleCondition =
  | { kind: 'from' | 'to' | 'subject'; match: 'contains' | 'is' | 'matches'; value: string }
  | { kind: 'header'; header: string; match: 'contains' | 'is' | 'matches'; value: string }
  /** Sent to a sub-address: `anna+shop@…` has the detail `shop` (RFC 5233). */
  | { kind: 'sent-to-detail'; detail: string }
  /** Sent to one of the mailbox's addresses, e.g. an alias used for sign-ups. */
  | { kind: 'sent-to'; address: string };

export type RuleAction =
  | { kind: 'fileinto'; folder: string }
  | { kind: 'mark-read' }
  | { kind: 'flag' }
  | { kind: 'redirect'; address: string; keepCopy: boolean }
  | { kind: 'reject'; reason: string }
  | { kind: 'discard' };

export interface Rule {
  name: string;
  /** All conditions must hold (`allof`); none means every message. */
  when: RuleCondition[];
  then: RuleAction[];
  /** No later rule sees the message. */
  stop: boolean;
}

function condition(c: RuleCondition): { test: string; needs: string[] } {
  switch (c.kind) {
    case 'from':
    case 'to':
      return { test: `address :${c.match} "${c.kind}" ${sieveString(c.value)}`, needs: [] };
    case 'subject':
      return { test: `header :${c.match} "subject" ${sieveString(c.value)}`, needs: [] };
    case 'header':
      return { test: `header :${c.match} ${sieveString(c.header)} ${sieveString(c.value)}`, needs: [] };
    case 'sent-to-detail':
      return { test: `envelope :detail "to" ${sieveString(c.detail)}`, needs: ['envelope', 'subaddress'] };
    case 'sent-to':
      return { test: `envelope :is "to" ${sieveString(c.address)}`, needs: ['envelope'] };
  }
}

function action(a: RuleAction): { line: string; needs: string[] } {
  switch (a.kind) {
    case 'fileinto':
      return { line: `fileinto ${sieveString(a.folder)};`, needs: ['fileinto'] };
    case 'mark-read':
      return { line: 'addflag "\\\\Seen";', needs: ['imap4flags'] };
    case 'flag':
      return { line: 'addflag "\\\\Flagged";', needs: ['imap4flags'] };
    case 'redirect':
      return a.keepCopy
        ? { line: `redirect :copy ${sieveString(a.address)};`, needs: ['copy'] }
        : { line: `redirect ${sieveString(a.address)};`, needs: [] };
    case 'reject':
      return { line: `reject ${sieveString(a.reason)};`, needs: ['reject'] };
    case 'discard':
      return { line: 'discard;', needs: [] };
  }
}

/** A rule's block (and the extensions it needs, added to `needs`). */
function ruleBlock(rule: Rule, needs: Set<string>): string {
  const tests = rule.when.map(condition);
  const actions = rule.then.map(action);
  for (const x of [...tests, ...actions]) x.needs.forEach((n) => needs.add(n));
  const body = [...actions.map((a) => a.line), ...(rule.stop ? ['stop;'] : [])].map((l) => `  ${l}`);
  const comment = `# ${rule.name.replace(/[\r\n]+/g, ' ')}`;
  if (tests.length === 0) return [comment, ...body.map((l) => l.slice(2))].join('\n');
  const test = tests.length === 1 ? tests[0]!.test : `allof (${tests.map((t) => t.test).join(', ')})`;
  return [comment, `if ${test} {`, ...body, '}'].join('\n');
}

/** One script for the rules, in order, with the `require` line it needs; a comment names each rule. */
export function buildSieve(rules: readonly Rule[]): string {
  const needs = new Set<string>();
  const blocks = rules.map((rule) => ruleBlock(rule, needs));
  const require = needs.size
    ? `require [${[...needs]
        .sort()
        .map((n) => `"${n}"`)
        .join(', ')}];\n\n`
    : '';
  return `${require}${blocks.join('\n\n')}\n`;
}

/**
 * Adds a rule at the end of a script the user may have written by hand, keeping
 * their text (and comments) as it is: the extensions it lacks are required on
 * a new first line (several `require` commands at the start are allowed).
 */
export function appendRule(content: string, rule: Rule): string {
  const needs = new Set<string>();
  const block = ruleBlock(rule, needs);
  const parsed = parseSieve(content);
  const have = new Set(
    parsed.ok
      ? parsed.commands
          .filter((c) => c.name === 'require')
          .flatMap((c) => c.args.flatMap((a) => (a.type === 'string' ? [a.value] : a.type === 'string-list' ? a.values : [])))
      : [],
  );
  const missing = [...needs].filter((n) => !have.has(n)).sort();
  const head = missing.length ? `require [${missing.map((n) => `"${n}"`).join(', ')}];\n` : '';
  const body = content.trimEnd();
  return `${head}${body}${body ? '\n\n' : ''}${block}\n`;
}
