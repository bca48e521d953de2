import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { AppError } from '../../electron/services/errors';
import { openRuntime, type Runtime } from '../../electron/rpc/runtime';

const dirs: string[] = [];
const runtimes: Runtime[] = [];

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-test-'));
  dirs.push(dir);
  return dir;
}

/** A real workspace file in a temp folder, with services and the dispatcher. */
export function testRuntime(file = path.join(tempDir(), 'workspace.sqlite')): Runtime {
  const runtime = openRuntime({ file, host: 'test', appVersion: 'test', locale: null });
  runtimes.push(runtime);
  return runtime;
}

export const ctx = { actor: 'test' };

afterEach(() => {
  for (const r of runtimes.splice(0)) r.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Seeds an organisation with one mail service. */
export function seedService(runtime: Runtime, quota = 10, domain = 'acme.example') {
  const org = runtime.services.organisations.create({ name: `Org ${domain}` }, ctx);
  const service = runtime.services.mailServices.create({ organisationId: org.id, domain, addressQuota: quota }, ctx);
  return { org, service };
}

/** Runs fn and returns the AppError it must throw, checking its code. */
export function expectAppError(fn: () => unknown, code: string): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    return error as AppError;
  }
  throw new Error(`expected the error ${code}`);
}
