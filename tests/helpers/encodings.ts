/**
 * Text to the bytes real CSV files have, by hand (iconv-lite is not a
 * dependency, and Node's TextEncoder only writes UTF-8): UTF-8 with or without
 * a byte order mark, UTF-16 LE/BE with one (Excel's "Unicode text"), and
 * Windows-1252 (Excel's "CSV (semicolon separated)" on Swiss and German
 * Windows). Used by the fixture generator, the property test and the benchmark.
 */

export type TestEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Windows-1252 bytes 0x80–0x9F; the five undefined ones map to the C1 control of the same number. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const TO_CP1252 = new Map<number, number>();
for (let byte = 0; byte < 256; byte++) TO_CP1252.set(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : byte, byte);

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  return bom ? concat([Uint8Array.of(0xef, 0xbb, 0xbf), body]) : body;
}

/** UTF-16 code units in the given byte order, after a byte order mark. */
export function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let at = 0;
  const put = (unit: number) => {
    if (order === 'le') bytes.set([unit & 0xff, unit >> 8], at);
    else bytes.set([unit >> 8, unit & 0xff], at);
    at += 2;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return bytes;
}

/** Windows-1252 bytes, or null when a character has no place in it (Windows would write `?`). */
export function cp1252(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = TO_CP1252.get(text.charCodeAt(i));
    if (byte === undefined) return null;
    bytes[i] = byte;
  }
  return bytes;
}

export function encode(text: string, encoding: TestEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return utf8(text);
    case 'utf-8-bom':
      return utf8(text, true);
    case 'utf-16le':
      return utf16(text, 'le');
    case 'utf-16be':
      return utf16(text, 'be');
    case 'windows-1252': {
      const bytes = cp1252(text);
      if (!bytes) throw new RangeError('The text has characters Windows-1252 lacks.');
      return bytes;
    }
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
