import { FIELDS, mapColumns, type Mapping } from '../../../../shared/domain/bulk-create/columns';
import { toRows, type BulkRow } from '../../../../shared/domain/bulk-create/rules';
import { decodeCsvBytes } from '../../../../shared/domain/csv/decode';
import { detectDelimiter, parseRecords } from '../../../../shared/domain/csv/read';
import type { FileProblem } from '../../../../shared/domain/bulk-create/check';
import type { Encoding, Preview, ReadOptions } from './worker-protocol';

const BOMS: Partial<Record<Encoding, number[]>> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
};

/**
 * Reads a file as the shared readers do (decode.ts, read.ts, columns.ts), and
 * as the user asked where they overrode the detection: another encoding (the
 * browser's TextDecoder, which implements Windows-1252 and Mac Roman as the
 * WHATWG Encoding Standard says), another delimiter, another column mapping.
 * Unusable files are refused before any choice applies.
 */
export function readFile(
  bytes: Uint8Array,
  options: ReadOptions,
  domain: string,
): { ok: true; preview: Preview; rows: BulkRow[] } | { ok: false; problem: FileProblem } {
  const detected = decodeCsvBytes(bytes);
  if (!detected.ok) return detected;
  let { text, bom } = detected;
  const encoding = options.encoding ?? detected.encoding;
  if (encoding !== detected.encoding) ({ text, bom } = decodeAs(bytes, encoding));

  const detectedDelimiter = detectDelimiter(text);
  const delimiter = options.delimiter ?? detectedDelimiter;
  const records = parseRecords(text, delimiter);
  const columns = mapColumns(records, domain);
  if (!columns.ok) return columns;
  const mapping = options.mapping ?? columns.mapping;

  let columnCount = columns.header?.length ?? 0;
  for (const record of columns.data) if (record.cells.length > columnCount) columnCount = record.cells.length;
  for (const field of FIELDS) if (mapping[field] !== null) columnCount = Math.max(columnCount, mapping[field]! + 1);

  return {
    ok: true,
    preview: {
      encoding,
      detectedEncoding: detected.encoding,
      bom,
      delimiter,
      detectedDelimiter,
      header: columns.header,
      columnCount,
      mapping,
      detectedMapping: columns.mapping,
    },
    rows: toRows(columns.data, mapping),
  };
}

function decodeAs(bytes: Uint8Array, encoding: Encoding): { text: string; bom: boolean } {
  const mark = BOMS[encoding];
  const bom = mark !== undefined && mark.every((byte, i) => bytes[i] === byte);
  const body = bom ? bytes.subarray(mark.length) : bytes;
  return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(body), bom };
}

export function sameMapping(a: Mapping, b: Mapping): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}
