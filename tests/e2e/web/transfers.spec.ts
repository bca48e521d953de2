import { isSafeExternalUrl } from '../../../electron/security/external-links';
import { expect, expectAccessible, test } from './fixtures';

/**
 * Issue 7 end to end in Chromium: a product leaves one organisation by a
 * transfer link and arrives in another; roles decide what the acting user
 * sees; access is granted in the matrix; the activity log filters by area.
 */
test('create a transfer in one organisation and receive it in another', async ({ webHost, page }) => {
  test.setTimeout(90_000);
  for (const args of [
    ['org', 'add', 'Acme AG'],
    ['org', 'add', 'Beta GmbH'],
    ['service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '5'],
    ['mailbox', 'add', 'anna@acme.example', '--name', 'Anna Muster'],
    ['product', 'add', 'kSuite Acme', '--org', 'Acme AG', '--kind', 'ksuite'],
    ['user', 'add', 'carl@acme.example', '--org', 'Acme AG', '--role', 'collaborator', '--name', 'Carl'],
    ['access', 'grant', 'carl@acme.example', 'acme.example', '--org', 'Acme AG', '--rights', 'use'],
  ]) {
    expect((await webHost.cli(...args)).code, args.join(' ')).toBe(0);
  }
  await page.goto(webHost.openUrl);
  await page.getByRole('combobox', { name: 'Organisation', exact: true }).selectOption({ label: 'Acme AG' });
  await page.getByRole('link', { name: 'Transfers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transfers' })).toBeVisible();

  // kSuite is listed but can't be picked, and says why; nothing is created before the terms are accepted.
  const send = page.getByRole('region', { name: 'Send products' });
  await expect(send.getByRole('checkbox', { name: /kSuite Acme/ })).toBeDisabled();
  await expect(send.getByText('kSuite can’t be transferred.')).toBeVisible();
  await send.getByRole('checkbox', { name: /acme\.example/ }).check();
  const create = send.getByRole('button', { name: 'Create transfer link' });
  await expect(create).toBeDisabled();
  await send.getByRole('checkbox', { name: 'I accept the terms of transfer.' }).check();
  await create.click();
  const linkBox = send.getByRole('textbox', { name: 'Transfer link' });
  await expect(linkBox).toHaveValue(/^mailwright:\/\/transfer\/[A-Za-z0-9_-]{43}$/);
  const link = await linkBox.inputValue();
  await expect(send.getByRole('button', { name: 'Send by e-mail' })).toBeDisabled();
  await send.getByRole('textbox', { name: 'Mail the link to' }).fill('bea@beta.example');
  const mail = send.getByRole('link', { name: 'Send by e-mail' });
  await expect(mail).toHaveAttribute('href', /^mailto:bea@beta\.example\?subject=Transfer%20of%20acme\.example&body=/);
  const href = (await mail.getAttribute('href'))!;
  expect(decodeURIComponent(href)).toContain(link);
  expect(isSafeExternalUrl(href)).toBe(true); // the desktop app hands it to the mail program
  await expect(page.getByRole('table', { name: 'Transfers of this organisation' }).getByText('Pending')).toBeVisible();
  await expectAccessible(page, 'transfer created');

  // The receiver's side: Beta. Nothing can be received until a destination is chosen and the terms accepted.
  await page.getByRole('combobox', { name: 'Organisation', exact: true }).selectOption({ label: 'Beta GmbH' });
  const receive = page.getByRole('region', { name: 'Receive products' });
  await receive.getByRole('textbox', { name: 'Transfer link' }).fill(`  ${link}\n`);
  await receive.getByRole('button', { name: 'Show' }).click();
  await expect(receive.getByRole('heading', { name: 'From Acme AG' })).toBeVisible();
  await expect(receive.getByText('with 1 mailbox')).toBeVisible();
  await expect(receive.getByText('Users’ access to these products (1 grant is removed).')).toBeVisible();
  await expect(receive.getByText('The invoices: they stay with Acme AG.')).toBeVisible();
  const receiveButton = receive.getByRole('button', { name: 'Receive products' });
  await expect(receiveButton).toBeDisabled();
  await receive.getByRole('combobox', { name: 'Destination organisation' }).selectOption({ label: 'Beta GmbH' });
  await expect(receiveButton).toBeDisabled();
  await receive.getByRole('checkbox', { name: 'I accept the terms of transfer.' }).check();
  await expectAccessible(page, 'transfer preview');
  await receiveButton.click();
  await expect(page.getByText('acme.example received.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Transfers of this organisation' }).getByText('Completed')).toBeVisible();

  // The mail service arrived with its mailbox; the link is spent.
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'acme.example' })).toBeVisible();
  const list = JSON.parse((await webHost.cli('--json', 'transfer', 'list', '--org', 'Beta GmbH')).stdout);
  expect(list[0]).toMatchObject({ state: 'completed', sourceOrganisation: 'Acme AG', destinationOrganisation: 'Beta GmbH' });
  const again = await webHost.cli('transfer', 'accept', link, '--to', 'Beta GmbH', '--accept-terms');
  expect(again.stderr).toContain('already completed');

  // The activity log, filtered to transfers.
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('combobox', { name: 'What' }).selectOption({ label: 'Transfers' });
  const rows = page.getByRole('table', { name: 'Activity' }).getByRole('row');
  await expect(rows).toHaveCount(2); // header + "Products received" (Beta's own view)
  await expect(rows.nth(1)).toContainText('Products received');
});

test('roles decide what the acting user may do; access is granted in the matrix', async ({ webHost, page }) => {
  test.setTimeout(90_000);
  for (const args of [
    ['org', 'add', 'Acme AG'],
    ['service', 'add', 'acme.example', '--org', 'Acme AG', '--quota', '5'],
    ['product', 'add', 'acme.ch', '--org', 'Acme AG', '--kind', 'domain'],
    ['user', 'add', 'carl@acme.example', '--org', 'Acme AG', '--role', 'collaborator', '--name', 'Carl'],
  ]) {
    expect((await webHost.cli(...args)).code, args.join(' ')).toBe(0);
  }
  await page.goto(webHost.openUrl);
  await page.getByRole('link', { name: 'Users & access' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users & access' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'carl@acme.example', exact: true })).toBeVisible();

  // Add a member through the dialog.
  await page.getByRole('button', { name: 'Add member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add member' });
  await dialog.getByRole('textbox', { name: 'E-mail' }).fill('eve@partner.example');
  await dialog.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'External' });
  await expectAccessible(page, 'add member dialog');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'eve@partner.example', exact: true })).toBeVisible();

  // Give Carl "manage" on the mail service in the matrix: "use" comes with it.
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  await page.getByRole('checkbox', { name: 'Manage: carl@acme.example on acme.example' }).check();
  await expect(page.getByRole('checkbox', { name: 'Use: carl@acme.example on acme.example' })).toBeChecked();
  await expectAccessible(page, 'access matrix');
  const matrix = JSON.parse((await webHost.cli('--json', 'access', 'show', '--org', 'Acme AG')).stdout);
  expect(matrix.grants).toContainEqual(expect.objectContaining({ rights: ['use', 'manage'] }));

  // Act as Carl: the page turns read-only, Transfers are for managers, his mail service is still his.
  await page.getByRole('combobox', { name: 'Acting as' }).selectOption({ label: 'Carl' });
  await expect(page.getByText('Only administrators and legal representatives manage users and access.')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Access matrix' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Transfers' }).click();
  await expect(
    page.getByText(/Only administrators and legal representatives of Acme AG can send or receive products/),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Send products' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'acme.example' })).toBeVisible();
  await expect(page.getByText('acme.ch')).toHaveCount(0); // the domain isn't his
  // The service layer refuses too, whatever the UI shows.
  const cli = await webHost.cli('mailbox', 'add', 'zoe@acme.example'); // the CLI acts as the same user as the app
  expect(cli.code).toBe(0);
  const refused = await webHost.cli('org', 'rename', 'Acme AG', 'Mine');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('needs the role legal-representative or administrator');
});
