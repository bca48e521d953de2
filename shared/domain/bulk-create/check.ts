import { type CsvEncoding, type Delimiter, readCsvBytes, type UnusableFile } from '../csv/read';
import { planBatches, type PlannedBatch } from './batches';
import { mapColumns, type Mapping } from './columns';
import { type BulkRow, checkRows, type RowCheck, type RuleContext, strengthInputs, summarise, toRows } from './rules';

export type FileProblem = UnusableFile | 'no-columns';

export interface FileCheck {
  encoding: CsvEncoding;
  bom: boolean;
  delimiter: Delimiter;
  header: string[] | null;
  mapping: Mapping;
  rows: BulkRow[];
  checks: RowCheck[];
  summary: ReturnType<typeof summarise>;
  batches: PlannedBatch[];
}

export interface CheckOptions extends RuleContext {
  delimiter?: Delimiter;
  /** Overrides the detected columns (the user remapped them). */
  mapping?: Mapping;
  /** ISO times of addresses created at the provider in the last 24 hours. */
  recent: readonly string[];
  now: Date;
  /** Whether a password is strong enough; the slow part, so the caller decides where it runs. */
  isStrong: (password: string, userInputs: string[]) => boolean;
  /** Called after each row's strength check (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/** The distinct strength checks a table needs (the same password for the same address is checked once). */
export function strengthRequests(
  rows: readonly BulkRow[],
  domain: string,
): { key: string; password: string; inputs: string[] }[] {
  const requests = new Map<string, { key: string; password: string; inputs: string[] }>();
  for (const row of rows) {
    if (row.password === '') continue;
    const inputs = strengthInputs(row, domain);
    const key = strengthKey(row.password, inputs);
    if (!requests.has(key)) requests.set(key, { key, password: row.password, inputs });
  }
  return [...requests.values()];
}

export function strengthKey(password: string, inputs: readonly string[]): string {
  return `${password}\u0000${inputs.join('\u0000')}`;
}

/** Reads, maps and checks a whole file, and plans the batches of its valid rows. Nothing is written anywhere. */
export function checkCsvFile(
  bytes: Uint8Array,
  options: CheckOptions,
): { ok: true; result: FileCheck } | { ok: false; problem: FileProblem } {
  const table = readCsvBytes(bytes, { delimiter: options.delimiter });
  if (!table.ok) return table;
  const columns = mapColumns(table.records, options.domain);
  if (!columns.ok) return columns;
  const mapping = options.mapping ?? columns.mapping;
  const rows = toRows(columns.data, mapping);
  return {
    ok: true,
    result: {
      encoding: table.encoding,
      bom: table.bom,
      delimiter: table.delimiter,
      header: columns.header,
      mapping,
      ...checkTable(rows, options),
    },
  };
}

/** The rules and the batch plan for rows already read (the wizard re-runs this after each edit). */
export function checkTable(rows: readonly BulkRow[], options: Omit<CheckOptions, 'delimiter' | 'mapping'>) {
  const cache = new Map<string, boolean>();
  let done = 0;
  const checks = checkRows(rows, options, (row) => {
    const inputs = strengthInputs(row, options.domain);
    const key = strengthKey(row.password, inputs);
    let strong = cache.get(key);
    if (strong === undefined) {
      strong = options.isStrong(row.password, inputs);
      cache.set(key, strong);
    }
    options.onProgress?.(++done, rows.length);
    return strong;
  });
  const valid = checks.filter((c) => c.status !== 'error').length;
  return { rows: [...rows], checks, summary: summarise(checks), batches: planBatches(valid, options.recent, options.now) };
}
