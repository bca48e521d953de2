import type { SieveArgument, SieveCommand, SieveTest } from './parse';

/** A string as Sieve writes it: quoted with `\\` and `"` escaped, or as `text:` when it spans lines. */
export function sieveString(value: string, multiline = false): string {
  if (multiline || /[\r\n]/.test(value)) {
    const body = value
      .replace(/\r\n$/, '')
      .split(/\r?\n/)
      .map((l) => (l.startsWith('.') ? `.${l}` : l));
    return `text:\n${value === '' ? '' : `${body.join('\n')}\n`}.\n`;
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function argument(a: SieveArgument): string {
  switch (a.type) {
    case 'string':
      return sieveString(a.value, a.multiline);
    case 'string-list':
      return `[${a.values.map((v) => sieveString(v)).join(', ')}]`;
    case 'number':
      return `${a.value}${a.unit}`;
    case 'tag':
      return `:${a.name}`;
  }
}

function test(t: SieveTest): string {
  const args = t.args.map(argument);
  if (t.tests.length === 1 && (t.name === 'not' || t.args.length > 0)) args.push(test(t.tests[0]!));
  else if (t.tests.length > 0) args.push(`(${t.tests.map(test).join(', ')})`);
  return [t.name, ...args].join(' ').replace(/\n /g, '\n');
}

/** Readable Sieve: two-space indents, one command per line, `if` blocks on their own lines. */
export function printSieve(commands: readonly SieveCommand[], indent = ''): string {
  return commands
    .map((c) => {
      const parts = [c.name, ...c.args.map(argument)];
      if (c.tests.length === 1) parts.push(test(c.tests[0]!));
      else if (c.tests.length > 1) parts.push(`(${c.tests.map(test).join(', ')})`);
      // A multi-line string ends with its own line break: the terminator goes on the next line.
      const head = parts.join(' ');
      const sep = head.endsWith('.\n') ? '' : ' ';
      if (c.block === null) return `${indent}${head}${head.endsWith('.\n') ? `${indent};` : ';'}`;
      const inner = printSieve(c.block, `${indent}  `);
      return `${indent}${head}${sep}{\n${inner}${inner ? '\n' : ''}${indent}}`;
    })
    .join('\n');
}
