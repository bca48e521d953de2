// npm start: build, then run the desktop app — or, where Electron's binary isn't installed
// (as on machines without internet access), the loopback web host with the same UI.
//
//   node scripts/start.mjs [--no-build] [app arguments, e.g. --data-dir=/path]
//
// One line per step, so it is clear which way it went and why.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion, ensureElectronSqliteBinding } from './electron-native.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_TIMEOUT_MS = 60_000;
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const appArgs = args.filter((arg) => arg !== '--no-build');

const step = (text) => console.log(`mailwright start: ${text}`);

if (!skipBuild) {
  step('building the main-process bundles (scripts/build-node.mjs)');
  runOrExit(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs')]);
  step('building the renderer (vite build)');
  runOrExit(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
} else {
  step('skipping the build (--no-build)');
}

let electron = probeElectron();
if (!electron.ok) {
  step(`Electron's binary is missing (${electron.reason}); trying to download it once (up to ${INSTALL_TIMEOUT_MS / 1000} s)`);
  const attempt = tryInstallElectron();
  electron = probeElectron();
  if (!electron.ok) {
    await startWebHost(`Electron's binary isn't installed (download failed: ${attempt})`);
  }
}

if (electron.ok) {
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (noDisplay) {
    await startWebHost('there is no display to show a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)');
  } else {
    step(`Electron ${electronVersion(ROOT)} found at ${electron.path}`);
    let binding;
    try {
      binding = await ensureElectronSqliteBinding({ root: ROOT, log: step });
    } catch (error) {
      await startWebHost(`better-sqlite3 could not be built for Electron's ABI (${error.message})`);
    }
    if (binding) {
      step('starting the desktop app');
      const env = { ...process.env, MAILWRIGHT_SQLITE_BINDING: binding };
      // Set by some tools; it would make Electron run as plain Node instead of the app.
      delete env.ELECTRON_RUN_AS_NODE;
      process.exitCode = await runForeground(electron.path, ['.', ...appArgs], env);
    }
  }
}

/** Runs a build step with its output shown; stops here if it fails. */
function runOrExit(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    const why = result.error
      ? result.error.message
      : result.signal
        ? `stopped by ${result.signal}`
        : `exit code ${result.status}`;
    step(`build step failed (${why}); not starting`);
    process.exit(result.status || 1);
  }
}

/**
 * require('electron') outside Electron returns the binary's path, or throws
 * "Electron failed to install correctly" when the download never happened.
 */
function probeElectron() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  let binary;
  try {
    const resolved = require.resolve('electron');
    delete require.cache[resolved]; // re-read after an install attempt
    binary = require('electron');
  } catch (error) {
    const message = String(error.message ?? error).split('\n')[0];
    return {
      ok: false,
      reason: /failed to install correctly/i.test(message) ? 'node_modules/electron has no dist/ folder' : message,
    };
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return { ok: false, reason: `${binary} does not exist` };
  }
  return { ok: true, path: binary };
}

/** One download attempt through Electron's own installer; returns why it failed. */
function tryInstallElectron() {
  const installer = path.join(ROOT, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer)) return 'the electron package is not installed';
  const env = { ...process.env };
  // That variable is meant for `npm install` (see package.json allowScripts); here the user asked for the app.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [installer], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error?.code === 'ETIMEDOUT') return `no answer within ${INSTALL_TIMEOUT_MS / 1000} s`;
  if (result.error) return result.error.message;
  const output = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const errorLine = output.find((line) => /^\w*Error\b/.test(line)) ?? output.at(-1);
  return result.status === 0
    ? 'the installer reported success but no binary appeared'
    : (errorLine ?? `exit code ${result.status}`);
}

/** The fallback: the same UI and workspace, served to the browser on 127.0.0.1. */
async function startWebHost(reason) {
  step(`${reason}; starting the web host instead`);
  step(`running: node bin/mailwright.cjs web --open${appArgs.length ? ` ${appArgs.join(' ')}` : ''}`);
  process.exitCode = await runForeground(
    process.execPath,
    [path.join(ROOT, 'bin', 'mailwright.cjs'), 'web', '--open', ...appArgs],
    process.env,
  );
  // Nothing else may run after the fallback.
  process.exit();
}

/**
 * Runs the app in the foreground and resolves with its exit code. On POSIX the child gets its own
 * process group, so Ctrl+C reaches it exactly once — from us — and it can shut down cleanly
 * instead of being hit twice (by the terminal and by the forwarding).
 */
function runForeground(command, commandArgs, env) {
  return new Promise((resolve) => {
    const posix = process.platform !== 'win32';
    const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: 'inherit', detached: posix });
    const forward = (signal) => {
      // On Windows the console already delivers Ctrl+C to the child; only SIGTERM needs passing on.
      if (posix || signal !== 'SIGINT') child.kill(signal);
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    const killOnExit = () => child.exitCode === null && child.kill('SIGTERM');
    process.on('exit', killOnExit);
    child.on('error', (error) => {
      step(`could not start ${path.basename(command)}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      process.off('exit', killOnExit);
      resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
    });
  });
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }[signal];
}
