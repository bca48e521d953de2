/**
 * Round trip: any table of strings, written with `toCsv` and any supported
 * delimiter and line ending, encoded as any supported encoding, reads back
 * identical through `readCsvBytes` — the cells, the physical line each record
 * starts on, the detected encoding, and the delimiter detected (not given)
 * whenever the table has at least two columns.
 *
 * What is left out, and why:
 * - A last cell that is empty or only white space (so also a row of nothing
 *   but empty cells): the reader drops trailing empty cells and blank records
 *   by design (Excel pads rows with trailing delimiters; blank lines are
 *   ignored). Such a cell gets a letter appended.
 * - Control characters other than tab, CR and LF: a text table doesn't have
 *   them, and the decoder takes a file full of them for a binary file.
 * - Lone UTF-16 surrogates: no encoding but UTF-16 can carry them.
 * - With the delimiter detected: another candidate delimiter in a cell that is
 *   not quoted (`a;b` in a comma file). Consistent on every line it makes the
 *   file genuinely ambiguous — `x;y,z` splits either way — so such cells are
 *   quoted here (as they are whenever they also hold the delimiter, a quote or
 *   a line break). One-column tables are read with the delimiter given: with
 *   nothing to split there is nothing to detect.
 * - Windows-1252: only tables whose characters all exist in it, and not the
 *   rare ones whose Windows-1252 bytes are also valid UTF-8 with non-ASCII in
 *   them (`Ã¤` is the UTF-8 of `ä`): UTF-8 is tried first, as it must be, so
 *   such text comes back as the UTF-8 reading. Pure ASCII is read as UTF-8,
 *   which is the same text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvBytes, type Delimiter } from '../../shared/domain/csv/read';
import { toCsv } from '../../shared/domain/csv/write';
import { cp1252, encode, type TestEncoding } from '../helpers/encodings';

const DELIMITERS: Delimiter[] = [',', ';', '\t'];
const ENCODINGS: TestEncoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];

/** Characters that stress the reader: quotes, delimiters, line breaks, spaces, formula starts (and a BOM, not in Windows-1252). */
const SPECIAL = ['"', ',', ';', '\t', '\r', '\n', '\r\n', ' ', '""', "'", '=', '-'];
const special = fc.constantFrom(...SPECIAL, '\uFEFF');
/** Text a Swiss or German Excel writes in Windows-1252, and the rest of that code page. */
const western = fc.oneof(
  fc.constantFrom(...'aAzZ09.@_-äöüÄÖÜéèàçßœŒ€‚„“”‘’…–—™šžŸ¡¿×\u00a0'),
  fc
    .integer({ min: 0x20, max: 0xff })
    .map((code) => String.fromCharCode(code))
    .filter((c) => cp1252(c) !== null),
);
/** C0 controls other than tab, LF and CR. */
const isControl = (c: string) => c.charCodeAt(0) < 0x20 && c !== '\t' && c !== '\n' && c !== '\r';
/** Anything else Unicode has (not lone surrogates; no control characters but tab, CR and LF). */
const anyUnicode = fc.oneof(
  fc.constantFrom('😀', '中', 'ř', 'ł', 'Ω', '\u0301', '\u0085', '\u2028', '𝄞'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !isControl(c)),
);
const charsFor = (encoding: TestEncoding) =>
  encoding === 'windows-1252'
    ? fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...SPECIAL) }, { weight: 2, arbitrary: western })
    : fc.oneof({ weight: 2, arbitrary: special }, { weight: 2, arbitrary: western }, { weight: 1, arbitrary: anyUnicode });

const tableOf = (encoding: TestEncoding) => {
  const cell = fc.array(charsFor(encoding), { maxLength: 8 }).map((chars) => chars.join(''));
  return fc.integer({ min: 1, max: 5 }).chain((columns) =>
    fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 6 }).map((rows) =>
      // A blank last cell would be dropped by design (see above): give it a letter.
      rows.map((row) => row.map((c, i) => (i === row.length - 1 && c.trim() === '' ? `${c}x` : c))),
    ),
  );
};
const cases = fc
  .constantFrom(...ENCODINGS)
  .chain((encoding) =>
    fc.tuple(
      fc.constant(encoding),
      tableOf(encoding),
      fc.constantFrom(...DELIMITERS),
      fc.constantFrom('\r\n' as const, '\n' as const),
    ),
  );

const QUOTED = { ',': /[,"\r\n]|^[ \uFEFF]| $/, ';': /[;"\r\n]|^[ \uFEFF]| $/, '\t': /[\t"\r\n]|^[ \uFEFF]| $/ };

/** Quotes a cell holding another candidate delimiter unquoted, by giving it a quote character (see above). */
function unambiguous(rows: string[][], delimiter: Delimiter): string[][] {
  const others = DELIMITERS.filter((d) => d !== delimiter);
  return rows.map((row) => row.map((c) => (others.some((d) => c.includes(d)) && !QUOTED[delimiter].test(c) ? `${c}"` : c)));
}

/** The physical line each record starts on: one more than the line breaks before it (CRLF, CR or LF count once). */
function startLines(rows: string[][]): number[] {
  let line = 1;
  return rows.map((row) => {
    const start = line;
    line += 1 + row.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return start;
  });
}

function validUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('readCsvBytes round trip (fast-check)', () => {
  it('reads back any table written with toCsv, in any supported encoding, delimiter and line ending', () => {
    fc.assert(
      fc.property(cases, ([encoding, generated, delimiter, lineEnding]) => {
        const detect = generated[0]!.length >= 2;
        const rows = detect ? unambiguous(generated, delimiter) : generated;
        const text = toCsv(rows[0]!, rows.slice(1), { delimiter, lineEnding, bom: false, formulaSafe: false });
        const bytes = encode(text, encoding);
        const ascii = [...text].every((c) => c.charCodeAt(0) < 0x80);
        if (encoding === 'windows-1252') fc.pre(ascii || !validUtf8(bytes));

        const read = readCsvBytes(bytes, detect ? {} : { delimiter });
        if (!read.ok) throw new Error(`unusable: ${read.problem}`);
        expect(read.records.map((r) => r.cells)).toEqual(rows);
        expect(read.records.map((r) => r.line)).toEqual(startLines(rows));
        expect(read.delimiter).toBe(delimiter);
        const expected = encoding === 'utf-8-bom' || (encoding === 'windows-1252' && ascii) ? 'utf-8' : encoding;
        expect(read.encoding).toBe(expected);
        expect(read.bom).toBe(encoding === 'utf-8-bom' || encoding.startsWith('utf-16'));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
  });

  it('detects the delimiter when some cells hold the other candidates', () => {
    // An example: ";" and tab in some cells, unquoted (no comma in them), lose to the comma on every line.
    const rows = [
      ['E-Mail', 'Notiz'],
      ['anna', 'Müller; Anna\tSales'],
      ['beat', 'a;b;c;d'],
    ];
    const read = readCsvBytes(encode(toCsv(rows[0]!, rows.slice(1), { bom: false }), 'windows-1252'));
    expect(read).toMatchObject({ ok: true, delimiter: ',', encoding: 'windows-1252' });
    if (read.ok) expect(read.records.map((r) => r.cells)).toEqual(rows);
  });
});
