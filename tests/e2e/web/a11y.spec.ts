import { expect, expectAccessible, test } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen is free of serious accessibility violations (${scheme})`, async ({ webHost, page }) => {
    test.setTimeout(120_000); // axe takes a second or two per screen, and there are many
    await page.emulateMedia({ colorScheme: scheme });
    await webHost.cli('org', 'add', 'Acme AG');
    await webHost.cli('service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '3');
    await webHost.cli('mailbox', 'add', 'anna@acme.example', '--name', 'Anna Muster');
    await webHost.cli('mailbox', 'add', 'ben@acme.example', '--state', 'created');
    await page.goto(webHost.openUrl);

    await expect(page.getByRole('heading', { level: 1, name: 'Acme AG' })).toBeVisible();
    await expectAccessible(page, 'overview');
    await page.getByRole('button', { name: 'Add mail service' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectAccessible(page, 'add mail service dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.getByRole('link', { name: 'Mailboxes' }).click();
    await expect(page.getByRole('gridcell', { name: 'anna@acme.example', exact: true })).toBeVisible();
    await expectAccessible(page, 'mailboxes');
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Create mailbox' }).click(); // empty: shows the error
    await expect(page.getByRole('dialog').getByRole('alert')).toBeVisible();
    await expectAccessible(page, 'add mailbox dialog with errors');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('gridcell', { name: 'Anna Muster', exact: true }).click();
    await expect(page.getByText('1 selected')).toBeVisible();
    await expectAccessible(page, 'mailboxes with a selection');
    await page.getByRole('button', { name: 'Delete…' }).click();
    await expectAccessible(page, 'delete confirmation');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Storage quota…' }).click();
    await expectAccessible(page, 'bulk quota dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await expectAccessible(page, 'filters open');
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await page.getByRole('button', { name: 'Columns', exact: true }).click();
    await expectAccessible(page, 'columns menu open');
    await page.getByRole('button', { name: 'Columns', exact: true }).click();
    await page.getByRole('button', { name: 'anna@acme.example' }).click();
    const panel = page.getByRole('complementary', { name: 'anna@acme.example' });
    for (const tab of ['General', 'Aliases', 'Forwarding', 'Out of office']) {
      await panel.getByRole('tab', { name: tab }).click();
      await expectAccessible(page, `details: ${tab}`);
    }
    await panel.getByRole('button', { name: 'Close details' }).click();

    for (const section of ['Bulk create', 'Mail import', 'DNS', 'Transfers', 'Users & access', 'Activity', 'Settings']) {
      await page.getByRole('link', { name: section }).click();
      await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
      await expectAccessible(page, section);
    }
  });

  test(`the bulk-create wizard is free of serious accessibility violations in every state (${scheme})`, async ({
    webHost,
    page,
  }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await webHost.cli('org', 'add', 'Acme AG');
    await webHost.cli('service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '3');
    await webHost.cli('mailbox', 'add', 'anna@acme.example');
    await webHost.cli('mailbox', 'add', 'ben@acme.example'); // 1 address free
    await page.goto(webHost.openUrl);
    await page.getByRole('link', { name: 'Bulk create' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bulk create' })).toBeVisible();
    await page.getByRole('button', { name: 'Paste from a spreadsheet' }).click();
    await page.getByText('What goes in the file').click();
    await expectAccessible(page, 'bulk create: paste and help open');
    await page.getByLabel('Choose a file…').setInputFiles({
      name: 'new.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Adresse;Passwort;Weiterleitung;Kopie\nanna;kurz;;\ncarl;Sonnenblume-Kaffee-7391;;1\ndora;Velo-Bern-Aare-2031x;x@;\n',
      ),
    });
    const rows = page.getByRole('grid', { name: 'Rows of new.csv' });
    await expect(rows.getByRole('row').filter({ hasText: 'dora' })).toContainText('Invalid forward-to');
    await expectAccessible(page, 'bulk create: rows with errors and warnings');
    await rows.getByRole('gridcell', { name: 'dora' }).dblclick();
    await expect(rows.getByRole('textbox', { name: 'Address on line 4' })).toBeFocused();
    await expectAccessible(page, 'bulk create: editing a cell');
    await page.keyboard.press('Escape');
    await page.getByRole('checkbox', { name: 'Show passwords' }).check();
    await page.getByText(/^With problems/).click();
    await expectAccessible(page, 'bulk create: passwords shown, rows with problems');
    await page.getByRole('button', { name: 'Skip 2 rows with errors' }).click();
    await page.getByText(/^Skipped/).click();
    await expect(rows.getByRole('row')).toHaveCount(3);
    await expectAccessible(page, 'bulk create: skipped rows');
    await page.getByRole('button', { name: 'Create 1 planned mailbox in 1 batch' }).click();
    await expectAccessible(page, 'bulk create: confirm the creation');
    await page.getByRole('dialog').getByRole('button', { name: 'Create 1 planned mailbox in 1 batch' }).click();
    await expect(page.getByRole('table', { name: 'Batches for acme.example' })).toBeVisible();
    await expectAccessible(page, 'bulk create: batches');
    await page.getByRole('button', { name: /^Export batch 1 of 1/ }).click();
    await expectAccessible(page, 'bulk create: export dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByLabel('Choose a file…')
      .setInputFiles({ name: 'book.csv', mimeType: 'text/csv', buffer: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]) });
    await expect(page.getByRole('alert')).toContainText('spreadsheet workbook');
    await expectAccessible(page, 'bulk create: unusable file');
  });
}

test('the welcome screen and the not-connected screen are accessible', async ({ app: page, webHost }) => {
  await expectAccessible(page, 'welcome');
  await page.getByRole('button', { name: 'New organisation' }).first().click();
  await expectAccessible(page, 'new organisation dialog');
  const context = await page.context().browser()!.newContext(); // no session cookie
  const stranger = await context.newPage();
  await stranger.goto(webHost.url);
  await expect(stranger.getByRole('heading', { name: 'Not connected to Mailwright' })).toBeVisible();
  await expectAccessible(stranger, 'not connected');
  await context.close();
});

test('the app is usable with the keyboard alone', async ({ app: page }) => {
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  // Open "New organisation" from the keyboard, type, submit with Enter.
  await page.getByRole('button', { name: 'New organisation' }).first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Organisation name' })).toBeFocused();
  await page.keyboard.type('Keyboard GmbH');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard GmbH' })).toBeVisible();
  // Escape closes a dialog and focus returns to the button that opened it.
  const add = page.getByRole('button', { name: 'Add mail service' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(add).toBeFocused();
});
