import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_LIMIT, planBatches, scheduleBatches, WINDOW_MS } from '../../shared/domain/bulk-create/batches';
import { checkCsvFile, checkTable, type CheckOptions } from '../../shared/domain/bulk-create/check';
import { fieldOfHeader, mapColumns, TEMPLATE_MAPPING } from '../../shared/domain/bulk-create/columns';
import {
  type BulkRow,
  checkRows,
  ERROR_CODES,
  ISSUE_MESSAGES,
  type RowCheck,
  strengthInputs,
  summarise,
  WARNING_CODES,
} from '../../shared/domain/bulk-create/rules';
import { PROVIDER_HEADER, providerCsv, templateCsv } from '../../shared/domain/bulk-create/template';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { checkPassword } from '../../shared/domain/password/strength';
import { cp1252, utf8 } from '../helpers/encodings';

const DOMAIN = 'muster-treuhand.ch';
/** Strong whatever the address (zxcvbn score 4, 15 characters). */
const STRONG = 'Vq7-kPz2.wRt9Hx';
const NOW = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

const row = (line: number, address: string, password = STRONG, forwardTo = '', keepFlag = ''): BulkRow => ({
  line,
  address,
  password,
  forwardTo,
  keepFlag,
});

/** The real strength rule, with the row's address and the domain as zxcvbn user inputs. */
const strength = (r: BulkRow) => checkPassword(r.password, strengthInputs(r, DOMAIN)).ok;

function check(rows: BulkRow[], options: { existing?: string[]; free?: number; domain?: string } = {}): RowCheck[] {
  return checkRows(
    rows,
    { domain: options.domain ?? DOMAIN, existing: new Set(options.existing ?? []), free: options.free ?? 1000 },
    strength,
  );
}
const codes = (c: RowCheck) => c.issues.map((i) => i.code);
const one = (r: BulkRow, options?: Parameters<typeof check>[1]) => check([r], options)[0]!;

describe('bulk-create rules: the address', () => {
  it('trims and lower-cases the address', () => {
    expect(one(row(2, '  Anna.Muster '))).toEqual({ line: 2, address: 'anna.muster', status: 'ok', issues: [] });
    expect(one(row(2, '\tBEAT_Keller-2\t')).address).toBe('beat_keller-2');
  });

  it("accepts a full address in the service's domain and strips the domain (any case, any spaces)", () => {
    for (const address of ['anna@muster-treuhand.ch', ' Anna@Muster-Treuhand.CH ', 'ANNA@MUSTER-TREUHAND.CH']) {
      expect(one(row(2, address)), address).toMatchObject({ address: 'anna', status: 'ok', issues: [] });
    }
  });

  it('refuses a full address of another domain (domain-mismatch), a subdomain included', () => {
    for (const address of ['anna@example.org', 'anna@mail.muster-treuhand.ch', 'anna@muster-treuhand.com', 'anna@']) {
      const result = one(row(2, address));
      expect(codes(result), address).toEqual(['domain-mismatch']);
      expect(result.status).toBe('error');
      expect(result.address).toBe('anna');
    }
  });

  it('compares an international domain in either form (Unicode or punycode, as the provider exports it)', () => {
    const inService = (domain: string, r: BulkRow) => checkRows([r], { domain, existing: new Set(), free: 9 }, () => true)[0]!;
    for (const domain of ['bücher.ch', 'xn--bcher-kva.ch']) {
      for (const address of ['anna@bücher.ch', ' Anna@BÜCHER.CH', 'anna@xn--bcher-kva.ch']) {
        expect(inService(domain, row(2, address)), `${address} in ${domain}`).toMatchObject({ address: 'anna', status: 'ok' });
      }
      expect(codes(inService(domain, row(2, 'anna@bucher.ch')))).toEqual(['domain-mismatch']);
      expect(codes(inService(domain, row(2, 'anna', STRONG, 'ANNA@xn--bcher-kva.ch')))).toEqual(['forward-loop']);
      expect(codes(inService(domain, row(2, 'anna', STRONG, 'anna@bücher.ch')))).toEqual(['forward-loop']);
    }
  });

  it('reports an empty address as missing-address', () => {
    for (const address of ['', '   ', '\t'])
      expect(codes(one(row(2, address))), JSON.stringify(address)).toEqual(['missing-address']);
    expect(codes(one(row(2, '@muster-treuhand.ch')))).toEqual(['missing-address']);
  });

  it('allows 1–64 of a–z, 0–9, ".", "_", "-" without a leading, trailing or doubled dot', () => {
    for (const ok of ['a', '1', 'a.b', 'a_b-c.d9', '-anna', 'anna-', '_', 'x'.repeat(64)]) {
      expect(one(row(2, ok)).status, ok).toBe('ok');
    }
    for (const bad of [
      '.anna',
      'anna.',
      'an..na',
      'x'.repeat(65),
      'anna müller',
      'jürg',
      'anna+tag',
      "o'brien",
      'anna,beat',
      'ann@a@b',
    ]) {
      expect(codes(one(row(2, bad))), bad).toEqual([bad === 'ann@a@b' ? 'domain-mismatch' : 'invalid-address']);
    }
  });

  it('shows an invalid address trimmed and lower-cased, as typed otherwise', () => {
    expect(one(row(2, ' Jürg Müller '))).toMatchObject({ address: 'jürg müller', status: 'error' });
  });

  it('marks the later of two equal addresses duplicate-in-file, the first stays ok', () => {
    const checks = check([row(2, 'anna'), row(3, 'beat'), row(4, ' ANNA@muster-treuhand.ch'), row(5, 'anna')]);
    expect(checks.map(codes)).toEqual([[], [], ['duplicate-in-file'], ['duplicate-in-file']]);
    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'error', 'error']);
  });

  it('counts an earlier row with another error as the first one; invalid addresses are no duplicates', () => {
    const checks = check([row(2, 'anna', 'kurz'), row(3, 'anna'), row(4, 'an..na'), row(5, 'an..na')]);
    expect(checks.map(codes)).toEqual([['weak-password'], ['duplicate-in-file'], ['invalid-address'], ['invalid-address']]);
  });

  it('reports an address the service already has (mailbox or alias) as address-exists', () => {
    const existing = ['anna', 'info'];
    const checks = check([row(2, 'Anna'), row(3, 'info@muster-treuhand.ch'), row(4, 'beat'), row(5, 'anna')], { existing });
    expect(checks.map(codes)).toEqual([['address-exists'], ['address-exists'], [], ['duplicate-in-file']]);
  });
});

describe('bulk-create rules: the password', () => {
  it('reports an empty password as missing-password (and never asks zxcvbn)', () => {
    const asked: string[] = [];
    const [result] = checkRows([row(2, 'anna', '')], { domain: DOMAIN, existing: new Set(), free: 10 }, (r) => {
      asked.push(r.password);
      return true;
    });
    expect(codes(result!)).toEqual(['missing-password']);
    expect(asked).toEqual([]);
  });

  it('refuses fewer than 10 characters, however random', () => {
    expect(checkPassword('Xq7-kP2.w', []).score).toBeGreaterThanOrEqual(3); // 9 characters, strong by score alone
    expect(codes(one(row(2, 'anna', 'Xq7-kP2.w')))).toEqual(['weak-password']);
    expect(codes(one(row(2, 'anna', 'Xq7-kP2.wZ')))).toEqual([]);
  });

  it('refuses a score below 3 (common words, years, keyboard walks)', () => {
    for (const weak of ['Sommer2024!', 'Passwort123', 'qwertz123456']) {
      expect(checkPassword(weak, []).score, weak).toBeLessThan(3);
      expect(codes(one(row(2, 'anna', weak))), weak).toEqual(['weak-password']);
    }
  });

  it('gives zxcvbn the address and the domain: a password built from them is weak, the same one elsewhere is not', () => {
    expect(strengthInputs(row(2, ' Rosmarie.Zbinden@Muster-Treuhand.ch'), DOMAIN)).toEqual(['rosmarie.zbinden', DOMAIN]);
    // Built from the address: weak for rosmarie.zbinden, fine for beat.
    expect(codes(one(row(2, 'rosmarie.zbinden', 'Rosmarie.Zbinden7')))).toEqual(['weak-password']);
    expect(codes(one(row(2, 'beat', 'Rosmarie.Zbinden7')))).toEqual([]);
    // Built from the domain: weak in muster-treuhand.ch, fine in example.org.
    expect(codes(one(row(2, 'anna', 'muster-treuhand2026')))).toEqual(['weak-password']);
    const elsewhere = checkRows(
      [row(2, 'anna', 'muster-treuhand2026')],
      { domain: 'example.org', existing: new Set(), free: 1 },
      (r) => checkPassword(r.password, strengthInputs(r, 'example.org')).ok,
    );
    expect(codes(elsewhere[0]!)).toEqual([]);
  });
});

describe('bulk-create rules: forward-to and the 0/1 flag', () => {
  it('accepts any valid forward-to address, international domains included', () => {
    for (const forward of [
      'anna@example.org',
      ' First.Last@Example.COM ',
      'info@müller.ch',
      'info@xn--mller-kva.ch',
      'a+b@sub.example.co.uk',
    ]) {
      expect(codes(one(row(2, 'anna', STRONG, forward))), forward).toEqual([]);
    }
  });

  it('reports a forward-to that is not an address as invalid-forward', () => {
    for (const forward of [
      'anna',
      'anna@',
      '@example.org',
      'anna müller@example.org',
      'anna@example',
      'anna@-x.ch',
      'anna.@x.ch',
      'a@b@c.ch',
    ]) {
      expect(codes(one(row(2, 'beat', STRONG, forward))), forward).toEqual(['invalid-forward']);
    }
  });

  it('reports a forward to the row’s own address as forward-loop, however it is written', () => {
    for (const [address, forward] of [
      ['anna', 'anna@muster-treuhand.ch'],
      ['Anna', ' ANNA@Muster-Treuhand.CH '],
      ['anna@muster-treuhand.ch', 'anna@muster-treuhand.ch'],
    ]) {
      expect(codes(one(row(2, address!, STRONG, forward))), `${address} → ${forward}`).toEqual(['forward-loop']);
    }
    expect(codes(one(row(2, 'anna', STRONG, 'anna@example.org')))).toEqual([]);
    expect(codes(one(row(2, 'anna', STRONG, 'beat@muster-treuhand.ch')))).toEqual([]);
  });

  it('takes nothing, 0 or 1 in column D, anything else is invalid-keep-flag', () => {
    for (const flag of ['', '0', ' 1 ']) expect(codes(one(row(2, 'anna', STRONG, 'a@example.org', flag))), flag).toEqual([]);
    for (const flag of ['2', 'yes', 'ja', 'oui', 'x', '0.0', '01', '-1', 'true']) {
      expect(codes(one(row(2, 'anna', STRONG, 'a@example.org', flag))), flag).toEqual(['invalid-keep-flag']);
    }
  });

  it('warns about 1 without a forward-to (flag-without-forward) and keeps the row', () => {
    const result = one(row(2, 'anna', STRONG, '', '1'));
    expect(result).toEqual({
      line: 2,
      address: 'anna',
      status: 'warning',
      issues: [{ code: 'flag-without-forward', severity: 'warning', field: 'keepFlag' }],
    });
    expect(one(row(2, 'anna', STRONG, '', '0')).status).toBe('ok');
    // Warnings don't keep a row out: it counts for the quota and the batches.
    const table = checkTable([row(2, 'anna', STRONG, '', '1'), row(3, 'beat')], options({ free: 1 }));
    expect(table.checks.map(codes)).toEqual([['flag-without-forward'], ['over-quota']]);
    expect(table.batches).toEqual([{ index: 1, size: 1, notBefore: NOW.toISOString() }]);
  });
});

describe('bulk-create rules: quota, severities, summary', () => {
  it('hands the free addresses out in file order to rows without errors; the rest are over-quota', () => {
    const checks = check(
      [
        row(2, 'anna'),
        row(3, 'beat', 'kurz'), // an error already: no quota used, no over-quota on top
        row(4, 'claudia', STRONG, '', '1'), // a warning: uses quota
        row(5, 'daniel'),
        row(6, 'eva'),
        row(7, 'anna'), // duplicate: error, no over-quota
      ],
      { free: 2 },
    );
    expect(checks.map(codes)).toEqual([
      [],
      ['weak-password'],
      ['flag-without-forward'],
      ['over-quota'],
      ['over-quota'],
      ['duplicate-in-file'],
    ]);
    expect(checks.map((c) => c.status)).toEqual(['ok', 'error', 'warning', 'error', 'error', 'error']);
    expect(check([row(2, 'anna')], { free: 0 }).map(codes)).toEqual([['over-quota']]);
  });

  it('collects several problems of one row, each with its field', () => {
    const [result] = check([row(9, 'an..na', '', 'nope', 'ja')]);
    expect(result!.issues).toEqual([
      { code: 'invalid-address', severity: 'error', field: 'address' },
      { code: 'missing-password', severity: 'error', field: 'password' },
      { code: 'invalid-forward', severity: 'error', field: 'forwardTo' },
      { code: 'invalid-keep-flag', severity: 'error', field: 'keepFlag' },
    ]);
  });

  it('has a stable code set, every code an error but flag-without-forward, each with an English message', () => {
    expect([...ERROR_CODES].sort()).toEqual(
      [
        'address-exists',
        'domain-mismatch',
        'duplicate-in-file',
        'forward-loop',
        'invalid-address',
        'invalid-forward',
        'invalid-keep-flag',
        'missing-address',
        'missing-password',
        'over-quota',
        'weak-password',
      ].sort(),
    );
    expect(WARNING_CODES).toEqual(['flag-without-forward']);
    for (const code of [...ERROR_CODES, ...WARNING_CODES]) expect(ISSUE_MESSAGES[code](DOMAIN).length, code).toBeGreaterThan(10);
    expect(ISSUE_MESSAGES['domain-mismatch'](DOMAIN)).toContain(DOMAIN);
    expect(ISSUE_MESSAGES['address-exists'](DOMAIN)).toContain(DOMAIN);
  });

  it('summarises rows by status', () => {
    const checks = check([row(2, 'anna'), row(3, 'beat', STRONG, '', '1'), row(4, ''), row(5, 'claudia', '')]);
    expect(summarise(checks)).toEqual({ total: 4, ok: 1, warning: 1, error: 2 });
  });
});

function options(overrides: Partial<CheckOptions> = {}): CheckOptions {
  return {
    domain: DOMAIN,
    existing: new Set(),
    free: 1000,
    recent: [],
    now: NOW,
    isStrong: (password, inputs) => checkPassword(password, inputs).ok,
    ...overrides,
  };
}

/** Reads and checks a file; fails the test when the file is unusable. */
function checkFile(bytes: Uint8Array, overrides: Partial<CheckOptions> = {}) {
  const result = checkCsvFile(bytes, options(overrides));
  if (!result.ok) throw new Error(`unusable: ${result.problem}`);
  return result.result;
}

describe('bulk-create files: lines, blank lines, trailing delimiters, extra columns', () => {
  it('numbers rows by the physical line their record starts on (header = 1; quoted newlines, blank lines, CRLF and LF)', () => {
    const text = [
      'Adresse;Passwort;Weiterleitung;Löschen\r\n',
      'anna;Vq7-kPz2.wRt9Hx;"anna@example.org";0\r\n', // line 2
      '\r\n', // line 3: blank
      'beat;Vq7-kPz2.wRt9Hx;;;"Buchhaltung\r\n2. Stock"\r\n', // line 4, its note (column E) spans lines 4–5
      'claudia;Vq7-kPz2.wRt9Hx;;;"a note\nover\nthree lines"\n', // line 6 (LF inside), spans 6–8
      '\n', // line 9: blank
      ';;;\r\n', // line 10: only delimiters
      'daniel;kurz\r\n', // line 11
      'eva;Vq7-kPz2.wRt9Hx', // line 12, no final line break
    ].join('');
    const result = checkFile(utf8(text));
    expect(result.checks.map((c) => [c.line, c.address, codes(c)])).toEqual([
      [2, 'anna', []],
      [4, 'beat', []],
      [6, 'claudia', []],
      [11, 'daniel', ['weak-password']],
      [12, 'eva', []],
    ]);
  });

  it('ignores blank lines, trailing delimiters (Excel pads rows with them) and columns after D', () => {
    const text =
      'anna;Vq7-kPz2.wRt9Hx;;0;;;;\r\n' +
      ';;;;;;;\r\n' +
      'beat;Vq7-kPz2.wRt9Hx;beat@example.org;1;Buchhaltung;Raum 4;;\r\n' +
      '   \r\n' +
      ';;;;;;;\r\n';
    const result = checkFile(utf8(text));
    expect(result.header).toBeNull();
    expect(result.rows).toEqual([
      { line: 1, address: 'anna', password: STRONG, forwardTo: '', keepFlag: '0' },
      { line: 3, address: 'beat', password: STRONG, forwardTo: 'beat@example.org', keepFlag: '1' },
    ]);
    expect(result.summary).toEqual({ total: 2, ok: 2, warning: 0, error: 0 });
  });

  it('reads a file without a header in the template order, from line 1', () => {
    const result = checkFile(utf8('anna,Vq7-kPz2.wRt9Hx\nbeat@muster-treuhand.ch,Vq7-kPz2.wRt9Hx,anna@example.org,1\n'));
    expect(result.mapping).toEqual(TEMPLATE_MAPPING);
    expect(result.checks.map((c) => [c.line, c.address, c.status])).toEqual([
      [1, 'anna', 'ok'],
      [2, 'beat', 'ok'],
    ]);
  });
});

describe('bulk-create files: columns', () => {
  const headerCases: [string, string, string[]][] = [
    ['English', 'Password,Forward to,Email address,Delete copy', ['password', 'forwardTo', 'address', 'keepFlag']],
    ['German', 'Passwort;Weiterleitung;E-Mail-Adresse;Kopie löschen', ['password', 'forwardTo', 'address', 'keepFlag']],
    [
      'French',
      'Mot de passe;Redirection;Adresse électronique;Supprimer la copie',
      ['password', 'forwardTo', 'address', 'keepFlag'],
    ],
    ['Italian', 'Password;Inoltro;Indirizzo e-mail;Elimina copia', ['password', 'forwardTo', 'address', 'keepFlag']],
  ];
  for (const [language, header, fields] of headerCases) {
    it(`maps reordered columns by their ${language} header names`, () => {
      expect(header.split(/[,;]/).map(fieldOfHeader)).toEqual(fields);
      const delimiter = header.includes(';') ? ';' : ',';
      const line = [STRONG, 'anna@example.org', 'Anna', '1'].join(delimiter);
      const result = checkFile(cp1252(`${header}\r\n${line}\r\n`)!);
      expect(result.mapping).toEqual({ password: 0, forwardTo: 1, address: 2, keepFlag: 3 });
      expect(result.rows).toEqual([{ line: 2, address: 'Anna', password: STRONG, forwardTo: 'anna@example.org', keepFlag: '1' }]);
      expect(result.checks[0]).toMatchObject({ line: 2, address: 'anna', status: 'ok' });
    });
  }

  it('recognises more spellings in each language, folded (case, accents, punctuation in brackets)', () => {
    const names: [string, string][] = [
      ['E-Mail', 'address'],
      ['EMAIL', 'address'],
      ['Benutzername', 'address'],
      ['Courriel', 'address'],
      ['Indirizzo email', 'address'],
      ['Kennwort', 'password'],
      ['MDP', 'password'],
      ["Parola d'ordine", 'password'],
      ['Weiterleiten an', 'forwardTo'],
      ['Rediriger vers', 'forwardTo'],
      ['Reindirizzamento', 'forwardTo'],
      ['Löschen (0/1)', 'keepFlag'],
      ['Conserver une copie', 'keepFlag'],
      ['0/1', 'keepFlag'],
      // Hyphen or space, typographic apostrophes: written either way.
      ['E-Mail Adresse', 'address'],
      ['Email-Adresse', 'address'],
      ['Nom d’utilisateur', 'address'],
      ['Weiterleitung an', 'forwardTo'],
      ['Forward-to', 'forwardTo'],
    ];
    for (const [name, field] of names) expect(fieldOfHeader(name), name).toBe(field);
    expect(fieldOfHeader('Bemerkung')).toBeUndefined();
  });

  it("recognises the provider's own header row (the template)", () => {
    const result = checkFile(utf8(templateCsv(DOMAIN)));
    expect(result.header).toEqual([...PROVIDER_HEADER]);
    expect(result.mapping).toEqual(TEMPLATE_MAPPING);
    // The example line has no password: the template is to be filled in.
    expect(result.checks).toEqual([
      {
        line: 2,
        address: 'anna.muster',
        status: 'error',
        issues: [{ code: 'missing-password', severity: 'error', field: 'password' }],
      },
    ]);
  });

  it("maps the provider's header reordered (its column D named in full)", () => {
    const header = [PROVIDER_HEADER[1], PROVIDER_HEADER[0], PROVIDER_HEADER[3], PROVIDER_HEADER[2]].join(',');
    const result = checkFile(utf8(`${header}\r\n${STRONG},anna,1,anna@example.org\r\n`));
    expect(result.mapping).toEqual({ password: 0, address: 1, keepFlag: 2, forwardTo: 3 });
    expect(result.rows[0]).toMatchObject({ address: 'anna', forwardTo: 'anna@example.org', keepFlag: '1' });
  });

  it('keeps the template place for columns a partial header leaves unnamed', () => {
    const result = checkFile(utf8(`E-Mail;Passwort;;\r\nanna;${STRONG};anna@example.org;1\r\n`));
    expect(result.mapping).toEqual(TEMPLATE_MAPPING);
    expect(result.rows[0]).toMatchObject({ forwardTo: 'anna@example.org', keepFlag: '1' });
  });

  it('skips an unknown header over rows of addresses and reads the template order', () => {
    const text = 'Konto;Geheim;Ziel;Flag\r\nanna;' + STRONG + ';;\r\nbeat@muster-treuhand.ch;' + STRONG + ';;1\r\n';
    const result = checkFile(utf8(text));
    expect(result.header).toEqual(['Konto', 'Geheim', 'Ziel', 'Flag']);
    expect(result.mapping).toEqual(TEMPLATE_MAPPING);
    expect(result.checks.map((c) => [c.line, c.address, c.status])).toEqual([
      [2, 'anna', 'ok'],
      [3, 'beat', 'warning'],
    ]);
  });

  it("refuses a file with no recognisable columns ('no-columns'), never a partial import", () => {
    const cases = [
      'Name;Abteilung\r\nAnna Muster;Verkauf\r\nBeat Keller;Einkauf\r\n',
      // "Name" alone would pass for an address: the rows under it decide.
      'Name,Telefon\nAnna Muster,044 123 45 67\nBeat Keller,044 123 45 68\nClaudia Frei,044 123 45 69\n',
      'just some text\n',
    ];
    for (const text of cases) {
      expect(checkCsvFile(utf8(text), options()), text).toEqual({ ok: false, problem: 'no-columns' });
      const read = readCsvBytes(utf8(text));
      expect(read.ok && mapColumns(read.records, DOMAIN)).toEqual({ ok: false, problem: 'no-columns' });
    }
  });

  it('passes unusable bytes on as the problem (empty file, workbook, binary)', () => {
    expect(checkCsvFile(new Uint8Array(0), options())).toEqual({ ok: false, problem: 'empty-file' });
    expect(checkCsvFile(utf8('\r\n  \r\n', true), options())).toEqual({ ok: false, problem: 'empty-file' });
    expect(checkCsvFile(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0), options())).toEqual({
      ok: false,
      problem: 'spreadsheet-file',
    });
    expect(checkCsvFile(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0), options())).toEqual({
      ok: false,
      problem: 'spreadsheet-file',
    });
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52);
    expect(checkCsvFile(png, options())).toEqual({ ok: false, problem: 'binary-file' });
  });
});

describe('the provider file', () => {
  it('writes the four columns in order, UTF-8 without BOM, comma, and a password starting with "-" as it is', () => {
    const csv = providerCsv([
      { address: 'anna@muster-treuhand.ch', password: '-Vq7,kPz2"wRt9', forwardTo: 'anna@example.org', keepFlag: '1' },
      { address: 'beat@muster-treuhand.ch', password: '=Vq7-kPz2.wRt9Hx', forwardTo: '', keepFlag: '1' },
      { address: 'claudia@muster-treuhand.ch', password: STRONG, forwardTo: 'c@example.org', keepFlag: '' },
    ]);
    expect(csv).toBe(
      'Email address,Password,Redirection,Delete copy after redirection (0/1)\r\n' +
        'anna@muster-treuhand.ch,"-Vq7,kPz2""wRt9",anna@example.org,1\r\n' +
        'beat@muster-treuhand.ch,=Vq7-kPz2.wRt9Hx,,\r\n' +
        `claudia@muster-treuhand.ch,${STRONG},c@example.org,0\r\n`,
    );
  });
});

describe('batches: at most 50 new addresses in any 24 hours', () => {
  it('cuts valid rows into batches of 50, a day apart, from now', () => {
    expect(planBatches(0, [], NOW)).toEqual([]);
    expect(planBatches(1, [], NOW)).toEqual([{ index: 1, size: 1, notBefore: at(0) }]);
    expect(planBatches(120, [], NOW)).toEqual([
      { index: 1, size: 50, notBefore: at(0) },
      { index: 2, size: 50, notBefore: at(24 * HOUR) },
      { index: 3, size: 20, notBefore: at(48 * HOUR) },
    ]);
  });

  it('fills the room left now when that finishes sooner (30 created 10 hours ago: 20 now, then 50s)', () => {
    const recent = Array.from({ length: 30 }, () => at(-10 * HOUR));
    // Batches of 50 would all wait 14 hours and finish at +62 h; 20 now, 50, 50 finish at +48 h.
    expect(planBatches(120, recent, NOW)).toEqual([
      { index: 1, size: 20, notBefore: at(0) },
      { index: 2, size: 50, notBefore: at(24 * HOUR) },
      { index: 3, size: 50, notBefore: at(48 * HOUR) },
    ]);
    expect(planBatches(20, recent, NOW)).toEqual([{ index: 1, size: 20, notBefore: at(0) }]);
    // 21: one batch at +14 h, or 20 now and 1 at +24 h: the single batch finishes first.
    expect(planBatches(21, recent, NOW)).toEqual([{ index: 1, size: 21, notBefore: at(14 * HOUR) }]);
    expect(planBatches(50, recent, NOW)).toEqual([{ index: 1, size: 50, notBefore: at(14 * HOUR) }]);
    // Batches of other sizes (stored at commit, re-timed on every read): 20 now, then 50 when both groups aged out.
    expect(scheduleBatches([20, 50, 30], recent, NOW)).toEqual([at(0), at(24 * HOUR), at(48 * HOUR)]);
  });

  it('keeps batches of 50 when a small first batch would delay the rest (49 created an hour ago)', () => {
    const recent = Array.from({ length: 49 }, () => at(-HOUR));
    expect(planBatches(120, recent, NOW)).toEqual([
      { index: 1, size: 50, notBefore: at(23 * HOUR) },
      { index: 2, size: 50, notBefore: at(47 * HOUR) },
      { index: 3, size: 20, notBefore: at(71 * HOUR) },
    ]);
  });

  it('never finishes later than batches of 50 and keeps every row (fast-check)', () => {
    const hours = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((minutes) => at(-minutes * 60_000));
    fc.assert(
      fc.property(fc.array(hours, { maxLength: 60 }), fc.integer({ min: 1, max: 400 }), (recent, count) => {
        const plan = planBatches(count, recent, NOW);
        const sizes = [];
        for (let left = count; left > 0; left -= BATCH_LIMIT) sizes.push(Math.min(BATCH_LIMIT, left));
        const fifties = scheduleBatches(sizes, recent, NOW);
        expect(plan.reduce((n, b) => n + b.size, 0)).toBe(count);
        expect(plan.every((b) => b.size >= 1 && b.size <= BATCH_LIMIT)).toBe(true);
        expect(plan.map((b) => b.index)).toEqual(plan.map((_, i) => i + 1));
        // Each batch at the earliest moment it fits, so the plan is valid by the property test below.
        expect(plan.map((b) => b.notBefore)).toEqual(
          scheduleBatches(
            plan.map((b) => b.size),
            recent,
            NOW,
          ),
        );
        expect(Date.parse(plan.at(-1)!.notBefore)).toBeLessThanOrEqual(Date.parse(fifties.at(-1)!));
      }),
      { numRuns: 300 },
    );
  });

  it('takes the first moment enough addresses have aged out, one group at a time', () => {
    // 10 created 23 hours ago, 40 two hours ago: the window is full.
    const recent = [...Array.from({ length: 10 }, () => at(-23 * HOUR)), ...Array.from({ length: 40 }, () => at(-2 * HOUR))];
    expect(planBatches(10, recent, NOW)).toEqual([{ index: 1, size: 10, notBefore: at(1 * HOUR) }]);
    expect(planBatches(11, recent, NOW)).toEqual([{ index: 1, size: 11, notBefore: at(22 * HOUR) }]);
    // The 10 that go at +1 h hold their place until +25 h: the next 50 wait for them too.
    expect(scheduleBatches([10, 50], recent, NOW)).toEqual([at(1 * HOUR), at(25 * HOUR)]);
  });

  it('ignores creations 24 hours old or older, and counts one a millisecond younger', () => {
    expect(planBatches(50, Array(50).fill(at(-24 * HOUR)), NOW)[0]!.notBefore).toBe(at(0));
    expect(planBatches(50, Array(50).fill(at(-36 * HOUR)), NOW)[0]!.notBefore).toBe(at(0));
    expect(planBatches(50, Array(50).fill(at(-24 * HOUR + 1)), NOW)[0]!.notBefore).toBe(at(1));
    expect(planBatches(1, Array(49).fill(at(-HOUR)), NOW)[0]!.notBefore).toBe(at(0));
    expect(planBatches(2, Array(49).fill(at(-HOUR)), NOW)[0]!.notBefore).toBe(at(23 * HOUR));
  });

  it('never puts more than 50 in any 24 hours, keeps file order, and never waits longer than needed (fast-check)', () => {
    const hours = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((minutes) => at(-minutes * 60_000));
    fc.assert(
      fc.property(
        fc.array(hours, { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: BATCH_LIMIT }), { minLength: 1, maxLength: 6 }),
        (recent, sizes) => {
          const times = scheduleBatches(sizes, recent, NOW).map((t) => Date.parse(t));
          const events = [
            ...recent.map((t) => ({ at: Date.parse(t), size: 1 })),
            ...times.map((t, i) => ({ at: t, size: sizes[i]! })),
          ];
          const used = (t: number, list = events) =>
            list.filter((e) => e.at > t - WINDOW_MS && e.at <= t).reduce((n, e) => n + e.size, 0);
          times.forEach((t, i) => {
            expect(t).toBeGreaterThanOrEqual(i === 0 ? NOW.getTime() : times[i - 1]!);
            // The window ending at each batch (events are never later than the last batch) holds at most 50.
            expect(used(t)).toBeLessThanOrEqual(BATCH_LIMIT);
            // A millisecond earlier it would not have fit (unless it goes at the earliest moment allowed).
            const earliest = i === 0 ? NOW.getTime() : times[i - 1]!;
            if (t > earliest) {
              const before = events.slice(0, recent.length + i);
              expect(used(t - 1, before) + sizes[i]!).toBeGreaterThan(BATCH_LIMIT);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
