import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { expect, expectAccessible, test } from './fixtures';

test('attachment check: dropped files and a picked folder, zips opened, refused ones explained', async ({ app: page }) => {
  await page.getByRole('link', { name: 'Attachment check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Attachment check' })).toBeVisible();
  await expectAccessible(page, 'attachment check, empty');

  // Dropped on the page, as from the desktop: an offer with a setup.exe two zips deep, and a PDF.
  const nested = zipSync({ 'tools.zip': zipSync({ 'setup.exe': strToU8('MZ') }), 'readme.txt': strToU8('hi') });
  await page.evaluate(
    ({ zip }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(zip)], 'offer.zip', { type: 'application/zip' }));
      transfer.items.add(new File(['%PDF-1.7'], 'contract.pdf', { type: 'application/pdf' }));
      const target = document.querySelector('main')!;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { zip: [...nested] },
  );
  await expect(page.getByText('1 file (of 2) would make the provider refuse the message.')).toBeVisible();
  const table = page.getByRole('table', { name: 'Results' });
  const offer = table.getByRole('row').filter({ hasText: 'offer.zip' });
  await expect(offer.getByText('Refused', { exact: true })).toBeVisible();
  await expect(offer.getByText('tools.zip › setup.exe:')).toBeVisible();
  await expect(offer.getByText('refused extension .exe')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'contract.pdf' }).getByText('Accepted', { exact: true })).toBeVisible();
  // Bulk create didn't take the drop.
  await expect(page.getByRole('heading', { level: 1, name: 'Attachment check' })).toBeVisible();
  await expectAccessible(page, 'attachment check, results');

  // A picked folder: everything in it, by relative path.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-attach-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'photo.jpg'), 'jpg');
  fs.writeFileSync(path.join(dir, 'sub', 'run.VBS'), 'x');
  await page.locator('input[webkitdirectory]').setInputFiles(dir);
  await expect(page.getByText('1 file (of 2) would make the provider refuse the message.')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'run.VBS' }).getByText('refused extension .vbs')).toBeVisible();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a mailbox’s filters: sorting on and off, allow and block lists with their warnings, undo', async ({ webHost, page }) => {
  for (const args of [
    ['org', 'add', 'Muster AG'],
    ['service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '5'],
    ['mailbox', 'add', 'anna@muster.ch', '--name', 'Anna Muster'],
  ]) {
    expect((await webHost.cli(...args)).code).toBe(0);
  }
  await page.goto(webHost.openUrl);
  await page.getByRole('link', { name: 'Mailboxes' }).click();
  await page.getByRole('button', { name: 'anna@muster.ch' }).click();
  const panel = page.getByRole('complementary');
  await panel.getByRole('tab', { name: 'Filters' }).click();
  await expect(panel.getByRole('checkbox', { name: /Spam filter/ })).toBeChecked();
  await panel.getByRole('checkbox', { name: /Promotions/ }).check();
  await expect(page.getByText('Filters saved.')).toBeVisible();

  const allow = panel.getByRole('region', { name: 'Allow list' });
  await allow.getByRole('textbox', { name: 'Add to the Allow list' }).fill('nonsense');
  await expect(allow.getByText('Enter an address (name@example.ch) or a whole domain (@example.ch).')).toBeVisible();
  await expect(allow.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await allow.getByRole('textbox', { name: 'Add to the Allow list' }).fill('@Muster.ch');
  await allow.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(allow.getByText(/@muster\.ch is this mailbox’s own address or domain/)).toBeVisible();
  await expectAccessible(page, 'filters tab with a warning');

  const block = panel.getByRole('region', { name: 'Block list' });
  await block.getByRole('textbox', { name: 'Add to the Block list' }).fill('@spam.example');
  await block.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(block.getByText('@spam.example')).toBeVisible();
  // Every save shows "Filters saved." with an Undo: wait until this one is stored (and so its toast is up) before
  // taking the last Undo — a CI run took the allow list's, whose undo emptied both lists.
  await expect
    .poll(async () => JSON.parse((await webHost.cli('--json', 'filters', 'show', 'anna@muster.ch')).stdout).block)
    .toEqual(['@spam.example']);
  await page.getByRole('button', { name: 'Undo' }).last().click();
  await expect(block.getByText('@spam.example')).toHaveCount(0);
  const shown = JSON.parse((await webHost.cli('--json', 'filters', 'show', 'anna@muster.ch')).stdout);
  expect(shown).toMatchObject({ settings: { promotions: true }, allow: ['@muster.ch'], block: [] });
});

test('Sieve: build a rule, see the script, errors with their line as you type, save and activate', async ({ webHost, page }) => {
  for (const args of [
    ['org', 'add', 'Muster AG'],
    ['service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '5'],
    ['mailbox', 'add', 'anna@muster.ch', '--name', 'Anna Muster'],
  ]) {
    expect((await webHost.cli(...args)).code).toBe(0);
  }
  await page.goto(webHost.openUrl);
  await page.getByRole('link', { name: 'Mailboxes' }).click();
  await page.getByRole('button', { name: 'anna@muster.ch' }).click();
  const panel = page.getByRole('complementary');
  await panel.getByRole('tab', { name: 'Sieve' }).click();
  await panel.getByRole('button', { name: 'New script' }).click();
  await panel.getByRole('combobox', { name: 'When' }).selectOption({ label: 'Sent to the sub-address' });
  await panel.getByRole('textbox', { name: 'Value' }).fill('shop');
  await panel.getByRole('combobox', { name: 'Then' }).selectOption({ label: 'File into folder' });
  await panel.getByRole('textbox', { name: 'Folder' }).fill('Anmeldungen');
  await panel.getByRole('button', { name: 'Add to the script' }).click();
  const code = panel.getByRole('textbox', { name: 'Script' });
  await expect(code).toHaveValue(
    /^require \["envelope", "fileinto", "subaddress"\];\n[\s\S]*if envelope :detail "to" "shop" \{\n {2}fileinto "Anmeldungen";\n {2}stop;\n\}/,
  );
  await expect(panel.getByText('No errors.')).toBeVisible();
  // Highlighted: the layer under the (transparent) text shows the command as a command.
  await expect(panel.locator('.sieve-highlight .sieve-tok-command', { hasText: /^fileinto$/ })).toBeVisible();

  // A typo shows where it is, and saving waits until it is fixed.
  const good = await code.inputValue();
  await code.fill(good.replace('fileinto "Anmeldungen";', 'fileinto "Anmeldungen"'));
  await expect(panel.getByText(/^Line 4, column 3: missing ";" after the command "fileinto"/)).toBeVisible();
  await expect(panel.locator('.sieve-line-error .sieve-error-at')).toHaveText('fileinto');
  await expect(panel.getByRole('button', { name: 'Save and activate' })).toBeDisabled();
  await expectAccessible(page, 'sieve editor with an error');
  await code.fill(good);
  await panel.getByRole('button', { name: 'Save and activate' }).click();
  await expect(page.getByText('Script “Rules” saved and active.')).toBeVisible();
  expect((await webHost.cli('sieve', 'list', 'anna@muster.ch')).stdout).toMatch(/^\* Rules/);
});
