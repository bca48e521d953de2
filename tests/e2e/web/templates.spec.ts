import fs from 'node:fs';
import { seedLargeWorkspace } from '../../helpers/seed';
import { expect, expectAccessible, startWebHost, test } from './fixtures';

const ROW_HEIGHT = 40;

test('a mailbox template: made once, previewed and applied to 200 selected mailboxes, then undone', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = seedLargeWorkspace(250);
  const { host, stop } = await startWebHost(dataDir);
  try {
    await page.goto(host.openUrl);
    await page.getByRole('link', { name: 'Mailboxes' }).click();
    const grid = page.getByRole('grid', { name: 'Mailboxes' });
    await expect(page.getByText('250 mailboxes')).toBeVisible();

    // Make the template: a quota, forwarding with a copy kept, and a Sieve script checked as it is typed.
    await page.getByRole('button', { name: 'Templates…' }).click();
    const manager = page.getByRole('dialog', { name: 'Templates of acme.example' });
    await expect(manager.getByText('No templates yet.')).toBeVisible();
    await manager.getByRole('button', { name: 'New template' }).click();
    const editor = page.getByRole('dialog', { name: 'New template for acme.example' });
    await editor.getByRole('textbox', { name: 'Name' }).fill('Sales');
    await expect(editor.getByText('Sets nothing yet: tick at least one part below.')).toBeVisible();
    await editor.getByRole('checkbox', { name: 'Storage quota', exact: true }).check();
    await editor.getByRole('spinbutton', { name: 'Storage quota (GB)' }).fill('4');
    await editor.getByRole('checkbox', { name: 'Forwarding', exact: true }).check();
    await editor.getByRole('textbox', { name: 'Forward target 1' }).fill('crm@example.org');
    await editor.getByRole('checkbox', { name: 'Sieve script', exact: true }).check();
    await editor.getByRole('textbox', { name: 'Script name' }).fill('Signups');
    const script = editor.getByRole('textbox', { name: 'Script', exact: true });
    await script.fill('require ["fileinto"];\nif header :contains "subject" "[signup]" {\n  fileinto "Signups"\n}\n');
    await expect(editor.getByText(/^Line 4, column 1:/)).toBeVisible();
    await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
    await script.fill('require ["fileinto"];\nif header :contains "subject" "[signup]" {\n  fileinto "Signups";\n}\n');
    await expect(editor.getByText('No errors.')).toBeVisible();
    await expectAccessible(page, 'template editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);
    await expect(manager.getByText('storage 4 GB · forward to crm@example.org · Sieve “Signups”')).toBeVisible();
    await manager.getByRole('button', { name: 'Close' }).click();

    // Select the first 200 rows: click the first, scroll, shift-click the 200th.
    // Clicked on the display name: a click on the address opens the mailbox instead.
    await grid.locator('[aria-rowindex="2"]').click({ position: { x: 420, y: 10 } });
    await page.locator('.grid-scroll').evaluate((el, top) => (el.scrollTop = top), 199 * ROW_HEIGHT - 200);
    const row200 = grid.locator('[aria-rowindex="201"]');
    await expect(row200.getByRole('gridcell', { name: 'user000199@acme.example', exact: true })).toBeVisible();
    await row200.click({ modifiers: ['Shift'], position: { x: 420, y: 10 } });
    await expect(page.getByText('200 selected')).toBeVisible();

    // The preview says what changes before anything does.
    await page.getByRole('button', { name: 'Apply template…' }).click();
    const apply = page.getByRole('dialog', { name: 'Apply a template to 200 mailboxes' });
    await expect(apply.getByText('200 of 200 selected mailboxes will change.')).toBeVisible();
    await expect(apply.getByText('Storage quota: 200 mailboxes')).toBeVisible();
    const first = apply.getByRole('row').filter({ hasText: 'user000000@acme.example' });
    await expect(
      first.getByText('Storage quota: 20 → 4 GB · Forwarding: off → crm@example.org · Sieve script: added and switched on'),
    ).toBeVisible();
    await expectAccessible(page, 'apply template preview');
    const quotas = async (offset: number, limit: number) =>
      (
        JSON.parse(
          (await host.cli('--json', 'mailbox', 'list', 'acme.example', '--offset', String(offset), '--limit', String(limit)))
            .stdout,
        ) as { rows: { storageQuotaMb: number }[] }
      ).rows.map((m) => m.storageQuotaMb);
    expect(new Set(await quotas(0, 200))).toEqual(new Set([20_480]));
    await apply.getByRole('button', { name: 'Apply to 200 mailboxes' }).click();
    const toast = page.getByRole('status').filter({ hasText: 'Template “Sales” applied to 200 mailboxes.' });
    await expect(toast).toBeVisible();
    await expect(row200.getByRole('gridcell', { name: '4 GB', exact: true })).toBeVisible();
    expect(new Set(await quotas(0, 200))).toEqual(new Set([4096]));
    expect(await quotas(200, 1)).toEqual([20_480]);
    expect((await host.cli('sieve', 'list', 'user000199@acme.example')).stdout).toBe('* Signups  (5 lines)\n');

    // One undo takes all of it back.
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(row200.getByRole('gridcell', { name: '20 GB', exact: true })).toBeVisible();
    expect(new Set(await quotas(0, 200))).toEqual(new Set([20_480]));
    expect((await host.cli('sieve', 'list', 'user000199@acme.example')).stdout).toBe('No scripts.\n');
    const forwards = JSON.parse((await host.cli('--json', 'mailbox', 'list', 'acme.example', '--limit', '200')).stdout) as {
      rows: { forwardTargets: string[] }[];
    };
    expect(forwards.rows.every((m) => m.forwardTargets.length === 0)).toBe(true);
  } finally {
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
