import { checkTable, strengthKey } from '../../../../shared/domain/bulk-create/check';
import { strengthInputs, type BulkRow, type RowCheck } from '../../../../shared/domain/bulk-create/rules';
import { decodeWordTries, STRENGTH_WORDS_FILE } from '../../../../shared/domain/password/fast-matchers';
import {
  createVerdict,
  MIN_PASSWORD_LENGTH,
  passwordLength,
  warmUpStrengthVerdict,
  type StrengthVerdict,
} from '../../../../shared/domain/password/verdict';
import { readFile } from './read-file';
import type { CheckContext, Reply, Request, StrengthItem } from './worker-protocol';

/**
 * The bulk-create worker: reads files and checks rows off the UI thread. The
 * primary one keeps the rows (edits arrive as patches) and the verdicts on
 * passwords; every one of them rates passwords (zxcvbn, a few ms each, its
 * dictionaries loaded on the first one). See worker-protocol.ts.
 */
// The renderer's types are the DOM's (a window); a dedicated worker's scope is this much of it.
const scope = self as unknown as {
  postMessage(message: Reply): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
};

let rows: BulkRow[] = [];
let context: (Omit<CheckContext, 'existing'> & { existing: ReadonlySet<string> }) | null = null;
const verdicts = new Map<string, boolean>();
/** The strength key of each row object for a domain: rows are replaced on edit, so a WeakMap stays right. */
const keys = new WeakMap<BulkRow, { domain: string; key: string; inputs: string[] }>();

const post = (reply: Reply) => scope.postMessage(reply);

/**
 * The strength verdict, over zxcvbn's word lists as the prebuilt tries the build puts beside this worker's
 * chunk (milliseconds to read; see verdict.ts). Without them (a broken build, a dev server that can't make
 * them) the verdict is built from the lists themselves: the same verdicts, a second later.
 */
let verdict: Promise<StrengthVerdict> | undefined;
function strengthVerdict(): Promise<StrengthVerdict> {
  verdict ??= (async () => {
    try {
      const response = await fetch(new URL(STRENGTH_WORDS_FILE, self.location.href));
      const tries = response.ok ? decodeWordTries(new Uint8Array(await response.arrayBuffer())) : null;
      const fromTries = tries && createVerdict(tries);
      if (fromTries) return fromTries;
    } catch {
      // Built from the lists below.
    }
    return (await import('../../../../shared/domain/password/strength')).isStrongPassword;
  })();
  return verdict;
}
// Fetched as the worker starts: it is ready by the time the file is read and the first passwords are rated.
void strengthVerdict();

/** Set when passwords come to be rated: a warm-up still running ends (the ratings warm the code as well). */
let working = false;
/** A turn of the event loop, so messages are answered between slices of the warm-up. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

scope.onmessage = (event: MessageEvent<Request>) => {
  const message = event.data;
  const fail = (error: unknown) => {
    if ('id' in message)
      post({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
    else throw error;
  };
  try {
    handle(message)?.catch(fail);
  } catch (error) {
    fail(error);
  }
};

/** Handles one message; the strength ratings answer once the verdict is ready (a promise). */
function handle(message: Request): Promise<void> | void {
  switch (message.kind) {
    case 'read': {
      // Verdicts stay: they are keyed by password and user inputs, so a re-read (another mapping) reuses them.
      const result = readFile(message.bytes, message.options, message.domain);
      if (!result.ok) {
        rows = [];
        post({ kind: 'read', id: message.id, ok: false, problem: result.problem });
        return;
      }
      rows = result.rows;
      post({ kind: 'read', id: message.id, ok: true, preview: result.preview, rows: result.rows });
      return;
    }
    case 'context':
      context = { ...message.context, existing: new Set(message.context.existing) };
      return;
    case 'patch':
      for (const [index, row] of message.changes) rows[index] = row;
      return;
    case 'verdicts':
      for (const [key, strong] of message.entries) verdicts.set(key, strong);
      return;
    case 'check':
      check(message.id, new Set(message.skipped));
      return;
    case 'strength':
      working = true;
      return strengthVerdict().then((isStrong) => rate(message.id, message.items, isStrong));
    case 'warm':
      working = false;
      // Only a head start: if it fails, the ratings that follow say why.
      return strengthVerdict()
        .then((isStrong) => warmUpStrengthVerdict(isStrong, pause, () => working))
        .catch(() => undefined);
  }
}

function rowKey(row: BulkRow, domain: string): { key: string; inputs: string[] } {
  const known = keys.get(row);
  if (known && known.domain === domain) return known;
  const inputs = strengthInputs(row, domain);
  const entry = { domain, key: strengthKey(row.password, inputs), inputs };
  keys.set(row, entry);
  return entry;
}

/** The rules over the rows not skipped, once every password among them has a verdict; else asks for the missing ones. */
function check(id: number, skipped: ReadonlySet<number>): void {
  if (!context) throw new Error('No context to check against.');
  const { domain } = context;
  const included: BulkRow[] = [];
  const at: number[] = [];
  const missing = new Map<string, StrengthItem>();
  rows.forEach((row, index) => {
    if (skipped.has(index)) return;
    included.push(row);
    at.push(index);
    if (row.password === '') return;
    const { key, inputs } = rowKey(row, domain);
    if (verdicts.has(key) || missing.has(key)) return;
    // Too short is weak whatever zxcvbn says: no need to ask it.
    if (passwordLength(row.password) < MIN_PASSWORD_LENGTH) verdicts.set(key, false);
    else missing.set(key, { key, password: row.password, inputs });
  });
  if (missing.size > 0) {
    post({ kind: 'need', id, items: [...missing.values()] });
    return;
  }
  const result = checkTable(included, {
    domain,
    existing: context.existing,
    free: context.free,
    recent: context.recent,
    now: new Date(context.now),
    isStrong: (password, inputs) => verdicts.get(strengthKey(password, inputs)) ?? false,
  });
  const checks: (RowCheck | null)[] = new Array<RowCheck | null>(rows.length).fill(null);
  result.checks.forEach((c, i) => (checks[at[i]!] = c));
  post({ kind: 'checked', id, checks, summary: result.summary, batches: result.batches });
}

/** Rates passwords, reporting progress about every 100 ms. */
function rate(id: number, items: readonly StrengthItem[], isStrongPassword: StrengthVerdict): void {
  const out: [string, boolean][] = [];
  let reported = performance.now();
  items.forEach((item, i) => {
    const strong = isStrongPassword(item.password, item.inputs);
    verdicts.set(item.key, strong);
    out.push([item.key, strong]);
    const now = performance.now();
    if (now - reported > 100) {
      reported = now;
      post({ kind: 'progress', id, done: i + 1 });
    }
  });
  post({ kind: 'strength', id, verdicts: out });
}
