import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The desktop main process, wired end to end against a stand-in for the
 * 'electron' module: Electron can't run on these machines, but the wiring
 * around it — data folder, permissions, guards, protocol, the IPC handler in
 * front of the real dispatcher and SQLite store, events, shutdown — can.
 */

const fake = vi.hoisted(() => {
  // vi.hoisted runs before imports: only require() is available here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Emitter = (require('node:events') as { EventEmitter: typeof EventEmitter }).EventEmitter;
  const app = new Emitter();
  const state = {
    paths: {} as Record<string, string>,
    ready: undefined as undefined | (() => void),
    calls: [] as string[],
    protocol: {} as Record<string, (request: { url: string; method: string }) => Promise<Response>>,
    ipc: {} as Record<string, (event: unknown, message: unknown) => Promise<unknown>>,
    windows: [] as FakeWindow[],
    permissionRequest: undefined as undefined | ((c: unknown, p: string, cb: (granted: boolean) => void) => void),
    permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
    opened: [] as string[],
  };
  let nextId = 1;
  class FakeContents extends Emitter {
    id = nextId++;
    mainFrame = { frameTreeNodeId: 1000 + this.id };
    url = '';
    sent: unknown[][] = [];
    openHandler?: (details: { url: string }) => { action: string };
    isDestroyed = () => false;
    getURL = () => this.url;
    send = (...args: unknown[]) => this.sent.push(args);
    setWindowOpenHandler = (handler: (details: { url: string }) => { action: string }) => (this.openHandler = handler);
  }
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    isDestroyed = () => false;
    maximize = () => undefined;
    loadURL = async (url: string) => {
      this.webContents.url = url;
    };
    getNormalBounds = () => ({ x: 40, y: 30, width: 1100, height: 750 });
    isMaximized = () => false;
    isMinimized = () => false;
    restore = () => undefined;
    show = () => undefined;
    focus = () => state.calls.push('focus');
  }
  const electron = {
    app: Object.assign(app, {
      isPackaged: false,
      setName: (name: string) => state.calls.push(`setName:${name}`),
      setPath: (key: string, value: string) => (state.paths[key] = value),
      getPath: (key: string) => state.paths[key],
      enableSandbox: () => state.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      setAsDefaultProtocolClient: (scheme: string) => state.calls.push(`protocolClient:${scheme}`),
      whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
      getPreferredSystemLanguages: () => ['de_CH.UTF-8'],
      getLocale: () => 'en-US',
      getVersion: () => '0.1.0-test',
      quit: () => state.calls.push('quit'),
      exit: (code: number) => state.calls.push(`exit:${code}`),
    }),
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => state.calls.push(`schemes:${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: (typeof state.protocol)[string]) => (state.protocol[scheme] = handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof state.permissionRequest) => (state.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof state.permissionCheck) => (state.permissionCheck = handler),
        setDevicePermissionHandler: () => undefined,
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (typeof state.ipc)[string]) => (state.ipc[channel] = handler),
      removeHandler: (channel: string) => delete state.ipc[channel],
    },
    BrowserWindow: FakeWindow,
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined },
    // Linux without a keyring: no protector, the key stays in the 0600 file the CLI shares.
    safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text' },
    dialog: { showErrorBox: (title: string, message: string) => state.calls.push(`errorBox:${title}:${message}`) },
    shell: {
      openExternal: async (url: string) => void state.opened.push(url),
      openPath: async () => '',
    },
  };
  return { app, state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state, app } = fake;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-electron-main-'));
const processListeners = () => ({
  rejection: process.listeners('unhandledRejection'),
  monitor: process.listeners('uncaughtExceptionMonitor'),
});

describe('desktop main process (stand-in Electron)', () => {
  const before = processListeners();

  beforeAll(async () => {
    vi.stubEnv('MAILWRIGHT_DATA_DIR', dataDir);
    await import('../../electron/main/main');
    state.ready?.();
    await vi.waitFor(() => expect(state.windows).toHaveLength(1));
  });

  afterAll(() => {
    app.emit('will-quit');
    vi.unstubAllEnvs();
    // main.ts logs process-wide errors; those listeners must not outlive this file.
    const after = processListeners();
    for (const l of after.rejection) if (!before.rejection.includes(l)) process.off('unhandledRejection', l);
    for (const l of after.monitor) if (!before.monitor.includes(l)) process.off('uncaughtExceptionMonitor', l);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const window = () => state.windows[0]!;
  const fromMainFrame = () => ({
    sender: window().webContents,
    senderFrame: {
      url: 'app://mailwright/',
      frameTreeNodeId: window().webContents.mainFrame.frameTreeNodeId,
      parent: null,
      detached: false,
      isDestroyed: () => false,
    },
  });

  it('prepares the app before it is ready: name, data folder, sandbox, app:// scheme', () => {
    expect(state.calls).toContain('setName:Mailwright');
    expect(state.calls).toContain('enableSandbox');
    expect(state.paths.userData).toBe(dataDir);
    expect(state.calls.find((c) => c.startsWith('schemes:'))).toContain('"standard":true');
  });

  it('opens a hardened window on app://mailwright/', () => {
    expect(window().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(window().webContents.url).toBe('app://mailwright/');
  });

  it('denies every permission', () => {
    let granted: boolean | undefined;
    state.permissionRequest?.(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(state.permissionCheck?.(null, 'clipboard-read', 'app://mailwright', {})).toBe(false);
  });

  it('keeps the window on the app and opens only safe links outside', async () => {
    let prevented = 0;
    const navigate = (url: string) => window().webContents.emit('will-navigate', { url, preventDefault: () => (prevented += 1) });
    navigate('app://mailwright/mailboxes');
    expect(prevented).toBe(0);
    navigate('https://docs.example.org/');
    navigate('file:///etc/passwd');
    expect(prevented).toBe(2);
    expect(window().webContents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(state.opened).toEqual(['https://docs.example.org/']));
  });

  it('serves app:// with the CSP and refuses traversal', async () => {
    const handler = state.protocol.app!;
    const traversal = await handler({ url: 'app://mailwright/..%2F..%2Fpackage.json', method: 'GET' });
    expect(traversal.status).toBe(403);
    expect(traversal.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers the main frame through the real dispatcher, as desktop:<user>, and pushes change events', async () => {
    const invoke = state.ipc['mw:invoke']!;
    expect(await invoke(fromMainFrame(), { channel: 'workspace.info', input: {} })).toMatchObject({
      ok: true,
      value: { host: 'desktop', appVersion: '0.1.0-test', locale: 'de-CH', path: path.join(dataDir, 'workspace.sqlite') },
    });
    expect(await invoke(fromMainFrame(), { channel: 'organisations.create', input: { name: 'Acme AG' } })).toMatchObject({
      ok: true,
    });
    expect(window().webContents.sent).toContainEqual([
      'mw:event',
      { name: 'workspace.changed', payload: { areas: ['organisations', 'audit'] } },
    ]);
    const audit = (await invoke(fromMainFrame(), { channel: 'audit.list', input: {} })) as { ok: boolean; value: unknown };
    expect(JSON.stringify(audit.value)).toMatch(/"actor":"owner@workspace.local \(desktop:[^"]+"/);
  });

  it('registers mailwright:// and hands a transfer link from a second start to the window, ignoring other arguments', () => {
    expect(state.calls).toContain('protocolClient:mailwright');
    const link = `mailwright://transfer/${'A'.repeat(43)}`;
    app.emit('second-instance', {}, ['/usr/bin/mailwright', '--inspect=9229', 'mailwright://transfer/not-a-token', link]);
    expect(window().webContents.sent).toContainEqual(['mw:event', { name: 'transfers.linkOpened', payload: { link } }]);
    const before = window().webContents.sent.length;
    app.emit('second-instance', {}, ['/usr/bin/mailwright', 'mailwright://transfer/../../etc']);
    expect(window().webContents.sent).toHaveLength(before);
  });

  it('refuses subframes, vanished frames and malformed messages', async () => {
    const invoke = state.ipc['mw:invoke']!;
    const main = fromMainFrame();
    const subframe = { ...main, senderFrame: { ...main.senderFrame, frameTreeNodeId: 5, parent: main.senderFrame } };
    expect(await invoke(subframe, { channel: 'workspace.info', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke({ ...main, senderFrame: null }, { channel: 'workspace.info' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke(main, ['workspace.info'])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('remembers the window position and releases everything on quit', () => {
    window().emit('close');
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'window-state.json'), 'utf8'))).toEqual({
      x: 40,
      y: 30,
      width: 1100,
      height: 750,
      maximized: false,
    });
    expect(fs.readdirSync(`${path.join(dataDir, 'workspace.sqlite')}.holders`)).toHaveLength(1);
    app.emit('will-quit');
    expect(fs.readdirSync(`${path.join(dataDir, 'workspace.sqlite')}.holders`)).toHaveLength(0);
    expect(state.ipc['mw:invoke']).toBeUndefined();
  });
});
