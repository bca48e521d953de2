/**
 * Takes the README's screenshots from the real app: a fresh workspace filled
 * through the CLI, served by the web host, shot in Debian's Chromium.
 * Usage: npm run build && npx tsx scripts/screenshots.ts [outDir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { runCli, startWebHost } from '../tests/e2e/web/fixtures';
import { startDnsServer } from '../tests/helpers/dns-server';
import { type Dovecot, hasDovecot, startDovecot } from '../tests/helpers/dovecot';
import { imapClient } from '../electron/mail-import/imap';
import { mailZone } from '../tests/helpers/mail-zone';

/** What Swiss-German Excel saves as "CSV (semicolon separated)": Windows-1252, `;`, CRLF, two rows to fix. */
const EXCEL_FILE = Buffer.from(
  [
    'E-Mail-Adresse;Passwort;Weiterleitung;Kopie löschen',
    'nina.frei;Sonnenblume-Kaffee-7391;;',
    'jürg.keller;Zugspitze!Morgenrot-42;;',
    'petra.graf;passwort1;petra.graf@example.org;0',
    'urs.brunner;Velo-Bern-Aare-2031x;urs@bücher-brunner.ch;1',
    'anna.muster;Kletter-Steig+Pilatus9;;',
    '',
  ].join('\r\n'),
  'latin1',
);

/** A zip as clients send them: the offer, and a setup.exe in a zip inside it. */
const OFFER_ZIP = zipSync({
  'Offerte-2026.pdf': strToU8('%PDF-1.7'),
  'Beilagen/Preisliste.xlsx': strToU8('PK'),
  'Beilagen/Installation.zip': zipSync({ 'setup.exe': strToU8('MZ'), 'Anleitung.pdf': strToU8('%PDF-1.7') }),
});

/** Drops a file on the window the way Chromium delivers one from the desktop. */
async function dropCsv(page: Page, name: string, bytes: Buffer) {
  await page.evaluate(
    ({ name, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, bytes: [...bytes] },
  );
}

const out = path.resolve(process.argv[2] ?? 'docs');
fs.mkdirSync(out, { recursive: true });
const { host, stop } = await startWebHost();
// The DNS page asks a DNS server on loopback serving a made-up zone: nothing leaves this machine.
const dns = await startDnsServer(mailZone({ domain: 'muster-treuhand.ch' }));
let dovecot: Dovecot | null = null;
try {
  const cli = host.cli;
  await cli('org', 'add', 'Muster Treuhand AG');
  await cli('org', 'add', 'Bäckerei Brunner GmbH');
  await cli('service', 'add', 'muster-treuhand.ch', '--org', 'Muster Treuhand AG', '--quota', '25');
  await cli('service', 'add', 'brunner-beck.ch', '--org', 'Bäckerei Brunner GmbH', '--quota', '10');
  const people = [
    ['anna.muster', 'Anna Muster'],
    ['beat.keller', 'Beat Keller'],
    ['claudia.meier', 'Claudia Meier'],
    ['daniel.huber', 'Daniel Huber'],
    ['eva.schmid', 'Eva Schmid'],
    ['info', 'Muster Treuhand'],
    ['buchhaltung', 'Buchhaltung'],
    ['lukas.weber', 'Lukas Weber'],
    ['sophie.mueller', 'Sophie Müller'],
  ];
  for (const [local, name] of people) {
    await cli(
      'mailbox',
      'add',
      `${local}@muster-treuhand.ch`,
      '--name',
      name!,
      '--state',
      local === 'lukas.weber' ? 'planned' : 'created',
    );
  }
  await cli('mailbox', 'rm', 'daniel.huber@muster-treuhand.ch');
  await cli('mailbox', 'forward', 'sophie.mueller@muster-treuhand.ch', 'sophie@bücher-brunner.ch');
  await cli('mailbox', 'forward', 'info@muster-treuhand.ch', 'anna.muster@muster-treuhand.ch', 'beat.keller@muster-treuhand.ch');
  await cli('mailbox', 'alias', 'info@muster-treuhand.ch', 'add', 'kontakt');
  await cli('mailbox', 'alias', 'buchhaltung@muster-treuhand.ch', 'add', 'rechnungen');
  await cli('product', 'add', 'muster-treuhand.ch', '--org', 'Muster Treuhand AG', '--kind', 'domain');
  await cli('product', 'add', 'kSuite Muster', '--org', 'Muster Treuhand AG', '--kind', 'ksuite');
  await cli(
    'user',
    'add',
    'beat.keller@muster-treuhand.ch',
    '--org',
    'Muster Treuhand AG',
    '--role',
    'administrator',
    '--name',
    'Beat Keller',
  );
  await cli(
    'user',
    'add',
    'claudia.meier@muster-treuhand.ch',
    '--org',
    'Muster Treuhand AG',
    '--role',
    'collaborator',
    '--name',
    'Claudia Meier',
  );
  await cli(
    'user',
    'add',
    'it@partner-informatik.ch',
    '--org',
    'Muster Treuhand AG',
    '--role',
    'external',
    '--name',
    'Partner Informatik',
  );
  await cli(
    'access',
    'grant',
    'claudia.meier@muster-treuhand.ch',
    'muster-treuhand.ch',
    '--org',
    'Muster Treuhand AG',
    '--rights',
    'use,statistics',
  );
  await cli('access', 'grant', 'it@partner-informatik.ch', '2', '--org', 'Muster Treuhand AG', '--rights', 'manage');
  const templateFile = path.join(out, '.template.json');
  fs.writeFileSync(
    templateFile,
    JSON.stringify({
      storageQuotaMb: 51_200,
      autoReply: { name: 'Betriebsferien', subject: 'Betriebsferien', message: 'Wir sind ab 4. Januar wieder da.' },
      filters: {
        settings: {
          spam: true,
          spamFolder: 'Spam',
          promotions: true,
          promotionsFolder: 'Werbung',
          social: false,
          socialFolder: 'Soziale Netzwerke',
        },
        allow: ['@muster-treuhand.ch'],
        block: [],
      },
    }),
  );
  await cli('template', 'save', 'muster-treuhand.ch', 'Treuhand-Team', '--file', templateFile, '--description', 'Mandate team');
  fs.rmSync(templateFile);
  await cli('dns', 'resolvers', dns.address);
  // Mail import: a private Dovecot on 127.0.0.1 plays both the old provider and the new one.
  if (hasDovecot()) {
    dovecot = await startDovecot(
      {
        'anna.muster@alt-provider.ch': 'Alt-Anna-2019',
        'beat.keller@alt-provider.ch': 'Alt-Beat-2020',
        'anna.muster@muster-treuhand.ch': 'Neu-Anna-2026!',
        'beat.keller@muster-treuhand.ch': 'Neu-Beat-2026!',
      },
      { specialUse: { Sent: '\\Sent' } },
    );
    for (const [user, pass, count] of [
      ['anna.muster@alt-provider.ch', 'Alt-Anna-2019', 1200],
      ['beat.keller@alt-provider.ch', 'Alt-Beat-2020', 700],
    ] as const) {
      const c = await imapClient({
        user,
        password: pass,
        endpoint: { host: dovecot.host, port: dovecot.port, security: 'none' },
      });
      await c.connect();
      for (const folder of ['Kunden', 'Projekte']) await c.mailboxCreate(folder).catch(() => undefined);
      const text = 'Sehr geehrte Damen und Herren, anbei die Unterlagen. '.repeat(300);
      for (let i = 0; i < count; i++)
        await c.append(
          ['INBOX', 'Sent', 'Kunden', 'Projekte'][i % 4]!,
          `Message-ID: <${i}.${user}>\r\nSubject: Mandat ${i}\r\n\r\n${text}\r\n`,
        );
      await c.logout();
    }
  }
  void runCli;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme, locale: 'en-GB' });
    await page.goto(host.openUrl);
    await page.getByRole('combobox', { name: 'Organisation' }).selectOption({ label: 'Muster Treuhand AG' });
    await page.getByRole('link', { name: 'Mailboxes' }).click();
    const grid = page.getByRole('grid', { name: 'Mailboxes' });
    await grid.getByRole('gridcell', { name: 'anna.muster@muster-treuhand.ch', exact: true }).waitFor();
    await grid.getByRole('gridcell', { name: 'Beat Keller', exact: true }).click();
    await grid.getByRole('gridcell', { name: 'Claudia Meier', exact: true }).click({ modifiers: ['Shift'] });
    await page.screenshot({ path: path.join(out, `mailboxes-${scheme}.png`) });
    await page.getByRole('button', { name: 'Apply template…' }).click();
    await page.getByText('3 of 3 selected mailboxes will change.').waitFor();
    await page.screenshot({ path: path.join(out, `templates-${scheme}.png`) });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Templates…' }).click();
    await page.getByRole('button', { name: 'Edit Treuhand-Team' }).click();
    const editor = page.getByRole('dialog', { name: 'Template “Treuhand-Team”' });
    await editor.getByRole('checkbox', { name: 'Sieve script', exact: true }).check();
    await editor.getByRole('textbox', { name: 'Script name' }).fill('Anmeldungen');
    await editor
      .getByRole('textbox', { name: 'Script', exact: true })
      .fill(
        'require ["fileinto", "subaddress"];\n# Sign-ups to name+shop@… go to their own folder\nif address :detail "to" "shop" {\n  fileinto "Anmeldungen";\n}\n',
      );
    await editor.getByRole('checkbox', { name: 'Filters and lists', exact: true }).uncheck();
    await page.screenshot({ path: path.join(out, `template-editor-${scheme}.png`) });
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await grid.getByRole('button', { name: 'sophie.mueller@muster-treuhand.ch' }).click();
    await page.getByRole('complementary').getByRole('tab', { name: 'Forwarding' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, `mailbox-details-${scheme}.png`) });
    const panel = page.getByRole('complementary');
    await panel.getByRole('tab', { name: 'Sieve' }).click();
    await panel.getByRole('button', { name: 'New script' }).click();
    await panel.getByRole('combobox', { name: 'When' }).selectOption({ label: 'Sent to the sub-address' });
    await panel.getByRole('textbox', { name: 'Value' }).fill('shop');
    await panel.getByRole('textbox', { name: 'Folder' }).fill('Anmeldungen');
    await panel.getByRole('button', { name: 'Add to the script' }).click();
    await page.screenshot({ path: path.join(out, `sieve-${scheme}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'muster-treuhand.ch' }).waitFor();
    await page.screenshot({ path: path.join(out, `overview-${scheme}.png`) });
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('table', { name: 'Activity' }).waitFor();
    await page.screenshot({ path: path.join(out, `activity-${scheme}.png`) });
    await page.getByRole('link', { name: 'Bulk create' }).click();
    await dropCsv(page, 'mitarbeitende.csv', EXCEL_FILE);
    await page.getByRole('grid', { name: 'Rows of mitarbeitende.csv' }).getByText('Weak password').waitFor();
    await page.screenshot({ path: path.join(out, `bulk-create-${scheme}.png`), fullPage: true });
    await page.getByRole('link', { name: 'Users & access' }).click();
    await page.getByRole('tab', { name: 'Access matrix' }).click();
    await page.getByRole('table', { name: 'Access: users × products' }).waitFor();
    await page.screenshot({ path: path.join(out, `access-${scheme}.png`) });
    await page.getByRole('link', { name: 'Transfers' }).click();
    await page.getByRole('checkbox', { name: /^muster-treuhand\.ch \(Domain\)/ }).check();
    await page.getByRole('checkbox', { name: 'I accept the terms of transfer.' }).check();
    await page.getByRole('button', { name: 'Create transfer link' }).click();
    await page.getByRole('textbox', { name: 'Transfer link' }).first().waitFor();
    await page.screenshot({ path: path.join(out, `transfers-${scheme}.png`), fullPage: true });
    await cli('transfer', 'cancel', scheme === 'light' ? '1' : '2'); // the next round transfers the domain again
    await page.getByRole('link', { name: 'Attachment check' }).click();
    await dropCsv(page, 'Offerte-2026.zip', Buffer.from(OFFER_ZIP));
    await page.getByRole('table', { name: 'Results' }).waitFor();
    await page.screenshot({ path: path.join(out, `attachments-${scheme}.png`) });
    await page.getByRole('link', { name: 'DNS' }).click();
    await page.getByRole('button', { name: 'Run the checks' }).click();
    await page.getByRole('article', { name: 'SPF' }).waitFor();
    await page.locator('.dns-mode label').filter({ hasText: 'Planned over live' }).click();
    const spf = page.getByRole('region', { name: 'SPF record' });
    await spf.getByText(/DNS lookups \+0/).waitFor();
    await spf
      .getByRole('combobox', { name: 'Add a sender' })
      .selectOption({ label: 'Google Workspace (include:_spf.google.com)' });
    await spf.getByText(/DNS lookups \+4/).waitFor();
    await page.getByRole('article', { name: 'DMARC' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, `dns-${scheme}.png`) });
    await spf.getByText('Include tree').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, `spf-editor-${scheme}.png`) });
    if (dovecot) {
      await page.getByRole('link', { name: 'Mail import' }).click();
      if (scheme === 'light') {
        const target = page.getByRole('region', { name: 'Import target server' });
        await target.getByRole('button', { name: /server…/ }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('textbox', { name: 'IMAP server' }).fill(`imap://127.0.0.1:${dovecot.port}`);
        await dialog.getByRole('button', { name: 'Save' }).click();
        const server = `imap://127.0.0.1:${dovecot.port}`;
        await dropCsv(
          page,
          'umzug.csv',
          Buffer.from(
            [
              'Quelle;Passwort;Server;Ziel;Zielpasswort',
              `anna.muster@alt-provider.ch;Alt-Anna-2019;${server};anna.muster@muster-treuhand.ch;Neu-Anna-2026!`,
              `beat.keller@alt-provider.ch;Alt-Beat-2020;${server};beat.keller@muster-treuhand.ch;Neu-Beat-2026!`,
              `claudia.meier@alt-provider.ch;falsch;${server};claudia.meier@muster-treuhand.ch;x`,
              'chef@gmail.com;irgendwas;;chef@muster-treuhand.ch;x',
            ].join('\r\n'),
          ),
        );
        await page.getByRole('button', { name: 'Check all' }).click();
        await page.getByText(/accounts checked/).waitFor({ timeout: 30_000 });
        await page.screenshot({ path: path.join(out, `import-check-${scheme}.png`), fullPage: true });
        await page.getByRole('button', { name: 'Start batch 1' }).click();
        await page.getByRole('progressbar').first().waitFor();
        await page.getByRole('article').first().getByText('Done', { exact: true }).first().waitFor({ timeout: 60_000 });
      } else {
        await page.getByRole('article').first().waitFor();
      }
      // The job list is redrawn as progress comes in: scrolled by the page, not by a (replaced) element.
      await page.evaluate(() => {
        const job = document.querySelector<HTMLElement>('.import-job');
        const main = job?.closest('main');
        if (job && main)
          main.scrollTop = job.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop - 24;
      });
      await page.screenshot({ path: path.join(out, `import-${scheme}.png`) });
    }
    await page.close();
  }
  await browser.close();
  console.log(`screenshots in ${out}`);
} finally {
  await stop();
  await dns.close();
  await dovecot?.stop();
}
