import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export interface WebHostProcess {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The URL with the access token in its fragment, as printed for the user. */
  openUrl: string;
  token: string;
  port: number;
  dataDir: string;
  /** Runs the real CLI against the same workspace. */
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin', 'mailwright.cjs');

/** Starts `mailwright web` on a fresh workspace, exactly as a user would, and stops it by its PID. */
export async function startWebHost(dataDir?: string): Promise<{ host: WebHostProcess; stop: () => Promise<void> }> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mw-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [BIN, '--data-dir', dir, 'web'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${stderr}`)), 15_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('http://127.0.0.1:')) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}: ${stderr}`)));
  });
  const url = new URL(openUrl);
  const host: WebHostProcess = {
    url: `${url.origin}/`,
    openUrl,
    token: url.hash.replace('#token=', ''),
    port: Number(url.port),
    dataDir: dir,
    cli: (...args) => runCli(['--data-dir', dir, ...args]),
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  return { host, stop };
}

export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export const test = base.extend<{ webHost: WebHostProcess; app: Page }>({
  webHost: async ({}, use) => {
    const { host, stop } = await startWebHost();
    await use(host);
    await stop();
  },
  /** A page signed in to a fresh workspace, with the app loaded. */
  app: async ({ page, webHost }, use) => {
    await page.goto(webHost.openUrl);
    await expect(page.getByRole('heading', { name: 'Welcome to Mailwright' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Serious and critical violations fail; the rest are printed so they get fixed too. */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of results.violations.filter((x) => !blocking.includes(x))) {
    console.log(`[axe ${screen}] ${v.impact}: ${v.id} — ${v.help} (${v.nodes.length})`);
  }
  expect(
    blocking.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`),
    screen,
  ).toEqual([]);
}
