import { expect, test } from './fixtures';

test('the access token leaves the address bar and is kept in an HttpOnly cookie', async ({ app: page, webHost }) => {
  expect(page.url()).not.toContain(webHost.token);
  expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: invisible to scripts
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome to Mailwright' })).toBeVisible();
});

test('without the token the app says how to connect, and the API refuses', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByRole('heading', { name: 'Not connected to Mailwright' })).toBeVisible();
  await expect(page.getByText('Open the link that “npm start” or “mailwright web” printed')).toBeVisible();
  const status = await page.evaluate(
    async () =>
      (await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
  );
  expect(status).toBe(401);
  await page.goto(`${webHost.url}#token=wrong`);
  await expect(
    page.getByText('The access key in the link is not valid.').or(page.getByText('This page has no access key.')),
  ).toBeVisible();
});

test('another site cannot call the API with the session cookie (Origin check)', async ({ app: page, webHost, playwright }) => {
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === `mw_session_${webHost.port}`)).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  const request = await playwright.request.newContext();
  const forged = await request.post(`${webHost.url}api/invoke`, {
    headers: {
      Origin: 'https://evil.example',
      Cookie: `mw_session_${webHost.port}=${webHost.token}`,
      'Content-Type': 'application/json',
    },
    data: { channel: 'organisations.create', input: { name: 'Evil' } },
  });
  expect(forged.status()).toBe(403);
  const rebinding = await request.post(`${webHost.url}api/invoke`, {
    headers: { Host: 'evil.example', Authorization: `Bearer ${webHost.token}`, 'Content-Type': 'application/json' },
    data: { channel: 'organisations.create', input: { name: 'Evil' } },
  });
  expect(rebinding.status()).toBe(421);
  await request.dispose();
  const cli = await webHost.cli('--json', 'org', 'list');
  expect(JSON.parse(cli.stdout)).toEqual([]); // nothing was created
});

test('changes made with the CLI while the app is open show up without a reload', async ({ app: page, webHost }) => {
  await webHost.cli('org', 'add', 'From The CLI AG');
  await expect(page.getByRole('heading', { level: 1, name: 'From The CLI AG' })).toBeVisible({ timeout: 10_000 });
});

test('the UI speaks German, chosen in Settings, and keeps it after a reload', async ({ app: page }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await expect(page.getByRole('link', { name: 'Postfächer' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
  await page.getByRole('radio', { name: 'Dunkel' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
