import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  type CsvCell,
  type CsvDelimiter,
  csvLines,
  defaultDelimiterFor,
  neutraliseFormula,
  toCsv,
} from '../../shared/domain/csv/write';

const BOM = '\uFEFF';
/** Without BOM and with '\n' line endings, so expectations read easily. */
const plain = (header: readonly string[], rows: Iterable<readonly CsvCell[]>, delimiter: CsvDelimiter = ',') =>
  toCsv(header, rows, { bom: false, lineEnding: '\n', delimiter });

describe('toCsv: RFC 4180', () => {
  it('writes header and rows with BOM and CRLF by default', () => {
    expect(toCsv(['a', 'b'], [['1', '2']])).toBe(`${BOM}a,b\r\n1,2\r\n`);
  });

  it('leaves the BOM out on request', () => {
    expect(toCsv(['a'], [], { bom: false })).toBe('a\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(['address', 'quota'], [])).toBe(`${BOM}address,quota\r\n`);
  });

  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['crlf\r\ninside', '"crlf\r\ninside"'],
    [' leading', '" leading"'],
    ['trailing ', '"trailing "'],
    [' ', '" "'],
    ['in side', 'in side'],
    ['semi;colon', 'semi;colon'],
    ['tab\tinside', 'tab\tinside'],
    ["it's", "it's"],
    ['Zoë 😀 日本', 'Zoë 😀 日本'],
    [`${BOM}x`, `"${BOM}x"`],
  ])('quotes %j as %j (comma)', (cell, expected) => {
    expect(plain(['h', 'x'], [[cell, 'x']])).toBe(`h,x\n${expected},x\n`);
  });

  it('quotes on the chosen delimiter only', () => {
    expect(plain(['h', 'x'], [['a;b', 'a,b']], ';')).toBe('h;x\n"a;b";a,b\n');
    expect(plain(['h', 'x'], [['a\tb', 'a,b;c']], '\t')).toBe('h\tx\n"a\tb"\ta,b;c\n');
  });

  it('writes null and undefined as empty fields', () => {
    expect(plain(['a', 'b', 'c'], [[null, undefined, '']])).toBe('a,b,c\n,,\n');
  });

  it('writes a lone empty field as "" so the record is not an empty line', () => {
    expect(plain(['a'], [[''], [null], [undefined], ['x']])).toBe('a\n""\n""\n""\nx\n');
    expect(plain([''], [])).toBe('""\n');
  });

  it('writes numbers with a "." decimal and booleans as true/false, never prefixed or quoted', () => {
    expect(plain(['n'], [[1.5], [-5], [-0.25], [0], [1e21], [true], [false]], ';')).toBe(
      'n\n1.5\n-5\n-0.25\n0\n1e+21\ntrue\nfalse\n',
    );
    expect(plain(['a', 'b'], [[-5, '-5']])).toBe("a,b\n-5,'-5\n");
  });

  it('writes rows of a different length than the header as given', () => {
    expect(plain(['a', 'b'], [['1'], ['1', '2', '3']])).toBe('a,b\n1\n1,2,3\n');
  });

  it('takes any iterable of rows', () => {
    function* rows(): Generator<CsvCell[]> {
      yield ['1', 2];
      yield [null, true];
    }
    expect(plain(['a', 'b'], rows())).toBe('a,b\n1,2\n,true\n');
  });

  it('refuses a delimiter or line ending outside the types (plain JS, CLI flags)', () => {
    expect(() => toCsv(['a'], [], { delimiter: '|' as CsvDelimiter })).toThrow(RangeError);
    expect(() => toCsv(['a'], [], { delimiter: '__proto__' as CsvDelimiter })).toThrow(RangeError);
    expect(() => toCsv(['a'], [], { lineEnding: '\r' as '\n' })).toThrow(RangeError);
  });
});

describe('toCsv: formula injection (OWASP)', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('prefixes a string starting with %j', (first) => {
    expect(neutraliseFormula(`${first}1`)).toBe(`'${first}1`);
  });

  it.each(['', 'a=1', ' =1', "'=1", '1-2', 'anna@example.ch', '\n=1', '＝1'])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });

  it("prefixes cells: =1+1 becomes '=1+1", () => {
    expect(plain(['f'], [['=1+1']])).toBe("f\n'=1+1\n");
  });

  it('prefixes every formula character in cells, then quotes where needed', () => {
    expect(plain(['a', 'b', 'c', 'd', 'e', 'f'], [['=A1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']])).toBe(
      `a,b,c,d,e,f\n'=A1,'+1,'-1,'@SUM(A1),'\tx,"'\rx"\n`,
    );
    expect(plain(['a', 'b'], [['\tx', 'y']], '\t')).toBe(`a\tb\n"'\tx"\ty\n`);
  });

  it('prefixes a cell with a leading = and a comma, then quotes it', () => {
    expect(plain(['a', 'b'], [['=HYPERLINK("http://x.example","click"),1', 'b']])).toBe(
      `a,b\n"'=HYPERLINK(""http://x.example"",""click""),1",b\n`,
    );
  });

  it('neutralises header cells', () => {
    expect(plain(['=cmd', '@x', 'ok'], [])).toBe("'=cmd,'@x,ok\n");
  });
});

describe('csvLines', () => {
  it('yields one terminated record at a time, the BOM with the first, and joins to toCsv', () => {
    const rows = [
      ['a@example.ch', 5],
      ['=x', null],
    ];
    const lines = [...csvLines(['address', 'quota'], rows, { delimiter: ';' })];
    expect(lines).toEqual([`${BOM}address;quota\r\n`, 'a@example.ch;5\r\n', "'=x;\r\n"]);
    expect(lines.join('')).toBe(toCsv(['address', 'quota'], rows, { delimiter: ';' }));
  });
});

describe('defaultDelimiterFor', () => {
  it.each([
    ['de', ';'],
    ['de-DE', ';'],
    ['de-AT', ';'],
    ['de-CH', ';'],
    ['fr-CH', ';'],
    ['it-CH', ';'],
    ['fr', ';'],
    ['fr-CA', ';'],
    ['it-IT', ';'],
    ['es-ES', ';'],
    ['nl-BE', ';'],
    ['pt-BR', ';'],
    ['da', ';'],
    ['sv-SE', ';'],
    ['nb-NO', ';'],
    ['fi', ';'],
    ['pl', ';'],
    ['cs-CZ', ';'],
    ['ru', ';'],
    ['tr-TR', ';'],
    ['sr-Latn-RS', ';'],
    ['de_CH.UTF-8', ';'],
    ['DE-ch', ';'],
    ['es-MX', ','],
    ['es-419', ','],
    ['en', ','],
    ['en-US', ','],
    ['en-GB', ','],
    ['en-CH', ','],
    ['ja-JP', ','],
    ['zh-Hant-TW', ','],
    ['ko', ','],
    ['C', ','],
    ['', ','],
  ] as const)('%j → %j', (locale, expected) => {
    expect(defaultDelimiterFor(locale)).toBe(expected);
  });
});

describe('toCsv round-trips through papaparse', () => {
  // Characters that matter to CSV and to spreadsheets, mixed with arbitrary
  // Unicode (astral code points, combining sequences, emoji).
  const special = fc.constantFrom(',', ';', '\t', '"', '\r', '\n', '\r\n', ' ', '=', '+', '-', '@', "'", BOM, '😀', '\u2028');
  const char = fc.oneof(
    { weight: 3, arbitrary: special },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'x', '1') },
  );
  const cell = fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 5, arbitrary: fc.string({ unit: char, maxLength: 12 }) },
  );
  // At least one cell per record: a record with no fields has no CSV form (it
  // would be an empty line, read back as one empty field). Records may differ in
  // length, and may be a single empty field or all empty fields.
  const row = fc.array(cell, { minLength: 1, maxLength: 8 });
  const table = fc.tuple(row, fc.array(row, { maxLength: 20 }));

  const parse = (csv: string, delimiter: CsvDelimiter, lineEnding: '\r\n' | '\n') => {
    // Every record ends with the line ending; take the last one off, as RFC 4180
    // readers do, instead of papaparse's reading it as one more empty record.
    expect(csv.endsWith(lineEnding)).toBe(true);
    const result = Papa.parse<string[]>(csv.slice(0, -lineEnding.length), {
      delimiter,
      newline: lineEnding,
      skipEmptyLines: false,
      dynamicTyping: false,
    });
    expect(result.errors).toEqual([]);
    return result.data;
  };

  describe.each([',', ';', '\t'] as const)('delimiter %j', (delimiter) => {
    it.each(['\r\n', '\n'] as const)('line ending %j: strings come back exactly, formulas with a leading quote', (lineEnding) => {
      fc.assert(
        fc.property(table, ([header, rows]) => {
          const csv = toCsv(header, rows, { delimiter, lineEnding });
          expect(csv.startsWith(BOM)).toBe(true);
          const expected = [header, ...rows].map((cells) => cells.map(neutraliseFormula));
          expect(parse(csv.slice(BOM.length), delimiter, lineEnding)).toEqual(expected);
        }),
        { numRuns: lineEnding === '\r\n' ? 500 : 200 },
      );
    });

    it('numbers, booleans and empty cells come back as their text', () => {
      const anyCell = fc.oneof(
        cell,
        fc.double(),
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
      );
      fc.assert(
        fc.property(fc.array(fc.array(anyCell, { minLength: 1, maxLength: 8 }), { maxLength: 20 }), (rows) => {
          const csv = toCsv(['h'], rows, { delimiter, bom: false });
          const text = (value: CsvCell) =>
            value === null || value === undefined ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);
          expect(parse(csv, delimiter, '\r\n')).toEqual([['h'], ...rows.map((cells) => cells.map(text))]);
        }),
        { numRuns: 200 },
      );
    });
  });
});
