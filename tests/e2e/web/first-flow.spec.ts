import { expect, test } from './fixtures';

test('create an organisation, a mail service and mailboxes; every change is in Activity and survives a reload', async ({
  app: page,
}) => {
  // Organisation
  await page.getByRole('button', { name: 'New organisation' }).first().click();
  const orgDialog = page.getByRole('dialog', { name: 'New organisation' });
  await orgDialog.getByRole('button', { name: 'Create organisation' }).click();
  await expect(orgDialog.getByText('Enter a name.').first()).toBeVisible(); // nothing typed: told what to do
  await orgDialog.getByRole('textbox', { name: 'Organisation name' }).fill('Acme AG');
  await orgDialog.getByRole('button', { name: 'Create organisation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Acme AG' })).toBeVisible();

  // Mail service
  await page.getByRole('button', { name: 'Add mail service' }).click();
  const serviceDialog = page.getByRole('dialog', { name: 'Add a mail service' });
  await serviceDialog.getByRole('textbox', { name: 'Domain' }).fill('acme.example');
  await serviceDialog.getByRole('spinbutton', { name: 'Address quota' }).fill('2');
  await serviceDialog.getByRole('button', { name: 'Add mail service' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'acme.example' })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Addresses used in acme.example' })).toHaveAttribute('aria-valuenow', '0');

  // Mailboxes: add two (the quota), edit one, delete one and undo
  await page.getByRole('link', { name: 'Mailboxes' }).click();
  await page.getByRole('button', { name: 'Add the first mailbox' }).click();
  let dialog = page.getByRole('dialog', { name: 'New mailbox in acme.example' });
  await dialog.getByRole('textbox', { name: 'Address' }).fill('anna..x');
  await dialog.getByRole('textbox', { name: 'Display name' }).click();
  await expect(dialog.getByText(/without a dot at the start or end/)).toBeVisible(); // checked as you type
  await dialog.getByRole('textbox', { name: 'Address' }).fill('Anna');
  await dialog.getByRole('textbox', { name: 'Display name' }).fill('Anna Muster');
  await dialog.getByRole('button', { name: 'Create mailbox' }).click();
  const table = page.getByRole('grid', { name: 'Mailboxes' });
  await expect(table.getByRole('gridcell', { name: 'anna@acme.example', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Add mailbox' }).click();
  dialog = page.getByRole('dialog', { name: 'New mailbox in acme.example' });
  await dialog.getByRole('textbox', { name: 'Address' }).fill('anna');
  await dialog.getByRole('button', { name: 'Create mailbox' }).click();
  await expect(dialog.getByRole('alert')).toContainText('anna@acme.example already exists'); // refused, dialog keeps input
  await expect(dialog.getByRole('textbox', { name: 'Address' })).toHaveValue('anna');
  await dialog.getByRole('textbox', { name: 'Address' }).fill('ben');
  await dialog.getByRole('button', { name: 'Create mailbox' }).click();
  await expect(table.getByRole('gridcell', { name: 'ben@acme.example', exact: true })).toBeVisible();
  await expect(page.getByText('All 2 addresses are used.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add mailbox' })).toBeDisabled();

  // Edit in the details panel
  await table.getByRole('button', { name: 'ben@acme.example' }).click();
  const panel = page.getByRole('complementary', { name: 'ben@acme.example' });
  await panel.getByRole('textbox', { name: 'Display name' }).fill('Ben Beispiel');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(table.getByRole('gridcell', { name: 'Ben Beispiel', exact: true })).toBeVisible();
  await panel.getByRole('button', { name: 'Close details' }).click();

  // Delete with confirmation, then undo
  await table.getByRole('gridcell', { name: 'Anna Muster', exact: true }).click(); // the row, not the address link
  await page.getByRole('button', { name: 'Delete…' }).click();
  dialog = page.getByRole('alertdialog', { name: 'Delete 1 mailbox?' });
  await dialog.getByRole('button', { name: 'Delete 1 mailbox' }).click();
  await expect(table.getByRole('gridcell', { name: 'anna@acme.example', exact: true })).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(table.getByRole('gridcell', { name: 'anna@acme.example', exact: true })).toBeVisible();

  // Search narrows the list
  await page.getByRole('searchbox', { name: 'Search mailboxes' }).fill('beisp');
  await expect(table.getByRole('row')).toHaveCount(2); // header + ben
  await expect(table.getByRole('gridcell', { name: 'ben@acme.example', exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search mailboxes' }).fill('');

  // Activity lists every change, newest first
  await page.getByRole('link', { name: 'Activity' }).click();
  const activity = page.getByRole('table', { name: 'Activity' });
  for (const text of [
    'Organisation created',
    'Mail service added',
    'Mailbox created',
    'Mailbox changed',
    'Mailbox deleted',
    'Undone: Mailbox deleted',
  ]) {
    await expect(activity.getByText(text, { exact: true }).first()).toBeVisible();
  }

  // Everything is in the workspace: a reload shows it again (and keeps the section)
  await page.reload();
  await expect(page.getByRole('table', { name: 'Activity' }).getByText('Undone: Mailbox deleted')).toBeVisible();
  await page.getByRole('link', { name: 'Mailboxes' }).click();
  await expect(page.getByRole('gridcell', { name: 'anna@acme.example', exact: true })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: 'Ben Beispiel', exact: true })).toBeVisible();
});
