// electron-builder afterPack hook: flips Electron's fuses in the packaged binary.
// Fuses are bits compiled into the Electron executable; flipping them here
// (after packing, before signing) removes ways to run the signed app as
// something else: as plain Node, with injected NODE_OPTIONS or an inspector,
// or from an app folder other than the integrity-checked app.asar.
'use strict';

const path = require('node:path');
const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { Arch } = require('electron-builder');

/** The fuses we set; every other fuse keeps Electron's default. */
const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false, // the UI is served from app://, not file://
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, // checked on macOS and Windows
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
};

// FuseState values in the binary ('0' / '1'), see @electron/fuses' constants.
const ENABLED = 49;
const DISABLED = 48;

/** Path of the Electron executable inside the packed app, the way electron-builder names it. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`after-pack: unknown platform "${electronPlatformName}"`);
  }
}

/** @param {import('electron-builder').AfterPackContext} context */
module.exports = async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature arm64 macOS requires; re-sign it ad hoc
    // (real signing, when configured, happens after this hook).
    resetAdHocDarwinSignature: isMac && (context.arch === Arch.arm64 || context.arch === Arch.universal),
    ...FUSES,
  });

  // Read the wire back: a build whose fuses didn't take must not ship.
  const wire = await getCurrentFuseWire(binary);
  for (const [option, wanted] of Object.entries(FUSES)) {
    const actual = wire[option];
    if (actual !== (wanted ? ENABLED : DISABLED)) {
      throw new Error(
        `after-pack: fuse ${FuseV1Options[option]} is ${String(actual)} in ${binary}, expected ${wanted ? 'on' : 'off'}`,
      );
    }
  }
  console.log(`  • fuses set in ${path.relative(process.cwd(), binary)}`);
};
