import type { Session, WebContents } from 'electron';
import { isAppUrl } from '../security/app-origin';

/**
 * Guards for every webContents the app ever creates (installed from
 * app.on('web-contents-created'), so a window added later can't forget them).
 * The app is a single page on app://mailwright: it never embeds webviews,
 * never opens windows, and never navigates to another origin.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    // A plain link to a web page or mail address still works — in the user's browser or mail client.
    openExternal(event.url);
  });

  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });

  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url); // target=_blank links; the predicate decides
    return { action: 'deny' };
  });
}

/**
 * The UI needs no browser permission (camera, notifications, clipboard
 * reads, HID, serial, …): refuse every request and every check.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
