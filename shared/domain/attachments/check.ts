/**
 * Judges attachments as the provider's filter does: a message is refused when
 * a file — or a file inside a zip archive, also inside zips inside zips — has
 * one of the extensions below. Share such files by link instead.
 *
 * Archives are opened with fflate (pure JS: the same code runs in the app, the
 * web host's browser and the CLI). A zip bomb can't hurt: nesting depth,
 * entry count, the size of each archive opened and the total inflated bytes
 * are bounded, and what lies beyond a bound is reported as not checked rather
 * than opened.
 */
import { unzipSync } from 'fflate';

export const REFUSED_EXTENSIONS = [
  'exe', 'com', 'cmd', 'cpl', 'hta', 'scf', 'sct', 'lnk', 'bat', 'js', 'jse',
  'wsh', 'ws', 'wsf', 'wsc', 'vbe', 'vb', 'vbs', 'shs', 'pif', 'scr',
] as const; // prettier-ignore
const REFUSED = new Set<string>(REFUSED_EXTENSIONS);

export interface AttachmentLimits {
  /** Archives inside archives opened, the outer one counting as 1. */
  maxDepth: number;
  /** Entries looked at per file, all archives together. */
  maxEntries: number;
  /** Largest nested archive inflated to look inside it. */
  maxArchiveBytes: number;
  /** Bytes inflated per file, all nested archives together. */
  maxInflatedBytes: number;
}

export const DEFAULT_LIMITS: AttachmentLimits = {
  maxDepth: 4,
  maxEntries: 20_000,
  maxArchiveBytes: 50 * 1024 * 1024,
  maxInflatedBytes: 100 * 1024 * 1024,
};

export type FindingCode =
  /** A refused extension: the message would be refused. */
  | 'refused-extension'
  /** An archive nested deeper than the limit: not looked into. */
  | 'archive-too-deep'
  /** An archive (or the sum of them) too large to inflate safely: not looked into. */
  | 'archive-too-large'
  /** More entries than the limit: the rest not looked at. */
  | 'too-many-entries'
  /** An archive that can't be opened: encrypted or damaged. */
  | 'archive-unreadable';

export interface Finding {
  code: FindingCode;
  /** Where: the file, then each archive entry down to the one concerned. */
  path: string[];
  extension?: string;
}

export interface AttachmentVerdict {
  name: string;
  bytes: number;
  /** True when the provider would refuse a message with this attachment. */
  refused: boolean;
  /** Files looked at, the attachment and every archive entry. */
  checked: number;
  findings: Finding[];
}

/**
 * The extension that decides, as Windows reads the name: the part after the
 * last dot of the last path segment, lower-cased, with the trailing dots and
 * spaces Windows drops (`report.exe.` runs as an .exe).
 */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const trimmed = base.replace(/[. ]+$/u, '');
  const dot = trimmed.lastIndexOf('.');
  return dot <= 0 && !trimmed.startsWith('.') ? '' : trimmed.slice(dot + 1).toLowerCase();
}

export function isRefusedName(name: string): boolean {
  return REFUSED.has(extensionOf(name));
}

/** Local file header or end of central directory (an empty zip): archives are known by content, not by name. */
function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  );
}

export function checkAttachment(name: string, bytes: Uint8Array, limits: AttachmentLimits = DEFAULT_LIMITS): AttachmentVerdict {
  const findings: Finding[] = [];
  const budget = { entries: 0, inflated: 0, entriesReported: false };
  let checked = 1;
  if (isRefusedName(name)) findings.push({ code: 'refused-extension', path: [name], extension: extensionOf(name) });

  const openArchive = (data: Uint8Array, path: string[], depth: number): void => {
    const nested: { name: string; size: number }[] = [];
    let listed: Record<string, Uint8Array>;
    try {
      listed = unzipSync(data, {
        // Called for every entry of the central directory before anything is inflated: names are judged
        // here, and only archives within the bounds are inflated (returning true) to look inside them.
        filter(file) {
          if (budget.entries >= limits.maxEntries) {
            if (!budget.entriesReported) findings.push({ code: 'too-many-entries', path });
            budget.entriesReported = true;
            return false;
          }
          budget.entries++;
          checked++;
          const entryPath = [...path, file.name];
          if (file.name.endsWith('/')) return false; // a folder
          if (isRefusedName(file.name))
            findings.push({ code: 'refused-extension', path: entryPath, extension: extensionOf(file.name) });
          if (extensionOf(file.name) !== 'zip') return false;
          if (depth + 1 > limits.maxDepth) {
            findings.push({ code: 'archive-too-deep', path: entryPath });
            return false;
          }
          if (file.originalSize > limits.maxArchiveBytes || budget.inflated + file.originalSize > limits.maxInflatedBytes) {
            findings.push({ code: 'archive-too-large', path: entryPath });
            return false;
          }
          budget.inflated += file.originalSize;
          nested.push({ name: file.name, size: file.originalSize });
          return true;
        },
      });
    } catch {
      // Encrypted entries, a damaged directory, or sizes that lie (a bomb): fflate refuses, and so do we.
      findings.push({ code: 'archive-unreadable', path });
      return;
    }
    for (const entry of nested) {
      const inner = listed[entry.name];
      const entryPath = [...path, entry.name];
      if (!inner || !isZip(inner)) {
        if (inner && inner.length > 0) findings.push({ code: 'archive-unreadable', path: entryPath });
        continue;
      }
      openArchive(inner, entryPath, depth + 1);
    }
  };

  if (isZip(bytes)) openArchive(bytes, [name], 1);
  return {
    name,
    bytes: bytes.length,
    refused: findings.some((f) => f.code === 'refused-extension'),
    checked,
    findings,
  };
}
