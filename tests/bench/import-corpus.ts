/**
 * The mail-import benchmark corpus (BENCHMARKS.md, "Mail import"): one source account of N messages (10,000 by
 * default) in 5 folders — INBOX 35 %, Sent 15 %, Archive/2024 25 %, Archive/2025 15 %, Projects 10 % — sized
 * ~89.7 % 2–20 KiB, 10 % 50–500 KiB with a base64 attachment and 0.3 % 2–5 MiB (log-uniform within each class,
 * which gives ~365 MiB for 10,000), with unique Message-IDs, \Seen/\Flagged/\Answered, realistic dates in arrival
 * order (UID order = date order) and INTERNALDATE = arrival time. Deterministic: the same seed gives the same bytes.
 *
 * Written as Maildir files straight into the private Dovecot's mail folder (maildir flags in the file name, mtime =
 * INTERNALDATE, files owned by 65534), then `doveadm force-resync`: ~100× faster than APPENDing them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Dovecot } from '../helpers/dovecot';

export interface CorpusOptions {
  /** How many messages (default 10,000). */
  messages?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** The Dovecot namespace separator the IMAP folder paths are given with (default "."). */
  separator?: '.' | '/';
}

export interface CorpusFolder {
  /** The folder as IMAP names it ("Archive.2024" with the "." separator). */
  path: string;
  messages: number;
  /** Bytes on disk (LF line ends). */
  bytes: number;
  /** Bytes as IMAP serves them (CRLF): RFC822.SIZE summed. */
  imapBytes: number;
}

export interface Corpus {
  messages: number;
  bytes: number;
  imapBytes: number;
  folders: CorpusFolder[];
  /** The size classes actually generated: small (2–20 KiB), large (50–500 KiB), huge (2–5 MiB). */
  classes: { small: number; large: number; huge: number };
  largestBytes: number;
}

interface FolderSpec {
  /** Hierarchy levels, e.g. ['Archive', '2024']. */
  name: string[];
  share: number;
  from: string;
  to: string;
  sent: boolean;
  flags: { seen: number; answered: number; flagged: number };
}

const FOLDERS: FolderSpec[] = [
  {
    name: ['INBOX'],
    share: 0.35,
    from: '2025-07-01',
    to: '2026-03-31',
    sent: false,
    flags: { seen: 0.88, answered: 0.18, flagged: 0.06 },
  },
  {
    name: ['Sent'],
    share: 0.15,
    from: '2025-07-01',
    to: '2026-03-31',
    sent: true,
    flags: { seen: 1, answered: 0, flagged: 0.02 },
  },
  {
    name: ['Archive', '2024'],
    share: 0.25,
    from: '2024-01-01',
    to: '2024-12-31',
    sent: false,
    flags: { seen: 0.99, answered: 0.25, flagged: 0.03 },
  },
  {
    name: ['Archive', '2025'],
    share: 0.15,
    from: '2025-01-01',
    to: '2025-06-30',
    sent: false,
    flags: { seen: 0.99, answered: 0.25, flagged: 0.03 },
  },
  {
    name: ['Projects'],
    share: 0.1,
    from: '2025-03-01',
    to: '2026-03-31',
    sent: false,
    flags: { seen: 0.92, answered: 0.2, flagged: 0.12 },
  },
];

// Own name lists: helpers/seed.ts would load the whole service layer into the bench process (~70 MB of RSS).
const FIRST_NAMES = [
  'anna',
  'beat',
  'claudia',
  'daniel',
  'eva',
  'fabian',
  'gabriela',
  'hans',
  'irene',
  'jonas',
  'katrin',
  'lukas',
];
const LAST_NAMES = [
  'müller',
  'meier',
  'schmid',
  'keller',
  'weber',
  'huber',
  'schneider',
  'meyer',
  'steiner',
  'fischer',
  'gerber',
];
const KIB = 1024;
const MIB = 1024 * 1024;
const OWNER = { name: 'Anna Muster', address: 'anna.muster@muster.example' };
const DOMAINS = ['partner.example', 'kunde.example', 'lieferant.example', 'verein.example', 'treuhand.example', 'mail.example'];
const DE_WORDS = (
  'und die der das wir Sie bitte Offerte Rechnung Termin Sitzung Projekt Änderung Vertrag Lieferung Zürich Bern ' +
  'Grüsse freundlichen besten Dank für Ihre Anfrage gemäss unserem Gespräch nächste Woche Montag Dienstag ' +
  'Mittwoch Donnerstag Freitag Budget Planung Entwurf Rückmeldung Unterlagen beiliegend Prüfung Freigabe ' +
  'Mitarbeitende Weiterbildung Büro Umzug Server Postfach Migration Kalender Ferien Zahlung fällig Mahnung ' +
  'Auftrag Bestätigung Korrektur Version überarbeitet gerne jederzeit erreichbar Frage Antwort Lösung Übersicht'
).split(' ');
const EN_WORDS = (
  'the and we you please quote invoice meeting project change contract delivery schedule attached review ' +
  'thanks for your request as discussed next week Monday Tuesday Wednesday Thursday Friday budget planning draft ' +
  'feedback documents approval team training office move server mailbox migration calendar holiday payment due ' +
  'order confirmation correction version updated happy to help question answer solution overview status report'
).split(' ');
const SUBJECTS = [
  'Offerte {n}',
  'Rechnung {n}',
  'Sitzung vom {d}',
  'Projekt {p}: Stand der Arbeiten',
  'Änderung am Vertrag {n}',
  'Ferienplanung {y}',
  'Meeting notes {d}',
  'Quote {n} for {p}',
  'Status report {p}',
  'Your order {n} has shipped',
  'Rückfrage zu {p}',
  'Budget {y} – Entwurf',
  'Einladung: Workshop {p}',
  'Migration der Postfächer',
];
const PROJECTS = ['Atlas', 'Bergsicht', 'Cumulus', 'Delta', 'Edelweiss', 'Föhn', 'Gotthard', 'Helix'];
const ATTACHMENTS = [
  { name: 'Offerte_{n}.pdf', type: 'application/pdf' },
  { name: 'IMG_{n}.jpg', type: 'image/jpeg' },
  { name: 'Bericht_{n}.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { name: 'Daten_{n}.zip', type: 'application/zip' },
  { name: 'Präsentation_{n}.pptx', type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
];

/** sfc32: small, fast, good enough, and the same on every machine. */
export function prng(seed: number) {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
  let c = 0xb7e15162;
  let d = 1;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) next();
  const rng = {
    u32: next,
    /** [0, 1) */
    float: () => next() / 4294967296,
    int: (lo: number, hi: number) => lo + Math.floor((next() / 4294967296) * (hi - lo + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor((next() / 4294967296) * list.length)]!,
    chance: (p: number) => next() / 4294967296 < p,
    /** Log-uniform in [lo, hi]: many small, few large, as real mail sizes are. */
    logUniform: (lo: number, hi: number) => Math.round(Math.exp(Math.log(lo) + (next() / 4294967296) * Math.log(hi / lo))),
    bytes: (n: number): Buffer => {
      const words = new Uint32Array(Math.ceil(n / 4));
      for (let i = 0; i < words.length; i++) words[i] = next();
      return Buffer.from(words.buffer, 0, n);
    },
  };
  return rng;
}
type Rng = ReturnType<typeof prng>;

/** Europe/Zurich offset in minutes: CEST from the last Sunday of March to the last Sunday of October, 01:00 UTC. */
function zurichOffset(t: number): number {
  const year = new Date(t).getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0, 1));
    return last.getTime() - last.getUTCDay() * 86_400_000;
  };
  return t >= lastSunday(2) && t < lastSunday(9) ? 120 : 60;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date in Zurich time, e.g. "Tue, 04 Mar 2025 09:12:44 +0100". */
export function rfc5322Date(t: number): string {
  const offset = zurichOffset(t);
  const l = new Date(t + offset * 60_000);
  return (
    `${DAYS[l.getUTCDay()]}, ${pad(l.getUTCDate())} ${MONTHS[l.getUTCMonth()]} ${l.getUTCFullYear()} ` +
    `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())} +${pad(offset / 60)}00`
  );
}

/** Arrival times in [from, to]: mostly working days and hours, sorted, strictly increasing seconds. */
function arrivalTimes(rng: Rng, count: number, from: string, to: string): number[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let day = rng.int(0, days - 1);
    const weekday = new Date(start + day * 86_400_000).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.75)) day = rng.int(0, days - 1);
    // Local office hours 07–19 mostly; some evening mail.
    const hour = rng.chance(0.85) ? rng.int(7, 18) : rng.int(0, 23);
    const local = start + day * 86_400_000 + hour * 3_600_000 + rng.int(0, 3_599) * 1000;
    times.push(local - zurichOffset(local) * 60_000);
  }
  times.sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) if (times[i]! <= times[i - 1]!) times[i] = times[i - 1]! + 1000;
  return times;
}

const ascii = (s: string) =>
  s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').normalize('NFKD').replace(/\p{M}/gu, '');
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** RFC 2047 Q-encoded word when needed. */
function encodeWord(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  const q = [...Buffer.from(s, 'utf8')]
    .map((b) =>
      b === 0x20
        ? '_'
        : /[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  return `=?UTF-8?Q?${q}?=`;
}

function person(rng: Rng) {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const name = `${cap(first)} ${cap(last)}`;
  const address = `${ascii(first)}.${ascii(last)}@${rng.pick(DOMAINS)}`;
  return { name, address };
}
const mailbox = (p: { name: string; address: string }) => `${encodeWord(p.name)} <${p.address}>`;

/** Quoted-printable of one word (UTF-8), so lines can be wrapped on the encoded length. */
function qpWord(word: string): string {
  if (/^[\x21-\x3c\x3e-\x7e]*$/.test(word)) return word;
  return [...Buffer.from(word, 'utf8')]
    .map((b) =>
      b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/**
 * Body text of about `bytes` bytes: paragraphs of sentences, hard-wrapped at 72 columns; German as UTF-8
 * quoted-printable, English as 7bit. Lines end with LF (Maildir); IMAP serves them with CRLF.
 */
function bodyText(rng: Rng, bytes: number, german: boolean, html = false): string {
  const words = german ? DE_WORDS : EN_WORDS;
  const encode = (text: string) => (german ? text.split(' ').map(qpWord).join(' ') : text);
  const lines: string[] = [html ? '<html><body>' : encode(german ? 'Guten Tag' : 'Hello,'), ''];
  let size = 0;
  while (size < bytes) {
    let line = html ? '<p>' : '';
    const sentences = rng.int(2, 6);
    for (let s = 0; s < sentences; s++) {
      const n = rng.int(6, 16);
      for (let w = 0; w < n; w++) {
        let word = rng.pick(words);
        if (w === 0) word = cap(word);
        if (w === n - 1) word += '.';
        const encoded = encode(word);
        if (line.length + 1 + encoded.length > 72) {
          lines.push(line);
          size += line.length + 1;
          line = '';
        }
        line += line === '' || line === '<p>' ? encoded : ` ${encoded}`;
      }
    }
    lines.push(html ? `${line}</p>` : line);
    size += line.length + 1;
    if (!html) lines.push('');
  }
  lines.push(html ? '</body></html>' : encode(german ? 'Freundliche Grüsse' : 'Best regards'));
  return lines.join('\n');
}

function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\n');
}

type SizeClass = 'small' | 'large' | 'huge';

interface MessageSpec {
  index: number;
  seed: number;
  folder: FolderSpec;
  /** Arrival (INTERNALDATE), ms. */
  arrival: number;
  target: number;
  sizeClass: SizeClass;
}

/** One message, LF line ends, about `target` bytes. */
function buildMessage(rng: Rng, m: MessageSpec): Buffer {
  const other = person(rng);
  const sent = m.folder.sent;
  const from = sent ? OWNER : other;
  const to = sent ? other : OWNER;
  const date = sent ? m.arrival : m.arrival - rng.int(2, 90) * 1000;
  const german = rng.chance(0.6);
  const subject = rng
    .pick(SUBJECTS)
    .replace('{n}', String(2024_000 + m.index))
    .replace('{d}', rfc5322Date(date).slice(5, 16))
    .replace('{p}', rng.pick(PROJECTS))
    .replace('{y}', String(new Date(date).getUTCFullYear()));
  const reply = rng.chance(0.3);
  const messageId = `<${m.seed}.${m.index}.${rng.u32().toString(36)}@${sent ? 'muster.example' : from.address.split('@')[1]}>`;
  const headers: string[] = [];
  if (!sent) {
    const relay = rng.int(1, 4);
    headers.push(
      `Return-Path: <${from.address}>`,
      `Delivered-To: ${OWNER.address}`,
      `Received: from mx${relay}.${from.address.split('@')[1]} (mx${relay}.${from.address.split('@')[1]} [192.0.2.${rng.int(1, 254)}])`,
      `\tby mail.muster.example (Postfix) with ESMTPS id ${rng.u32().toString(16).toUpperCase()}${m.index.toString(16).toUpperCase()}`,
      `\tfor <${OWNER.address}>; ${rfc5322Date(m.arrival)}`,
      `X-Spam-Status: No, score=${(rng.float() * 3 - 1).toFixed(1)}`,
    );
  }
  headers.push(`From: ${mailbox(from)}`, `To: ${mailbox(to)}`);
  if (rng.chance(0.2)) headers.push(`Cc: ${mailbox(person(rng))}`);
  headers.push(
    `Subject: ${encodeWord(reply ? `Re: ${subject}` : subject)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: ${messageId}`,
  );
  if (reply) {
    const parent = `<${m.seed}.r${m.index}.${rng.u32().toString(36)}@${to.address.split('@')[1]}>`;
    headers.push(`In-Reply-To: ${parent}`, `References: ${parent}`);
  }
  headers.push('MIME-Version: 1.0');
  if (sent) headers.push('User-Agent: Mailwright-Bench/1.0');

  const textHeaders = german
    ? ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable']
    : ['Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit'];
  const headerBytes = headers.join('\n').length + 200;
  const boundary = `----=_Part_${m.index}_${rng.u32().toString(16)}`;
  let body: string;
  if (m.sizeClass === 'small') {
    const room = Math.max(300, m.target - headerBytes);
    if (rng.chance(0.35)) {
      // multipart/alternative: text and HTML, half of the room each.
      const htmlHeaders = german
        ? ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable']
        : ['Content-Type: text/html; charset=us-ascii', 'Content-Transfer-Encoding: 7bit'];
      headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
      body = [
        'This is a multi-part message in MIME format.',
        '',
        `--${boundary}`,
        ...textHeaders,
        '',
        bodyText(rng, room * 0.4, german),
        `--${boundary}`,
        ...htmlHeaders,
        '',
        bodyText(rng, room * 0.55, german, true),
        `--${boundary}--`,
        '',
      ].join('\n');
    } else {
      headers.push(...textHeaders);
      body = bodyText(rng, room, german) + '\n';
    }
  } else {
    const text = bodyText(rng, rng.int(400, 3000), german);
    const kind = rng.pick(ATTACHMENTS);
    const filename = kind.name.replace('{n}', String(m.index));
    const partHeaders = [
      `Content-Type: ${kind.type}; name="${encodeWord(filename)}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${encodeWord(filename)}"`,
    ];
    const overhead = headerBytes + text.length + partHeaders.join('\n').length + 4 * boundary.length + 120;
    const raw = Math.max(1024, Math.floor(((m.target - overhead) * 57) / 77));
    headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    body = [
      'This is a multi-part message in MIME format.',
      '',
      `--${boundary}`,
      ...textHeaders,
      '',
      text,
      `--${boundary}`,
      ...partHeaders,
      '',
      base64Lines(rng.bytes(raw)),
      `--${boundary}--`,
      '',
    ].join('\n');
  }
  return Buffer.from(`${headers.join('\n')}\n\n${body}`, 'utf8');
}

function maildirFlags(rng: Rng, f: FolderSpec['flags']): string {
  const seen = rng.chance(f.seen);
  const answered = seen && rng.chance(f.answered);
  const flagged = rng.chance(f.flagged);
  // Maildir info flags, in ASCII order: F(lagged) R(eplied = \Answered) S(een).
  return `${flagged ? 'F' : ''}${answered ? 'R' : ''}${seen ? 'S' : ''}`;
}

const folderDir = (maildir: string, f: FolderSpec) =>
  f.name[0] === 'INBOX' ? maildir : path.join(maildir, `.${f.name.join('.')}`);
const imapPath = (f: FolderSpec, separator: string) => f.name.join(separator);

function ensureMaildir(dir: string, subfolder: boolean) {
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  if (subfolder) fs.writeFileSync(path.join(dir, 'maildirfolder'), '');
}

function countLf(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(10, i + 1)) !== -1) n++;
  return n;
}

function doveadm(dovecot: Pick<Dovecot, 'dir'>, args: string[]) {
  const r = spawnSync('doveadm', ['-c', path.join(dovecot.dir, 'dovecot.conf'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Writes one message into a Maildir folder: tmp/, then renamed into cur/ (with flags) or new/. */
function deliver(dir: string, data: Buffer, arrival: number, index: number, flags: string | null) {
  const seconds = Math.floor(arrival / 1000);
  const base = `${seconds}.M${index}P1.mwbench,S=${data.length},W=${data.length + countLf(data)}`;
  const tmp = path.join(dir, 'tmp', base);
  fs.writeFileSync(tmp, data);
  fs.utimesSync(tmp, seconds, seconds);
  fs.chownSync(tmp, 65534, 65534);
  fs.renameSync(tmp, flags === null ? path.join(dir, 'new', base) : path.join(dir, 'cur', `${base}:2,${flags}`));
}

/**
 * Generates the corpus into `user`'s (empty) Maildir of this Dovecot and makes Dovecot index it.
 * Memory stays flat: each message is built, written and dropped.
 */
export function generateCorpus(dovecot: Pick<Dovecot, 'dir'>, user: string, options: CorpusOptions = {}): Corpus {
  const total = options.messages ?? 10_000;
  const seed = options.seed ?? 1;
  const separator = options.separator ?? '.';
  const rng = prng(seed);
  const maildir = path.join(dovecot.dir, 'mail', user, 'Maildir');

  // Exact counts: folder shares (the remainder goes to INBOX) and size classes, shuffled over the messages.
  const counts = FOLDERS.map((f) => Math.floor(total * f.share));
  counts[0]! += total - counts.reduce((a, b) => a + b, 0);
  const huge = Math.round(total * 0.003);
  const large = Math.round(total * 0.1);
  const classes: SizeClass[] = Array.from({ length: total }, (_, i) =>
    i < huge ? 'huge' : i < huge + large ? 'large' : 'small',
  );
  for (let i = classes.length - 1; i > 0; i--) {
    const j = Math.floor(rng.float() * (i + 1));
    [classes[i], classes[j]] = [classes[j]!, classes[i]!];
  }

  const corpus: Corpus = {
    messages: 0,
    bytes: 0,
    imapBytes: 0,
    folders: [],
    classes: { small: 0, large: 0, huge: 0 },
    largestBytes: 0,
  };
  let index = 0;
  FOLDERS.forEach((folder, k) => {
    const dir = folderDir(maildir, folder);
    ensureMaildir(dir, folder.name[0] !== 'INBOX');
    const entry: CorpusFolder = { path: imapPath(folder, separator), messages: 0, bytes: 0, imapBytes: 0 };
    for (const arrival of arrivalTimes(rng, counts[k]!, folder.from, folder.to)) {
      const sizeClass = classes[index]!;
      const target =
        sizeClass === 'small'
          ? rng.logUniform(2 * KIB, 20 * KIB)
          : sizeClass === 'large'
            ? rng.logUniform(50 * KIB, 500 * KIB)
            : rng.logUniform(2 * MIB, 5 * MIB);
      const data = buildMessage(rng, { index, seed, folder, arrival, target, sizeClass });
      deliver(dir, data, arrival, index, maildirFlags(rng, folder.flags));
      const imapBytes = data.length + countLf(data);
      entry.messages++;
      entry.bytes += data.length;
      entry.imapBytes += imapBytes;
      corpus.classes[sizeClass]++;
      corpus.largestBytes = Math.max(corpus.largestBytes, imapBytes);
      index++;
    }
    corpus.folders.push(entry);
    corpus.messages += entry.messages;
    corpus.bytes += entry.bytes;
    corpus.imapBytes += entry.imapBytes;
  });
  spawnSync('chown', ['-R', '65534:65534', path.join(dovecot.dir, 'mail', user)]);
  doveadm(dovecot, ['force-resync', '-u', user, '*']);
  return corpus;
}

/**
 * "New mail arrived since the last import": `count` more messages for `user` — INBOX 70 %, Sent 20 %,
 * Projects 10 % — dated after everything else, delivered the Maildir way (tmp/ → new/, unseen; Sent mail
 * → cur/ as seen) into the live Dovecot, which then syncs them in. Message-IDs continue the corpus' numbering.
 */
export function addNewMessages(
  dovecot: Pick<Dovecot, 'dir'>,
  user: string,
  count: number,
  options: { seed?: number } = {},
): Corpus {
  const seed = options.seed ?? 1;
  const maildir = path.join(dovecot.dir, 'mail', user, 'Maildir');
  let first = 0;
  for (const folder of FOLDERS) {
    const dir = folderDir(maildir, folder);
    for (const sub of ['cur', 'new']) if (fs.existsSync(path.join(dir, sub))) first += fs.readdirSync(path.join(dir, sub)).length;
  }
  const rng = prng(seed * 7919 + first);
  const corpus: Corpus = {
    messages: 0,
    bytes: 0,
    imapBytes: 0,
    folders: [],
    classes: { small: 0, large: 0, huge: 0 },
    largestBytes: 0,
  };
  const start = Date.parse('2026-04-01T06:00:00Z') + first * 60_000;
  for (let i = 0; i < count; i++) {
    const r = rng.float();
    const folder = FOLDERS[r < 0.7 ? 0 : r < 0.9 ? 1 : 4]!;
    const dir = folderDir(maildir, folder);
    ensureMaildir(dir, folder.name[0] !== 'INBOX');
    const sizeClass: SizeClass = rng.chance(0.1) ? 'large' : 'small';
    const target = sizeClass === 'large' ? rng.logUniform(50 * KIB, 500 * KIB) : rng.logUniform(2 * KIB, 20 * KIB);
    const arrival = start + i * 7 * 60_000;
    const data = buildMessage(rng, { index: first + i, seed, folder, arrival, target, sizeClass });
    deliver(dir, data, arrival, first + i, folder.sent ? 'S' : null);
    let entry = corpus.folders.find((f) => f.path === imapPath(folder, '.'));
    if (!entry) corpus.folders.push((entry = { path: imapPath(folder, '.'), messages: 0, bytes: 0, imapBytes: 0 }));
    entry.messages++;
    entry.bytes += data.length;
    entry.imapBytes += data.length + countLf(data);
    corpus.messages++;
    corpus.bytes += data.length;
    corpus.imapBytes += data.length + countLf(data);
    corpus.classes[sizeClass]++;
  }
  spawnSync('chown', ['-R', '65534:65534', path.join(dovecot.dir, 'mail', user)]);
  doveadm(dovecot, ['force-resync', '-u', user, '*']);
  return corpus;
}

// `tsx tests/bench/import-corpus.ts <dovecot dir> <user> <messages> [seed]`: the bench runs the generator in a
// child process, so the memory it takes doesn't count in the peak RSS measured for the copy. Prints the Corpus.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dir, user, messages, seed] = process.argv.slice(2);
  if (!dir || !user) throw new Error('usage: import-corpus.ts <dovecot dir> <user> [messages] [seed]');
  const corpus = generateCorpus({ dir }, user, { messages: Number(messages ?? 10_000), seed: Number(seed ?? 1) });
  process.stdout.write(`${JSON.stringify(corpus)}\n`);
}
