/**
 * A CSV writer for exports that people open in Excel, LibreOffice or Numbers:
 * RFC 4180 quoting, a UTF-8 byte order mark so Excel doesn't guess the code
 * page, and formula-injection neutralising (OWASP "CSV Injection") so a display
 * name like `=HYPERLINK(…)` is shown as text instead of being run.
 *
 * Cells are written as follows:
 * - strings: neutralised (see `neutraliseFormula`), then quoted when needed;
 * - numbers: `String(n)`, so always a '.' decimal separator whatever the
 *   delimiter or locale (`1.5`, `-5`, `1e+21`, `NaN`), and never prefixed: a
 *   negative number is data, not a formula. Format numbers as strings yourself
 *   when a locale-specific form is wanted (and accept that `-5` as a string is
 *   then neutralised to `'-5`);
 * - booleans: `true` / `false`;
 * - null and undefined: an empty field.
 *
 * Every record, the last one included, ends with the line ending (as Excel
 * and Python's csv module write it; RFC 4180 allows both).
 */

export type CsvCell = string | number | boolean | null | undefined;
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvOptions {
  /** Field separator; default ','. See `defaultDelimiterFor` for the user's Excel. */
  delimiter?: CsvDelimiter;
  /** Start with U+FEFF so Excel reads the file as UTF-8; default true. */
  bom?: boolean;
  /** Record terminator; default '\r\n' (RFC 4180). */
  lineEnding?: '\r\n' | '\n';
  /**
   * Neutralise formula-like cells (default true). Off only for files another
   * program reads as data — the provider's upload — where a `'` would change
   * a value (a password starting with `-`).
   */
  formulaSafe?: boolean;
}

const BOM = '\uFEFF';

/** First characters that make a spreadsheet read a cell as a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes text that a spreadsheet would run as a formula with a single quote,
 * which Excel and LibreOffice take as "this is text": `=1+1` becomes `'=1+1`.
 * The quote stays visible in other readers; that is the accepted cost.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

// A field is quoted when it contains the delimiter, a double quote, CR or LF;
// when it begins or ends with a space (readers such as Excel may trim unquoted
// spaces); and when it begins with U+FEFF, which a reader would otherwise strip
// as a byte order mark at the start of a file written without one.
const COMMA_QUOTES = /[,"\r\n]|^[ \uFEFF]| $/;
const SEMICOLON_QUOTES = /[;"\r\n]|^[ \uFEFF]| $/;
const TAB_QUOTES = /[\t"\r\n]|^[ \uFEFF]| $/;

function quoteRule(delimiter: CsvDelimiter, lineEnding: string): RegExp {
  // The option types say this already; checked for callers from plain JS or a
  // CLI flag, since any other delimiter would break the quoting rules.
  if (lineEnding === '\r\n' || lineEnding === '\n') {
    if (delimiter === ',') return COMMA_QUOTES;
    if (delimiter === ';') return SEMICOLON_QUOTES;
    if (delimiter === '\t') return TAB_QUOTES;
  }
  throw new RangeError(`Unsupported CSV delimiter or line ending: ${JSON.stringify([delimiter, lineEnding])}`);
}

function field(cell: CsvCell, needsQuotes: RegExp, formulaSafe = true): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = formulaSafe ? neutraliseFormula(cell) : cell;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function record(cells: readonly CsvCell[], delimiter: CsvDelimiter, needsQuotes: RegExp, formulaSafe = true): string {
  // A lone empty field would be an empty line, which some readers skip or read
  // as a record with no fields (Python's csv, and papaparse for a last line):
  // write it as "" instead, as Python's csv writer does. A record with no
  // fields at all has no CSV form; it is written as an empty line and reads
  // back as one empty field.
  if (cells.length === 1) {
    const only = field(cells[0], needsQuotes, formulaSafe);
    return only === '' ? '""' : only;
  }
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += delimiter;
    line += field(cells[i], needsQuotes, formulaSafe);
  }
  return line;
}

/**
 * The CSV one record at a time, each with its line ending; the first chunk
 * starts with the byte order mark when `bom` is on. Joined, the chunks are
 * exactly `toCsv(...)`, so a file or HTTP response can be written as the rows
 * come, without holding the whole text. Header cells are neutralised like any
 * string cell. Rows are written as given: they are not padded to the header.
 */
export function* csvLines(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: CsvOptions = {},
): Generator<string, void, undefined> {
  const delimiter = options.delimiter ?? ',';
  const lineEnding = options.lineEnding ?? '\r\n';
  const needsQuotes = quoteRule(delimiter, lineEnding);
  const safe = options.formulaSafe ?? true;
  yield (options.bom === false ? '' : BOM) + record(header, delimiter, needsQuotes, safe) + lineEnding;
  for (const row of rows) yield record(row, delimiter, needsQuotes, safe) + lineEnding;
}

/** The whole CSV as one string: header, then rows. See the file comment for how cells are written. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options?: CsvOptions): string {
  // Joined 256 lines at a time, then once: 2–3x faster for 100,000 rows than
  // `text += line` (a rope of 100,000 pieces, slow to flatten) or one join of
  // every line (tests/bench/csv.bench.ts).
  const pieces: string[] = [];
  const batch: string[] = [];
  for (const line of csvLines(header, rows, options)) {
    batch.push(line);
    if (batch.length === 256) {
      pieces.push(batch.join(''));
      batch.length = 0;
    }
  }
  pieces.push(batch.join(''));
  return pieces.join('');
}

// Excel splits CSV fields on the operating system's list separator (Windows:
// Region > Additional settings > List separator). Wherever the decimal
// separator is ',' the list separator is ';', since ',' would be ambiguous
// inside numbers. Switzerland is the exception that catches people out: de-CH
// writes decimals with '.', yet Windows uses ';' as the list separator for the
// Swiss locales (de-CH, fr-CH, it-CH), so Swiss users get ';' too. English,
// Chinese, Japanese, Korean and unknown locales get ','. This is only a
// default: users can change their setting, so the delimiter stays a choice in
// the UI and the CLI.
const SEMICOLON_LANGUAGES = new Set([
  'de', 'fr', 'it', 'es', 'pt', 'nl', 'da', 'sv', 'nb', 'nn', 'no', 'fi', 'is', 'fo', 'pl', 'cs', 'sk', 'sl', 'hr', 'sr',
  'bs', 'hu', 'ro', 'bg', 'mk', 'sq', 'el', 'ru', 'uk', 'be', 'et', 'lv', 'lt', 'tr', 'az', 'kk', 'ka', 'hy', 'ca', 'eu',
  'gl', 'lb', 'rm', 'gsw', 'id', 'vi',
]); // prettier-ignore

// Spanish-speaking regions that write decimals with '.', like English.
const COMMA_SPANISH_REGIONS = new Set(['mx', 'us', '419', 'do', 'gt', 'hn', 'ni', 'pa', 'pe', 'pr', 'sv']);

/**
 * The delimiter Excel expects for a BCP 47 locale (`de-CH`) or a POSIX one
 * (`de_CH.UTF-8`): ';' for comma-decimal locales and Switzerland, else ','.
 */
export function defaultDelimiterFor(locale: string): ',' | ';' {
  const tags = locale
    .trim()
    .replace(/[.@].*$/, '')
    .replaceAll('_', '-')
    .toLowerCase()
    .split('-');
  const language = tags[0] ?? '';
  // The region is the first 2-letter or 3-digit subtag after the language (after any script, as in sr-Latn-RS).
  const region = tags.slice(1).find((tag) => /^(?:[a-z]{2}|\d{3})$/.test(tag));
  if (language === 'es' && region !== undefined && COMMA_SPANISH_REGIONS.has(region)) return ',';
  return SEMICOLON_LANGUAGES.has(language) ? ';' : ',';
}
