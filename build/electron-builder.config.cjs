// electron-builder configuration: `npm run dist` (build first, then package).
// Packaging can't run on the build machines here (no Electron download); see
// ENVIRONMENT.md. Keep this complete so it runs as-is where Electron is reachable.
'use strict';

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'ch.mailwright.app',
  productName: 'Mailwright',
  copyright: 'Copyright © Mailwright',
  directories: {
    output: 'release',
    buildResources: 'build',
  },

  // The app is bundled (esbuild + Vite) into dist/. Only what is listed ships: sources,
  // tests, scripts and source maps stay out. electron-builder adds the production
  // dependencies from package.json itself (at run time only better-sqlite3 is loaded).
  files: ['dist/**', '!dist/**/*.map', 'bin/**', 'package.json'],
  asar: true,
  // Native addons can't be loaded from inside the archive.
  asarUnpack: ['node_modules/better-sqlite3/build/Release/*.node'],

  // better-sqlite3 is compiled for Node's ABI in node_modules; the package needs Electron's.
  // (Where node-gyp is pointed at system Node headers via npm config `nodedir`, this rebuild
  // silently targets the wrong ABI — don't package on such a machine.)
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,

  // Flips Electron's fuses right after packing, before signing (see build/after-pack.cjs).
  afterPack: './build/after-pack.cjs',

  // mailwright:// links open the app (handled by a later feature).
  protocols: [{ name: 'Mailwright link', schemes: ['mailwright'], role: 'Viewer' }],

  icon: 'build/icon.png',

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // The workspace lives in the user's app-data folder: uninstalling never deletes it.
    deleteAppDataOnUninstall: false,
    shortcutName: 'Mailwright',
  },

  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.business',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
  },
  dmg: {
    title: 'Mailwright ${version}',
  },

  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    icon: 'build/icons',
    category: 'Network',
    maintainer: 'Mailwright maintainers <maintainers@mailwright.example>',
    vendor: 'Mailwright',
    synopsis: 'Offline-first desktop console for admins of hosted mail services',
    description:
      'Mailwright plans and keeps the mail setup of your organisations: mail services, mailboxes, ' +
      'DNS checks and an audit log, in one local workspace.',
    executableName: 'mailwright',
    desktop: {
      entry: {
        Name: 'Mailwright',
        Comment: 'Console for admins of hosted mail services',
        Keywords: 'mail;mailbox;dns;admin;',
        StartupWMClass: 'Mailwright',
      },
    },
  },
  deb: {
    priority: 'optional',
  },
};
