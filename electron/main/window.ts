import { BrowserWindow } from 'electron';
import type { WindowPlacement } from './window-state';
import { MIN_SIZE } from './window-state';

export interface MainWindowOptions {
  preload: string;
  placement: WindowPlacement;
  title: string;
  /** Developer tools only in development builds. */
  devTools: boolean;
}

/**
 * The app's one window. The renderer is an untrusted web page as far as the
 * main process is concerned: isolated, sandboxed, no Node, and it reaches the
 * workspace only through the preload bridge and the checked IPC handler.
 * (tests/unit/electron-security.test.ts reads this file to keep it that way.)
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { placement } = options;
  const window = new BrowserWindow({
    title: options.title,
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : { center: true }),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false, // shown on ready-to-show: no white flash
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  if (placement.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  return window;
}
