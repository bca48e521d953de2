import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The desktop app end to end: the real main process, preload bridge and IPC
 * handler behind the renderer. Needs Electron's binary; where it was never
 * downloaded (machines without internet) the spec skips and says why.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** require('electron') outside Electron returns the binary's path, or throws when it was never downloaded. */
function findElectron(): { binary: string } | { missing: string } {
  try {
    const binary: unknown = createRequire(path.join(ROOT, 'package.json'))('electron');
    if (typeof binary !== 'string') return { missing: 'the electron package returned no path' };
    if (!fs.existsSync(binary)) return { missing: `${binary} does not exist` };
    return { binary };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'electron could not be loaded';
    // electron's own wording ("failed to install correctly") hides that only the download is missing.
    return { missing: /failed to install correctly/i.test(message) ? 'node_modules/electron has no downloaded binary' : message };
  }
}

test('desktop app: create an organisation, a mail service and a mailbox; the change is in Activity', async () => {
  const electronFound = findElectron();
  if ('missing' in electronFound) {
    const reason =
      `Electron's binary isn't installed here (${electronFound.missing}). ` +
      'Run "node node_modules/electron/install.js" on a machine with internet access to run this spec.';
    console.log(`[electron e2e] skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }

  for (const built of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run "npm run build" first.`);
  }

  // The first run compiles better-sqlite3 for Electron's ABI (cached in .cache/electron-native afterwards).
  test.setTimeout(15 * 60_000);
  const binding = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'electron-native.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 14 * 60_000,
  }).trim();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-electron-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  Object.assign(env, {
    MAILWRIGHT_DATA_DIR: dataDir,
    MAILWRIGHT_SQLITE_BINDING: binding,
    // The UI follows the OS language; these assertions use the English texts.
    LANG: 'en_US.UTF-8',
    LANGUAGE: 'en_US:en',
    LC_ALL: 'en_US.UTF-8',
  });

  const app = await electron.launch({ executablePath: electronFound.binary, args: [ROOT, '--lang=en-US'], cwd: ROOT, env });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^app:\/\/mailwright\//);

    // The page gets the bridge and nothing of Node.
    const exposed = await page.evaluate(() => {
      const w = window as unknown as { mailwright?: { invoke?: unknown; on?: unknown }; require?: unknown; process?: unknown };
      return {
        invoke: typeof w.mailwright?.invoke,
        on: typeof w.mailwright?.on,
        require: typeof w.require,
        process: typeof w.process,
      };
    });
    expect(exposed).toEqual({ invoke: 'function', on: 'function', require: 'undefined', process: 'undefined' });

    const nav = page.getByRole('navigation', { name: 'Sections' });

    // Organisation
    await page.getByRole('button', { name: 'New organisation' }).first().click();
    await page.getByRole('textbox', { name: 'Organisation name' }).fill('Acme AG');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Acme AG' })).toBeVisible();

    // Mail service
    await nav.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Add mail service' }).click();
    const serviceDialog = page.getByRole('dialog');
    await serviceDialog.getByRole('textbox', { name: 'Domain' }).fill('acme.example');
    await serviceDialog.getByRole('spinbutton', { name: 'Address quota' }).fill('10');
    await serviceDialog.getByRole('button', { name: 'Add mail service' }).click();
    await expect(serviceDialog).toBeHidden();

    // Mailbox
    await nav.getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByRole('button', { name: 'Add mailbox', exact: true }).click();
    const mailboxDialog = page.getByRole('dialog');
    await mailboxDialog.getByRole('textbox', { name: 'Address' }).fill('anna');
    await mailboxDialog.getByRole('textbox', { name: 'Display name' }).fill('Anna Muster');
    await mailboxDialog.getByRole('button', { name: 'Create mailbox' }).click();
    await expect(page.getByText('anna@acme.example', { exact: true }).first()).toBeVisible();

    // Activity
    await nav.getByRole('link', { name: 'Activity' }).click();
    await expect(
      page.getByRole('table', { name: 'Activity' }).getByText('Mailbox created', { exact: true }).first(),
    ).toBeVisible();

    // It is all in the workspace of the data folder given to the app.
    expect(fs.existsSync(path.join(dataDir, 'workspace.sqlite'))).toBe(true);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
