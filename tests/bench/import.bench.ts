/**
 * Mail import benchmark (issue 6; BENCHMARKS.md "Mail import"): Mailwright's IMAP→IMAP copy engine against
 * mbsync on the same corpus, in the same run, on a private Dovecot on 127.0.0.1. Corpus: one source account of
 * MW_BENCH_IMPORT_MESSAGES messages (10,000 by default, ~367 MB) in 5 folders (import-corpus.ts), generated in
 * a child process. Each Mailwright copy runs in a child process of its own (as the app's import worker would),
 * so its peak RSS is the copy's alone — not the verification's or earlier rounds'.
 *
 * Per Dovecot mail_fsync setting (MW_BENCH_IMPORT_FSYNC: "never" (default), "optimized", or "never,optimized"):
 * - full copy into a fresh target account, MW_BENCH_IMPORT_ROUNDS rounds (default 3; the order of the tools
 *   alternates), median [min–max]; Mailwright's peak RSS (its process, process.memoryUsage().rss every 100 ms;
 *   ~100 MB of it is Node, tsx and the modules before the copy starts), mbsync's from /proc (VmHWM);
 * - verification of Mailwright's copy: per folder the same count, every Message-ID once, flags and INTERNALDATE
 *   equal for every message, a sample (MW_BENCH_IMPORT_SAMPLE, default 300, plus every message over 1 MiB)
 *   byte-identical; mbsync's copy: counts, and bytes equal once its X-TUID header is taken out;
 * - no-op re-run (same state), median of 3; re-run after 100 new source messages; and Mailwright with its state
 *   lost (a fresh store: compares by Message-ID) — nothing may be doubled.
 * Mailwright keeps its state in a workspace file (SqliteImportState), as the app does; MW_BENCH_IMPORT_STATE=memory
 * uses MemoryImportState. MW_BENCH_IMPORT_LANES: connections per side (default 3).
 * imapsync is not packaged in Debian 12: its figures are BENCHMARKS.md's (Dovecot 2.3.19, same corpus), scaled
 * to the corpus size when it isn't 10,000.
 * Targets: faster than mbsync and imapsync under each fsync setting; no-op re-run < 3 s (aim ≤ 1 s); peak memory
 * ≤ 300 MB; byte-identical, flags and dates kept; no duplicate, also with the state lost.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { copyMailbox, type CopyReport } from '../../electron/mail-import/copy';
import { type FolderState, type ImportStateStore, MemoryImportState, SqliteImportState } from '../../electron/mail-import/state';
import { openWorkspace } from '../../electron/store/database';
import { type Dovecot, hasDovecot, startDovecot } from '../helpers/dovecot';
import { addNewMessages, type Corpus } from './import-corpus';
import { machineLine, ms } from './machine';

const MESSAGES = Number(process.env.MW_BENCH_IMPORT_MESSAGES ?? 10_000);
const ROUNDS = Math.max(1, Number(process.env.MW_BENCH_IMPORT_ROUNDS ?? 3));
const LANES = Number(process.env.MW_BENCH_IMPORT_LANES ?? 3);
const SAMPLE = Number(process.env.MW_BENCH_IMPORT_SAMPLE ?? 300);
const STATE_KIND = process.env.MW_BENCH_IMPORT_STATE === 'memory' ? 'memory' : 'sqlite';
const FSYNCS = (process.env.MW_BENCH_IMPORT_FSYNC ?? 'never')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is 'never' | 'optimized' => s === 'never' || s === 'optimized');
const NEW_MESSAGES = 100;
const PASSWORD = 'bench-pw';
/** As BENCHMARKS.md counts: 10^6 bytes (the 10,000-message corpus is ~367 MB, ~372 MB with CRLF). */
const MB = 1e6;
const SEED = 1;
/** BENCHMARKS.md, imapsync 2.229 on this corpus (10,000 messages): full copy s, no-op s, after 100 new s. */
const IMAPSYNC = { never: { full: 41.6, noop: 5.8, more: 6.6 }, optimized: { full: 57.5, noop: 5.8, more: 6.6 } };

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)]!;
const spread = (v: number[]) =>
  v.length > 1 ? `${median(v).toFixed(1)} [${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}]` : v[0]!.toFixed(1);
const seconds = (start: bigint) => ms(start) / 1000;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

interface Account {
  user: string;
  password: string;
  endpoint: { host: string; port: number; security: 'none' };
}
const account = (dovecot: Dovecot, user: string): Account => ({
  user,
  password: PASSWORD,
  endpoint: { host: '127.0.0.1', port: dovecot.port, security: 'none' },
});

async function withImap<T>(a: Account, f: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({
    host: a.endpoint.host,
    port: a.endpoint.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: a.user, pass: a.password },
    logger: false,
  });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Corpus

/** Runs the generator in a child process (same tsx loader as this one) and returns what it made. */
function generateInChild(dovecot: Dovecot, user: string, messages: number): Corpus {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'import-corpus.ts');
  const r = spawnSync(process.execPath, [...process.execArgv, script, dovecot.dir, user, String(messages), String(SEED)], {
    encoding: 'utf8',
    maxBuffer: 2 ** 24,
  });
  if (r.status !== 0) throw new Error(`corpus generation failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Corpus;
}

// ---------------------------------------------------------------------------------------------------------------
// What an account holds, for the verification

interface MessageMeta {
  uid: number;
  id: string;
  flags: string;
  date: number;
  size: number;
}
type Holdings = Map<string, MessageMeta[]>;

function messageId(headers: Buffer | undefined): string {
  const m = /^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(headers?.toString('latin1') ?? '');
  return m ? m[1]!.replace(/\s+/g, '').toLowerCase() : '';
}

async function holdings(a: Account): Promise<Holdings> {
  return withImap(a, async (c) => {
    const out: Holdings = new Map();
    for (const f of await c.list()) {
      if (f.flags.has('\\Noselect') || f.flags.has('\\NonExistent')) continue;
      const rows: MessageMeta[] = [];
      const box = await c.mailboxOpen(f.path, { readOnly: true });
      if (box.exists > 0)
        for await (const m of c.fetch('1:*', { uid: true, flags: true, internalDate: true, size: true, headers: ['message-id'] }))
          rows.push({
            uid: m.uid,
            id: messageId(m.headers),
            flags: [...(m.flags ?? [])]
              .filter((x) => x !== '\\Recent')
              .sort()
              .join(' '),
            date: new Date(m.internalDate!).getTime(),
            size: m.size ?? 0,
          });
      out.set(f.path, rows);
    }
    return out;
  });
}

interface Verdict {
  ok: boolean;
  /** Messages found on the target more than once. */
  duplicates: number;
  missing: number;
  flagsWrong: number;
  datesWrong: number;
  sampled: number;
  bytesWrong: number;
  notes: string[];
}

/**
 * Compares the target with the source, folder by folder (`map`: source path → target path; identity if absent):
 * counts, every source Message-ID present exactly once, flags and INTERNALDATE of every message; then fetches a
 * sample of the messages on both sides and compares the bytes (`strip` takes out what a tool adds on purpose).
 */
async function verify(
  source: Account,
  target: Account,
  map: Map<string, string>,
  options: { sample: number; strip?: (b: Buffer) => Buffer } = { sample: SAMPLE },
): Promise<Verdict> {
  const [src, dst] = await Promise.all([holdings(source), holdings(target)]);
  const v: Verdict = { ok: true, duplicates: 0, missing: 0, flagsWrong: 0, datesWrong: 0, sampled: 0, bytesWrong: 0, notes: [] };
  const pairs: { sourcePath: string; targetPath: string; uids: [number, number][] }[] = [];
  for (const [sourcePath, rows] of src) {
    if (rows.length === 0) continue;
    const targetPath = map.get(sourcePath) ?? sourcePath;
    const there = dst.get(targetPath) ?? [];
    if (there.length !== rows.length)
      v.notes.push(`${sourcePath}: ${rows.length} on the source, ${there.length} in ${targetPath}`);
    const byId = new Map<string, MessageMeta[]>();
    for (const m of there) byId.set(m.id, [...(byId.get(m.id) ?? []), m]);
    const uids: [number, number][] = [];
    for (const m of rows) {
      const found = byId.get(m.id) ?? [];
      if (found.length === 0) {
        v.missing++;
        continue;
      }
      if (found.length > 1) v.duplicates += found.length - 1;
      const t = found[0]!;
      if (t.flags !== m.flags) v.flagsWrong++;
      if (t.date !== m.date) v.datesWrong++;
      uids.push([m.uid, t.uid]);
      byId.set(m.id, []); // counted once
    }
    pairs.push({ sourcePath, targetPath, uids });
  }
  // The sample: evenly spread over every folder, plus every message over 1 MiB.
  const total = pairs.reduce((n, p) => n + p.uids.length, 0);
  const step = Math.max(1, Math.floor(total / Math.max(1, options.sample)));
  const sizes = new Map<string, Map<number, number>>();
  for (const [p, rows] of src) sizes.set(p, new Map(rows.map((r) => [r.uid, r.size])));
  const fetchSources = async (a: Account, folder: string, uids: number[]) =>
    withImap(a, async (c) => {
      const out = new Map<number, Buffer>();
      await c.mailboxOpen(folder, { readOnly: true });
      for await (const m of c.fetch(uids.join(','), { uid: true, source: true }, { uid: true })) out.set(m.uid, m.source!);
      return out;
    });
  let k = 0;
  for (const p of options.sample > 0 ? pairs : []) {
    const chosen = p.uids.filter(([s]) => k++ % step === 0 || (sizes.get(p.sourcePath)?.get(s) ?? 0) > 2 ** 20);
    // In slices, so at most a few huge messages are held at once.
    for (let i = 0; i < chosen.length; i += 20) {
      const slice = chosen.slice(i, i + 20);
      const [a, b] = await Promise.all([
        fetchSources(
          source,
          p.sourcePath,
          slice.map(([s]) => s),
        ),
        fetchSources(
          target,
          p.targetPath,
          slice.map(([, t]) => t),
        ),
      ]);
      for (const [s, t] of slice) {
        v.sampled++;
        const x = a.get(s);
        const y = b.get(t);
        if (!x || !y || !(options.strip ? options.strip(y) : y).equals(x)) v.bytesWrong++;
      }
    }
  }
  v.ok = v.notes.length === 0 && v.duplicates + v.missing + v.flagsWrong + v.datesWrong + v.bytesWrong === 0;
  return v;
}

const describeVerdict = (v: Verdict) =>
  `${v.ok ? 'OK' : 'FAILED'} — missing ${v.missing}, duplicates ${v.duplicates}, flags wrong ${v.flagsWrong}, ` +
  `INTERNALDATE wrong ${v.datesWrong}, ${v.sampled} sampled: ${v.bytesWrong} not byte-identical` +
  (v.notes.length ? `; ${v.notes.join('; ')}` : '');

/** mbsync adds "X-TUID: <12 chars>" to the header of every message it copies. */
function stripTuid(b: Buffer): Buffer {
  const end = b.indexOf('\r\n\r\n');
  const head = b.subarray(0, end < 0 ? b.length : end + 2).toString('latin1');
  const m = /(^|\r\n)X-TUID: [^\r\n]*\r\n/i.exec(head);
  if (!m) return b;
  const at = m.index + m[1]!.length;
  return Buffer.concat([b.subarray(0, at), b.subarray(at + m[0].length - m[1]!.length)]);
}

// ---------------------------------------------------------------------------------------------------------------
// Mailwright

interface Measured {
  s: number;
  peakRss: number;
  baseRss: number;
  report: CopyReport;
}

/**
 * One Mailwright copy runs in a child process of its own (this file again, told what to do by
 * MW_BENCH_IMPORT_CHILD), as the app's import worker would: its peak RSS is the copy's alone, not what this
 * process holds from the verification or earlier rounds. The state lives in a file between the runs: the
 * workspace (SqliteImportState), or MemoryImportState's rows as JSON.
 */
interface ChildJob {
  port: number;
  target: string;
  /** null: a fresh, empty state (the state lost). */
  stateFile: string | null;
  kind: 'sqlite' | 'memory';
  lanes: number;
}

async function runChild(job: ChildJob): Promise<Measured> {
  const db = job.stateFile && job.kind === 'sqlite' ? openWorkspace(job.stateFile) : null;
  const memory = new MemoryImportState();
  if (job.stateFile && !db && fs.existsSync(job.stateFile))
    for (const [k, v] of JSON.parse(fs.readFileSync(job.stateFile, 'utf8')) as [string, FolderState][]) memory.rows.set(k, v);
  const state: ImportStateStore = db ? new SqliteImportState(db) : memory;
  const endpoint = { host: '127.0.0.1', port: job.port, security: 'none' as const };
  try {
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const start = process.hrtime.bigint();
    const report = await copyMailbox({
      source: { user: 'src', password: PASSWORD, endpoint },
      target: { user: job.target, password: PASSWORD, endpoint },
      state,
      connections: job.lanes,
    });
    const s = seconds(start);
    clearInterval(timer);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (job.stateFile && !db) fs.writeFileSync(job.stateFile, JSON.stringify([...memory.rows]));
    return { s, peakRss, baseRss, report };
  } finally {
    db?.close();
  }
}

async function mailwright(dovecot: Dovecot, target: string, stateFile: string | null): Promise<Measured> {
  const job: ChildJob = { port: dovecot.port, target, stateFile, kind: STATE_KIND, lanes: LANES };
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, MW_BENCH_IMPORT_CHILD: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the Mailwright copy (child process) exited with ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
}

// ---------------------------------------------------------------------------------------------------------------
// mbsync

const MBSYNC = spawnSync('which', ['mbsync'], { encoding: 'utf8' }).stdout.trim() || null;
const mbsyncVersion = MBSYNC ? spawnSync(MBSYNC, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';

/** A config in its own temp dir: source Far, target Near, pull only, arrival dates kept, state files in the dir. */
function mbsyncConfig(dovecot: Dovecot, target: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-mbsync-'));
  fs.mkdirSync(path.join(dir, 'state'));
  const store = (name: string, user: string) =>
    `IMAPAccount ${name}\nHost 127.0.0.1\nPort ${dovecot.port}\nUser ${user}\nPass ${PASSWORD}\nSSLType None\nAuthMechs LOGIN\n\n` +
    `IMAPStore ${name}\nAccount ${name}\n\n`;
  fs.writeFileSync(
    path.join(dir, 'mbsyncrc'),
    store('src', 'src') +
      store('dst', target) +
      `Channel import\nFar :src:\nNear :dst:\nPatterns *\nSync Pull\nCreate Near\nExpunge None\nRemove None\n` +
      `CopyArrivalDate yes\nSyncState ${dir}/state/\n`,
  );
  return dir;
}

/** Runs mbsync on the config; its peak RSS is its VmHWM, read from /proc while it runs. */
async function mbsync(dir: string): Promise<{ s: number; peakRss: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(MBSYNC!, ['-q', '-c', path.join(dir, 'mbsyncrc'), '-a'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let peakRss = 0;
  const sample = () => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (kb) peakRss = Math.max(peakRss, Number(kb[1]) * 1024);
    } catch {
      // gone already
    }
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  const s = seconds(start);
  if (code !== 0) throw new Error(`mbsync exited with ${code}: ${output}`);
  return { s, peakRss };
}

// ---------------------------------------------------------------------------------------------------------------
// One fsync setting

interface Row {
  tool: string;
  full: number[];
  noop: number | null;
  more: number | null;
  peakRss: number | null;
  /** Mailwright: RSS growth during a run (peak − RSS when the copy started). */
  growth?: number;
}

async function benchFsync(fsync: 'never' | 'optimized') {
  console.log(`\n## Dovecot mail_fsync = ${fsync}`);
  const users: Record<string, string> = { src: PASSWORD };
  for (let r = 1; r <= ROUNDS; r++) {
    users[`mw${r}`] = PASSWORD;
    users[`mb${r}`] = PASSWORD;
  }
  const dovecot = await startDovecot(users, { fsync, specialUse: { Sent: '\\Sent' } });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-import-bench-'));
  // One workspace file for every run (the pair key tells the target accounts apart); a JSON file per round else.
  let stateFiles = 0;
  const newState = () => path.join(work, STATE_KIND === 'sqlite' ? 'workspace.sqlite' : `state-${++stateFiles}.json`);
  const mbsyncDirs: string[] = [];
  try {
    let start = process.hrtime.bigint();
    const corpus = generateInChild(dovecot, 'src', MESSAGES);
    const { small, large, huge } = corpus.classes;
    console.log(
      `corpus: ${corpus.messages} messages, ${mb(corpus.bytes)} (${mb(corpus.imapBytes)} with CRLF), ` +
        `${corpus.folders.map((f) => `${f.path} ${f.messages}`).join(', ')}; ${small} of 2–20 KiB, ${large} of 50–500 KiB, ` +
        `${huge} of 2–5 MiB (largest ${mb(corpus.largestBytes)}); generated and indexed in ${seconds(start).toFixed(1)} s`,
    );
    // Both tools read the same source: read its metadata once first, so neither pays for Dovecot's cache alone.
    start = process.hrtime.bigint();
    await holdings(account(dovecot, 'src'));
    console.log(`source metadata read once (warms Dovecot's cache for both tools): ${seconds(start).toFixed(1)} s`);

    const mw: Row = { tool: `Mailwright (${LANES} lanes, ${STATE_KIND} state)`, full: [], noop: null, more: null, peakRss: 0 };
    let baseRss = 0;
    /** The peak over every Mailwright run, and the most any run grew above the RSS it started from. */
    const trackMw = (m: Measured) => {
      mw.peakRss = Math.max(mw.peakRss!, m.peakRss);
      mw.growth = Math.max(mw.growth ?? 0, m.peakRss - m.baseRss);
      baseRss = Math.max(baseRss, m.baseRss);
    };
    const mbs: Row = { tool: mbsyncVersion || 'mbsync', full: [], noop: null, more: null, peakRss: 0 };
    let state = newState();
    let lastReport: CopyReport | null = null;
    for (let r = 1; r <= ROUNDS; r++) {
      const runMw = async () => {
        state = newState();
        const m = await mailwright(dovecot, `mw${r}`, state);
        if (m.report.copied !== corpus.messages || m.report.failed !== 0)
          console.log(
            `  Mailwright round ${r}: copied ${m.report.copied}, skipped ${m.report.skipped}, failed ${m.report.failed}`,
          );
        mw.full.push(m.s);
        trackMw(m);
        lastReport = m.report;
        console.log(
          `  round ${r} Mailwright: ${m.s.toFixed(2)} s, ${(corpus.messages / m.s).toFixed(0)} msg/s, peak RSS ${mb(m.peakRss)} (${mb(m.baseRss)} at the start)`,
        );
      };
      const runMbsync = async () => {
        if (!MBSYNC) return;
        const dir = mbsyncConfig(dovecot, `mb${r}`);
        mbsyncDirs.push(dir);
        const m = await mbsync(dir);
        mbs.full.push(m.s);
        mbs.peakRss = Math.max(mbs.peakRss!, m.peakRss);
        console.log(
          `  round ${r} mbsync: ${m.s.toFixed(2)} s, ${(corpus.messages / m.s).toFixed(0)} msg/s, peak RSS ${mb(m.peakRss)}`,
        );
      };
      // The order alternates: whoever goes second doesn't always find a warmer server.
      if (r % 2 === 1) {
        await runMbsync();
        await runMw();
      } else {
        await runMw();
        await runMbsync();
      }
    }
    if (!MBSYNC) console.log('mbsync not installed (apt-get install isync): skipped');

    // Verification of the last round's copies.
    const last = `mw${ROUNDS}`;
    const map = new Map((lastReport as CopyReport | null)?.folders.map((f) => [f.source, f.target]) ?? []);
    start = process.hrtime.bigint();
    const v = await verify(account(dovecot, 'src'), account(dovecot, last), map);
    console.log(`verify Mailwright's copy (${seconds(start).toFixed(1)} s): ${describeVerdict(v)}`);
    let vm: Verdict | null = null;
    if (MBSYNC) {
      vm = await verify(account(dovecot, 'src'), account(dovecot, `mb${ROUNDS}`), new Map(), { sample: 50, strip: stripTuid });
      console.log(`verify mbsync's copy (X-TUID header taken out): ${describeVerdict(vm)}`);
    }

    // Nothing new: the same state, three times.
    const noops: number[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await mailwright(dovecot, last, state);
      noops.push(m.s);
      trackMw(m);
      if (m.report.copied !== 0) console.log(`  Mailwright no-op re-run copied ${m.report.copied} (expected 0)`);
    }
    mw.noop = median(noops);
    console.log(`Mailwright no-op re-run: ${noops.map((s) => s.toFixed(2)).join(', ')} s`);
    const mbsyncDir = mbsyncDirs.at(-1);
    if (mbsyncDir) {
      const t: number[] = [];
      for (let i = 0; i < 3; i++) t.push((await mbsync(mbsyncDir)).s);
      mbs.noop = median(t);
      console.log(`mbsync no-op re-run: ${t.map((s) => s.toFixed(2)).join(', ')} s`);
    }

    // 100 new messages on the source.
    const added = addNewMessages(dovecot, 'src', NEW_MESSAGES, { seed: SEED });
    const more = await mailwright(dovecot, last, state);
    mw.more = more.s;
    trackMw(more);
    console.log(
      `Mailwright re-run after ${added.messages} new (${added.folders.map((f) => `${f.path} ${f.messages}`).join(', ')}): ` +
        `${more.s.toFixed(2)} s, copied ${more.report.copied}, skipped ${more.report.skipped}`,
    );
    if (mbsyncDir) {
      mbs.more = (await mbsync(mbsyncDir)).s;
      console.log(`mbsync re-run after ${added.messages} new: ${mbs.more.toFixed(2)} s`);
    }

    // The state lost (a new workspace, another machine): compared by Message-ID, nothing may be appended.
    const lost = await mailwright(dovecot, last, null);
    trackMw(lost);
    const after = await verify(account(dovecot, 'src'), account(dovecot, last), map, { sample: 0 });
    console.log(
      `Mailwright re-run with the state lost: ${lost.s.toFixed(2)} s, copied ${lost.report.copied}, skipped ${lost.report.skipped}; ` +
        `target afterwards: ${describeVerdict(after)}`,
    );

    // The table.
    const total = corpus.messages;
    const scale = total / 10_000;
    const line = (r: Row) => {
      const full = r.full.length ? median(r.full) : null;
      return (
        `| ${r.tool} | ${r.full.length ? spread(r.full) : '–'} | ${full ? (total / full).toFixed(0) : '–'} | ` +
        `${full ? (corpus.imapBytes / MB / full).toFixed(1) : '–'} | ${r.noop?.toFixed(2) ?? '–'} | ${r.more?.toFixed(2) ?? '–'} | ` +
        `${r.peakRss ? mb(r.peakRss) : '–'}${r.growth ? ` (+${mb(r.growth)} during a run)` : ''} |`
      );
    };
    const imapsync = IMAPSYNC[fsync];
    const imapsyncRow: Row = {
      tool:
        'imapsync 2.229 (not measured: not packaged in Debian 12; BENCHMARKS.md figures' + (scale !== 1 ? ', scaled' : '') + ')',
      full: [imapsync.full * scale],
      noop: imapsync.noop * scale,
      more: imapsync.more * scale,
      peakRss: null,
    };
    console.log(
      `\n${machineLine()}; Dovecot 2.3.19 on 127.0.0.1, mail_fsync = ${fsync}; ${total} messages, ${mb(corpus.imapBytes)}`,
    );
    console.log('| tool | full copy s | msg/s | MB/s | no-op re-run s | re-run after 100 new s | peak RSS |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(line(mw));
    if (MBSYNC) console.log(line(mbs));
    console.log(line(imapsyncRow));

    const mwFull = median(mw.full);
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    if (MBSYNC) {
      const mbFull = median(mbs.full);
      console.log(
        `target: faster than mbsync (fsync ${fsync}) — ${mwFull.toFixed(1)} s vs ${mbFull.toFixed(1)} s (×${(mbFull / mwFull).toFixed(2)}): ${met(mwFull < mbFull)}`,
      );
    } else console.log('target: faster than mbsync — not measured (mbsync not installed)');
    console.log(
      `target: faster than imapsync (BENCHMARKS.md figure${scale !== 1 ? ', scaled' : ''}) — ${mwFull.toFixed(1)} s vs ${(imapsync.full * scale).toFixed(1)} s: ${met(mwFull < imapsync.full * scale)}`,
    );
    console.log(
      `target: no-op re-run < 3 s (aim ≤ 1 s) — ${mw.noop.toFixed(2)} s: ${met(mw.noop < 3)}${mw.noop <= 1 ? ' (aim met too)' : ''}`,
    );
    console.log(
      `target: peak memory ≤ 300 MB — ${mb(mw.peakRss!)} (the copy's process, of which up to ${mb(baseRss)} before the copy started; a run grew it by ${mb(mw.growth ?? 0)} at most): ${met(mw.peakRss! <= 300 * MB)}`,
    );
    console.log(`target: byte-identical, flags and dates kept — ${met(v.ok)}`);
    console.log(`target: no duplicate, also with the state lost — ${met(after.ok && lost.report.copied === 0)}`);
    if (vm && !vm.ok) console.log(`(mbsync's copy: ${describeVerdict(vm)})`);
  } finally {
    await dovecot.stop();
    fs.rmSync(work, { recursive: true, force: true });
    for (const dir of mbsyncDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const childJob = process.env.MW_BENCH_IMPORT_CHILD;
if (childJob) process.stdout.write(`${JSON.stringify(await runChild(JSON.parse(childJob) as ChildJob))}\n`);
else {
  console.log(machineLine());
  if (!hasDovecot()) console.log('mail import: Dovecot not found (apt-get install dovecot-imapd): skipped');
  else if (process.getuid?.() !== 0) console.log('mail import: needs root (the mail files belong to uid 65534): skipped');
  else for (const fsync of FSYNCS) await benchFsync(fsync);
}
