import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * build/after-pack.cjs can't meet a real packaged Electron here (no download), so it runs
 * against a stand-in executable: random bytes around Electron's fuse sentinel and wire.
 */
const require = createRequire(import.meta.url);
const afterPack = require('../../../build/after-pack.cjs') as (context: unknown) => Promise<void>;
const { SENTINEL } = require('@electron/fuses/dist/constants') as { SENTINEL: string };

const ON = 0x31;
const OFF = 0x30;
// Electron's order: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity,
// OnlyLoadAppFromAsar, BrowserV8Snapshot, GrantFileProtocolExtraPrivileges, and one newer fuse
// @electron/fuses 1.8 doesn't know, which must be left alone.
const DEFAULT_WIRE = [ON, OFF, ON, ON, OFF, OFF, OFF, ON, ON];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function fakeLinuxApp(): { appOutDir: string; binary: string } {
  const appOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-after-pack-'));
  dirs.push(appOutDir);
  const binary = path.join(appOutDir, 'mailwright');
  const wire = Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]); // version 1, length, states
  fs.writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), wire, Buffer.alloc(4096, 7)]));
  return { appOutDir, binary };
}

function wireOf(binary: string): number[] {
  const data = fs.readFileSync(binary);
  const start = data.indexOf(SENTINEL) + SENTINEL.length + 2;
  return [...data.subarray(start, start + DEFAULT_WIRE.length)];
}

describe('build/after-pack.cjs', () => {
  it('flips the fuses of the packaged Linux executable', async () => {
    const { appOutDir, binary } = fakeLinuxApp();
    await afterPack({
      appOutDir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { executableName: 'mailwright', appInfo: { productFilename: 'Mailwright' } },
    });
    expect(wireOf(binary)).toEqual([
      OFF, // RunAsNode
      ON, // EnableCookieEncryption
      OFF, // EnableNodeOptionsEnvironmentVariable
      OFF, // EnableNodeCliInspectArguments
      ON, // EnableEmbeddedAsarIntegrityValidation
      ON, // OnlyLoadAppFromAsar
      OFF, // LoadBrowserProcessSpecificV8Snapshot: untouched
      OFF, // GrantFileProtocolExtraPrivileges
      ON, // unknown newer fuse: untouched
    ]);
  });

  it('fails the build when the executable is not where electron-builder put it', async () => {
    const { appOutDir } = fakeLinuxApp();
    await expect(
      afterPack({ appOutDir, electronPlatformName: 'linux', arch: 1, packager: { executableName: 'other', appInfo: {} } }),
    ).rejects.toThrow();
  });
});
