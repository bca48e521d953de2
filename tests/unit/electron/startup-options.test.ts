import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../../electron/main/menu';
import { dataDirFromArgs, desktopActor, pickLocale } from '../../../electron/main/startup-options';

describe('dataDirFromArgs', () => {
  const cwd = path.resolve('/home/anna');
  it('reads --data-dir=DIR and --data-dir DIR, resolved against the working folder', () => {
    expect(dataDirFromArgs(['electron', '.', '--data-dir=/tmp/ws'], cwd)).toBe(path.resolve('/tmp/ws'));
    expect(dataDirFromArgs(['electron', '.', '--data-dir', 'work'], cwd)).toBe(path.join(cwd, 'work'));
  });

  it('ignores a missing or empty value', () => {
    expect(dataDirFromArgs(['electron', '.'], cwd)).toBeUndefined();
    expect(dataDirFromArgs(['electron', '.', '--data-dir='], cwd)).toBeUndefined();
    expect(dataDirFromArgs(['electron', '.', '--data-dir'], cwd)).toBeUndefined();
    expect(dataDirFromArgs(['electron', '.', '--data-dir', '--inspect'], cwd)).toBeUndefined();
  });

  it('lets the last one win', () => {
    expect(dataDirFromArgs(['--data-dir=/a', '--data-dir=/b'], cwd)).toBe(path.resolve('/b'));
  });
});

describe('pickLocale', () => {
  it("takes the user's first preferred language", () => {
    expect(pickLocale(['de-CH', 'en-US'], 'en-US')).toBe('de-CH');
  });

  it('canonicalises POSIX-style tags', () => {
    expect(pickLocale(['fr_CH.UTF-8'], null)).toBe('fr-CH');
  });

  it('falls back to the UI locale, then to null', () => {
    expect(pickLocale([], 'it-CH')).toBe('it-CH');
    expect(pickLocale(['C', '!!'], 'POSIX')).toBeNull();
    expect(pickLocale([], null)).toBeNull();
  });
});

describe('desktopActor', () => {
  it('names the OS user', () => {
    expect(desktopActor(() => 'anna')).toBe('desktop:anna');
  });
  it('survives a user without a passwd entry', () => {
    expect(
      desktopActor(() => {
        throw new Error('ENOENT');
      }),
    ).toBe('desktop:unknown');
  });
});

describe('buildMenuTemplate', () => {
  const build = (platform: NodeJS.Platform, isPackaged = true) =>
    buildMenuTemplate({ platform, appName: 'Mailwright', isPackaged, openLogFolder: () => undefined });

  it('has a labelled File, Edit, View, Window and Help menu', () => {
    expect(build('linux').map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('starts with the app menu on macOS', () => {
    const [first] = build('darwin');
    expect(first).toMatchObject({ role: 'appMenu', label: 'Mailwright' });
  });

  it('gives every item a label and offers developer tools only in development', () => {
    const roles = (template: ReturnType<typeof build>) =>
      template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : [])).map((item) => item.role);
    for (const menu of build('win32')) {
      expect(menu.label).toBeTruthy();
      for (const item of Array.isArray(menu.submenu) ? menu.submenu : []) {
        if (item.type !== 'separator') expect(item.label).toBeTruthy();
      }
    }
    expect(roles(build('linux', true))).not.toContain('toggleDevTools');
    expect(roles(build('linux', false))).toContain('toggleDevTools');
  });
});
