import { create } from 'zustand';
import type { BulkRowInput } from '../../../../shared/contract';
import type { PlannedBatch } from '../../../../shared/domain/bulk-create/batches';
import {
  type BulkRow,
  type Issue,
  type IssueCode,
  type RowCheck,
  WARNING_CODES,
} from '../../../../shared/domain/bulk-create/rules';
import { generatePassword } from '../../../../shared/domain/password/generate';
import { api } from '../../api';
import { onChange } from '../../stores/invalidate';
import { BulkChecker, CancelledError } from './checker';
import type { CheckContext, InputProblem, Preview, ReadOptions, Summary } from './worker-protocol';

/** Files larger than this aren't read: 64 MB is about 600,000 rows, far past any address quota. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** A check rating at least this many passwords shows its progress (fewer take well under a second). */
export const PROGRESS_FROM = 50;

export type Field = 'address' | 'password' | 'forwardTo' | 'keepFlag';
export type Filter = 'all' | 'problems' | 'skipped';
/**
 * empty: no file · reading: decoding and parsing · checking: the first check of freshly read rows ·
 * ready: rows checked (edits re-check in the background) · unusable: a file that isn't a table we can use ·
 * cancelled: the user stopped a check · failed: something unexpected.
 */
export type Phase = 'empty' | 'reading' | 'checking' | 'ready' | 'unusable' | 'cancelled' | 'failed';

export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
  source: 'file' | 'paste';
}

/** What the row's problems are now: its check, plus what the service reported at the last commit. */
export type RowStatus = RowCheck['status'] | 'skipped';

const EMPTY_SUMMARY: Summary = { total: 0, ok: 0, warning: 0, error: 0 };
/** The wizard with no file: where it starts, and where "remove file" and a commit bring it back. */
function noFile() {
  return {
    file: null,
    options: {},
    phase: 'empty',
    problem: null,
    error: null,
    preview: null,
    rows: [],
    checks: [],
    summary: EMPTY_SUMMARY,
    batches: [],
    skipped: new Set<number>(),
    generated: new Set<number>(),
    edited: false,
    serviceIssues: new Map(),
    refused: 0,
    progress: null,
    checking: false,
    filter: 'all',
    view: [],
  } satisfies Partial<WizardState>;
}
const WARNINGS: ReadonlySet<string> = new Set(WARNING_CODES);
const FIELD_OF: Record<IssueCode, Field> = {
  'missing-address': 'address',
  'invalid-address': 'address',
  'domain-mismatch': 'address',
  'duplicate-in-file': 'address',
  'address-exists': 'address',
  'over-quota': 'address',
  'missing-password': 'password',
  'weak-password': 'password',
  'invalid-forward': 'forwardTo',
  'forward-loop': 'forwardTo',
  'invalid-keep-flag': 'keepFlag',
  'flag-without-forward': 'keepFlag',
};

interface WizardState {
  serviceId: number | null;
  context: CheckContext | null;
  file: LoadedFile | null;
  /** The user's overrides of the detected encoding, delimiter and mapping. */
  options: ReadOptions;
  phase: Phase;
  problem: InputProblem | null;
  error: unknown;
  preview: Preview | null;
  rows: BulkRow[];
  /** Aligned with rows; null for a skipped row (or before the first check). */
  checks: (RowCheck | null)[];
  summary: Summary;
  batches: PlannedBatch[];
  skipped: ReadonlySet<number>;
  /** Rows whose password was generated here (and not typed over since). */
  generated: ReadonlySet<number>;
  /** Whether the rows were changed here since they were read: a new read would lose that. */
  edited: boolean;
  /** Problems the service found when asked to create the rows, by row index, until the row is edited. */
  serviceIssues: ReadonlyMap<number, IssueCode[]>;
  /** Rows the service refused at the last commit (a notice says so), or 0. */
  refused: number;
  /** Passwords rated so far in a long check; since when, and how many were done then (for the time left). */
  progress: { done: number; total: number; since: number; from: number } | null;
  /** A check runs (after an edit: in the background, the grid stays). */
  checking: boolean;
  filter: Filter;
  /** The row indices the grid shows. Kept while editing, so a row fixed under "with problems" stays until asked. */
  view: number[];
  /** Bumped when the rows are replaced by a new read: the grid starts over. */
  generation: number;

  setService(id: number | null): void;
  load(file: LoadedFile): void;
  setOptions(options: ReadOptions): void;
  edit(index: number, field: Field, value: string): void;
  /** Strong generated passwords for the rows (all, or these) whose password is missing or weak; returns how many, and an undo. */
  generatePasswords(only?: readonly number[]): { count: number; undo: () => void };
  /** Leaves every row with an error out; returns how many, and an undo. */
  skipInvalid(): { count: number; undo: () => void };
  setSkipped(index: number, skipped: boolean): void;
  setFilter(filter: Filter): void;
  /** Recomputes the rows shown for the filter (after edits kept fixed rows on screen). */
  refreshView(): void;
  cancel(): void;
  /** The wizard is shown: its workers get ready for a file (see BulkChecker.warm). */
  prepare(): void;
  /** The wizard is left: its helper workers go; the rows stay. */
  leave(): void;
  /** Forgets the file (after creating its mailboxes, or when asked). */
  reset(): void;
  /** The rows to send to the service: every row not skipped, as it is now. */
  commitRows(): BulkRowInput[];
  /** The service refused the commit: show its findings on the rows and check again against fresh data. */
  refusedByService(rows: readonly { line: number; codes: string[] }[], count: number): void;
  /** The workspace changed (another window, the CLI, a commit): check against fresh data. */
  refreshContext(): Promise<void>;
}

const checker = new BulkChecker();
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export const useWizardStore = create<WizardState>()((set, get) => {
  /** Every read (and cancel, reset) bumps it: answers to an older one are dropped. */
  let run = 0;
  let inFlight = false;
  let again = false;
  /** The view is recomputed when the check after a bulk action lands. */
  let viewStale = false;

  const fail = (error: unknown, token: number) => {
    if (token !== run || error instanceof CancelledError) return;
    set({ phase: 'failed', error, progress: null, checking: false });
  };

  const fetchContext = async (serviceId: number): Promise<CheckContext> => api().bulkCreate.context({ mailServiceId: serviceId });

  /** Checks the rows; while one check runs, edits wait and one more check follows it. */
  const check = async (token: number): Promise<void> => {
    if (inFlight) {
      again = true;
      return;
    }
    const { context, skipped } = get();
    if (!context) return;
    inFlight = true;
    set({ checking: true });
    try {
      const result = await checker.check(context, [...skipped], (done, total) => {
        if (token !== run || total < PROGRESS_FROM) return;
        const started = get().progress;
        set({ progress: { done, total, since: started?.since ?? Date.now(), from: started?.from ?? done } });
      });
      if (token !== run) return;
      set({ checks: result.checks, summary: result.summary, batches: result.batches, progress: null });
      if (get().phase === 'checking') {
        set({ phase: 'ready' });
        viewStale = true;
      }
      if (viewStale && !again) {
        viewStale = false;
        get().refreshView();
      }
    } catch (error) {
      fail(error, token);
    } finally {
      inFlight = false;
      // What waited runs now, for the current rows (a new read may have replaced them meanwhile).
      if (again) {
        again = false;
        void check(run);
      } else if (token === run) set({ checking: false });
    }
  };

  const read = async () => {
    const token = ++run;
    const { file, options, serviceId, progress } = get();
    if (!file || serviceId === null) return;
    // A long rating still running would hold up the new read for as long as it takes: stop it (its verdicts go too).
    if (inFlight && progress) {
      checker.cancel();
      again = false;
    }
    set({ phase: 'reading', problem: null, error: null, progress: null, refused: 0 });
    if (file.bytes.byteLength > MAX_FILE_BYTES) {
      set({ phase: 'unusable', problem: 'too-large', preview: null, rows: [], checks: [] });
      return;
    }
    try {
      const context = await fetchContext(serviceId);
      const reply = await checker.read(file.bytes, options, context.domain);
      if (token !== run) return;
      if (!reply.ok) {
        set({ phase: 'unusable', problem: reply.problem, preview: null, rows: [], checks: [], context });
        return;
      }
      set({
        phase: 'checking',
        context,
        preview: reply.preview,
        rows: reply.rows,
        checks: [],
        summary: EMPTY_SUMMARY,
        batches: [],
        skipped: new Set(),
        generated: new Set(),
        edited: false,
        serviceIssues: new Map(),
        filter: 'all',
        view: [],
        generation: get().generation + 1,
      });
      await check(token);
    } catch (error) {
      fail(error, token);
    }
  };

  const patchRows = (changes: [number, BulkRow][]) => {
    if (changes.length === 0) return;
    const rows = get().rows.slice();
    for (const [index, row] of changes) rows[index] = row;
    checker.patch(changes);
    const serviceIssues = new Map(get().serviceIssues);
    for (const [index] of changes) serviceIssues.delete(index);
    set({ rows, edited: true, serviceIssues });
  };

  return {
    serviceId: null,
    context: null,
    ...noFile(),
    generation: 0,

    setService(id) {
      if (id === get().serviceId) return;
      set({ serviceId: id });
      const { phase } = get();
      // Another service: another domain, other taken addresses and quota. Read again (the domain decides the columns).
      if (phase === 'ready' || phase === 'checking' || phase === 'reading' || phase === 'unusable') {
        if (get().edited) void get().refreshContext();
        else void read();
      }
    },
    load(file) {
      set({ file, options: {} });
      void read();
    },
    setOptions(options) {
      set({ options });
      void read();
    },
    edit(index, field, value) {
      const row = get().rows[index];
      if (!row || row[field] === value) return;
      patchRows([[index, { ...row, [field]: value }]]);
      if (field === 'password' && get().generated.has(index)) {
        const generated = new Set(get().generated);
        generated.delete(index);
        set({ generated });
      }
      void check(run);
    },
    generatePasswords(only) {
      const { rows, checks, skipped, generated } = get();
      const changes: [number, BulkRow][] = [];
      const before: [number, BulkRow][] = [];
      const wanted = only ? new Set(only) : null;
      checks.forEach((c, index) => {
        if (!c || skipped.has(index) || (wanted && !wanted.has(index))) return;
        if (!c.issues.some((i) => i.code === 'missing-password' || i.code === 'weak-password')) return;
        before.push([index, rows[index]!]);
        changes.push([index, { ...rows[index]!, password: generatePassword(randomBytes) }]);
      });
      if (changes.length === 0) return { count: 0, undo: () => undefined };
      const previousGenerated = generated;
      patchRows(changes);
      set({ generated: new Set([...generated, ...changes.map(([i]) => i)]) });
      viewStale = true;
      void check(run);
      const token = run;
      return {
        count: changes.length,
        undo: () => {
          if (token !== run) return;
          patchRows(before);
          set({ generated: previousGenerated });
          viewStale = true;
          void check(run);
        },
      };
    },
    skipInvalid() {
      const { checks, skipped, serviceIssues } = get();
      const add: number[] = [];
      checks.forEach((c, index) => {
        if (skipped.has(index)) return;
        if (c?.status === 'error' || serviceIssues.has(index)) add.push(index);
      });
      if (add.length === 0) return { count: 0, undo: () => undefined };
      set({ skipped: new Set([...skipped, ...add]), edited: true });
      viewStale = true;
      void check(run);
      const token = run;
      return {
        count: add.length,
        undo: () => {
          if (token !== run) return;
          const next = new Set(get().skipped);
          for (const index of add) next.delete(index);
          set({ skipped: next });
          viewStale = true;
          void check(run);
        },
      };
    },
    setSkipped(index, skip) {
      const next = new Set(get().skipped);
      if (skip) next.add(index);
      else next.delete(index);
      set({ skipped: next, edited: true });
      void check(run);
    },
    setFilter(filter) {
      set({ filter });
      get().refreshView();
    },
    refreshView() {
      const { filter, rows } = get();
      const view: number[] = [];
      for (let i = 0; i < rows.length; i++) {
        const status = statusOf(get(), i);
        if (filter === 'all' || (filter === 'skipped' ? status === 'skipped' : status === 'error' || status === 'warning'))
          view.push(i);
      }
      set({ view });
    },
    prepare() {
      checker.warm();
    },
    leave() {
      checker.releaseHelpers();
    },
    cancel() {
      run++;
      checker.cancel();
      checker.warm(); // the wizard is still open: fresh workers get ready for the next file
      inFlight = false;
      again = false;
      set({
        phase: 'cancelled',
        progress: null,
        checking: false,
        preview: null,
        rows: [],
        checks: [],
        view: [],
        summary: EMPTY_SUMMARY,
        batches: [],
      });
    },
    reset() {
      run++;
      set(noFile());
    },
    commitRows() {
      const { rows, skipped } = get();
      return rows.filter((_row, index) => !skipped.has(index)).map((row) => ({ ...row }));
    },
    refusedByService(refusals, count) {
      const byLine = new Map(get().rows.map((row, index) => [row.line, index]));
      const serviceIssues = new Map(get().serviceIssues);
      for (const refusal of refusals) {
        const index = byLine.get(refusal.line);
        if (index !== undefined) serviceIssues.set(index, refusal.codes.filter(isIssueCode));
      }
      set({ serviceIssues, refused: count, filter: 'problems' });
      get().refreshView();
      void get().refreshContext();
    },
    async refreshContext() {
      const { serviceId, phase } = get();
      if (serviceId === null || (phase !== 'ready' && phase !== 'checking')) return;
      const token = run;
      try {
        const context = await fetchContext(serviceId);
        if (token !== run) return;
        set({ context });
        await check(token);
      } catch (error) {
        fail(error, token);
      }
    },
  };
});

function isIssueCode(code: string): code is IssueCode {
  return code in FIELD_OF;
}

/** A row's problems as shown: its check's, then what the service reported that the check didn't. */
export function issuesOf(state: Pick<WizardState, 'checks' | 'serviceIssues'>, index: number): Issue[] {
  const own = state.checks[index]?.issues ?? [];
  const reported = state.serviceIssues.get(index);
  if (!reported) return own;
  const extra = reported
    .filter((code) => !own.some((i) => i.code === code))
    .map((code): Issue => ({ code, severity: WARNINGS.has(code) ? 'warning' : 'error', field: FIELD_OF[code] }));
  return [...own, ...extra];
}

export function statusOf(state: Pick<WizardState, 'checks' | 'serviceIssues' | 'skipped'>, index: number): RowStatus | null {
  if (state.skipped.has(index)) return 'skipped';
  const check = state.checks[index];
  if (!check) return null;
  if (check.status !== 'error' && state.serviceIssues.get(index)?.some((code) => !WARNINGS.has(code))) return 'error';
  return check.status;
}

/** Rows left with an error (the commit waits for none). */
export function errorCount(state: Pick<WizardState, 'checks' | 'serviceIssues' | 'skipped' | 'summary'>): number {
  let extra = 0;
  for (const index of state.serviceIssues.keys()) {
    if (!state.skipped.has(index) && state.checks[index]?.status !== 'error' && statusOf(state, index) === 'error') extra++;
  }
  return state.summary.error + extra;
}

onChange(['mailboxes', 'mailServices', 'bulkCreate'], () => useWizardStore.getState().refreshContext());
