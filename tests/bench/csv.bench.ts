/**
 * CSV writer benchmark: 100,000 mailbox-shaped rows (address, display name,
 * quota, state, forwarding, out-of-office, aliases, last change) through
 * `toCsv` (one string, as the UI download and `mailboxes.export` build it) and
 * through `csvLines` (chunks, as a streamed file would take them). Some cells
 * need quoting (commas, quotes, a line break) and some neutralising (`=`, `-`,
 * `@`), in about the proportions of a real directory, so both paths are paid.
 * Each measurement is repeated; the median is the result.
 */
import { type CsvCell, csvLines, toCsv } from '../../shared/domain/csv/write';
import { machineLine, ms } from './machine';

const ROWS = 100_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const HEADER = ['address', 'displayName', 'storageQuotaMb', 'state', 'forwarding', 'outOfOffice', 'aliases', 'updatedAt'];
const FIRST = ['anna', 'peter', 'lukas', 'marie', 'sophie', 'jonas', 'lea', 'noah', 'mia', 'elias', 'laura', 'david'];
const LAST = ['müller', 'meier', 'schmid', 'keller', 'weber', 'huber', 'schneider', 'meyer', 'steiner', 'fischer', 'gerber'];
const STATES = ['planned', 'active', 'active', 'active', 'suspended'];
const DOMAIN = 'bench.example';

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const rows: CsvCell[][] = Array.from({ length: ROWS }, (_, i) => {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const local = `${first}.${last}${i}`;
  let displayName = `${cap(first)} ${cap(last)}`;
  if (i % 10 === 0) displayName = `${cap(last)}, ${cap(first)}`; // comma: quoted
  if (i % 250 === 0) displayName = `${cap(first)} "${cap(last)}" (Sales)`; // quotes: quoted, doubled
  if (i % 1000 === 0) displayName = `=HYPERLINK("http://x.example","${first}")`; // formula: neutralised and quoted
  if (i % 1000 === 1) displayName = `-${first}-`; // neutralised
  const forwarding = i % 7 === 0 ? `${first}@partner.example, ${last}@partner.example` : i % 5 === 0 ? `@${first}` : ''; // '@': neutralised
  const outOfOffice = i % 9 === 0 ? `until 2025-0${(i % 8) + 1}-15` : i % 97 === 0 ? 'on\nno end date' : '';
  const aliases = Array.from({ length: i % 4 }, (_, k) => `${first}${k}@${DOMAIN}`).join(' ');
  const updatedAt = new Date(Date.UTC(2025, 0, 1) + i * 61_000).toISOString();
  return [
    `${local}@${DOMAIN}`,
    displayName,
    i % 3 === 0 ? 51_200 : 20_480,
    STATES[i % STATES.length]!,
    forwarding,
    outOfOffice,
    aliases,
    updatedAt,
  ];
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** Times `run` (after one warm-up) and prints rows/s; `run` returns the UTF-8 size of what it wrote, counted untimed. */
function measure(label: string, run: () => () => number): void {
  const times: number[] = [];
  let size = () => 0;
  run(); // warm-up, not counted
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    size = run();
    times.push(ms(t0));
  }
  const mb = size() / 2 ** 20;
  const rates = times.map((t) => ROWS / (t / 1000));
  console.log(
    `${label}: median ${fmt(median(rates))} rows/s [${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}], ` +
      `${median(times).toFixed(1)} ms, ${mb.toFixed(2)} MB UTF-8 (${(mb / (median(times) / 1000)).toFixed(0)} MB/s)`,
  );
}

// Reading one character makes sure the result is flat: a string built by += is a
// rope until first read (by a file write or IPC), and that flattening must count.
const flat = (text: string) => (text.charCodeAt(text.length - 1), () => Buffer.byteLength(text, 'utf8'));

console.log(`machine: ${machineLine()}`);
console.log(`${fmt(ROWS)} mailbox rows × ${HEADER.length} columns, ${ROUNDS} rounds after a warm-up`);
measure("toCsv, ',' (one flat string, BOM, CRLF)", () => flat(toCsv(HEADER, rows)));
measure("toCsv, ';'", () => flat(toCsv(HEADER, rows, { delimiter: ';' })));
measure("csvLines, ',' (one chunk per record, not joined)", () => {
  let chars = 0;
  for (const line of csvLines(HEADER, rows)) chars += line.length;
  if (chars === 0) throw new Error('no output');
  return () => Buffer.byteLength(toCsv(HEADER, rows), 'utf8');
});
