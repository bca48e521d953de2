import fs from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../../shared/domain/audit/redact';

export interface Logger {
  readonly file: string;
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Appends to userData/logs/main.log, keeping one older file (main.1.log).
 * Synchronous on purpose: the log is written rarely, and a crash right after
 * an entry must not lose it. Errors are logged with their stack and their own
 * fields passed through redactSecrets; call inputs are never logged.
 */
export function createLogger(dir: string): Logger {
  const file = path.join(dir, 'main.log');
  const write = (level: string, message: string, error?: unknown) => {
    try {
      fs.mkdirSync(dir, { recursive: true });
      rotate(file);
      const detail = error === undefined ? '' : `\n${describe(error)}`;
      fs.appendFileSync(file, `${new Date().toISOString()} ${level} ${message}${detail}\n`);
    } catch {
      // Logging must never take the app down (full disk, read-only profile).
    }
  };
  return {
    file,
    info: (message) => write('INFO ', message),
    error: (message, error) => write('ERROR', message, error),
  };
}

function rotate(file: string): void {
  try {
    if (fs.statSync(file).size < MAX_BYTES) return;
  } catch {
    return; // no file yet
  }
  fs.renameSync(file, file.replace(/\.log$/, '.1.log'));
}

export function describe(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return `  ${JSON.stringify(redactSecrets(error)) ?? String(error)}`;
  const lines = [`  ${error.stack ?? `${error.name}: ${error.message}`}`];
  const own = Object.fromEntries(Object.entries(error));
  if (Object.keys(own).length > 0) lines.push(`  fields: ${safeJson(redactSecrets(own))}`);
  if (error.cause !== undefined && depth < 3) lines.push(`  cause:\n${describe(error.cause, depth + 1)}`);
  return lines.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable]';
  }
}
