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
