/**
 * Turns the bytes of a "CSV" file from the real world into text: UTF-8 with or
 * without a BOM, UTF-16 LE/BE with a BOM (Excel's "Unicode text"), else
 * Windows-1252 (Swiss/German Excel's "CSV (semicolon separated)"). Files that
 * aren't text at all — a workbook saved under a .csv name, an empty file —
 * are recognised and refused with what to do instead.
 *
 * Hand-written on purpose: iconv-lite needs Node's Buffer, and this runs in the
 * renderer's worker as well as in Node; Node 20's TextDecoder('windows-1252')
 * maps 0x80–0x9F wrongly (0x80 must be €), and TextDecoder's UTF-16 support
 * differs between hosts. UTF-8 is left to TextDecoder, which both get right.
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type UnusableFile =
  /** Nothing in it (or only a BOM and white space). */
  | 'empty-file'
  /** An .xlsx/.ods (zip) or .xls (OLE) workbook under a .csv name. */
  | 'spreadsheet-file'
  /** Some other binary: an image, a PDF, an archive. */
  | 'binary-file';

export type Decoded = { ok: true; text: string; encoding: CsvEncoding; bom: boolean } | { ok: false; problem: UnusableFile };

// The minimal part of the WHATWG TextDecoder shared/ may use (it exists in Node and in browsers).
declare const TextDecoder: new (label: string, options?: { fatal?: boolean }) => { decode(input: Uint8Array): string };

/** Windows-1252 where it differs from Latin-1: 0x80–0x9F (five of those are undefined and kept as C1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeCsvBytes(bytes: Uint8Array): Decoded {
  const spreadsheet = spreadsheetSignature(bytes);
  if (spreadsheet) return { ok: false, problem: 'spreadsheet-file' };

  let decoded: { text: string; encoding: CsvEncoding; bom: boolean };
  if (starts(bytes, [0xef, 0xbb, 0xbf]))
    decoded = { text: utf8(bytes.subarray(3)) ?? windows1252(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  else if (starts(bytes, [0xff, 0xfe])) decoded = { text: utf16(bytes.subarray(2), true), encoding: 'utf-16le', bom: true };
  else if (starts(bytes, [0xfe, 0xff])) decoded = { text: utf16(bytes.subarray(2), false), encoding: 'utf-16be', bom: true };
  else {
    const text = utf8(bytes);
    decoded =
      text === null
        ? { text: windows1252(bytes), encoding: 'windows-1252', bom: false }
        : { text, encoding: 'utf-8', bom: false };
  }
  if (decoded.text.trim() === '') return { ok: false, problem: 'empty-file' };
  if (looksBinary(decoded.text)) return { ok: false, problem: 'binary-file' };
  return { ok: true, ...decoded };
}

/** Strict UTF-8, or null when the bytes aren't valid UTF-8 (then they are Windows-1252). */
function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    units.push(littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  }
  let text = '';
  // In slices: String.fromCharCode with a huge argument list overflows the stack.
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.slice(i, i + 8192));
  return text;
}

function windows1252(bytes: Uint8Array): string {
  let text = '';
  const chunk: number[] = [];
  for (const byte of bytes) {
    chunk.push(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : byte);
    if (chunk.length === 8192) {
      text += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return text + String.fromCharCode(...chunk);
}

function starts(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function spreadsheetSignature(bytes: Uint8Array): boolean {
  return (
    starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || // zip: .xlsx, .ods, .numbers
    starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) // OLE2: .xls
  );
}

/** NUL characters, or mostly control characters, don't occur in a text table. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) control++;
  }
  return control > sample.length * 0.05;
}
