import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, dialog, Menu, screen, session, shell, type BrowserWindow } from 'electron';
import { IPC_EVENT, type EventMessage } from '../../shared/contract';
import { registerContract } from '../ipc/register-contract';
import { openRuntime, type Runtime } from '../rpc/runtime';
import { APP_START_URL, isAppUrl } from '../security/app-origin';
import { WorkspaceError } from '../store/database';
import { registerHolder } from '../store/holders';
import { resolveDataDir, workspaceFile } from '../store/paths';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { openExternalSafely } from './external-links';
import { denyAllPermissions, hardenWebContents } from './hardening';
import { createLogger, type Logger } from './log';
import { buildMenuTemplate } from './menu';
import { dataDirFromArgs, desktopActor, pickLocale } from './startup-options';
import { transferLinkFromArgs } from './transfer-links';
import { createSafeStorageProtector } from './safe-storage-protector';
import { createMainWindow } from './window';
import { loadWindowState, placeWindow, saveWindowState } from './window-state';

const APP_NAME = 'Mailwright';

// Everything below until main() must happen before the app is ready.
app.setName(APP_NAME);

/*
 * The data folder is the app's whole profile: workspace, logs, window state
 * and Chromium's own files. By default it is the same folder the CLI and the
 * web host use (resolveDataDir); --data-dir / MAILWRIGHT_DATA_DIR move all of
 * it, so a second workspace or a test run is fully separate — including the
 * single-instance lock, which Chromium keeps in userData.
 */
const dataDir = resolveDataDir(dataDirFromArgs(process.argv));
fs.mkdirSync(dataDir, { recursive: true });
app.setPath('userData', dataDir);

// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();
registerAppScheme();

if (app.requestSingleInstanceLock()) {
  main(createLogger(path.join(dataDir, 'logs')));
} else {
  // Another Mailwright has this data folder open; it focuses itself (second-instance below).
  app.quit();
}

function main(logger: Logger): void {
  let window: BrowserWindow | null = null;
  const cleanups: (() => void)[] = [];

  process.on('uncaughtExceptionMonitor', (error) => logger.error('uncaught exception', error));
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection', reason));

  const openExternal = (url: string) => {
    openExternalSafely(url, (message, error) => (error === undefined ? logger.info(message) : logger.error(message, error)));
  };
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  // mailwright://transfer/… links open the Receive form: from a second start (Windows, Linux), from
  // macOS's open-url, or from this start's own arguments once the window has loaded.
  let pendingLink = transferLinkFromArgs(process.argv);
  let deliverLink: (link: string) => void = (link) => (pendingLink = link);
  if (process.defaultApp && process.argv[1])
    app.setAsDefaultProtocolClient('mailwright', process.execPath, [path.resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient('mailwright');
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = transferLinkFromArgs([url]);
    if (link) deliverLink(link);
  });

  app.on('second-instance', (_event, argv) => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    const link = transferLinkFromArgs(argv);
    if (link) deliverLink(link);
  });

  // On macOS the app stays open without windows, as users expect there.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        cleanup();
      } catch (error) {
        logger.error('shutdown step failed', error);
      }
    }
    cleanups.length = 0;
  });

  app
    .whenReady()
    .then(ready)
    .catch((error: unknown) => failStart(error));

  function ready(): void {
    denyAllPermissions(session.defaultSession);
    serveAppScheme(path.join(__dirname, '..', 'renderer'), (error) => logger.error('app:// request failed', error));

    const file = workspaceFile(dataDir);
    let runtime: Runtime;
    try {
      runtime = openRuntime({
        file,
        host: 'desktop',
        appVersion: app.getVersion(),
        locale: pickLocale(app.getPreferredSystemLanguages(), app.getLocale() || null),
        // Development runs need better-sqlite3 built for Electron's ABI (scripts/start.mjs);
        // a packaged app has it rebuilt in place, and must not load native code named by the environment.
        nativeBinding: app.isPackaged ? undefined : process.env.MAILWRIGHT_SQLITE_BINDING || undefined,
        onInternalError: (channel, error) => logger.error(`internal error in ${channel}`, error),
        // The key file is shared with the CLI and web host; the OS keychain only holds it if the user moves it there.
        secrets: { dataDir, protector: createSafeStorageProtector(), onWarning: (message) => logger.info(message) },
        strengthWorker: path.join(__dirname, 'strength-worker.cjs'),
        dnsWorker: path.join(__dirname, 'dns-worker.cjs'),
        mailWorker: path.join(__dirname, 'mail-worker.cjs'),
      });
      if (runtime.secretsProblem) logger.error(`secrets unavailable (${runtime.secretsProblem.code})`, runtime.secretsProblem);
    } catch (error) {
      failStart(error);
      return;
    }
    const opened = runtime;
    cleanups.push(() => opened.close());
    cleanups.push(registerHolder(file));
    // The CLI or the web host may change the same file while the app is open: the window refreshes.
    cleanups.push(opened.watchExternalChanges());
    cleanups.push(
      registerContract({
        dispatcher: opened.dispatcher,
        getWindow: () => window,
        actor: desktopActor(() => os.userInfo().username),
        onRefused: (reason) => logger.error(`IPC call refused: ${reason}`),
      }),
    );
    cleanups.push(
      opened.dispatcher.subscribe((name, payload) => {
        const target = window;
        if (!target || target.isDestroyed() || !isAppUrl(target.webContents.getURL())) return;
        const message: EventMessage = { name, payload };
        target.webContents.send(IPC_EVENT, message);
      }),
    );

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          appName: APP_NAME,
          isPackaged: app.isPackaged,
          openLogFolder: () => {
            const dir = path.dirname(logger.file);
            fs.mkdirSync(dir, { recursive: true });
            // openPath resolves with an error message instead of rejecting.
            void shell.openPath(dir).then((problem) => problem && logger.error(`could not open the log folder: ${problem}`));
          },
        }),
      ),
    );

    deliverLink = (link) => opened.dispatcher.emit('transfers.linkOpened', { link });
    window = openWindow();
    window.webContents.once('did-finish-load', () => {
      if (pendingLink) deliverLink(pendingLink);
      pendingLink = undefined;
    });
    app.on('activate', () => {
      if (!window) window = openWindow();
    });
    logger.info(`started ${APP_NAME} ${app.getVersion()} with ${file}`);
  }

  function openWindow(): BrowserWindow {
    const stateFile = path.join(dataDir, 'window-state.json');
    const placement = placeWindow(
      loadWindowState(stateFile),
      screen.getAllDisplays().map((display) => display.workArea),
      screen.getPrimaryDisplay().workArea,
    );
    const created = createMainWindow({
      preload: path.join(__dirname, 'preload.cjs'),
      placement,
      title: APP_NAME,
      devTools: !app.isPackaged,
    });
    created.on('close', () => {
      try {
        saveWindowState(stateFile, created.getNormalBounds(), created.isMaximized());
      } catch (error) {
        logger.error('could not save the window position', error);
      }
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    created.webContents.on('render-process-gone', (_event, details) => {
      logger.error(`renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
    });
    created.loadURL(APP_START_URL).catch((error: unknown) => logger.error('could not load the app', error));
    return created;
  }

  /** Start-up failures end the app with a dialog; a refused workspace file is never touched. */
  function failStart(error: unknown): void {
    if (error instanceof WorkspaceError) {
      logger.info(`workspace refused (${error.code}): ${error.file}`);
      dialog.showErrorBox("Mailwright can't open its workspace", error.message);
    } else {
      logger.error('start-up failed', error);
      const reason = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Mailwright could not start', `${reason}\n\nDetails are in ${logger.file}.`);
    }
    app.exit(1);
  }
}
