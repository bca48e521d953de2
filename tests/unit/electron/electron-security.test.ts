import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Cheap static guards for the Electron security checklist: they read the
 * sources, so a regression fails here before anyone runs the app.
 */

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const sourcesUnder = (dir: string): string[] =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(dir, file));
const stripComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('BrowserWindow webPreferences', () => {
  const mainSources = sourcesUnder('electron/main').map((file) => ({ file, source: stripComments(read(file)) }));
  const withWindows = mainSources.filter(({ source }) => /new BrowserWindow\(/.test(source));

  it('exist in electron/main', () => {
    expect(withWindows.map(({ file }) => file)).not.toHaveLength(0);
  });

  it.each(['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', 'webviewTag: false'])(
    'every window sets %s',
    (setting) => {
      for (const { file, source } of withWindows) {
        const blocks = source.match(/webPreferences:\s*\{[^}]*\}/g) ?? [];
        expect(blocks.length, `${file} creates a window without webPreferences`).toBeGreaterThan(0);
        for (const block of blocks) expect(block, file).toContain(setting);
      }
    },
  );

  it('nothing turns the protections off', () => {
    for (const { file, source } of mainSources) {
      expect(source, file).not.toMatch(
        /contextIsolation:\s*false|sandbox:\s*false|nodeIntegration(InWorker|InSubFrames)?:\s*true|webSecurity:\s*false|webviewTag:\s*true|allowRunningInsecureContent:\s*true|bypassCSP:\s*true/,
      );
    }
  });

  it('the app is sandboxed globally and guards every webContents', () => {
    const main = stripComments(read('electron/main/main.ts'));
    expect(main).toContain('app.enableSandbox()');
    expect(main).toContain("app.on('web-contents-created'");
    expect(main).toContain('requestSingleInstanceLock()');
    const hardening = stripComments(read('electron/main/hardening.ts'));
    for (const guard of [
      "'will-attach-webview'",
      "'will-navigate'",
      "'will-redirect'",
      'setWindowOpenHandler',
      "action: 'deny'",
    ]) {
      expect(hardening).toContain(guard);
    }
  });
});

describe('layer boundaries', () => {
  const importsElectron = (source: string) =>
    /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/.test(stripComments(source));

  it('only electron/main, electron/ipc and electron/preload import electron', () => {
    const offenders = [...sourcesUnder('electron'), ...sourcesUnder('shared')].filter(
      (file) => !/^electron[\\/](main|ipc|preload)[\\/]/.test(file) && importsElectron(read(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('ipcMain is used only by electron/ipc/register-contract.ts', () => {
    const users = sourcesUnder('electron').filter((file) => /\bipcMain\b/.test(stripComments(read(file))));
    expect(users.map((file) => file.split(path.sep).join('/'))).toEqual(['electron/ipc/register-contract.ts']);
  });

  it('shell.openExternal is called only by the checked helper', () => {
    const opensExternally = /shell\s*\.\s*openExternal\b|\{[^}]*\bopenExternal\b[^}]*\}\s*from\s*['"]electron['"]/;
    const users = sourcesUnder('electron').filter((file) => opensExternally.test(stripComments(read(file))));
    expect(users.map((file) => file.split(path.sep).join('/'))).toEqual(['electron/main/external-links.ts']);
  });

  it('the preload never hands ipcRenderer to the page', () => {
    const preload = stripComments(read('electron/preload/preload.ts'));
    expect(preload).toMatch(/exposeInMainWorld\(\s*'mailwright',\s*bridge\s*\)/);
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
