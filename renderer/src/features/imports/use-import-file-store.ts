import { create } from 'zustand';
import type { ImportAccountInput, ImportCheckResult } from '../../../../shared/contract';
import { readCsvBytes, type CsvEncoding, type Delimiter, type UnusableFile } from '../../../../shared/domain/csv/read';
import { checkImportRows, hasTargetPasswordColumn, type ImportRow } from '../../../../shared/domain/mail-import/import-file';
import { api } from '../../api';
import { checkOutcome, targetPasswordMissing } from './use-import-text';

/** Accounts checked at once: enough to be quick, few enough not to look like an attack to the source provider. */
export const CHECK_CONCURRENCY = 4;

export type RowCheck =
  | { state: 'waiting' }
  | { state: 'checking' }
  | { state: 'done'; result: ImportCheckResult }
  | { state: 'error'; error: unknown };

export interface FileRow extends ImportRow {
  check: RowCheck | null;
  /** The job the row was started in; its passwords are gone from here then. */
  jobId: number | null;
}

export interface LoadedImportFile {
  name: string;
  encoding: CsvEncoding;
  delimiter: Delimiter;
  /** Whether the file has a target-password column at all. */
  targetPasswords: boolean;
}

interface ImportFileState {
  serviceId: number | null;
  file: LoadedImportFile | null;
  /** A file that couldn't be used, and why. */
  problem: { name: string; problem: UnusableFile | 'no-rows' } | null;
  rows: FileRow[];
  /** While "Check all" runs. */
  progress: { done: number; total: number } | null;
  load(name: string, bytes: Uint8Array, serviceId: number): void;
  clear(): void;
  checkAll(): Promise<void>;
  stop(): void;
  /** These lines went into a job: marked, and their passwords forgotten. */
  started(lines: readonly number[], jobId: number): void;
}

/** Checks belong to one run; a stop, another file or another service ends the run. */
let run = 0;

/** Whether a row may go into a job: no problems in the file, not refused by its check, not started yet. */
export function startable(row: FileRow): boolean {
  if (row.batch === null || row.jobId !== null) return false;
  if (row.check?.state === 'done') return checkRefusal(row) === null;
  return row.check?.state !== 'error';
}

/** Why the check refused a row: the check's own code, or a target without a password; null when it didn't. */
export function checkRefusal(row: FileRow): 'check' | 'target-password' | null {
  // A started row's passwords are gone: what the check said then stands.
  if (row.jobId !== null) return null;
  if (row.check?.state === 'error') return 'check';
  if (row.check?.state !== 'done') return null;
  if (!checkOutcome(row.check.result).ok) return 'check';
  return targetPasswordMissing(row.check.result, row.targetPassword !== '') ? 'target-password' : null;
}

export function toAccount(row: FileRow): ImportAccountInput {
  return {
    line: row.line,
    source: row.source,
    sourcePassword: row.password,
    sourceServer: row.server || undefined,
    target: row.target,
    // Empty: the password Mailwright keeps for that mailbox, if it created it.
    targetPassword: row.targetPassword || undefined,
  };
}

/** The accounts CSV of the mail import page: read like the bulk-create file, every row checked, then the sources. */
export const useImportFileStore = create<ImportFileState>()((set, get) => ({
  serviceId: null,
  file: null,
  problem: null,
  rows: [],
  progress: null,
  load(name, bytes, serviceId) {
    run++;
    const table = readCsvBytes(bytes);
    if (!table.ok) {
      set({ serviceId, file: null, rows: [], progress: null, problem: { name, problem: table.problem } });
      return;
    }
    // Without a target-password column the passwords Mailwright keeps are used (the provider's 4-column file).
    const rows = checkImportRows(table.records);
    if (rows.length === 0) {
      set({ serviceId, file: null, rows: [], progress: null, problem: { name, problem: 'no-rows' } });
      return;
    }
    set({
      serviceId,
      problem: null,
      progress: null,
      file: {
        name,
        encoding: table.encoding,
        delimiter: table.delimiter,
        targetPasswords: hasTargetPasswordColumn(table.records),
      },
      rows: rows.map((row) => ({ ...row, check: null, jobId: null })),
    });
  },
  clear() {
    run++;
    set({ serviceId: null, file: null, problem: null, rows: [], progress: null });
  },
  stop() {
    run++;
    set({
      progress: null,
      rows: get().rows.map((r) => (r.check?.state === 'waiting' || r.check?.state === 'checking' ? { ...r, check: null } : r)),
    });
  },
  async checkAll() {
    const { serviceId } = get();
    if (serviceId === null) return;
    const mine = ++run;
    const lines = get()
      .rows.filter((r) => r.problems.length === 0 && r.jobId === null)
      .map((r) => r.line);
    if (lines.length === 0) return;
    const waiting = new Set(lines);
    const update = (line: number, check: RowCheck | null) =>
      set({ rows: get().rows.map((r) => (r.line === line ? { ...r, check } : r)) });
    set({
      progress: { done: 0, total: lines.length },
      rows: get().rows.map((r) => (waiting.has(r.line) ? { ...r, check: { state: 'waiting' } } : r)),
    });
    let next = 0;
    const worker = async () => {
      while (next < lines.length && run === mine) {
        const line = lines[next++]!;
        const row = get().rows.find((r) => r.line === line);
        if (!row || row.jobId !== null) continue;
        update(line, { state: 'checking' });
        let check: RowCheck;
        try {
          const result = await api().imports.check({
            mailServiceId: serviceId,
            source: row.source,
            sourcePassword: row.password,
            sourceServer: row.server || undefined,
            target: row.target,
            targetPassword: row.targetPassword || undefined,
          });
          check = { state: 'done', result };
        } catch (error) {
          check = { state: 'error', error };
        }
        if (run !== mine) return;
        update(line, check);
        const progress = get().progress;
        if (progress) set({ progress: { ...progress, done: progress.done + 1 } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, lines.length) }, worker));
    if (run === mine) set({ progress: null });
  },
  started(lines, jobId) {
    const set_ = new Set(lines);
    set({
      rows: get().rows.map((r) => (set_.has(r.line) ? { ...r, jobId, password: '', targetPassword: '' } : r)),
    });
  },
}));
