import Papa from 'papaparse';
import { type CsvEncoding, decodeCsvBytes, type UnusableFile } from './decode';

export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** One record and the physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvTable {
  encoding: CsvEncoding;
  bom: boolean;
  delimiter: Delimiter;
  records: CsvRecord[];
}

export type ReadResult = ({ ok: true } & CsvTable) | { ok: false; problem: UnusableFile };

/**
 * Bytes to records: decode (see decode.ts), find the delimiter unless given,
 * parse RFC 4180 with papaparse (quoted delimiters and newlines, CRLF or LF),
 * drop blank lines and trailing empty cells, and keep each record's line.
 */
export function readCsvBytes(bytes: Uint8Array, options: { delimiter?: Delimiter } = {}): ReadResult {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return decoded;
  const delimiter = options.delimiter ?? detectDelimiter(decoded.text);
  return { ok: true, encoding: decoded.encoding, bom: decoded.bom, delimiter, records: parseRecords(decoded.text, delimiter) };
}

/**
 * The delimiter that splits the first lines most consistently: the candidate
 * whose count per line is the same on most lines (and not zero), the larger
 * count on a tie. Quoted text is skipped. Papaparse's own guess is not used:
 * it takes a lone `|` or a comma inside a name for a delimiter.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = logicalLines(text, 20);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const nonZero = counts.filter((c) => c > 0);
    if (nonZero.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const c of nonZero) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    const [mode, agreeing] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    // Lines that agree count most; the number of fields breaks ties (";" in "Müller; Anna" is rarer than a real split).
    const score = agreeing * 1000 + mode;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Records with the physical line each starts on; blank lines and trailing empty cells dropped. */
export function parseRecords(text: string, delimiter: Delimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  let offset = 0; // where the current record starts in `text`
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      // The record spans [offset, cursor), its own line break included: it starts on `line`.
      const cursor = result.meta.cursor;
      const cells = trimTrailingEmpty(result.data);
      if (cells.length > 0) records.push({ line, cells });
      for (let i = offset; i < cursor; i++) {
        if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
      }
      offset = cursor;
    },
  });
  return records;
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.trim() === '') end--;
  return cells.slice(0, end);
}

/** The first non-blank lines, joined across quoted line breaks. */
function logicalLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === '\n' || c === '\r')) {
      if (current.trim() !== '') lines.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim() !== '' && lines.length < max) lines.push(current);
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) count++;
  }
  return count;
}

export type { CsvEncoding, UnusableFile };
