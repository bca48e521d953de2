import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAsset } from '../../../electron/main/app-assets';

const root = path.resolve('/opt/mailwright/dist/renderer');

describe('resolveAsset (app:// → renderer build)', () => {
  it('serves the app shell for the root', () => {
    expect(resolveAsset(root, 'app://mailwright/')).toEqual({
      kind: 'file',
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
      fallbackToIndex: false,
    });
    expect(resolveAsset(root, 'app://mailwright')).toMatchObject({ kind: 'file', file: path.join(root, 'index.html') });
  });

  it('serves assets with their content type', () => {
    expect(resolveAsset(root, 'app://mailwright/assets/index-abc123.js?v=1#x')).toEqual({
      kind: 'file',
      file: path.join(root, 'assets', 'index-abc123.js'),
      contentType: 'text/javascript; charset=utf-8',
      fallbackToIndex: false,
    });
    expect(resolveAsset(root, 'app://mailwright/assets/a%20b.css')).toMatchObject({ file: path.join(root, 'assets', 'a b.css') });
  });

  it('marks client-side routes for the index fallback', () => {
    expect(resolveAsset(root, 'app://mailwright/mailboxes')).toMatchObject({ kind: 'file', fallbackToIndex: true });
  });

  it.each([
    ['encoded slashes', 'app://mailwright/..%2F..%2F..%2Fetc%2Fpasswd'],
    ['encoded dots and slashes', 'app://mailwright/%2e%2e%2f%2e%2e%2fetc/passwd'],
    ['a sibling folder with a common prefix', 'app://mailwright/..%2Frenderer-evil%2Fx.js'],
  ])('refuses path traversal via %s', (_label, url) => {
    expect(resolveAsset(root, url)).toEqual({ kind: 'refused', status: 403 });
  });

  it.each([
    ['an encoded backslash', 'app://mailwright/..%5C..%5Cwindows%5Cwin.ini'],
    ['an encoded NUL', 'app://mailwright/index.html%00.png'],
    ['broken percent-encoding', 'app://mailwright/%E0%A4%A'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAsset(root, url)).toEqual({ kind: 'refused', status: 400 });
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAsset(root, 'app://other/index.html')).toEqual({ kind: 'refused', status: 404 });
    expect(resolveAsset(root, 'https://mailwright/index.html')).toEqual({ kind: 'refused', status: 404 });
  });

  it('refuses methods other than GET and HEAD', () => {
    expect(resolveAsset(root, 'app://mailwright/', 'POST')).toEqual({ kind: 'refused', status: 405 });
    expect(resolveAsset(root, 'app://mailwright/', 'HEAD')).toMatchObject({ kind: 'file' });
  });

  it('stays inside the root with Windows paths too', () => {
    const winRoot = 'C:\\Program Files\\Mailwright\\resources\\app.asar\\dist\\renderer';
    expect(resolveAsset(winRoot, 'app://mailwright/assets/app.js', 'GET', path.win32)).toMatchObject({
      kind: 'file',
      file: `${winRoot}\\assets\\app.js`,
    });
    expect(resolveAsset(winRoot, 'app://mailwright/..%2F..%2Fsecret.txt', 'GET', path.win32)).toEqual({
      kind: 'refused',
      status: 403,
    });
  });
});
