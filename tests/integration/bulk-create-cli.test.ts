/**
 * `mailwright csv …` over the real-world corpus in tests/fixtures/csv (see
 * generate.ts there): the JSON the issue specifies, the exit codes, and no
 * password from the input — or generated — on stdout or stderr, ever.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../electron/cli/cli';
import { openRuntime } from '../../electron/rpc/runtime';
import { workspaceFile } from '../../electron/store/paths';
import { mapColumns } from '../../shared/domain/bulk-create/columns';
import { ISSUE_MESSAGES, toRows, type IssueCode } from '../../shared/domain/bulk-create/rules';
import { PROVIDER_HEADER, templateCsv } from '../../shared/domain/bulk-create/template';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { checkPassword } from '../../shared/domain/password/strength';
import { FIXTURE_DIR, FIXTURE_DOMAIN as DOMAIN, FIXTURES } from '../fixtures/csv/generate';
import { utf8 } from '../helpers/encodings';
import { tempDir } from '../helpers/workspace';

const DAY = 24 * 60 * 60 * 1000;

async function cli(dataDir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

/** The passwords a file holds, as the reader sees them (none for unusable files). */
function passwordsIn(bytes: Uint8Array): string[] {
  const table = readCsvBytes(bytes);
  if (!table.ok) return [];
  const columns = mapColumns(table.records, DOMAIN);
  if (!columns.ok) return [];
  return toRows(columns.data, columns.mapping)
    .map((r) => r.password)
    .filter((p) => p !== '');
}

/** Fails when any password shows up in the text, as typed or as JSON would escape it. */
function expectNoPasswords(text: string, passwords: readonly string[], where: string) {
  for (const password of passwords) {
    expect(password.length, 'a password this short could occur by chance').toBeGreaterThanOrEqual(8);
    expect(text.includes(password), `${where} shows the password ${password}`).toBe(false);
    expect(text.includes(JSON.stringify(password).slice(1, -1)), `${where} shows the password ${password}`).toBe(false);
  }
}

type Row = [line: number, address: string, status: 'ok' | 'warning' | 'error', codes: IssueCode[]];
type Expected =
  | { exit: 0 | 1; encoding: string; bom: boolean; delimiter: string; rows: Row[]; batchSizes?: number[] }
  | { exit: 2; message: RegExp };

const EXPECTED: Record<string, Expected> = {
  'excel-de-cp1252-semicolon.csv': {
    exit: 1,
    encoding: 'windows-1252',
    bom: false,
    delimiter: ';',
    rows: [
      [2, 'anna.muster', 'ok', []],
      [3, 'beat.keller', 'error', ['weak-password']],
      [4, 'claudia.frei', 'ok', []],
      [5, 'jürg.müller', 'error', ['invalid-address']], // the umlauts decoded right, and refused
      [6, 'daniel.huber', 'warning', ['flag-without-forward']],
      [7, 'eva.meier', 'ok', []], // "€" (0x80) in the password, an IDN forward
    ],
  },
  'utf8-bom-provider-template.csv': {
    exit: 0,
    encoding: 'utf-8',
    bom: true,
    delimiter: ',',
    rows: [
      [2, 'anna.muster', 'ok', []],
      [3, 'beat.keller', 'ok', []],
      [4, 'info', 'ok', []],
    ],
  },
  'utf16le-tab-unicode-text.csv': {
    exit: 1,
    encoding: 'utf-16le',
    bom: true,
    delimiter: '\t',
    rows: [
      [2, 'lea.schmid', 'ok', []],
      [3, 'noah.weber', 'error', ['weak-password']],
      [4, 'mia.frei', 'ok', []],
    ],
  },
  'utf16be-bom-no-header.csv': {
    exit: 0,
    encoding: 'utf-16be',
    bom: true,
    delimiter: ',',
    rows: [
      [1, 'elias.brunner', 'ok', []],
      [2, 'laura.gerber', 'ok', []],
    ],
  },
  'quoted-newlines.csv': {
    exit: 1,
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    rows: [
      [2, 'anna', 'ok', []], // its note spans lines 2–3
      [4, 'beat', 'ok', []], // lines 4–6
      [7, 'claudia', 'error', ['weak-password']],
      [8, 'daniel', 'ok', []],
    ],
  },
  'french-headers-reordered.csv': {
    exit: 1,
    encoding: 'utf-8',
    bom: false,
    delimiter: ';',
    rows: [
      [2, 'sophie.rochat', 'ok', []],
      [3, 'luc.favre', 'error', ['weak-password']],
      [4, 'élodie.blanc', 'error', ['invalid-address']],
      [5, 'marc.dubois', 'error', ['forward-loop']],
    ],
  },
  'italian-headers.csv': {
    exit: 1,
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    rows: [
      [2, 'giulia.bernasconi', 'ok', []],
      [3, 'marco.rossi', 'error', ['weak-password']],
      [4, 'luca.ferrari', 'error', ['invalid-keep-flag']],
    ],
  },
  'full-addresses.csv': {
    exit: 1,
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    rows: [
      [1, 'anna.muster', 'ok', []],
      [2, 'beat.keller', 'ok', []],
      [3, 'claudia.frei', 'error', ['domain-mismatch']],
      [4, 'anna.muster', 'error', ['duplicate-in-file']],
    ],
  },
  'excel-trailing-delimiters.csv': {
    exit: 0,
    encoding: 'windows-1252',
    bom: false,
    delimiter: ';',
    rows: [
      [2, 'nico.steiner', 'ok', []],
      [4, 'olivia.baumann', 'ok', []],
    ],
  },
  'many-rows.csv': {
    exit: 0,
    encoding: 'windows-1252',
    bom: false,
    delimiter: ';',
    rows: Array.from({ length: 120 }, (_, i): Row => [i + 2, expect.any(String) as unknown as string, 'ok', []]),
    batchSizes: [50, 50, 20],
  },
  'empty.csv': { exit: 2, message: /The file is empty\. Fill in the template \(mailwright csv template\)/ },
  'excel-workbook-saved-as.csv': { exit: 2, message: /Excel .*workbook.*Save As.*CSV UTF-8/ },
  'png-renamed.csv': { exit: 2, message: /not a text file\. Save the table as CSV/ },
  'no-columns.csv': { exit: 2, message: /No columns were recognised\. Use the template’s order/ },
};

interface Report {
  encoding: string;
  delimiter: string;
  rows: { line: number; address: string; status: string; issues: { code: IssueCode; severity: string; message: string }[] }[];
  summary: { total: number; ok: number; warning: number; error: number };
  batches: { index: number; size: number; notBefore: string }[];
}

describe('the csv fixture corpus', () => {
  it('is on disk exactly as generate.ts writes it, every file under 10 KB', () => {
    const onDisk = fs.readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.csv'));
    expect(onDisk.sort()).toEqual(Object.keys(FIXTURES).sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(FIXTURES).sort());
    for (const [name, bytes] of Object.entries(FIXTURES)) {
      const file = fs.readFileSync(path.join(FIXTURE_DIR, name));
      expect(Buffer.compare(file, Buffer.from(bytes)), `${name}: run npx tsx tests/fixtures/csv/generate.ts`).toBe(0);
      expect(file.length).toBeLessThan(10_000);
    }
  });
});

describe('mailwright csv check FILE --domain … --json, over the corpus', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: exit ${expected.exit}${expected.exit === 2 ? '' : `, ${expected.encoding}, ${JSON.stringify(expected.delimiter)}`}`, async () => {
      const dir = tempDir();
      const file = path.join(FIXTURE_DIR, name);
      const passwords = passwordsIn(fs.readFileSync(file));
      const started = Date.now();
      const json = await cli(dir, '--json', 'csv', 'check', file, '--domain', DOMAIN);
      const human = await cli(dir, 'csv', 'check', file, '--domain', DOMAIN);
      const finished = Date.now();

      expect(json.code).toBe(expected.exit);
      expect(human.code).toBe(expected.exit);
      for (const [where, text] of Object.entries({
        'stdout (--json)': json.stdout,
        'stderr (--json)': json.stderr,
        stdout: human.stdout,
        stderr: human.stderr,
      })) {
        expectNoPasswords(text, passwords, where);
      }

      if (expected.exit === 2) {
        expect(json.stdout).toBe('');
        expect(json.stderr).toMatch(expected.message);
        expect(json.stderr.trim().split('\n')).toHaveLength(1);
        expect(human.stderr).toBe(json.stderr);
        return;
      }

      // One JSON object on stdout, nothing else.
      const report = JSON.parse(json.stdout) as Report;
      expect(report).toMatchObject({ encoding: expected.encoding, delimiter: expected.delimiter, bom: expected.bom });
      expect(report.rows.map((r) => [r.line, r.address, r.status, r.issues.map((i) => i.code)])).toEqual(expected.rows);
      for (const row of report.rows) {
        expect(Object.keys(row).sort()).toEqual(['address', 'issues', 'line', 'status']);
        for (const issue of row.issues) {
          expect(issue).toEqual({
            code: issue.code,
            severity: issue.code === 'flag-without-forward' ? 'warning' : 'error',
            message: ISSUE_MESSAGES[issue.code](DOMAIN),
          });
        }
      }
      const count = (status: string) => report.rows.filter((r) => r.status === status).length;
      expect(report.summary).toEqual({
        total: report.rows.length,
        ok: count('ok'),
        warning: count('warning'),
        error: count('error'),
      });

      // Batches of the rows without errors: at most 50, a day apart, the first now (no recent creations here).
      expect(report.batches.reduce((n, b) => n + b.size, 0)).toBe(count('ok') + count('warning'));
      if (expected.batchSizes) expect(report.batches.map((b) => b.size)).toEqual(expected.batchSizes);
      report.batches.forEach((batch, i) => {
        expect(batch.index).toBe(i + 1);
        expect(batch.size).toBeLessThanOrEqual(50);
        expect(new Date(batch.notBefore).toISOString()).toBe(batch.notBefore);
      });
      const first = Date.parse(report.batches[0]!.notBefore);
      expect(first).toBeGreaterThanOrEqual(started);
      expect(first).toBeLessThanOrEqual(finished);
      expect(report.batches.map((b) => Date.parse(b.notBefore) - first)).toEqual(report.batches.map((_, i) => i * DAY));

      if (expected.exit === 0) expect(json.stderr).toBe('');
      else expect(json.stderr).toBe(`mailwright: ${report.summary.error} row(s) have errors.\n`);
      // The people's version says the same.
      expect(human.stdout).toContain(
        `${expected.encoding}${expected.bom ? ' with BOM' : ''}, delimiter ${JSON.stringify(expected.delimiter)}`,
      );
    });
  }

  it('hands out --quota N in file order', async () => {
    const file = path.join(FIXTURE_DIR, 'excel-trailing-delimiters.csv');
    const result = await cli(tempDir(), '--json', 'csv', 'check', file, '--domain', DOMAIN, '--quota', '1');
    expect(result.code).toBe(EXIT.failed);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.rows.map((r) => [r.line, r.status, r.issues.map((i) => i.code)])).toEqual([
      [2, 'ok', []],
      [4, 'error', ['over-quota']],
    ]);
    expect(report.batches).toEqual([{ index: 1, size: 1, notBefore: expect.any(String) }]);
  });

  it('checks against the service in the workspace: its mailboxes and aliases exist, its free quota counts', async () => {
    const dir = tempDir();
    await cli(dir, 'org', 'add', 'Muster Treuhand AG');
    await cli(dir, 'service', 'add', DOMAIN, '--org', 'Muster Treuhand AG', '--quota', '3');
    const rt = openRuntime({ file: workspaceFile(dir), host: 'test', appVersion: 't', locale: null });
    try {
      const [service] = rt.services.mailServices.list({});
      const mailbox = rt.services.mailboxes.create(
        { mailServiceId: service!.id, localPart: 'anna.muster', displayName: '', storageQuotaMb: 1024, state: 'created' },
        { actor: 'test' },
      );
      rt.services.aliases.add({ mailboxId: mailbox.id, localPart: 'claudia.frei' }, { actor: 'test' });
    } finally {
      rt.close();
    }
    const file = path.join(FIXTURE_DIR, 'excel-de-cp1252-semicolon.csv');
    const result = await cli(dir, '--json', 'csv', 'check', file, '--domain', DOMAIN);
    expect(result.code).toBe(EXIT.failed);
    const report = JSON.parse(result.stdout) as Report;
    // 3 addresses, 1 used: 2 free, for daniel.huber and eva.meier.
    expect(report.rows.map((r) => [r.address, r.issues.map((i) => i.code)])).toEqual([
      ['anna.muster', ['address-exists']],
      ['beat.keller', ['weak-password']],
      ['claudia.frei', ['address-exists']],
      ['jürg.müller', ['invalid-address']],
      ['daniel.huber', ['flag-without-forward']],
      ['eva.meier', []],
    ]);
    const free = await cli(dir, '--json', 'csv', 'check', file, '--domain', DOMAIN, '--quota', '1');
    expect((JSON.parse(free.stdout) as Report).rows.at(-1)!.issues.map((i) => i.code)).toEqual(['over-quota']);
  });

  it('never shows a line-1 row it takes for a header with its password', async () => {
    // No header, and line 1's address is not an address: it reads as an unknown header over rows of addresses.
    const dir = tempDir();
    const file = path.join(dir, 'no-header.csv');
    fs.writeFileSync(file, 'Hans Müller;Geheim-Passwort-2024\r\nanna;Vq7-kPz2.wRt9Hx\r\nbeat;hT4.mW9-zQ2+Lp\r\n');
    const result = await cli(dir, '--json', 'csv', 'check', file, '--domain', DOMAIN);
    expect(result.code).toBe(EXIT.ok);
    expectNoPasswords(result.stdout + result.stderr, ['Geheim-Passwort-2024', 'Vq7-kPz2.wRt9Hx', 'hT4.mW9-zQ2+Lp'], 'output');
    expect(JSON.parse(result.stdout)).toMatchObject({ header: ['Hans Müller', '(not shown)'], rows: [{ line: 2 }, { line: 3 }] });
    expect(result.stderr).toContain('Line 1 names no known column, so it was read as a header and not checked.');
  });

  it('exits 2 for a file it cannot read and for a domain that is none', async () => {
    const dir = tempDir();
    const missing = await cli(dir, 'csv', 'check', path.join(dir, 'nope.csv'), '--domain', DOMAIN);
    expect(missing).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(missing.stderr).toContain('ENOENT');
    const bad = await cli(dir, 'csv', 'check', path.join(FIXTURE_DIR, 'full-addresses.csv'), '--domain', 'not a domain');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('neither a mail service nor a domain');
  });
});

describe('the shipped CLI (dist/node/cli.cjs)', () => {
  it('rates passwords on worker threads over the prebuilt word tries exactly as the check in one thread does', async () => {
    const bundle = path.resolve('dist/node/cli.cjs');
    expect(fs.existsSync(bundle), 'the CLI bundle is built by `npm run build` (npm test builds first)').toBe(true);
    expect(fs.existsSync(path.resolve('dist/node/strength-words.bin')), 'written beside the strength worker').toBe(true);
    // zxcvbn's word lists (2.5 MB) are in neither the CLI nor its strength worker: the tries replace them.
    for (const file of [bundle, path.resolve('dist/node/strength-worker.cjs')])
      expect(fs.readFileSync(file, 'utf8').includes('@zxcvbn-ts/language-en'), file).toBe(false);
    // 400 rows of the passwords admins type, weak and strong: words, names and places with years and symbols,
    // l33t spellings, keyboard walks, passphrases, the company's name, random ones.
    const words = ['Sommer', 'Zürich', 'Passwort', 'Matterhorn', 'Schoggi', 'Welcome', 'Treuhand', 'Katrin', 'Velo'];
    const tails = ['2026', '1985!', '123', '', '.7', '#2019'];
    const leet = (w: string) => w.replace(/a/g, '@').replace(/e/g, '3').replace(/o/g, '0').replace(/i/g, '1');
    const lines = ['E-Mail-Adresse;Passwort;Weiterleitung;Kopie löschen'];
    for (let i = 0; i < 400; i++) {
      const [w, v, t] = [words[i % 9]!, words[(i * 7 + 3) % 9]!, tails[i % 6]!];
      const password = [
        `${w}${t}`,
        `${leet(w)}${leet(v)}${t}`,
        `${w}-${v.toLowerCase()}-${words[(i + 5) % 9]}${i}`,
        ['Qwertz123!', 'asdfghjkl2025', '1qay2wsx3edc', 'Yxcvbnm,.-12'][i % 4]!,
        `Muster-Treuhand${t}`,
        Buffer.from(`${i}:${w}`).toString('base64').slice(0, 14),
      ][i % 6]!;
      lines.push(`person${i};${password};;`);
    }
    const file = path.join(tempDir(), 'mixed.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`, 'latin1');

    // The service is in both workspaces: its context warms the workers up while the checks are already coming.
    const [shippedDir, inThreadDir] = [tempDir(), tempDir()];
    for (const dir of [shippedDir, inThreadDir]) {
      await cli(dir, 'org', 'add', 'Muster Treuhand AG');
      await cli(dir, 'service', 'add', DOMAIN, '--org', 'Muster Treuhand AG', '--quota', '1000');
    }
    const args = ['--json', 'csv', 'check', file, '--domain', DOMAIN];
    const shipped = await promisify(execFile)(process.execPath, [bundle, '--data-dir', shippedDir, ...args]).then(
      () => ({ stdout: '', code: 0 }),
      (error: { stdout: string; code: number }) => error,
    );
    const inThread = await cli(inThreadDir, ...args);
    expect(shipped.code).toBe(EXIT.failed);
    expect(inThread.code).toBe(EXIT.failed);
    const rows = (stdout: string) => (JSON.parse(stdout) as Report).rows;
    expect(rows(shipped.stdout)).toEqual(rows(inThread.stdout));
    // Both verdicts occur, so the comparison means something.
    const weak = rows(shipped.stdout).filter((r) => r.issues.some((i) => i.code === 'weak-password')).length;
    expect(weak).toBeGreaterThan(40);
    expect(weak).toBeLessThan(360);
  });
});

describe('mailwright csv template', () => {
  it("prints the provider's template with a BOM, its header and an example line", async () => {
    const result = await cli(tempDir(), 'csv', 'template', '--domain', DOMAIN);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toBe(templateCsv(DOMAIN));
    expect(result.stdout).toBe(`\uFEFF${PROVIDER_HEADER.join(',')}\r\nanna.muster@${DOMAIN},,,0\r\n`);
    const json = await cli(tempDir(), '--json', 'csv', 'template');
    expect(JSON.parse(json.stdout)).toEqual({ csv: templateCsv(), fileName: 'mailwright-bulk-create-template.csv' });
  });
});

describe('mailwright csv apply → batches → export-batch → mark-applied', () => {
  interface CliBatch {
    id: number;
    position: number;
    size: number;
    status: string;
    notBefore: string;
    appliedAt: string | null;
  }

  it('plans, exports passwords only into the 0600 file, and unlocks the next batch 24 hours after the applied one', async () => {
    const dir = tempDir();
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const result = await cli(dir, ...args);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    await run('org', 'add', 'Muster Treuhand AG');
    await run('service', 'add', DOMAIN, '--org', 'Muster Treuhand AG', '--quota', '200');

    // 60 rows: strong passwords, weak ones and missing ones (to be generated), Excel-DE bytes.
    const typed = new Map<string, string>();
    const lines = ['E-Mail;Passwort;Weiterleitung;Kopie löschen'];
    for (let i = 0; i < 60; i++) {
      const local = `person${String(i).padStart(2, '0')}`;
      const password =
        i % 3 === 0 ? `hT4.mW9-${String(i).padStart(3, '0')}` : i % 3 === 1 ? `Passw0rd${String(i).padStart(2, '0')}` : '';
      if (password) typed.set(local, password);
      lines.push(`${local};${password};${i === 0 ? 'anna@example.org;1' : ';'}`);
    }
    const input = path.join(dir, 'import.csv');
    fs.writeFileSync(input, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));

    const checked = await run('--json', 'csv', 'check', input, '--domain', DOMAIN);
    expect(checked.code).toBe(EXIT.failed); // weak and missing passwords
    const applied = await run('--json', 'csv', 'apply', input, '--service', DOMAIN, '--generate-passwords');
    expect(applied.code).toBe(EXIT.ok);
    const commit = JSON.parse(applied.stdout) as { created: number; generated: number; batches: CliBatch[] };
    expect(commit).toMatchObject({ created: 60, generated: 40 });
    expect(commit.batches.map((b) => [b.position, b.size, b.status])).toEqual([
      [1, 50, 'ready'],
      [2, 10, 'waiting'],
    ]);
    expect(applied.stderr).toContain('generated 40 password(s)');

    const listed = JSON.parse((await run('--json', 'csv', 'batches', '--service', DOMAIN)).stdout) as CliBatch[];
    const [first, second] = listed as [CliBatch, CliBatch];
    expect(Date.parse(second.notBefore) - Date.parse(first.notBefore)).toBe(DAY);

    // The waiting batch can't be exported yet.
    const early = await run('--json', 'csv', 'export-batch', String(second.id), '--out', path.join(dir, 'b2.csv'));
    expect(early.code).toBe(EXIT.failed);
    expect(JSON.parse(early.stdout)).toMatchObject({ ok: false, error: { code: 'batch-not-ready' } });
    expect(fs.existsSync(path.join(dir, 'b2.csv'))).toBe(false);

    const out = path.join(dir, 'batch-1.csv');
    const exported = await run('--json', 'csv', 'export-batch', String(first.id), '--out', out);
    expect(exported.code).toBe(EXIT.ok);
    expect(JSON.parse(exported.stdout)).toEqual({ file: out, rows: 50 });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const again = await run('csv', 'export-batch', String(first.id), '--out', out);
    expect(again.code).toBe(EXIT.usage);
    expect(again.stderr).toContain('already exists');

    // The provider's file: its header, full addresses, the typed strong passwords, generated ones for the rest.
    const file = fs.readFileSync(out, 'utf8');
    expect(file.startsWith(`${PROVIDER_HEADER.join(',')}\r\n`)).toBe(true);
    const read = readCsvBytes(utf8(file));
    if (!read.ok) throw new Error('export unreadable');
    const exportedRows = read.records.slice(1).map((r) => r.cells);
    expect(exportedRows).toHaveLength(50);
    expect(exportedRows[0]).toEqual(['person00@muster-treuhand.ch', typed.get('person00'), 'anna@example.org', '1']);
    const passwords = exportedRows.map((cells) => cells[1]!);
    exportedRows.forEach(([address, password], i) => {
      const local = `person${String(i).padStart(2, '0')}`;
      expect(address).toBe(`${local}@${DOMAIN}`);
      if (i % 3 === 0) expect(password).toBe(typed.get(local));
      else {
        expect(password).not.toBe(typed.get(local));
        expect(checkPassword(password!, [local, DOMAIN]).ok).toBe(true);
      }
    });
    expect(new Set(passwords).size).toBe(50);

    const marked = await run('--json', 'csv', 'mark-applied', String(first.id));
    expect(marked.code).toBe(EXIT.ok);
    const markedBatch = JSON.parse(marked.stdout) as CliBatch;
    expect(markedBatch).toMatchObject({ id: first.id, status: 'applied' });
    const after = JSON.parse((await run('--json', 'csv', 'batches')).stdout) as CliBatch[];
    expect(after.map((b) => b.status)).toEqual(['applied', 'waiting']);
    expect(Date.parse(after[1]!.notBefore)).toBe(Date.parse(markedBatch.appliedAt!) + DAY);

    // Applied: neither exported nor applied again.
    const reexport = await run('--json', 'csv', 'export-batch', String(first.id), '--out', path.join(dir, 'b1-again.csv'));
    expect(JSON.parse(reexport.stdout)).toMatchObject({ ok: false, error: { code: 'batch-applied' } });
    const reapply = await run('--json', 'csv', 'mark-applied', String(first.id));
    expect(JSON.parse(reapply.stdout)).toMatchObject({ ok: false, error: { code: 'batch-applied' } });

    // A day later (an injected clock) the second batch is ready and exports its 10.
    const later = new Date(Date.parse(markedBatch.appliedAt!) + DAY);
    const rt = openRuntime({
      file: workspaceFile(dir),
      host: 'test',
      appVersion: 't',
      locale: null,
      secrets: { dataDir: dir },
      clock: () => later,
    });
    let secondCsv: string;
    try {
      expect(rt.services.bulkCreate.batches({}).map((b) => b.status)).toEqual(['applied', 'ready']);
      secondCsv = rt.services.bulkCreate.exportBatch({ batchId: second.id }, { actor: 'test' }).csv;
    } finally {
      rt.close();
    }
    const secondRead = readCsvBytes(utf8(secondCsv));
    if (!secondRead.ok) throw new Error('export unreadable');
    passwords.push(...secondRead.records.slice(1).map((r) => r.cells[1]!));
    expect(passwords).toHaveLength(60);

    // Not one password — typed or generated — on any stdout or stderr of the whole session.
    expectNoPasswords(outputs.join('\n'), [...typed.values(), ...passwords], 'CLI output');
  });
});
