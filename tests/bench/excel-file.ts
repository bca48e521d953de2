/**
 * The bulk-create benchmarks' files: what Swiss/German Excel writes
 * (Windows-1252, ";", CRLF, empty cells kept as ";", a German header), with
 * rows mixed the way admins fill them in (see bulk-create.bench.ts).
 * Deterministic: the same count and seed, the same bytes.
 */
export const DOMAIN = 'muster-treuhand.ch';

// mulberry32: a small seeded PRNG, good enough to pick test data.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const FIRST = ['anna', 'beat', 'claudia', 'daniel', 'eva', 'fabian', 'gabriela', 'hans', 'irene', 'jonas', 'katrin', 'lukas', 'maria', 'nico', 'olivia', 'peter', 'regula', 'simon', 'tanja', 'urs']; // prettier-ignore
const LAST = ['muster', 'keller', 'frei', 'huber', 'meier', 'schmid', 'weber', 'steiner', 'gerber', 'brunner', 'baumann', 'fischer', 'zimmermann', 'graf', 'roth', 'bühler', 'müller', 'schäfer', 'wyss', 'hess']; // prettier-ignore
const WORDS = ['Sommer', 'Winter', 'Frühling', 'Herbst', 'Sonne', 'Berge', 'Zürich', 'Bern', 'Basel', 'Luzern', 'Kaffee', 'Schoggi', 'Bärli', 'Fondue', 'Velo', 'Tram', 'Garten', 'Hund', 'Katze', 'Fussball', 'Passwort', 'Willkommen', 'Treuhand', 'Muster', 'Gipfeli', 'Rösti', 'Matterhorn', 'Aare']; // prettier-ignore
const YEARS = ['1975', '1983', '1990', '2001', '2019', '2024', '2025', '2026', '123', '1234', '01', '!'];
const SYMBOLS = ['!', '?', '.', '-', '#', '$', '*', ''];
const WALKS = ['Qwertz123!', 'asdfgh2025', 'Yxcvbnm,.-', '1qay2wsx3edc', 'Qwertzuiop1'];
const PWGEN = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** One Excel-DE file of `count` rows: cp1252, ";", CRLF, header in German, empty cells as ";". */
export async function excelFile(count: number, seed: number): Promise<Uint8Array> {
  const { generatePassword } = await import('../../shared/domain/password/generate');
  const { cp1252 } = await import('../helpers/encodings');
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const cell = (text: string) => (/[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = ['E-Mail-Adresse;Passwort;Weiterleitung;Kopie löschen'];
  const people = FIRST.length * LAST.length;
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    let address = `${first}.${last}${i >= people ? Math.floor(i / people) : ''}`; // "müller": invalid, as typed
    const r = random();
    if (r < 0.01) address = `${address}@${DOMAIN}`;
    else if (r < 0.015) address = `${address}@gmail.com`;
    else if (r < 0.02 && i > 0) address = lines[1]!.split(';')[0]!; // a duplicate
    const kind = random();
    let password: string;
    if (kind < 0.35) password = generatePassword(bytes, { length: 12 + Math.floor(random() * 9) });
    else if (kind < 0.45) password = Array.from(bytes(12), (b) => PWGEN[b % PWGEN.length]).join('');
    else if (kind < 0.65) password = `${pick(WORDS)}${pick(YEARS)}${pick(SYMBOLS)}`;
    else if (kind < 0.75) password = `${pick(WORDS)}-${pick(WORDS)}-${pick(WORDS)}${Math.floor(random() * 100)}`;
    else if (kind < 0.82) password = `${first[0]!.toUpperCase()}${first.slice(1)}.${last}${pick(YEARS)}`;
    else if (kind < 0.87) password = pick(WALKS);
    else if (kind < 0.92) password = [pick(WORDS), pick(WORDS), pick(WORDS), pick(WORDS)].join(' ').toLowerCase();
    else if (kind < 0.96) password = `${pick(WORDS)}${pick(YEARS)}`.replace(/a/g, '@').replace(/o/g, '0').replace(/e/g, '3');
    else if (kind < 0.98) password = `Muster-Treuhand${pick(YEARS)}`;
    else if (kind < 0.99)
      password = `${pick(WORDS)};${pick(WORDS)};${pick(YEARS)}`; // quoted by Excel
    else password = '';
    const forward = random() < 0.1 ? `${first}.${last}@gmx.ch` : '';
    const flag = forward ? pick(['0', '1', '']) : random() < 0.01 ? '1' : '';
    lines.push([address, password, forward, flag].map(cell).join(';'));
  }
  const encoded = cp1252(lines.map((l) => `${l}\r\n`).join(''));
  if (!encoded) throw new Error('not Windows-1252');
  return encoded;
}
