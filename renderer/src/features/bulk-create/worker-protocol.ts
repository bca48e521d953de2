import type { PlannedBatch } from '../../../../shared/domain/bulk-create/batches';
import type { FileProblem } from '../../../../shared/domain/bulk-create/check';
import type { Mapping } from '../../../../shared/domain/bulk-create/columns';
import type { BulkRow, RowCheck, summarise } from '../../../../shared/domain/bulk-create/rules';
import type { CsvEncoding, Delimiter } from '../../../../shared/domain/csv/read';

/**
 * The messages between the wizard and its workers (bulk-worker.ts). One
 * worker, the primary, holds the rows and runs the rules; password strength,
 * the slow part, is spread over all of them.
 */

/** The encodings a file can be read as: the detected ones, and Mac Roman (Excel for Mac's "CSV (Macintosh)"). */
export type Encoding = CsvEncoding | 'macintosh';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be', 'macintosh'];

/** What `bulkCreate.context` answers: what the rows are checked against. */
export interface CheckContext {
  domain: string;
  free: number;
  existing: string[];
  recent: string[];
  now: string;
}

/** The user's choices over what was detected. */
export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  mapping?: Mapping;
}

/** How the file was read, for the preview: what was found and what is used. */
export interface Preview {
  encoding: Encoding;
  detectedEncoding: CsvEncoding;
  bom: boolean;
  delimiter: Delimiter;
  detectedDelimiter: Delimiter;
  /** The header row's cells, or null when line 1 is already data. */
  header: string[] | null;
  /** The widest record's number of cells (the columns the mapping can choose from). */
  columnCount: number;
  mapping: Mapping;
  detectedMapping: Mapping;
}

export type Summary = ReturnType<typeof summarise>;

/** One password to rate; `key` ties the verdict to the password and its user inputs. */
export interface StrengthItem {
  key: string;
  password: string;
  inputs: string[];
}

/** Unusable input, as the shared readers say, or too large to read at all. */
export type InputProblem = FileProblem | 'too-large';

export type Request =
  | { kind: 'read'; id: number; bytes: Uint8Array; options: ReadOptions; domain: string }
  | { kind: 'context'; context: CheckContext }
  | { kind: 'patch'; changes: [index: number, row: BulkRow][] }
  | { kind: 'verdicts'; entries: [key: string, strong: boolean][] }
  | { kind: 'check'; id: number; skipped: number[] }
  | { kind: 'strength'; id: number; items: StrengthItem[] }
  /** Get the strength verdict ready and run it over a sample, so the first real ratings run at full speed. */
  | { kind: 'warm' };

export type Reply =
  | { kind: 'read'; id: number; ok: true; preview: Preview; rows: BulkRow[] }
  | { kind: 'read'; id: number; ok: false; problem: FileProblem }
  /** The check needs these passwords rated first. */
  | { kind: 'need'; id: number; items: StrengthItem[] }
  /** `checks` is aligned with the rows; a skipped row has null. */
  | { kind: 'checked'; id: number; checks: (RowCheck | null)[]; summary: Summary; batches: PlannedBatch[] }
  | { kind: 'progress'; id: number; done: number }
  | { kind: 'strength'; id: number; verdicts: [key: string, strong: boolean][] }
  | { kind: 'failed'; id: number; message: string };
