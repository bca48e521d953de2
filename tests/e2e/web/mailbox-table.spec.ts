import fs from 'node:fs';
import Papa from 'papaparse';
import { seedLargeWorkspace } from '../../helpers/seed';
import { expect, startWebHost, test } from './fixtures';

const ROW_HEIGHT = 40;

test.describe('the mailbox table at 100,000 mailboxes', () => {
  let dataDir: string;
  test.beforeAll(() => {
    dataDir = seedLargeWorkspace(100_000);
  });
  test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('search, shift-select 500, bulk quota, undo, export and re-read the file', async ({ page }) => {
    test.setTimeout(90_000);
    const { host, stop } = await startWebHost(dataDir);
    try {
      await page.goto(host.openUrl);
      await page.getByRole('link', { name: 'Mailboxes' }).click();
      const grid = page.getByRole('grid', { name: 'Mailboxes' });
      await expect(page.getByText('100,000 mailboxes')).toBeVisible();
      await expect(grid.getByRole('gridcell', { name: 'user000000@acme.example', exact: true })).toBeVisible();

      // Search narrows the rows as you type.
      const search = page.getByRole('searchbox', { name: 'Search mailboxes' });
      await search.fill('user04999');
      await expect(page.getByText('10 mailboxes')).toBeVisible();
      await expect(grid.getByRole('row')).toHaveCount(11);
      await search.fill('');
      await expect(page.getByText('100,000 mailboxes')).toBeVisible();

      // Click the first row, scroll 500 rows down, shift-click: rows never loaded are selected too.
      await grid.getByRole('gridcell', { name: 'Anna Müller', exact: true }).first().click();
      await page.locator('.grid-scroll').evaluate((el, top) => (el.scrollTop = top), 499 * ROW_HEIGHT - 200);
      const row500 = grid.locator('[aria-rowindex="501"]');
      await expect(row500.getByRole('gridcell', { name: 'user000499@acme.example', exact: true })).toBeVisible();
      await row500.click({ modifiers: ['Shift'] });
      await expect(page.getByText('500 selected')).toBeVisible();

      // Bulk quota change, then undo.
      await page.getByRole('button', { name: 'Storage quota…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Storage quota of 500 mailboxes' });
      await dialog.getByRole('spinbutton', { name: 'Storage quota (GB)' }).fill('5');
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await expect(page.getByRole('status').getByText('500 mailboxes changed.')).toBeVisible();
      await expect(row500.getByRole('gridcell', { name: '5 GB', exact: true })).toBeVisible();
      const listed = async (offset: number, limit: number) =>
        (
          JSON.parse(
            (await host.cli('--json', 'mailbox', 'list', 'acme.example', '--offset', String(offset), '--limit', String(limit)))
              .stdout,
          ) as {
            rows: { storageQuotaMb: number }[];
          }
        ).rows.map((m) => m.storageQuotaMb);
      expect(new Set(await listed(0, 500))).toEqual(new Set([5120]));
      expect(await listed(500, 1)).toEqual([20_480]);
      await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
      await expect(row500.getByRole('gridcell', { name: '20 GB', exact: true })).toBeVisible();

      // Export a selection and read the file back.
      // Click the rows beside their address (the address itself opens the details panel).
      await grid.locator('[aria-rowindex="500"]').getByRole('gridcell').nth(2).click();
      await row500.getByRole('gridcell').nth(2).click();
      await expect(page.getByText('1 selected')).toBeVisible(); // the anchor of the range
      await page.locator('.grid-scroll').evaluate((el) => (el.scrollTop = 0));
      await expect(grid.locator('[aria-rowindex="2"]')).toBeVisible(); // rendered after the scroll
      await grid.locator('[aria-rowindex="2"]').click({ modifiers: ['Shift'] });
      await expect(page.getByText('500 selected')).toBeVisible();
      await page.getByRole('button', { name: 'Export selection…' }).click();
      const exportDialog = page.getByRole('dialog', { name: 'Export mailboxes as CSV' });
      await exportDialog.getByRole('combobox', { name: 'Separator' }).selectOption(';');
      const downloading = page.waitForEvent('download');
      await exportDialog.getByRole('button', { name: 'Download' }).click();
      const download = await downloading;
      const text = fs.readFileSync(await download.path(), 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const rows = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
      expect(rows).toHaveLength(501);
      expect(rows[1]![0]).toBe('user000000@acme.example');
      expect(rows[500]![0]).toBe('user000499@acme.example');
      expect(rows[1]![1]).toBe('Anna Müller');
    } finally {
      await stop();
    }
  });

  test('the keyboard moves, selects and opens; the details panel edits a mailbox', async ({ page }) => {
    const { host, stop } = await startWebHost(dataDir);
    try {
      await page.goto(host.openUrl);
      await page.getByRole('link', { name: 'Mailboxes' }).click();
      const grid = page.getByRole('grid', { name: 'Mailboxes' });
      await expect(grid.getByRole('gridcell', { name: 'user000000@acme.example', exact: true })).toBeVisible();
      await grid.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press(' ');
      await page.keyboard.press('Shift+ArrowDown');
      await expect(page.getByText('2 selected')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByText('Nothing selected')).toBeVisible();
      await page.keyboard.press('Enter');
      const panel = page.getByRole('complementary', { name: 'user000003@acme.example' });
      await expect(panel).toBeVisible();
      await panel.getByRole('tab', { name: 'Aliases' }).click();
      await panel.getByRole('textbox', { name: 'New alias' }).fill('Sales');
      await panel.getByRole('button', { name: 'Add alias' }).click();
      await expect(panel.getByText('sales@acme.example')).toBeVisible();
      await panel.getByRole('tab', { name: 'Forwarding' }).click();
      await panel.getByRole('textbox', { name: 'Forward target 1' }).fill('user000003@acme.example');
      await expect(panel.getByText('That is this mailbox itself.')).toBeVisible();
      await panel.getByRole('textbox', { name: 'Forward target 1' }).fill('someone@gmail.com');
      await expect(panel.getByText(/Gmail hides a message forwarded back/)).toBeVisible();
      await panel.getByRole('button', { name: 'Save forwarding' }).click();
      await expect(grid.locator('[aria-rowindex="5"]').getByText('someone@gmail.com')).toBeVisible();
    } finally {
      await stop();
    }
  });
});
