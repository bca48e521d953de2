import { type DnsTestServer, startDnsServer } from '../../helpers/dns-server';
import { mailZone } from '../../helpers/mail-zone';
import { expect, expectAccessible, test } from './fixtures';

let dns: DnsTestServer;
test.beforeAll(async () => {
  dns = await startDnsServer(mailZone());
});
test.afterAll(() => dns.close());

test('add Google’s include to a planned zone and see the lookup budget before publishing', async ({ webHost, page }) => {
  for (const args of [
    ['org', 'add', 'Muster AG'],
    ['service', 'add', 'muster.ch', '--org', 'Muster AG', '--quota', '5'],
    // Ask the DNS server of this test, on 127.0.0.1, and nothing else — from the first query on.
    ['dns', 'resolvers', dns.address, '--timeout', '1000'],
  ]) {
    expect((await webHost.cli(...args)).code).toBe(0);
  }
  await page.goto(webHost.openUrl);
  await page.getByRole('link', { name: 'DNS' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'DNS' })).toBeVisible();

  // The resolvers set on the command line are the app's.
  await page.getByRole('button', { name: 'Resolvers…' }).click();
  const resolvers = page.getByRole('dialog', { name: 'DNS servers to ask' });
  await expect(resolvers.getByRole('textbox', { name: 'Resolvers' })).toHaveValue(dns.address);
  await resolvers.getByRole('textbox', { name: 'Resolvers' }).fill('dns.example.com');
  await expect(resolvers.getByText('Use IP addresses like 9.9.9.9')).toBeVisible();
  await resolvers.getByRole('textbox', { name: 'Resolvers' }).fill(dns.address);
  await resolvers.getByRole('button', { name: 'Save' }).click();
  await expect(resolvers).toHaveCount(0);

  // What is published now.
  await page.getByRole('button', { name: 'Run the checks' }).click();
  const spfPart = page.getByRole('article', { name: 'SPF' });
  await expect(spfPart.getByText('4/10 lookups, 0 void')).toBeVisible();
  await expectAccessible(page, 'DNS overview');

  // Planned over live: the editor starts from the live record; Google's include goes before -all.
  await page.locator('.dns-mode label').filter({ hasText: 'Planned over live' }).click();
  const editor = page.getByRole('region', { name: 'SPF record' });
  await expect(editor.getByRole('textbox', { name: 'Term 1' })).toHaveValue('include:spf.infomaniak.ch');
  await expect(editor.getByText('DNS lookups +0 → 4/10')).toBeVisible();
  await editor
    .getByRole('combobox', { name: 'Add a sender' })
    .selectOption({ label: 'Google Workspace (include:_spf.google.com)' });
  await expect(editor.getByRole('textbox', { name: 'Term 2' })).toHaveValue('include:_spf.google.com');
  await expect(editor.getByText('DNS lookups +4 → 8/10')).toBeVisible();
  await expect(editor.getByText('+ v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all')).toBeVisible();
  await expectAccessible(page, 'SPF editor with a change');

  // A typo is refused at once, with the term marked; nothing is counted until it is fixed.
  await editor.getByRole('textbox', { name: 'Term 2' }).fill('include:');
  await expect(editor.getByRole('alert')).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save to the planned zone' })).toBeDisabled();
  await editor.getByRole('textbox', { name: 'Term 2' }).fill('include:_spf.google.com');

  await editor.getByRole('button', { name: 'Save to the planned zone' }).click();
  await expect(page.getByText('SPF record saved to the planned zone.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Zone file' })).toHaveValue(
    /@ 3600 IN TXT "v=spf1 include:spf.infomaniak.ch include:_spf.google.com -all"/,
  );
  await page.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByRole('article', { name: 'SPF' }).getByText('8/10 lookups, 0 void')).toBeVisible();
  // A sending server tested as receivers would, against the plan laid over live DNS: Google's servers now pass.
  const sending = page.getByRole('region', { name: 'Test a sending server' });
  await sending.getByRole('textbox', { name: 'Its IP address' }).fill('172.217.1.1');
  await sending.getByRole('button', { name: 'Evaluate' }).click();
  await expect(sending.getByRole('status').getByText('pass', { exact: true })).toBeVisible();
  await expect(sending.getByText('Strict and lenient receivers agree.')).toBeVisible();

  // DMARC from choices: reject, reports to the domain's own address; saved into the same planned zone.
  const dmarc = page.getByRole('region', { name: 'DMARC record' });
  await dmarc.getByRole('combobox', { name: 'Policy for mail that fails' }).selectOption('reject');
  await expect(dmarc.getByText('_dmarc.muster.ch TXT "v=DMARC1; p=reject; rua=mailto:dmarc-reports@muster.ch"')).toBeVisible();
  await dmarc.getByRole('button', { name: 'Save to the planned zone' }).click();
  await expect(page.getByText('DMARC record saved to the planned zone.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Zone file' })).toHaveValue(
    /_dmarc 3600 IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc-reports@muster.ch"/,
  );
  await expect(page.getByRole('textbox', { name: 'Zone file' })).toHaveValue(/include:_spf.google.com/);
  // Live DNS is unchanged: the plan is only a plan.
  const live = JSON.parse((await webHost.cli('--json', 'dns', 'check', 'muster.ch', '--resolver', dns.address)).stdout);
  expect(live.spf.lookups).toBe(4);
});
