import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSieve, type SieveCommand, type SieveTest } from '../../shared/domain/sieve/parse';
import { printSieve } from '../../shared/domain/sieve/print';
import { appendRule, buildSieve, type RuleAction, type RuleCondition } from '../../shared/domain/sieve/rules';
import { tempDir } from '../helpers/workspace';

/** Dovecot's compiler, the judge (Debian dovecot-sieve; .ci/run installs it). */
const SIEVEC = ['/usr/bin/sievec', '/usr/local/bin/sievec'].find((p) => fs.existsSync(p));
if (!SIEVEC) console.log('sieve: sievec not found (apt-get install dovecot-sieve): the comparisons with Dovecot are skipped');
if (!SIEVEC && process.env.CI) throw new Error('CI must have sievec: .ci/run installs dovecot-sieve');

function sievec(script: string): { ok: boolean; line: number | null; output: string } {
  const dir = tempDir();
  const file = path.join(dir, 'test.sieve');
  fs.writeFileSync(file, script);
  const run = spawnSync(SIEVEC!, [file, path.join(dir, 'test.svbin')], { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  const line = /line (\d+): error/.exec(output);
  return { ok: run.status === 0, line: line ? Number(line[1]) : null, output };
}

const VALID = [
  'keep;',
  '# a comment\n/* and\n a block comment */\ndiscard;',
  'require "fileinto";\nif header :contains "subject" "Rechnung" {\n  fileinto "Rechnungen";\n  stop;\n}',
  'require ["fileinto", "envelope", "subaddress"];\nif envelope :detail "to" "shop" {\n  fileinto "Shops";\n} elsif address :domain :is "from" "example.ch" {\n  keep;\n} else {\n  discard;\n}',
  'require ["imap4flags"];\nif anyof (header :matches "from" "*@news.example", size :over 2M) {\n  addflag "\\\\Seen";\n  setflag ["\\\\Flagged", "$Label1"];\n}',
  'require ["copy"];\nredirect :copy "anna@elsewhere.example";',
  'require ["reject"];\nif allof (not exists "date", header :is "x-spam" "yes") {\n  reject text:\nYour message looks like spam.\n..a dot-stuffed line\n.\n;\n}',
  'require ["vacation"];\nvacation :days 7 :subject "Away" :addresses ["anna@muster.ch"] "I am away until Monday.";',
  'require ["body", "fileinto"];\nif body :text :contains "unsubscribe" {\n  fileinto "Newsletters";\n}',
  'require ["variables", "fileinto"];\nset "folder" "Archiv";\nif string :is "${folder}" "Archiv" {\n  fileinto "${folder}";\n}',
  'require ["relational", "comparator-i;ascii-numeric"];\nif header :value "gt" :comparator "i;ascii-numeric" "x-priority" "3" {\n  discard;\n}',
  'require ["regex", "fileinto"];\nif header :regex "subject" "^\\\\[(ticket|case) [0-9]+\\\\]" {\n  fileinto "Support";\n}',
  'require ["date", "relational", "fileinto"];\nif currentdate :value "ge" "date" "2026-12-24" {\n  fileinto "Holidays";\n}',
];

/** Broken scripts: Dovecot and Mailwright must both refuse them, at the same line. */
const BROKEN = [
  'keep',
  'require "fileinto";\nif true {\n  fileinto "A"\n}',
  'require "fileinto";\nfoo;',
  'if true {\n  fileinto "x";\n}',
  'keep;\nrequire "fileinto";',
  'if header :is "subject" "a" {\n  keep;\n}\nelse keep;',
  'else {\n  keep;\n}',
  'if true {\n  keep;\n',
  'discard;\n"stray";',
  'require "nonsense";',
  'if header :contains "subject" "x {\n  keep;\n}',
  'if frobnicate "x" {\n  keep;\n}',
  'keep;\n}\n',
  'redirect :copy "a@b.example";',
  'reject text:\nno end',
  'require "fileinto";\nif true {\n  fileinto "A"\n  stop;\n}',
];

describe('Sieve, against Dovecot’s sievec', () => {
  it.runIf(SIEVEC)('accepts what sievec compiles', () => {
    for (const script of VALID) {
      const judge = sievec(script);
      expect(judge.ok, `sievec refused:\n${script}\n${judge.output}`).toBe(true);
      const ours = parseSieve(script);
      expect(ours.ok, `${script}\n${JSON.stringify(ours)}`).toBe(true);
      // And what the printer writes from it compiles too.
      const printed = printSieve((ours as { commands: SieveCommand[] }).commands);
      expect(sievec(printed).ok, printed).toBe(true);
    }
  });

  it.runIf(SIEVEC)('refuses what sievec refuses, at the same line', () => {
    for (const script of BROKEN) {
      const judge = sievec(script);
      expect(judge.ok, `sievec accepted:\n${script}`).toBe(false);
      const ours = parseSieve(script);
      expect(ours.ok, script).toBe(false);
      expect({ script, line: (ours as { error: { line: number } }).error.line }).toEqual({ script, line: judge.line });
    }
  });
});

// Random scripts of known commands and tests, for the printer/parser round trip.
const word = fc.stringMatching(/^[a-zA-Z0-9 äöü"\\.@*-]{0,12}$/);
const headerTest: fc.Arbitrary<SieveTest> = fc
  .record({ tag: fc.constantFrom('is', 'contains', 'matches'), header: fc.constantFrom('subject', 'from', 'to'), key: word })
  .map(({ tag, header, key }) => ({
    name: 'header',
    args: [
      { type: 'tag' as const, name: tag },
      { type: 'string' as const, value: header },
      { type: 'string' as const, value: key },
    ],
    tests: [],
    line: 0,
    column: 0,
  }));
const testArb: fc.Arbitrary<SieveTest> = fc.oneof(
  headerTest,
  fc.array(headerTest, { minLength: 1, maxLength: 3 }).map((tests) => ({ name: 'anyof', args: [], tests, line: 0, column: 0 })),
  headerTest.map((t) => ({ name: 'not', args: [], tests: [t], line: 0, column: 0 })),
);
const action: fc.Arbitrary<SieveCommand> = fc.oneof(
  fc.constant<SieveCommand>({ name: 'keep', args: [], tests: [], block: null, line: 0, column: 0 }),
  fc.constant<SieveCommand>({ name: 'stop', args: [], tests: [], block: null, line: 0, column: 0 }),
  word.map((folder) => ({
    name: 'fileinto',
    args: [{ type: 'string' as const, value: folder }],
    tests: [],
    block: null,
    line: 0,
    column: 0,
  })),
);
const script = fc.array(
  fc.oneof(
    action,
    fc.record({ test: testArb, body: fc.array(action, { maxLength: 3 }) }).map(({ test, body }) => ({
      name: 'if',
      args: [],
      tests: [test],
      block: body,
      line: 0,
      column: 0,
    })),
  ),
  { maxLength: 5 },
);

const strip = (commands: SieveCommand[]): unknown =>
  JSON.parse(JSON.stringify(commands, (key, value) => (key === 'line' || key === 'column' ? undefined : value)));

describe('Sieve printer', () => {
  it('prints what parses back to the same script', () => {
    fc.assert(
      fc.property(script, (commands) => {
        const full: SieveCommand[] = [
          { name: 'require', args: [{ type: 'string', value: 'fileinto' }], tests: [], block: null, line: 0, column: 0 },
          ...commands,
        ];
        const printed = printSieve(full);
        const parsed = parseSieve(printed);
        expect(parsed.ok, printed).toBe(true);
        expect(strip((parsed as { commands: SieveCommand[] }).commands)).toEqual(strip(full));
      }),
    );
  });

  it('knows no command or test by a name JavaScript objects happen to have', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(parseSieve(`${name};`), name).toMatchObject({ ok: false, error: { code: 'unknown-command', line: 1 } });
      expect(parseSieve(`if ${name} { keep; }`), name).toMatchObject({ ok: false, error: { code: 'unknown-test', line: 1 } });
    }
  });

  it('writes multi-line strings as text: blocks, dot-stuffed', () => {
    const parsed = parseSieve('require "reject";\nreject text:\n..hidden\nline two\n.\n;');
    expect(parsed).toMatchObject({
      ok: true,
      commands: [{}, { name: 'reject', args: [{ type: 'string', value: '.hidden\r\nline two\r\n' }] }],
    });
    const printed = printSieve((parsed as { commands: SieveCommand[] }).commands);
    expect(printed).toContain('text:\n..hidden\nline two\n.\n;');
  });
});

const text = fc.stringMatching(/^[a-zA-Z0-9 äöüéà"\\.@*?+-]{1,16}$/);
const address = fc.constantFrom('anna@muster.ch', 'news@shop.example', 'info+shop@muster.ch', 'sophie@bücher-brunner.ch');
const conditionArb: fc.Arbitrary<RuleCondition> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('from' as const, 'to' as const, 'subject' as const),
    match: fc.constantFrom('contains' as const, 'is' as const, 'matches' as const),
    value: text,
  }),
  fc.record({
    kind: fc.constant('header' as const),
    header: fc.constantFrom('list-id', 'x-spam-flag', 'reply-to'),
    match: fc.constantFrom('contains' as const, 'is' as const),
    value: text,
  }),
  fc.record({ kind: fc.constant('sent-to-detail' as const), detail: fc.stringMatching(/^[a-z0-9-]{1,10}$/) }),
  fc.record({ kind: fc.constant('sent-to' as const), address }),
);
const actionArb: fc.Arbitrary<RuleAction> = fc.oneof(
  fc.record({
    kind: fc.constant('fileinto' as const),
    folder: fc.constantFrom('Rechnungen', 'Shops/Anmeldungen', 'Archiv 2026', 'Spam'),
  }),
  fc.constant({ kind: 'mark-read' as const }),
  fc.constant({ kind: 'flag' as const }),
  fc.record({ kind: fc.constant('redirect' as const), address, keepCopy: fc.boolean() }),
  fc.record({ kind: fc.constant('reject' as const), reason: text }),
  fc.constant({ kind: 'discard' as const }),
);
const rulesArb = fc.array(
  fc.record({
    name: text,
    when: fc.array(conditionArb, { maxLength: 3 }),
    then: fc.array(actionArb, { minLength: 1, maxLength: 3 }),
    stop: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('the rule builder', () => {
  it('writes Sieve for the common cases', () => {
    const script = buildSieve([
      {
        name: 'Sign-ups',
        when: [{ kind: 'sent-to-detail', detail: 'shop' }],
        then: [{ kind: 'fileinto', folder: 'Anmeldungen' }, { kind: 'mark-read' }],
        stop: true,
      },
    ]);
    expect(script).toBe(
      'require ["envelope", "fileinto", "imap4flags", "subaddress"];\n\n# Sign-ups\nif envelope :detail "to" "shop" {\n  fileinto "Anmeldungen";\n  addflag "\\\\Seen";\n  stop;\n}\n',
    );
  });

  it.runIf(SIEVEC)('writes only scripts that Dovecot compiles, and that parse here', () => {
    fc.assert(
      fc.property(rulesArb, (rules) => {
        const script = buildSieve(rules);
        expect(parseSieve(script).ok, script).toBe(true);
        const judge = sievec(script);
        expect(judge.ok, `${script}\n${judge.output}`).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('adding a rule to a hand-written script', () => {
  it.runIf(SIEVEC)('keeps the text and its comments, requires what is missing, and compiles', () => {
    const mine =
      '# my own rules\nrequire "fileinto";\nif header :contains "subject" "Rechnung" {\n  fileinto "Rechnungen"; # bills\n}';
    const next = appendRule(mine, {
      name: 'Shop sign-ups',
      when: [{ kind: 'sent-to-detail', detail: 'shop' }],
      then: [{ kind: 'mark-read' }],
      stop: false,
    });
    expect(next.startsWith('require ["envelope", "imap4flags", "subaddress"];\n# my own rules\n')).toBe(true);
    expect(next).toContain('fileinto "Rechnungen"; # bills');
    expect(sievec(next).ok, next).toBe(true);
    const again = appendRule(next, {
      name: 'Flag boss',
      when: [{ kind: 'from', match: 'is', value: 'boss@muster.ch' }],
      then: [{ kind: 'flag' }],
      stop: true,
    });
    expect(again.split('require').length).toBe(3); // nothing new to require
    expect(sievec(again).ok, again).toBe(true);
  });
});
