/**
 * Sieve (RFC 5228) for the editor, the CLI and the service: a parser with
 * line and column for every error, and a printer. No npm package parses
 * Sieve, so this is written here; Dovecot's compiler (`sievec`) is the judge
 * in the tests (tests/integration/sieve.test.ts): scripts it refuses are
 * refused here at the same line.
 *
 * Supported: the base language plus the extensions a provider offers —
 * fileinto, reject, envelope, imap4flags, copy, body, variables, vacation,
 * subaddress, relational, regex, date. Using one without `require` is an
 * error, as in sievec.
 */

export type SieveErrorCode =
  'syntax' | 'unknown-command' | 'unknown-test' | 'missing-require' | 'unknown-extension' | 'misplaced';

export interface SieveError {
  code: SieveErrorCode;
  line: number;
  column: number;
  message: string;
}

export type SieveArgument =
  | { type: 'string'; value: string; multiline?: boolean }
  | { type: 'string-list'; values: string[] }
  | { type: 'number'; value: number; unit: '' | 'K' | 'M' | 'G' }
  | { type: 'tag'; name: string };

export interface SieveTest {
  name: string;
  args: SieveArgument[];
  tests: SieveTest[];
  line: number;
  column: number;
}

export interface SieveCommand {
  name: string;
  args: SieveArgument[];
  tests: SieveTest[];
  block: SieveCommand[] | null;
  line: number;
  column: number;
}

export const SIEVE_EXTENSIONS = [
  'fileinto', 'reject', 'envelope', 'imap4flags', 'copy', 'body', 'variables', 'vacation',
  'subaddress', 'relational', 'regex', 'date', 'comparator-i;ascii-numeric',
] as const; // prettier-ignore

/** Commands and tests beyond the base language, with the extension that brings them (the highlighter reads them too). */
export const COMMANDS: Record<string, string | null> = {
  require: null, if: null, elsif: null, else: null, stop: null, keep: null, discard: null, redirect: null,
  fileinto: 'fileinto', reject: 'reject', vacation: 'vacation', set: 'variables',
  setflag: 'imap4flags', addflag: 'imap4flags', removeflag: 'imap4flags',
}; // prettier-ignore
export const TESTS: Record<string, string | null> = {
  address: null, allof: null, anyof: null, exists: null, false: null, header: null, not: null, size: null, true: null,
  envelope: 'envelope', body: 'body', date: 'date', currentdate: 'date', string: 'variables', hasflag: 'imap4flags',
}; // prettier-ignore
const TAGS: Record<string, string> = {
  copy: 'copy', regex: 'regex', value: 'relational', count: 'relational', user: 'subaddress', detail: 'subaddress',
  flags: 'imap4flags', raw: 'body', content: 'body', text: 'body',
}; // prettier-ignore

interface Token {
  kind: 'identifier' | 'tag' | 'number' | 'string' | 'punct' | 'eof';
  text: string;
  value?: string | number;
  unit?: '' | 'K' | 'M' | 'G';
  multiline?: boolean;
  line: number;
  column: number;
}

class Failure extends Error {
  constructor(readonly error: SieveError) {
    super(error.message);
  }
}

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string, at = i, atLine = line, atStart = lineStart): never => {
    throw new Failure({ code: 'syntax', line: atLine, column: at - atStart + 1, message });
  };
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      newline(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const opened = line;
      const end = source.indexOf('*/', i + 2);
      if (end < 0) {
        // Reported where the script ended, as sievec does.
        for (let k = i; k < source.length; k++) if (source[k] === '\n') newline(k);
        throw new Failure({
          code: 'syntax',
          line,
          column: source.length - lineStart + 1,
          message: `unterminated comment opened at line ${opened} (no "*/")`,
        });
      }
      for (let k = i; k < end; k++) if (source[k] === '\n') newline(k);
      i = end + 2;
    } else if (c === '"') {
      const [startLine, startCol] = [line, i - lineStart + 1];
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length)
          throw new Failure({
            code: 'syntax',
            line, // where the script ended, as sievec reports it
            column: i - lineStart + 1,
            message: `unterminated string (opened at line ${startLine}, column ${startCol})`,
          });
        const d = source[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < source.length) {
          i++;
          if (source[i] === '\n') newline(i);
          value += source[i];
        } else {
          if (d === '\n') newline(i);
          value += d;
        }
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value, value, line: startLine, column: startCol });
    } else if (/[A-Za-z_]/.test(c)) {
      const [startLine, startCol] = [line, i - lineStart + 1];
      let j = i;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      const word = source.slice(i, j);
      i = j;
      if (word.toLowerCase() === 'text' && source[i] === ':') {
        // Multi-line string: "text:", spaces or a comment, a line break, lines up to a lone ".".
        i++;
        while (source[i] === ' ' || source[i] === '\t') i++;
        if (source[i] === '#') while (i < source.length && source[i] !== '\n') i++;
        if (source[i] === '\r') i++;
        if (source[i] !== '\n') fail('a line break must follow "text:"');
        newline(i);
        i++;
        const lines: string[] = [];
        for (;;) {
          if (i >= source.length)
            throw new Failure({
              code: 'syntax',
              line,
              column: i - lineStart + 1,
              message: `unterminated multi-line string opened at line ${startLine} (a line with a lone "." ends it)`,
            });
          let end = source.indexOf('\n', i);
          if (end < 0) end = source.length;
          const text = source.slice(i, end).replace(/\r$/, '');
          if (end < source.length) newline(end);
          i = end + 1;
          if (text === '.') break;
          lines.push(text.startsWith('..') ? text.slice(1) : text);
        }
        const value = lines.length ? `${lines.join('\r\n')}\r\n` : '';
        tokens.push({ kind: 'string', text: value, value, multiline: true, line: startLine, column: startCol });
      } else tokens.push({ kind: 'identifier', text: word, line: startLine, column: startCol });
    } else if (c === ':') {
      const [startLine, startCol] = [line, i - lineStart + 1];
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      if (j === i + 1 || !/[A-Za-z_]/.test(source[i + 1]!)) fail('a tag is ":" followed by a name');
      tokens.push({ kind: 'tag', text: source.slice(i + 1, j).toLowerCase(), line: startLine, column: startCol });
      i = j;
    } else if (/[0-9]/.test(c)) {
      const [startLine, startCol] = [line, i - lineStart + 1];
      let j = i;
      while (j < source.length && /[0-9]/.test(source[j]!)) j++;
      const digits = source.slice(i, j);
      const unit = /[KMGkmg]/.test(source[j] ?? '') ? (source[j]!.toUpperCase() as 'K' | 'M' | 'G') : '';
      if (unit) j++;
      tokens.push({ kind: 'number', text: source.slice(i, j), value: Number(digits), unit, line: startLine, column: startCol });
      i = j;
    } else if ('[](){},;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line, column: i - lineStart + 1 });
      i++;
    } else fail(`unexpected character "${c}"`);
  }
  tokens.push({ kind: 'eof', text: 'end of script', line, column: i - lineStart + 1 });
  return tokens;
}

/** Parses a script: the commands, or the first error (as sievec, which stops at its first error too). */
export function parseSieve(source: string): { ok: true; commands: SieveCommand[] } | { ok: false; error: SieveError } {
  try {
    const tokens = lex(source);
    let at = 0;
    const peek = () => tokens[at]!;
    const next = () => tokens[at++]!;
    const fail = (token: Token, message: string, code: SieveErrorCode = 'syntax'): never => {
      throw new Failure({ code, line: token.line, column: token.column, message });
    };
    const expect = (text: string) => {
      const t = next();
      if (t.kind !== 'punct' || t.text !== text) fail(t, `expected "${text}" but found ${describe(t)}`);
    };

    const stringList = (): SieveArgument => {
      const open = next(); // "["
      const values: string[] = [];
      for (;;) {
        const t = next();
        if (t.kind !== 'string') fail(t, `expected a string in the list but found ${describe(t)}`);
        values.push(t.value as string);
        const sep = next();
        if (sep.kind === 'punct' && sep.text === ']') break;
        if (sep.kind !== 'punct' || sep.text !== ',') fail(sep, `expected "," or "]" but found ${describe(sep)}`);
      }
      void open;
      return { type: 'string-list', values };
    };
    const argumentsOf = (): { args: SieveArgument[]; tests: SieveTest[] } => {
      const args: SieveArgument[] = [];
      for (;;) {
        const t = peek();
        if (t.kind === 'string') {
          next();
          args.push({ type: 'string', value: t.value as string, ...(t.multiline ? { multiline: true } : {}) });
        } else if (t.kind === 'number') {
          next();
          args.push({ type: 'number', value: t.value as number, unit: t.unit ?? '' });
        } else if (t.kind === 'tag') {
          next();
          args.push({ type: 'tag', name: t.text });
        } else if (t.kind === 'punct' && t.text === '[') args.push(stringList());
        else break;
      }
      const tests: SieveTest[] = [];
      const t = peek();
      if (t.kind === 'identifier') tests.push(test());
      else if (t.kind === 'punct' && t.text === '(') {
        next();
        for (;;) {
          tests.push(test());
          const sep = next();
          if (sep.kind === 'punct' && sep.text === ')') break;
          if (sep.kind !== 'punct' || sep.text !== ',') fail(sep, `expected "," or ")" but found ${describe(sep)}`);
        }
      }
      return { args, tests };
    };
    const test = (): SieveTest => {
      const t = next();
      if (t.kind !== 'identifier') fail(t, `expected a test but found ${describe(t)}`);
      const { args, tests } = argumentsOf();
      return { name: t.text.toLowerCase(), args, tests, line: t.line, column: t.column };
    };
    const commands = (inBlock: boolean): SieveCommand[] => {
      const list: SieveCommand[] = [];
      for (;;) {
        const t = peek();
        if (t.kind === 'eof') {
          if (inBlock) fail(t, 'missing "}" at the end of the script');
          return list;
        }
        if (t.kind === 'punct' && t.text === '}') {
          if (!inBlock) fail(t, 'unexpected "}"');
          return list;
        }
        if (t.kind !== 'identifier') fail(t, `expected a command but found ${describe(t)}`);
        next();
        const { args, tests } = argumentsOf();
        const after = peek();
        let block: SieveCommand[] | null = null;
        if (after.kind === 'punct' && after.text === '{') {
          next();
          block = commands(true);
          expect('}');
        } else if (after.kind === 'punct' && after.text === ';') next();
        else fail(after, `expected ";" after the command "${t.text}" but found ${describe(after)}`);
        list.push({ name: t.text.toLowerCase(), args, tests, block, line: t.line, column: t.column });
      }
    };
    const parsed = commands(false);
    validate(parsed);
    return { ok: true, commands: parsed };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: error.error };
    throw error;
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the script';
  if (t.kind === 'string') return 'a string';
  if (t.kind === 'number') return `the number ${t.text}`;
  if (t.kind === 'tag') return `the tag ":${t.text}"`;
  return `"${t.text}"`;
}

/** Names known, `require` first and naming known extensions, extensions required before use, if/elsif/else in order. */
function validate(commands: SieveCommand[]): void {
  const required = new Set<string>();
  const fail = (node: { line: number; column: number }, code: SieveErrorCode, message: string): never => {
    throw new Failure({ code, line: node.line, column: node.column, message });
  };
  const needs = (node: { line: number; column: number }, extension: string | null | undefined, what: string) => {
    if (extension && !required.has(extension)) fail(node, 'missing-require', `${what} needs require "${extension}"`);
  };
  const checkArgs = (node: SieveCommand | SieveTest) => {
    for (const arg of node.args) {
      if (arg.type === 'tag' && Object.hasOwn(TAGS, arg.name)) needs(node, TAGS[arg.name]!, `the tag :${arg.name}`);
    }
  };
  const checkTest = (t: SieveTest) => {
    if (!Object.hasOwn(TESTS, t.name)) fail(t, 'unknown-test', `unknown test "${t.name}"`);
    needs(t, TESTS[t.name], `the test "${t.name}"`);
    checkArgs(t);
    t.tests.forEach(checkTest);
  };
  const walk = (list: SieveCommand[], topLevel: boolean) => {
    let previous: string | null = null;
    let pastRequires = false;
    for (const c of list) {
      if (!Object.hasOwn(COMMANDS, c.name)) fail(c, 'unknown-command', `unknown command "${c.name}"`);
      if (c.name === 'require') {
        if (!topLevel || pastRequires) fail(c, 'misplaced', 'require must come before any other command');
        const names = c.args.flatMap((a) => (a.type === 'string' ? [a.value] : a.type === 'string-list' ? a.values : []));
        for (const name of names) {
          if (!(SIEVE_EXTENSIONS as readonly string[]).includes(name))
            fail(c, 'unknown-extension', `unknown extension "${name}"`);
          required.add(name);
        }
      } else pastRequires = true;
      if ((c.name === 'elsif' || c.name === 'else') && previous !== 'if' && previous !== 'elsif') {
        fail(c, 'misplaced', `"${c.name}" must follow "if" or "elsif"`);
      }
      const isControl = c.name === 'if' || c.name === 'elsif' || c.name === 'else';
      if (isControl && c.block === null) fail(c, 'syntax', `"${c.name}" needs a block { … }`);
      if (!isControl && c.block !== null) fail(c, 'syntax', `"${c.name}" takes no block`);
      if ((c.name === 'if' || c.name === 'elsif') && c.tests.length !== 1) fail(c, 'syntax', `"${c.name}" needs one test`);
      // Only if/elsif take a test: a word after an action's arguments means its ";" is missing (sievec says so too).
      if (c.name !== 'if' && c.name !== 'elsif' && c.tests.length > 0)
        fail(c, 'syntax', `missing ";" after the command "${c.name}"`);
      needs(c, COMMANDS[c.name], `the command "${c.name}"`);
      checkArgs(c);
      c.tests.forEach(checkTest);
      if (c.block) walk(c.block, false);
      previous = c.name;
    }
  };
  walk(commands, true);
}
