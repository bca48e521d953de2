import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Developer tools only in development builds. */
  isPackaged: boolean;
  openLogFolder: () => void;
}

/**
 * The native menu: standard roles, so shortcuts, copy/paste and window
 * handling behave as users expect on each OS. Every submenu has an explicit
 * label; no item loads or opens remote content.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];

  if (mac) template.push({ label: options.appName, role: 'appMenu' });

  template.push({ label: 'File', submenu: [mac ? { label: 'Close Window', role: 'close' } : { label: 'Quit', role: 'quit' }] });

  template.push({
    label: 'Edit',
    submenu: [
      { label: 'Undo', role: 'undo' },
      { label: 'Redo', role: 'redo' },
      { type: 'separator' },
      { label: 'Cut', role: 'cut' },
      { label: 'Copy', role: 'copy' },
      { label: 'Paste', role: 'paste' },
      { label: 'Delete', role: 'delete' },
      { type: 'separator' },
      { label: 'Select All', role: 'selectAll' },
    ],
  });

  const view: MenuItemConstructorOptions[] = [
    { label: 'Actual Size', role: 'resetZoom' },
    { label: 'Zoom In', role: 'zoomIn' },
    { label: 'Zoom Out', role: 'zoomOut' },
    { type: 'separator' },
    { label: 'Toggle Full Screen', role: 'togglefullscreen' },
  ];
  if (!options.isPackaged) {
    view.push({ type: 'separator' }, { label: 'Reload', role: 'reload' }, { label: 'Developer Tools', role: 'toggleDevTools' });
  }
  template.push({ label: 'View', submenu: view });

  template.push({
    label: 'Window',
    submenu: mac
      ? [
          { label: 'Minimize', role: 'minimize' },
          { label: 'Zoom', role: 'zoom' },
          { type: 'separator' },
          { label: 'Bring All to Front', role: 'front' },
        ]
      : [
          { label: 'Minimize', role: 'minimize' },
          { label: 'Close', role: 'close' },
        ],
  });

  template.push({
    label: 'Help',
    role: 'help',
    submenu: [
      { label: 'Open Log Folder', click: () => options.openLogFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, { label: `About ${options.appName}`, role: 'about' as const }]),
    ],
  });

  return template;
}
