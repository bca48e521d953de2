import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { registerHolder } from '../store/holders';
import { startWebHost } from '../web/web-host';
import { runCli, type CliIO } from './cli';

/** The `mailwright` command (bin/mailwright.cjs loads this bundle). */
const io: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY,
  // Bundled next to this file by scripts/build-node.mjs.
  strengthWorker: path.join(__dirname, 'strength-worker.cjs'),
  dnsWorker: path.join(__dirname, 'dns-worker.cjs'),
  mailWorker: path.join(__dirname, 'mail-worker.cjs'),
  env: process.env,
  async startWeb(runtime, options, io) {
    const staticDir = path.join(__dirname, '..', 'renderer');
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      io.stderr(`mailwright: the app's UI is not built (${staticDir} is missing). Run "npm run build" first.\n`);
      process.exitCode = 2;
      return;
    }
    const releaseHolder = registerHolder(runtime.db.name);
    const stopWatching = runtime.watchExternalChanges();
    const host = await startWebHost({
      dispatcher: runtime.dispatcher,
      staticDir,
      port: options.port,
      actor: `web:${process.env.USER ?? process.env.USERNAME ?? 'local'}`,
      onError: (error) => io.stderr(`web host error: ${(error as Error).stack ?? String(error)}\n`),
    });
    io.stderr(`Mailwright web host on ${host.url} (loopback only), workspace ${runtime.db.name}\n`);
    io.stderr("Open this link in your browser (it carries this session's access key):\n");
    io.stdout(`${host.openUrl}\n`);
    io.stderr('Stop with Ctrl+C.\n');
    if (options.open) openBrowser(host.openUrl);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    stopWatching();
    await host.close();
    runtime.close();
    releaseHolder();
  },
};

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`Could not open a browser (${command}); open the link above yourself.\n`));
    child.unref();
  } catch {
    // The link is printed; opening a browser is only a convenience.
  }
}

runCli(process.argv.slice(2), io).then(
  (code) => {
    if (process.exitCode === undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mailwright: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
