// Builds better-sqlite3's native addon for Electron's ABI, for development runs only.
//
// node_modules/better-sqlite3 is compiled for Node's ABI (tests, CLI and web host use it);
// Electron needs its own build. We compile a private copy into
// .cache/electron-native/<electron-version>/better_sqlite3.node and the main process loads it
// through MAILWRIGHT_SQLITE_BINDING. Packaged apps don't need this: electron-builder rebuilds
// the module inside the package.
//
// As a module: ensureElectronSqliteBinding(). As a script: prints the binding's path
// (building it first if needed) — used by the Electron E2E spec.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** npm config that would point node-gyp at Node's headers instead of Electron's. */
const TARGET_OVERRIDES = /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source|devdir)$/i;

export function electronVersion(root = ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  return pkg.version;
}

export function bindingPath(root = ROOT, version = electronVersion(root)) {
  return path.join(root, '.cache', 'electron-native', version, 'better_sqlite3.node');
}

/**
 * Returns the path of an Electron-ABI better_sqlite3.node, building it when it isn't cached
 * for this Electron version, better-sqlite3 version, platform and architecture.
 */
export async function ensureElectronSqliteBinding({ root = ROOT, log = () => {} } = {}) {
  const version = electronVersion(root);
  const target = bindingPath(root, version);
  const sourceDir = path.join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8')).version;
  const stamp = { electron: version, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };
  const stampFile = `${target}.json`;
  if (fs.existsSync(target) && sameStamp(stampFile, stamp)) {
    log(`using the cached Electron build of better-sqlite3 (${path.relative(root, target)})`);
    return target;
  }

  log(
    `compiling better-sqlite3 ${sqliteVersion} for Electron ${version} (${process.platform}-${process.arch}); this takes a few minutes once`,
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwright-sqlite-electron-'));
  try {
    // A copy, so the Node build in node_modules (used by tests, CLI, web host) stays untouched.
    const copy = path.join(work, 'better-sqlite3');
    fs.cpSync(sourceDir, copy, {
      recursive: true,
      filter: (from) => {
        const rel = path.relative(sourceDir, from).split(path.sep)[0];
        return rel !== 'build' && rel !== 'node_modules';
      },
    });
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !TARGET_OVERRIDES.test(key)));
    const nodeGyp = findNodeGyp(root);
    await run(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${version}`,
        `--arch=${process.arch}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers',
        // Electron's headers are downloaded once into the cache, not into ~/.cache/node-gyp.
        `--devdir=${path.join(root, '.cache', 'electron-native', 'headers')}`,
        `--jobs=${Math.max(1, os.availableParallelism())}`,
      ],
      { cwd: copy, env, timeoutMs: 20 * 60_000 },
    );
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!fs.existsSync(built)) throw new Error(`node-gyp finished but ${built} is missing`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Copy then rename: an interrupted run never leaves a half-written addon in the cache.
    fs.copyFileSync(built, `${target}.tmp`);
    fs.renameSync(`${target}.tmp`, target);
    fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
    log(`built ${path.relative(root, target)}`);
    return target;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** node-gyp comes with electron-builder (via @electron/rebuild); found from the project like any package. */
function findNodeGyp(root) {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    throw new Error('node-gyp is not installed (add it as a devDependency: npm install -D node-gyp)');
  }
}

function sameStamp(file, expected) {
  try {
    const actual = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Object.entries(expected).every(([key, value]) => actual[key] === value);
  } catch {
    return false;
  }
}

/** Runs a command quietly; on failure the error carries the end of its output. */
function run(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const reason = lastErrorLine(output) ?? (signal ? `stopped by ${signal}` : `exit code ${code}`);
      const error = new Error(`node-gyp failed: ${reason}`);
      error.output = output;
      reject(error);
    });
  });
}

/**
 * The most telling part of a failed node-gyp run: its error message (which node-gyp spreads over
 * several "gyp ERR! stack" lines), else the first compiler error, else the last line.
 */
export function lastErrorLine(output) {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const start = lines.findIndex((line) => /^gyp ERR! stack \S*Error\b/.test(line));
  let summary;
  if (start >= 0) {
    const message = [];
    for (const line of lines.slice(start)) {
      const text = line.replace(/^gyp ERR! stack\s*/, '');
      if (!line.startsWith('gyp ERR! stack') || text.startsWith('at ')) break;
      message.push(text);
    }
    summary = message.join(' ').replace(/^\w*Error:\s*/, '');
    const fetched = lines.filter((line) => line.startsWith('gyp http GET ')).at(-1);
    if (fetched && /network|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|fetch/i.test(summary)) {
      summary += ` (while downloading ${fetched.slice('gyp http GET '.length)})`;
    }
  } else {
    summary = lines.find((line) => /\berror\b:/i.test(line)) ?? lines.at(-1);
  }
  return summary ? summary.slice(0, 400) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const file = await ensureElectronSqliteBinding({ log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${file}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
