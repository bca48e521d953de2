import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KEY_FILE,
  type KeyProtector,
  loadOrCreateMasterKey,
  MasterKeyError,
  masterKeyStatus,
  moveMasterKeyToFile,
  moveMasterKeyToKeychain,
  PROTECTED_KEY_FILE,
} from '../../electron/services/secrets/key-store';
import { createSecretBox, isSealed, SecretBoxError } from '../../electron/services/secrets/secret-box';
import { openWorkspaceSecrets } from '../../electron/services/secrets/workspace-secrets';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-secrets-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => path.join(root, `data-${++dirs}`, 'Mailwright');
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const posix = process.platform !== 'win32';

/** Raises the error `run` throws, so its class, code and message can be checked together. */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** A stand-in for the OS keychain: encryption under a key of "the OS account". */
function fakeKeychain(account = crypto.randomBytes(32)): KeyProtector & { calls: number } {
  const box = createSecretBox(account);
  const protector = {
    kind: 'os-keychain' as const,
    calls: 0,
    protect: (key: Buffer) => (protector.calls++, Buffer.from(box.seal(key.toString('base64url')))),
    unprotect: (blob: Buffer) => (protector.calls++, Buffer.from(box.open(blob.toString('utf8')), 'base64url')),
  };
  return protector;
}

describe('SecretBox (AES-256-GCM)', () => {
  const box = createSecretBox(crypto.randomBytes(32));

  it.each(['Grüezi-Mitenand-77', '密码 🔑 пароль ñ', '', 'x'.repeat(10_000), 'tab\tnew\nline "quotes" \\'])(
    'round-trips %j',
    (plain) => {
      const sealed = box.seal(plain);
      expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$/);
      expect(isSealed(sealed)).toBe(true);
      expect(box.open(sealed)).toBe(plain);
    },
  );

  it('uses a new IV every time: the same password seals differently', () => {
    const sealed = Array.from({ length: 50 }, () => box.seal('same password'));
    expect(new Set(sealed).size).toBe(50);
    expect(new Set(sealed.map((s) => s.split(':')[1])).size).toBe(50);
    for (const s of sealed) expect(box.open(s)).toBe('same password');
  });

  it('never contains the plain text', () => {
    const sealed = box.seal('hunter2-hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(Buffer.from(sealed.split(':')[2]!, 'base64url').toString('latin1')).not.toContain('hunter2');
  });

  /** Flips one bit of the decoded IV (part 1) or body (part 2) at `index` and re-encodes. */
  const tamper = (sealed: string, part: 1 | 2, index: number) => {
    const parts = sealed.split(':');
    const bytes = Buffer.from(parts[part]!, 'base64url');
    bytes[(index + bytes.length) % bytes.length]! ^= 0x01;
    parts[part] = bytes.toString('base64url');
    return parts.join(':');
  };

  it.each([
    ['the first ciphertext byte', 2, 0],
    ['the last ciphertext byte', 2, -17],
    ['the first tag byte', 2, -16],
    ['the last tag byte', 2, -1],
    ['the IV', 1, 5],
  ] as const)('refuses a secret with a flipped bit in %s', (_what, part, index) => {
    const sealed = box.seal('Grüezi-Mitenand-77');
    const error = errorOf(() => box.open(tamper(sealed, part, index)));
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error).toMatchObject({ code: 'unauthentic', message: expect.stringMatching(/another key .* altered/) });
  });

  it('refuses a secret sealed with another key', () => {
    const sealed = createSecretBox(crypto.randomBytes(32)).seal('Grüezi-Mitenand-77');
    expect(errorOf(() => box.open(sealed))).toMatchObject({ name: 'SecretBoxError', code: 'unauthentic' });
  });

  it('refuses what is not a sealed secret, without echoing it', () => {
    const good = box.seal('abc');
    const [, iv, body] = good.split(':');
    for (const bad of [
      'hunter2-plain-password',
      'v2:hunter2:hunter2',
      `v1:${iv}`,
      `v1:${iv}:${body}:extra`,
      `v1:${iv}:${body}=`,
      `v1:${iv}:${body!.slice(0, 20)}`,
      `v1:${iv!.slice(0, 10)}:${body}`,
      `v1:${iv}:hunter2+/`,
    ]) {
      const error = errorOf(() => box.open(bad));
      expect(error, bad).toMatchObject({ name: 'SecretBoxError', code: 'malformed' });
      expect(error.message).not.toContain('hunter2');
    }
  });

  it('refuses a key that is not 32 bytes, and text UTF-8 cannot carry', () => {
    expect(() => createSecretBox(crypto.randomBytes(31))).toThrow(SecretBoxError);
    expect(() => createSecretBox(Buffer.alloc(0))).toThrow(/32 bytes/);
    expect(errorOf(() => box.seal('abc\uD800def'))).toMatchObject({ code: 'invalid-input' });
  });

  it('keeps its own copy of the key', () => {
    const key = crypto.randomBytes(32);
    const own = createSecretBox(key);
    const sealed = own.seal('still opens');
    key.fill(0);
    expect(own.open(sealed)).toBe('still opens');
  });
});

describe('master key in a key file (CLI, web host, tests — and the desktop app by default)', () => {
  it('creates secret.key with mode 0600 (and a missing data folder with 0700), then reuses it', () => {
    const dir = freshDir();
    const key = loadOrCreateMasterKey(dir);
    expect(key).toHaveLength(32);
    const file = path.join(dir, KEY_FILE);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${key.toString('base64url')}\n`);
    if (posix) {
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(dir)).toBe(0o700);
    }
    expect(loadOrCreateMasterKey(dir).equals(key)).toBe(true);
    expect(loadOrCreateMasterKey(dir).equals(key)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([KEY_FILE]); // no temporary files left behind
    expect(masterKeyStatus(dir)).toEqual({ keyFile: true, protectedKeyFile: false });
  });

  it('gives different workspaces different keys', () => {
    expect(loadOrCreateMasterKey(freshDir()).equals(loadOrCreateMasterKey(freshDir()))).toBe(false);
  });

  it.runIf(posix).each([0o644, 0o604, 0o660, 0o666])('repairs a key file with mode %o to 0600 and warns', (mode) => {
    const dir = freshDir();
    const key = loadOrCreateMasterKey(dir);
    const file = path.join(dir, KEY_FILE);
    fs.chmodSync(file, mode);
    const warnings: string[] = [];
    expect(loadOrCreateMasterKey(dir, undefined, { onWarning: (m) => warnings.push(m) }).equals(key)).toBe(true);
    expect(modeOf(file)).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`mode 0${mode.toString(8)}`);
    expect(warnings[0]).toContain('now 0600');
    expect(warnings[0]).not.toContain(key.toString('base64url'));
    // Repaired once, quiet afterwards.
    loadOrCreateMasterKey(dir, undefined, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
  });

  it.runIf(posix && process.getuid?.() === 0)('refuses a key file owned by another user', () => {
    const dir = freshDir();
    loadOrCreateMasterKey(dir);
    fs.chownSync(path.join(dir, KEY_FILE), 65534, 65534);
    const error = errorOf(() => loadOrCreateMasterKey(dir));
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error).toMatchObject({ code: 'unreadable', message: expect.stringContaining('another user') });
  });

  it('refuses a damaged key file instead of making a new key', () => {
    for (const content of [
      '',
      'not a key',
      `${crypto.randomBytes(31).toString('base64url')}\n`,
      crypto.randomBytes(32).toString('hex'),
    ]) {
      const dir = freshDir();
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, KEY_FILE), content, { mode: 0o600 });
      const error = errorOf(() => loadOrCreateMasterKey(dir));
      expect(error, content).toMatchObject({
        name: 'MasterKeyError',
        code: 'unreadable',
        message: expect.stringContaining('damaged'),
      });
      if (content.length > 0) expect(error.message).not.toContain(content.trim());
      expect(fs.readFileSync(path.join(dir, KEY_FILE), 'utf8')).toBe(content); // left as it was
    }
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, KEY_FILE), { recursive: true });
    expect(errorOf(() => loadOrCreateMasterKey(dir))).toMatchObject({ code: 'unreadable' });
  });

  it('accepts a key file with Windows line endings', () => {
    const dir = freshDir();
    const key = crypto.randomBytes(32);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, KEY_FILE), `${key.toString('base64url')}\r\n`, { mode: 0o600 });
    expect(loadOrCreateMasterKey(dir).equals(key)).toBe(true);
  });

  it('gives hosts starting at the same moment one key', async () => {
    const dir = freshDir();
    const script = path.join(root, 'load-key.ts');
    const keyStore = path.resolve('electron/services/secrets/key-store.ts');
    fs.writeFileSync(
      script,
      `import { loadOrCreateMasterKey } from ${JSON.stringify(keyStore)};\n` +
        `while (Date.now() < Number(process.argv[3])) {}\n` + // all start together
        `process.stdout.write(loadOrCreateMasterKey(process.argv[2]).toString('hex'));\n`,
    );
    const startAt = String(Date.now() + 2500);
    const run = promisify(execFile);
    const keys = await Promise.all(
      Array.from({ length: 6 }, () => run(process.execPath, ['--import', 'tsx', script, dir, startAt]).then((r) => r.stdout)),
    );
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(1);
    expect(loadOrCreateMasterKey(dir).toString('hex')).toBe(keys[0]);
    expect(fs.readdirSync(dir)).toEqual([KEY_FILE]);
  });
});

describe('master key and the OS keychain (desktop app)', () => {
  it('round-trips a key through a protector', () => {
    const keychain = fakeKeychain();
    const key = crypto.randomBytes(32);
    const blob = keychain.protect(key);
    expect(blob.includes(key)).toBe(false);
    expect(blob.toString('utf8')).not.toContain(key.toString('base64url'));
    expect(keychain.unprotect(blob).equals(key)).toBe(true);
  });

  it('creates a plain key file even with a protector, so the CLI and the web host work on the same workspace', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    const desktop = loadOrCreateMasterKey(dir, keychain);
    expect(masterKeyStatus(dir)).toEqual({ keyFile: true, protectedKeyFile: false });
    expect(keychain.calls).toBe(0);
    expect(loadOrCreateMasterKey(dir).equals(desktop)).toBe(true); // the CLI
  });

  it('reads the key file the CLI created (desktop started after the CLI) and leaves it in place', () => {
    const dir = freshDir();
    const cli = loadOrCreateMasterKey(dir);
    const sealed = createSecretBox(cli).seal('planned by the CLI');
    const desktop = loadOrCreateMasterKey(dir, fakeKeychain());
    expect(createSecretBox(desktop).open(sealed)).toBe('planned by the CLI');
    expect(masterKeyStatus(dir)).toEqual({ keyFile: true, protectedKeyFile: false });
  });

  it('moves the key into the keychain on request: the desktop app keeps working, the CLI is told why it cannot', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    const key = loadOrCreateMasterKey(dir);
    const sealed = createSecretBox(key).seal('Grüezi-Mitenand-77');

    moveMasterKeyToKeychain(dir, keychain);
    expect(masterKeyStatus(dir)).toEqual({ keyFile: false, protectedKeyFile: true });
    const protectedFile = path.join(dir, PROTECTED_KEY_FILE);
    if (posix) expect(modeOf(protectedFile)).toBe(0o600);
    expect(fs.readFileSync(protectedFile).includes(key)).toBe(false);
    expect(fs.readFileSync(protectedFile, 'utf8')).not.toContain(key.toString('base64url'));

    const desktop = loadOrCreateMasterKey(dir, keychain);
    expect(createSecretBox(desktop).open(sealed)).toBe('Grüezi-Mitenand-77');

    const error = errorOf(() => loadOrCreateMasterKey(dir));
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error).toMatchObject({ code: 'locked-to-keychain', message: expect.stringContaining('OS keychain') });
    expect(masterKeyStatus(dir)).toEqual({ keyFile: false, protectedKeyFile: true }); // the CLI made no second key

    moveMasterKeyToKeychain(dir, keychain); // again: nothing to do
    expect(masterKeyStatus(dir)).toEqual({ keyFile: false, protectedKeyFile: true });
  });

  it('moves the key back to a file: every host opens secrets again', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    const key = loadOrCreateMasterKey(dir);
    moveMasterKeyToKeychain(dir, keychain);
    moveMasterKeyToFile(dir, keychain);
    expect(masterKeyStatus(dir)).toEqual({ keyFile: true, protectedKeyFile: false });
    if (posix) expect(modeOf(path.join(dir, KEY_FILE))).toBe(0o600);
    expect(loadOrCreateMasterKey(dir).equals(key)).toBe(true);
    expect(loadOrCreateMasterKey(dir, keychain).equals(key)).toBe(true);
    moveMasterKeyToFile(dir, keychain); // again: nothing to do
  });

  it('finishes a move that was interrupted after the keychain copy was written', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    const key = loadOrCreateMasterKey(dir);
    fs.writeFileSync(path.join(dir, PROTECTED_KEY_FILE), keychain.protect(key), { mode: 0o600 });
    expect(loadOrCreateMasterKey(dir, keychain).equals(key)).toBe(true); // both present, same key: fine
    moveMasterKeyToKeychain(dir, keychain);
    expect(masterKeyStatus(dir)).toEqual({ keyFile: false, protectedKeyFile: true });
    expect(loadOrCreateMasterKey(dir, keychain).equals(key)).toBe(true);
  });

  it('refuses two different keys rather than guess', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    const key = loadOrCreateMasterKey(dir);
    fs.writeFileSync(path.join(dir, PROTECTED_KEY_FILE), keychain.protect(crypto.randomBytes(32)));
    expect(errorOf(() => loadOrCreateMasterKey(dir, keychain))).toMatchObject({ name: 'MasterKeyError', code: 'conflict' });
    expect(errorOf(() => moveMasterKeyToKeychain(dir, keychain))).toMatchObject({ code: 'conflict' });
    expect(masterKeyStatus(dir)).toEqual({ keyFile: true, protectedKeyFile: true }); // nothing deleted
    expect(loadOrCreateMasterKey(dir).equals(key)).toBe(true); // the CLI can't see the keychain copy: uses its file
  });

  it("reports a keychain that can't decrypt (another OS account), and falls back to the key file when there is one", () => {
    const dir = freshDir();
    const key = loadOrCreateMasterKey(dir);
    moveMasterKeyToKeychain(dir, fakeKeychain());
    const otherAccount = fakeKeychain();
    expect(errorOf(() => loadOrCreateMasterKey(dir, otherAccount))).toMatchObject({
      name: 'MasterKeyError',
      code: 'keychain-failed',
      message: expect.stringContaining('OS keychain'),
    });

    const both = freshDir();
    const bothKey = loadOrCreateMasterKey(both);
    fs.writeFileSync(path.join(both, PROTECTED_KEY_FILE), fakeKeychain().protect(bothKey));
    const warnings: string[] = [];
    expect(loadOrCreateMasterKey(both, otherAccount, { onWarning: (m) => warnings.push(m) }).equals(bothKey)).toBe(true);
    expect(warnings[0]).toContain(`using ${KEY_FILE}`);
    expect(key).toHaveLength(32);
  });
});

describe('openWorkspaceSecrets (what each host calls at start)', () => {
  it('gives every host a box over the same key', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    const cli = openWorkspaceSecrets(dir);
    const desktop = openWorkspaceSecrets(dir, { protector: keychain });
    expect(desktop.box!.open(cli.box!.seal('Grüezi-Mitenand-77'))).toBe('Grüezi-Mitenand-77');
  });

  it('answers with the problem instead of throwing when the key is out of reach', () => {
    const dir = freshDir();
    const keychain = fakeKeychain();
    openWorkspaceSecrets(dir);
    moveMasterKeyToKeychain(dir, keychain);
    const cli = openWorkspaceSecrets(dir);
    expect(cli.box).toBeUndefined();
    expect(cli.problem).toBeInstanceOf(MasterKeyError);
    expect(cli.problem?.code).toBe('locked-to-keychain');
    expect(openWorkspaceSecrets(dir, { protector: keychain }).box).toBeDefined();
  });

  it('passes warnings on', () => {
    const dir = freshDir();
    openWorkspaceSecrets(dir);
    if (!posix) return;
    fs.chmodSync(path.join(dir, KEY_FILE), 0o644);
    const warnings: string[] = [];
    expect(openWorkspaceSecrets(dir, { onWarning: (m) => warnings.push(m) }).box).toBeDefined();
    expect(warnings).toHaveLength(1);
  });
});
