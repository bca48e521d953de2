import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, type WebHostProcess } from './fixtures';

/**
 * A file as Swiss-German Excel saves "CSV (semicolon separated)": Windows-1252
 * (an umlaut in the header), `;`, CRLF. Latin-1 and Windows-1252 agree on
 * every character used here.
 */
const EXCEL_FILE = Buffer.from(
  [
    'E-Mail-Adresse;Passwort;Weiterleitung;Kopie löschen',
    'anna.muster;Sonnenblume-Kaffee-7391;;',
    'ben.müller;Zugspitze!Morgenrot-42;;', // invalid: "ü" in an address
    'carla.rossi;passwort1;carla.rossi@example.org;0', // weak password
    'dora.frei;Velo-Bern-Aare-2031x;;',
    '',
  ].join('\r\n'),
  'latin1',
);

async function setUp(webHost: WebHostProcess, page: Page, quota = 25) {
  await webHost.cli('org', 'add', 'Muster Treuhand AG');
  await webHost.cli('service', 'add', 'muster-treuhand.ch', '--org', 'Muster Treuhand AG', '--quota', String(quota));
  await webHost.cli('mailbox', 'add', 'info@muster-treuhand.ch', '--state', 'created');
  await page.goto(webHost.openUrl);
  await page.getByRole('link', { name: 'Bulk create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bulk create' })).toBeVisible();
}

/** Drags a file from "the desktop" onto the window, as Chromium delivers it: dragenter, dragover, drop with a File. */
async function dropFile(page: Page, name: string, bytes: Buffer, { release = true } = {}) {
  await page.evaluate(
    ({ name, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
      (window as unknown as { testTransfer: DataTransfer }).testTransfer = transfer;
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, bytes: [...bytes] },
  );
  if (release) await releaseDrop(page);
}

async function releaseDrop(page: Page) {
  await page.evaluate(() => {
    const transfer = (window as unknown as { testTransfer: DataTransfer }).testTransfer;
    const target = document.querySelector('main') ?? document.body;
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
}

test('drop an Excel file, fix two rows in place, create the mailboxes, export batch 1 and mark it created', async ({
  webHost,
  page,
}) => {
  test.setTimeout(60_000);
  // The worker rates passwords over the word lists' prebuilt tries, fetched beside its chunk (not rebuilt from
  // the lists, which would still work, a second slower).
  const tries = page.context().waitForEvent('response', (r) => r.url().endsWith('/assets/strength-words.bin'));
  await setUp(webHost, page);

  // Dragging a file over the window says what a drop does; dropping reads it in the worker.
  await dropFile(page, 'mitarbeitende.csv', EXCEL_FILE, { release: false });
  await expect(page.getByText('Drop the file to check it')).toBeVisible();
  await releaseDrop(page);
  await expect(page.getByText('Drop the file to check it')).toBeHidden();

  // How it was read: Windows-1252 and semicolons, detected; the umlaut in the header survived.
  await expect(page.getByRole('heading', { level: 2, name: 'mitarbeitende.csv' })).toBeVisible();
  await expect(page.getByText('Detected: Windows-1252 (Excel) · Semicolon (;)')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('windows-1252');
  await expect(page.getByRole('combobox', { name: 'Separator' })).toHaveValue(';');
  await expect(page.getByText('Kopie löschen', { exact: true })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Password' })).toHaveValue('1');

  const grid = page.getByRole('grid', { name: 'Rows of mitarbeitende.csv' });
  const row = (text: string) => grid.getByRole('row').filter({ hasText: text });
  await expect(row('ben.müller')).toContainText('Invalid address');
  await expect(row('carla.rossi')).toContainText('Weak password');
  await expect(page.getByText('2 with errors')).toBeVisible();
  expect((await tries).status()).toBe(200);
  await expect(page.getByRole('button', { name: 'Create 2 planned mailboxes in 1 batch' })).toBeDisabled();
  await expect(page.getByText('2 rows still have errors: fix them or skip them.')).toBeVisible();
  // The plan shows the rows that are ready while others still have errors.
  await expect(page.getByRole('listitem').filter({ hasText: 'Batch 1' })).toContainText('2 addresses');

  // Fix 1: edit the address in place, from the keyboard; it is checked again as you type.
  await row('anna.muster').getByRole('gridcell', { name: 'anna.muster' }).click();
  await expect(grid).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const editor = grid.getByRole('textbox', { name: 'Address on line 3' });
  await expect(editor).toBeFocused();
  await editor.fill('ben.mueller');
  await expect(grid.getByRole('row').filter({ has: page.getByRole('textbox', { name: 'Address on line 3' }) })).toContainText(
    'Ready',
  ); // checked again while still typing
  await page.keyboard.press('Enter');
  await expect(grid).toBeFocused();
  await expect(row('ben.mueller')).toContainText('Ready');

  // Fix 2: a strong generated password for the weak one, shown masked.
  await page.getByRole('button', { name: 'Generate a strong password' }).click();
  await expect(row('carla.rossi')).toContainText('Ready');
  await expect(row('carla.rossi')).toContainText('generated');
  await expect(row('carla.rossi')).not.toContainText('passwort1');
  await page.getByRole('checkbox', { name: 'Show passwords' }).check();
  const generated = (await row('carla.rossi').getByRole('gridcell').nth(3).innerText()).replace('generated', '').trim();
  expect(generated).toMatch(/^[A-Za-z][A-Za-z0-9\-_.+=?]{18}[A-Za-z0-9]$/);
  await page.getByRole('checkbox', { name: 'Show passwords' }).uncheck();

  await expect(page.getByText('4 ready')).toBeVisible();
  await page.getByRole('button', { name: 'Create 4 planned mailboxes in 1 batch' }).click();
  const confirm = page.getByRole('dialog', { name: 'Create 4 planned mailboxes?' });
  await expect(confirm).toContainText('1 password was generated here');
  await confirm.getByRole('button', { name: 'Create 4 planned mailboxes in 1 batch' }).click();
  await expect(page.getByRole('status').getByText('4 mailboxes planned in 1 batch.')).toBeVisible();

  // The batch list: export batch 1 for the provider (the file holds the passwords), then mark it created.
  const batches = page.getByRole('table', { name: 'Batches for muster-treuhand.ch' });
  await expect(batches.getByRole('row', { name: /Batch 1 of 1/ })).toContainText('Ready');
  await expect(page.getByRole('heading', { level: 2, name: 'Batches for muster-treuhand.ch' })).toBeFocused();
  await page.getByRole('button', { name: 'Export batch 1 of 1 from mitarbeitende.csv for the provider' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export batch 1 of 1 for the provider' });
  await expect(exportDialog).toContainText('The file contains the passwords in plain text.');
  await expect(exportDialog).toContainText('Delete it right after the upload');
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Download file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^muster-treuhand\.ch-batch-1-\d{4}-\d\d-\d\d\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split(/\r?\n/).filter(Boolean)).toEqual([
    'Email address,Password,Redirection,Delete copy after redirection (0/1)',
    'anna.muster@muster-treuhand.ch,Sonnenblume-Kaffee-7391,,',
    'ben.mueller@muster-treuhand.ch,Zugspitze!Morgenrot-42,,',
    `carla.rossi@muster-treuhand.ch,${generated},carla.rossi@example.org,0`,
    'dora.frei@muster-treuhand.ch,Velo-Bern-Aare-2031x,,',
  ]);
  await expect(page.getByRole('status').getByText(/It contains passwords: delete it after the upload/)).toBeVisible();
  await expect(batches.getByRole('row', { name: /Batch 1 of 1/ })).toContainText('Exported');

  await page.getByRole('button', { name: 'Mark batch 1 of 1 from mitarbeitende.csv as created at the provider' }).click();
  const applied = page.getByRole('dialog', { name: 'Mark batch 1 of 1 as created at the provider?' });
  await applied.getByRole('button', { name: 'Mark as created' }).click();
  await expect(batches.getByRole('row', { name: /Batch 1 of 1/ })).toContainText('Created at the provider');

  const listed = JSON.parse((await webHost.cli('--json', 'mailbox', 'list', 'muster-treuhand.ch')).stdout) as {
    rows: { address: string; state: string }[];
  };
  expect(listed.rows.map((m) => `${m.address} ${m.state}`).sort()).toEqual([
    'anna.muster@muster-treuhand.ch created',
    'ben.mueller@muster-treuhand.ch created',
    'carla.rossi@muster-treuhand.ch created',
    'dora.frei@muster-treuhand.ch created',
    'info@muster-treuhand.ch created',
  ]);
});

test('cells pasted from a spreadsheet, another separator, skipped rows and a workbook refused', async ({ webHost, page }) => {
  await setUp(webHost, page, 3); // info is there: 2 addresses free

  // The provider's template, for the domain.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download template' }).click();
  const template = fs.readFileSync((await (await downloading).path())!, 'utf8');
  expect(template.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(
    'Email address,Password,Redirection,Delete copy after redirection (0/1)',
  );
  expect(template).toContain('@muster-treuhand.ch');

  await page.getByRole('button', { name: 'Paste from a spreadsheet' }).click();
  await page
    .getByRole('textbox', { name: 'Cells copied from Excel, Numbers or LibreOffice' })
    .fill(
      'Adresse\tPasswort\nzoe\tSonnenblume-Kaffee-7391\ninfo\tZugspitze!Morgenrot-42\nyann\tVelo-Bern-Aare-2031x\nxenia\tKletter-Steig+Pilatus9\n',
    );
  await page.getByRole('button', { name: 'Check the pasted cells' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Pasted cells' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Separator' })).toHaveValue('\t');
  const grid = page.getByRole('grid', { name: /^Rows of pasted-cells-/ });
  const row = (text: string) => grid.getByRole('row').filter({ hasText: text });
  await expect(row('info')).toContainText('Already exists');
  await expect(row('xenia')).toContainText('Over the quota'); // zoe and yann take the 2 free addresses

  // Reading with another separator finds no columns: said plainly, with the way back.
  await page.getByRole('combobox', { name: 'Separator' }).selectOption(';');
  await expect(page.getByRole('alert')).toContainText('No columns were recognised');
  await page.getByRole('button', { name: 'Read it as detected' }).click();
  await expect(row('xenia')).toBeVisible();

  // Skip the rows with errors (undo is offered), see them under "Skipped", include one again.
  await page.getByRole('button', { name: 'Skip 2 rows with errors' }).click();
  await expect(page.getByText('2 skipped', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create 2 planned mailboxes in 1 batch' })).toBeEnabled();
  await page.getByText('Skipped (2)').click();
  await expect(grid.getByRole('row')).toHaveCount(3);
  await row('xenia').getByRole('gridcell', { name: 'xenia' }).click();
  await page.keyboard.press('Space');
  await expect(row('xenia')).toContainText('Over the quota');
  await expect(page.getByRole('button', { name: 'Create 2 planned mailboxes in 1 batch' })).toBeDisabled();

  // A workbook saved under .csv: one message that says what to do, nothing else.
  await dropFile(page, 'mitarbeitende.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
  await page.getByRole('alertdialog', { name: 'Replace “Pasted cells”?' }).getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByRole('alert')).toContainText('This is a spreadsheet workbook, not a CSV file');
  await expect(page.getByRole('alert')).toContainText('CSV UTF-8 (Comma delimited)');
  await expect(page.getByRole('grid')).toHaveCount(0);
});

test('a long check shows its progress and can be cancelled', async ({ webHost, page }) => {
  await setUp(webHost, page, 5000);
  const lines = ['address;password'];
  for (let i = 0; i < 3000; i++) lines.push(`person.${i};Tannen-Fichte-${100_000 + i * 7919}-Lerche`);
  await dropFile(page, 'viele.csv', Buffer.from(lines.join('\n'), 'utf8'));
  const progress = page.getByRole('progressbar', { name: 'Checking the file' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Rating the strength of each password: [\d,]+ of 3,000/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Checking stopped. Nothing was kept.')).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check viele.csv again' })).toBeVisible();
});

test('rows the mail service refuses when asked to create them are marked, and fixed in place', async ({ webHost, page }) => {
  await setUp(webHost, page);
  await page.getByRole('button', { name: 'Paste from a spreadsheet' }).click();
  await page
    .getByRole('textbox', { name: 'Cells copied from Excel, Numbers or LibreOffice' })
    .fill('zoe\tSonnenblume-Kaffee-7391\nyann\tVelo-Bern-Aare-2031x\n');
  await page.getByRole('button', { name: 'Check the pasted cells' }).click();
  await expect(page.getByText('2 ready')).toBeVisible();
  // Meanwhile someone else takes yann in the same workspace (the CLI), just as the commit leaves the page: the
  // service finds it. (Done while the request is on its way — unchanged, to the real host — so the wizard can't
  // have heard of it first: the host tells open windows about outside changes within 1.5 s.)
  await page.route('**/api/invoke', async (route) => {
    if (route.request().postData()?.includes('"bulkCreate.commit"'))
      await webHost.cli('mailbox', 'add', 'yann@muster-treuhand.ch');
    await route.continue();
  });
  await page.getByRole('button', { name: 'Create 2 planned mailboxes in 1 batch' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Create 2 planned mailboxes in 1 batch' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('alert')).toContainText('The mail service found a problem in 1 row');
  const grid = page.getByRole('grid', { name: /^Rows of pasted-cells-/ });
  const yann = grid.getByRole('row').filter({ hasText: 'yann' });
  await expect(yann).toContainText('Already exists');
  await expect(yann).toContainText('Error');
  await expect(grid.getByRole('row')).toHaveCount(2); // "with problems": yann only
  // Its context is fetched again, so the wizard now knows yann exists too (no longer only the service's word).
  await expect(page.getByRole('alert')).toContainText('nothing was created');
  await expect(page.getByText('1 row still has errors: fix it or skip it.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Create \d planned mailbox/ })).toBeDisabled();

  await yann.getByRole('gridcell', { name: 'yann' }).dblclick();
  await grid.getByRole('textbox', { name: 'Address on line 2' }).fill('yannick');
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('row').filter({ hasText: 'yannick' })).toContainText('Ready');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create 2 planned mailboxes in 1 batch' })).toBeEnabled();
});

test('a CSV dropped on another page opens in Bulk create, read and checked', async ({ webHost, page }) => {
  await setUp(webHost, page);
  await page.getByRole('link', { name: 'Mailboxes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mailboxes' })).toBeVisible();
  await dropFile(page, 'mitarbeitende.csv', EXCEL_FILE, { release: false });
  await expect(page.getByText('Drop the file to create its mailboxes')).toBeVisible();
  await releaseDrop(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Bulk create' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'mitarbeitende.csv' })).toBeVisible();
  await expect(page.getByText('2 with errors')).toBeVisible();
});
