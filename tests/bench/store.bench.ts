/**
 * Store benchmark (issue 2): 100,000 mailboxes through the service layer in one
 * transaction, then page queries sorted by address and filtered by a substring.
 * Targets on the reference machine: ≥ 150,000 rows/s including the audit entry,
 * ≤ 15 ms per page query (p95 of 50). The machine is shared and noisy, so each
 * measurement is repeated on a fresh workspace and the median is the result;
 * raw better-sqlite3 on the same rows is measured in the same rounds to compare.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createHandlers, createServices } from '../../electron/services';
import { openWorkspace } from '../../electron/store/database';
import { FIRST_NAMES, LAST_NAMES } from '../helpers/seed';
import { machineLine, ms, percentile } from './machine';

const ROWS = 100_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NEEDLES = ['ann', 'müller1', 'zz', 'eier99', 'a.m', 'sophie', 'x', '4242'];

// Names in no particular order, as a real import brings them (the service sorts them itself).
const mailboxes = Array.from({ length: ROWS }, (_, i) => {
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
  return {
    localPart: `${first}.${last.normalize('NFKD').replace(/\p{M}/gu, '')}${i}`,
    displayName: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`,
    storageQuotaMb: 20_480,
    state: 'planned' as const,
  };
});

function serviceRound(dir: string): { rate: number; pageP95: number; pageP50: number; guardedP50: number } {
  const db = openWorkspace(path.join(dir, 'workspace.sqlite'));
  try {
    const sv = createServices(
      db,
      { host: 'test', appVersion: 'bench', locale: null },
      { randomBytes: (n) => crypto.randomBytes(n) },
    );
    // As the workspace's acting user, as the app calls: the organisation is theirs.
    const ctx = { actor: 'bench', user: sv.accessFor({ actor: 'bench' }).user };
    const org = sv.organisations.create({ name: 'Bench AG' }, ctx);
    const service = sv.mailServices.create({ organisationId: org.id, domain: 'bench.example', addressQuota: 1_000_000 }, ctx);
    const t0 = process.hrtime.bigint();
    const result = sv.mailboxes.createMany({ mailServiceId: service.id, mailboxes }, ctx);
    const rate = result.created / (ms(t0) / 1000);
    const times: number[] = [];
    for (let k = 0; k < 50; k++) {
      const start = process.hrtime.bigint();
      sv.mailboxes.list({
        mailServiceId: service.id,
        offset: 0,
        limit: 100,
        sort: { column: 'address', direction: 'asc' },
        filter: { search: NEEDLES[k % NEEDLES.length]! },
      });
      times.push(ms(start));
    }
    times.sort((a, b) => a - b);
    // The same queries through the handler every transport uses: the permission rule for the acting user first.
    const handlers = createHandlers(sv);
    const guarded: number[] = [];
    for (let k = 0; k < 50; k++) {
      const start = process.hrtime.bigint();
      void handlers['mailboxes.list'](
        {
          mailServiceId: service.id,
          offset: 0,
          limit: 100,
          sort: { column: 'address', direction: 'asc' },
          filter: { search: NEEDLES[k % NEEDLES.length]! },
        },
        { actor: 'bench' },
      );
      guarded.push(ms(start));
    }
    guarded.sort((a, b) => a - b);
    return { rate, pageP50: percentile(times, 50), pageP95: percentile(times, 95), guardedP50: percentile(guarded, 50) };
  } finally {
    db.close();
  }
}

/** The reference of BENCHMARKS.md: raw better-sqlite3, same rows, plain table (no indexes, no audit, no checks). */
function rawRound(dir: string): number {
  const raw = new BetterSqlite3(path.join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE mailboxes (id INTEGER PRIMARY KEY, mail_service_id INTEGER NOT NULL, local_part TEXT NOT NULL,
    display_name TEXT NOT NULL, storage_quota_mb INTEGER NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  const insert = raw.prepare('INSERT INTO mailboxes VALUES (NULL, 1, ?, ?, ?, ?, ?, ?)');
  const stamp = new Date().toISOString();
  const t0 = process.hrtime.bigint();
  raw.transaction(() => {
    for (const m of mailboxes) insert.run(m.localPart, m.displayName, m.storageQuotaMb, m.state, stamp, stamp);
  })();
  const rate = ROWS / (ms(t0) / 1000);
  raw.close();
  return rate;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

const rounds: { rate: number; pageP50: number; pageP95: number; guardedP50: number; raw: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-'));
  try {
    rounds.push({ ...serviceRound(dir), raw: rawRound(dir) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rates = rounds.map((r) => r.rate);
const p95s = rounds.map((r) => r.pageP95);
console.log(`machine: ${machineLine()}`);
console.log(`${ROUNDS} rounds, each on a fresh workspace file`);
console.log(
  `insert ${fmt(ROWS)} mailboxes via MailboxesService.createMany (one transaction, audit entry included): median ${fmt(median(rates))} rows/s [${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}] (target ≥ 150,000)`,
);
console.log(
  `  raw better-sqlite3, same rows, plain table, same rounds: median ${fmt(median(rounds.map((r) => r.raw)))} rows/s; the service reaches ${Math.round((median(rates) / median(rounds.map((r) => r.raw))) * 100)} % of raw`,
);
console.log(
  `page of 100 sorted by address, substring filter, total included (50 queries per round): p95 median ${median(p95s).toFixed(2)} ms [${Math.min(...p95s).toFixed(2)}–${Math.max(...p95s).toFixed(2)}], p50 median ${median(rounds.map((r) => r.pageP50)).toFixed(2)} ms (target p95 ≤ 15 ms)`,
);
console.log(
  `  the same page through the handler (permission rule for the acting user, then the service): p50 median ${median(rounds.map((r) => r.guardedP50)).toFixed(2)} ms — the check costs ${(median(rounds.map((r) => r.guardedP50)) - median(rounds.map((r) => r.pageP50))).toFixed(2)} ms`,
);
