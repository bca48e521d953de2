import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import { type Dovecot, hasDovecot, startDovecot } from '../../helpers/dovecot';
import { expect, expectAccessible, test, type WebHostProcess } from './fixtures';

// A private Dovecot on 127.0.0.1 plays both the old provider and the new mailboxes. .ci/run installs dovecot-imapd.
const ready = hasDovecot();
if (!ready && process.env.CI) throw new Error('CI must have Dovecot: .ci/run installs dovecot-imapd');
if (!ready) console.log('mail import E2E: Dovecot not found (apt-get install dovecot-imapd): skipped');
test.skip(!ready, 'Dovecot (dovecot-imapd) is not installed');

const USERS = {
  'anna@old.example': 'Old-Secret-1',
  'ben@old.example': 'Old-Secret-2',
  'anna@muster.ch': 'New-Secret-1',
  'ben@muster.ch': 'New-Secret-2',
};
/** What Anna's old account holds: 40 messages in three folders, Sent marked as such. */
const SOURCE: Record<string, number> = { INBOX: 22, Projects: 11, Sent: 7 };
const TOTAL = Object.values(SOURCE).reduce((a, b) => a + b, 0);

let dovecot: Dovecot;

function client(user: keyof typeof USERS): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: USERS[user] },
    logger: false,
  });
}

test.beforeAll(async () => {
  dovecot = await startDovecot(USERS, { specialUse: { Sent: '\\Sent' } });
  const c = client('anna@old.example');
  await c.connect();
  await c.mailboxCreate('Projects');
  let i = 0;
  for (const [folder, count] of Object.entries(SOURCE))
    for (let k = 0; k < count; k++, i++)
      await c.append(
        folder,
        `Message-ID: <m${i}@old.example>\r\nFrom: Anna <anna@old.example>\r\nTo: ben@old.example\r\nSubject: ${folder} ${k}\r\nDate: Tue, 3 Mar 2020 10:00:00 +0100\r\n\r\nHallo ${i}\r\n`,
        i % 2 === 0 ? ['\\Seen'] : [],
        new Date(Date.UTC(2021, i % 12, 1 + (i % 27), 8, i % 60)),
      );
  await c.logout();
});
test.afterAll(async () => {
  await dovecot?.stop();
});

/** Drags a file from "the desktop" onto the window, as Chromium delivers it: dragenter, dragover, drop with a File. */
/** The muster.ch service made with the CLI, the app opened on Mail import; the IMAP server to use. */
async function openImportPage(webHost: WebHostProcess, page: Page): Promise<string> {
  for (const args of [
    ['org', 'add', 'Muster AG'],
    ['service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '10'],
  ])
    expect((await webHost.cli(...args)).code).toBe(0);
  await page.goto(webHost.openUrl);
  await page.getByRole('link', { name: 'Mail import' }).click();
  return `imap://127.0.0.1:${dovecot.port}`;
}

async function dropFile(page: Page, name: string, text: string) {
  await page.evaluate(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'text/csv' }));
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
}

/** Messages per folder of a mailbox, as its IMAP server counts them. */
async function counts(user: keyof typeof USERS): Promise<Record<string, number>> {
  const c = client(user);
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const folder of await c.list()) {
      const status = await c.status(folder.path, { messages: true });
      if (status && status.messages) out[folder.specialUse === '\\Sent' ? 'Sent' : folder.path] = status.messages;
    }
    return out;
  } finally {
    await c.logout();
  }
}

test('import mail from a CSV: check every account, start the good one, watch it finish, export the report', async ({
  webHost,
  page,
}) => {
  test.setTimeout(120_000);
  const server = await openImportPage(webHost, page);
  await expect(page.getByRole('heading', { level: 1, name: 'Mail import' })).toBeVisible();
  await expect(page.getByText('No imports yet.')).toBeVisible();

  // Where the mail goes: this test's Dovecot instead of the provider's server.
  const target = page.getByRole('region', { name: 'Import target server' });
  await target.getByRole('button', { name: /server…/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Import target server of muster.ch' });
  await dialog.getByRole('textbox', { name: 'IMAP server' }).fill('not a server');
  await dialog.getByRole('textbox', { name: 'IMAP server' }).blur();
  await expect(dialog.getByText('That is not a server')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'IMAP server' }).fill(server);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(target.getByText(server, { exact: true })).toBeVisible();

  // The accounts file, as German Excel writes it: semicolons, German headers; one good row, one wrong password,
  // one Google account that can't be imported with a password.
  const csv = [
    'Quelle;Passwort;Server;Ziel;Zielpasswort',
    `anna@old.example;${USERS['anna@old.example']};${server};anna@muster.ch;${USERS['anna@muster.ch']}`,
    `ben@old.example;falsches-Passwort;${server};ben@muster.ch;${USERS['ben@muster.ch']}`,
    'chef@gmail.com;irgendwas;;chef@muster.ch;Neu-3',
    '',
  ].join('\r\n');
  await dropFile(page, 'umzug.csv', csv);
  await expect(page.getByRole('heading', { name: 'umzug.csv' })).toBeVisible();
  await expect(page.getByText('Detected: UTF-8 · Semicolon (;)')).toBeVisible();
  const rows = page.getByRole('table', { name: 'Accounts in umzug.csv' });
  const row = (text: string) => rows.getByRole('row').filter({ hasText: text });
  await expect(row('chef@gmail.com')).toContainText('Google account:');
  await expect(row('chef@gmail.com')).toContainText('app password');
  await expect(row('anna@old.example')).toContainText('Not checked yet');
  await expect(page.getByText('3 accounts · 1 with problems · 1 batch')).toBeVisible();

  // Check all: both sources are logged in to (4 at a time); the wrong password is named with its code.
  await page.getByRole('button', { name: 'Check all' }).click();
  await expect(page.getByText('2 accounts checked: 1 ready, 1 refused.')).toBeVisible({ timeout: 20_000 });
  await expect(row('ben@old.example')).toContainText('Login refused');
  await expect(row('ben@old.example')).toContainText('auth-failed');
  await expect(row('anna@old.example')).toContainText('Ready');
  await expect(row('anna@old.example')).toContainText(`${TOTAL} messages in 3 folders`);
  await expect(page.getByText('1 account to import')).toBeVisible();
  await expect(page.getByText('1 left out (refused by the check)')).toBeVisible();
  await expectAccessible(page, 'mail import: file checked');

  // Start batch 1: only Anna goes; her passwords leave the page with the job.
  await page.getByRole('button', { name: 'Start batch 1' }).click();
  await expect(page.getByText('Import started. Its progress is shown below.')).toBeVisible();
  await expect(row('anna@old.example')).toContainText('Import started');
  const html = await page.content();
  for (const secret of [USERS['anna@old.example'], USERS['anna@muster.ch']]) expect(html).not.toContain(secret);

  const job = page.getByRole('article', { name: 'umzug.csv · batch 1' });
  await expect(job).toBeVisible();
  const bar = job.getByRole('progressbar', { name: 'Progress of anna@old.example' });
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  await expect(job.locator('.import-job-header').getByText('Done', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveAttribute('aria-valuetext', new RegExp(`^${TOTAL} of ${TOTAL} messages`));
  await expect(job.getByText(`${TOTAL} copied · 0 already there · 0 failed`).first()).toBeVisible();
  await expect(job.getByRole('progressbar', { name: 'Progress of umzug.csv · batch 1' })).toHaveAttribute('aria-valuenow', '100');

  // The target mailbox holds every message, Sent in its Sent folder.
  expect(await counts('anna@muster.ch')).toEqual(SOURCE);
  expect(await counts('ben@muster.ch')).toEqual({});

  // The report: one row per account and folder.
  const downloading = page.waitForEvent('download');
  await job.getByRole('button', { name: 'Export report (CSV)' }).click();
  const download = await downloading;
  const report = fs.readFileSync((await download.path())!, 'utf8');
  expect(report).toContain('anna@old.example');
  expect(report).toContain('Projects');
  expect(report).not.toContain(USERS['anna@old.example']);
  await expect(page.getByText(`Report saved as ${download.suggestedFilename()}.`)).toBeVisible();

  // The folder report of the account opens on request.
  await job.getByText('Folder report (3 folders)').click();
  await expect(job.getByRole('table', { name: 'Folders of anna@old.example' })).toBeVisible();
  await expectAccessible(page, 'mail import: job done');

  // One account from the form: without a target password (and none kept by Mailwright) it can't start;
  // with a wrong one the target's refusal is named.
  // The segmented control's radios are drawn by their labels.
  await page.locator('.import-new .segmented label').filter({ hasText: 'One account' }).click();
  await expect(page.getByRole('radio', { name: 'One account' })).toBeChecked();
  const form = page.getByRole('form', { name: 'Import one account' });
  await form.getByRole('textbox', { name: 'Address', exact: true }).fill('ben@old.example');
  await form.getByLabel('Password', { exact: true }).fill(USERS['ben@old.example']);
  await form.getByRole('textbox', { name: 'IMAP server (optional)' }).fill(server);
  await form.getByRole('textbox', { name: 'Mailbox address' }).fill('ben@muster.ch');
  await form.getByRole('button', { name: 'Check' }).click();
  const result = page.getByRole('region', { name: 'This account can’t be imported yet' });
  await expect(result.getByText('No password for the target mailbox')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Start import' })).toBeDisabled();
  await form.getByLabel('Mailbox password').fill('wrong');
  await form.getByRole('button', { name: 'Check' }).click();
  await expect(result.getByText('The target mailbox refused the login')).toBeVisible();
  await expect(result.getByText('target-auth-failed')).toBeVisible();
  await form.getByLabel('Mailbox password').fill(USERS['ben@muster.ch']);
  await form.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('region', { name: 'ben@old.example can be imported' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Start import' })).toBeEnabled();
});

test('pause an import halfway, resume it with the passwords asked again: every message once', async ({ webHost, page }) => {
  test.setTimeout(120_000);
  // 240 messages of ~20 KB (about 5 MB), copied at 1 MB/s: long enough to be paused.
  const c = client('ben@old.example');
  await c.connect();
  for (let i = 0; i < 240; i++)
    await c.append(
      'INBOX',
      `Message-ID: <ben${i}@old.example>\r\nSubject: Nr ${i}\r\n\r\n${'Zeile mit Text. '.repeat(1300)}\r\n`,
    );
  await c.logout();
  const server = await openImportPage(webHost, page);
  await page
    .getByRole('region', { name: 'Import target server' })
    .getByRole('button', { name: /server…/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Import target server of muster.ch' });
  await dialog.getByRole('textbox', { name: 'IMAP server' }).fill(server);
  await dialog.getByRole('button', { name: 'Save' }).click();

  await page.locator('.import-new .segmented label').filter({ hasText: 'One account' }).click();
  const form = page.getByRole('form', { name: 'Import one account' });
  await form.getByRole('textbox', { name: 'Address', exact: true }).fill('ben@old.example');
  await form.getByLabel('Password', { exact: true }).fill(USERS['ben@old.example']);
  await form.getByRole('textbox', { name: 'IMAP server (optional)' }).fill(server);
  await form.getByRole('textbox', { name: 'Mailbox address' }).fill('ben@muster.ch');
  await form.getByLabel('Mailbox password').fill(USERS['ben@muster.ch']);
  await form.locator('summary').filter({ hasText: 'Options' }).click();
  await form.getByLabel('Speed limit (MB/s)').fill('1');
  await form.getByRole('button', { name: 'Check' }).click();
  await expect(form.getByRole('button', { name: 'Start import' })).toBeEnabled();
  await form.getByRole('button', { name: 'Start import' }).click();

  const job = page.getByRole('article', { name: 'Import of ben@old.example' });
  const bar = job.getByRole('progressbar', { name: 'Progress of ben@old.example' });
  await expect(bar).toHaveAttribute('aria-valuetext', /^[1-9]\d* of 240 messages/, { timeout: 30_000 });
  await job.getByRole('button', { name: 'Pause' }).click();
  await expect(job.locator('.import-job-header').getByText('Paused', { exact: true })).toBeVisible({ timeout: 30_000 });
  const halfway = (await counts('ben@muster.ch')).INBOX ?? 0;
  expect(halfway).toBeGreaterThan(0);
  expect(halfway).toBeLessThan(240);

  // The passwords weren't remembered: Resume asks for them, for this run only.
  await job.getByRole('button', { name: 'Resume' }).click();
  const resume = page.getByRole('dialog', { name: 'Resume “Import of ben@old.example”' });
  await resume.getByLabel('Password of ben@old.example').fill(USERS['ben@old.example']);
  await resume.getByLabel('Password of the mailbox ben@muster.ch').fill(USERS['ben@muster.ch']);
  await resume.getByRole('button', { name: 'Resume' }).click();
  await expect(job.locator('.import-job-header').getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(await counts('ben@muster.ch')).toEqual({ INBOX: 240 });
  await expectAccessible(page, 'mail import: resumed and done');
});
