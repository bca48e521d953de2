import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the workspace's 32-byte master key (for secret-box.ts) lives.
 *
 * One data folder is shared by three hosts: the desktop app (Electron), the
 * CLI and the web host (plain Node). Only the desktop app can reach the OS
 * keychain (Electron's safeStorage); the other two can't. So:
 *
 * 1. By default the key is `<dataDir>/secret.key`, mode 0600 (readable by the
 *    user only), and every host — the desktop app included — reads it. This is
 *    the source of truth whenever it exists: a workspace created by any host
 *    works in all three, and secrets sealed by one open in the others.
 * 2. The desktop app may *move* the key into the OS keychain, on the user's
 *    explicit choice ("keep passwords only in this app"):
 *    `moveMasterKeyToKeychain` writes `<dataDir>/secret.key.protected`
 *    (encrypted by safeStorage), checks it opens, and deletes `secret.key`.
 *    From then on the CLI and the web host can't open secrets: loading throws
 *    `MasterKeyError('locked-to-keychain')`, which the hosts turn into "no
 *    sealer" (the services answer `secrets-unavailable`; everything else
 *    works). `moveMasterKeyToFile` is the way back.
 * 3. The desktop app never protects on its own: protecting a copy while
 *    `secret.key` stays next to it adds nothing, and deleting `secret.key`
 *    unasked would break the CLI and the web host on a workspace they share.
 *    So a desktop app started after the CLI created `secret.key` just reads it,
 *    and a fresh workspace gets `secret.key` whichever host starts first.
 *
 * Permissions (POSIX; Windows keeps %APPDATA% per user by ACL, and Node's
 * modes mean nothing there): `secret.key` is created 0600. If it is found
 * readable or writable by group or others — the usual cause is a copy, a
 * restore or a sync tool, not an attack — it is *repaired* to 0600 and a
 * warning is reported (`onWarning`) instead of refusing: refusing would stop
 * all three hosts until someone runs chmod, without making the key any less
 * exposed; repairing closes the hole at the first moment we can. A key file
 * owned by another user is refused: we can't repair it, and its owner could
 * have put in a key of their own.
 *
 * Creation is race-free between hosts starting at the same moment: the key is
 * written and flushed to a temporary file, then hard-linked into place, which
 * fails if another process got there first — the loser reads the winner's key.
 * Two keys for one workspace would make one host's secrets unreadable to the
 * other.
 *
 * The key is stored as one line of base64url (43 characters), so a damaged or
 * hand-edited file is detected rather than silently yielding another key, and
 * the user can copy it into a password manager as a recovery copy. Backups of
 * the workspace (store/backup.ts) copy only the SQLite file, never the key:
 * a leaked backup holds no readable passwords, and restoring one elsewhere
 * needs this key file too.
 */

export const KEY_FILE = 'secret.key';
export const PROTECTED_KEY_FILE = 'secret.key.protected';
export const MASTER_KEY_BYTES = 32;

export interface KeyProtector {
  /** Where the protection comes from; used in messages. */
  kind: 'os-keychain' | 'key-file';
  protect(key: Buffer): Buffer;
  unprotect(blob: Buffer): Buffer;
}

export type MasterKeyProblem =
  /** Only secret.key.protected exists and this host has no protector (CLI, web host). */
  | 'locked-to-keychain'
  /** The protector couldn't decrypt secret.key.protected (another OS account or machine, keychain reset). */
  | 'keychain-failed'
  /** secret.key and secret.key.protected hold different keys. */
  | 'conflict'
  /** A key file is damaged, not a file, or owned by another user. */
  | 'unreadable';

export class MasterKeyError extends Error {
  constructor(
    readonly code: MasterKeyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export interface MasterKeyOptions {
  /** Called with a message meant for the log or the user (a repaired file mode, an unusable keychain copy). */
  onWarning?: (message: string) => void;
}

export interface MasterKeyStatus {
  keyFile: boolean;
  protectedKeyFile: boolean;
}

const POSIX = process.platform !== 'win32';
const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The workspace's master key: from `secret.key` if present (any host), else
 * from `secret.key.protected` through `protector` (the desktop app), else a
 * new random key in a new `secret.key`. See the file comment for the why.
 */
export function loadOrCreateMasterKey(dataDir: string, protector?: KeyProtector, options: MasterKeyOptions = {}): Buffer {
  const warn = options.onWarning ?? (() => {});
  const keyFile = path.join(dataDir, KEY_FILE);
  const protectedFile = path.join(dataDir, PROTECTED_KEY_FILE);

  const plain = readKeyFile(keyFile, warn);
  if (plain) {
    if (protector && fs.existsSync(protectedFile)) {
      // Left over from an interrupted move: fine if it holds the same key.
      let other: Buffer | undefined;
      try {
        other = readProtectedKeyFile(protectedFile, protector);
      } catch (error) {
        warn(`${PROTECTED_KEY_FILE} can't be used (${(error as Error).message}); using ${KEY_FILE}.`);
      }
      if (other && !crypto.timingSafeEqual(other, plain)) throw conflict(dataDir);
    }
    return plain;
  }

  if (fs.existsSync(protectedFile)) {
    if (!protector) {
      throw new MasterKeyError(
        'locked-to-keychain',
        `This workspace's passwords are kept in the desktop app's OS keychain (${protectedFile}), which the command line and ` +
          `the web host can't reach. To use them here, open the desktop app and allow access from the command line ` +
          `(it writes ${KEY_FILE} back).`,
      );
    }
    return readProtectedKeyFile(protectedFile, protector);
  }

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(MASTER_KEY_BYTES);
  if (createExclusively(keyFile, `${key.toString('base64url')}\n`)) return key;
  // Another host created it between our look and our write: use theirs.
  const theirs = readKeyFile(keyFile, warn);
  if (!theirs) throw new MasterKeyError('unreadable', `${keyFile} vanished while it was being created; try again.`);
  return theirs;
}

/** Which key files exist, for a settings page or a CLI status line. */
export function masterKeyStatus(dataDir: string): MasterKeyStatus {
  return {
    keyFile: fs.existsSync(path.join(dataDir, KEY_FILE)),
    protectedKeyFile: fs.existsSync(path.join(dataDir, PROTECTED_KEY_FILE)),
  };
}

/**
 * Desktop app, on the user's explicit choice: keep the key only in the OS
 * keychain. Writes secret.key.protected, checks it opens to the same key, then
 * deletes secret.key. The CLI and the web host lose access to secrets.
 * Idempotent, and safe to repeat after an interruption.
 */
export function moveMasterKeyToKeychain(dataDir: string, protector: KeyProtector, options: MasterKeyOptions = {}): void {
  const keyFile = path.join(dataDir, KEY_FILE);
  const protectedFile = path.join(dataDir, PROTECTED_KEY_FILE);
  const key = readKeyFile(keyFile, options.onWarning ?? (() => {}));
  if (!key) {
    if (fs.existsSync(protectedFile)) return; // already moved
    throw new MasterKeyError('unreadable', `There is no ${KEY_FILE} in ${dataDir} to move.`);
  }
  // If it exists already (an interrupted move, or a conflict), the check below decides: only the same key may stay.
  createExclusively(protectedFile, protector.protect(key));
  if (!crypto.timingSafeEqual(readProtectedKeyFile(protectedFile, protector), key)) throw conflict(dataDir);
  fs.rmSync(keyFile);
  syncDirectory(dataDir);
}

/**
 * The way back (desktop app): writes secret.key (0600) from the keychain copy,
 * checks it, then deletes secret.key.protected, so every host can open
 * secrets again. Idempotent.
 */
export function moveMasterKeyToFile(dataDir: string, protector: KeyProtector, options: MasterKeyOptions = {}): void {
  const warn = options.onWarning ?? (() => {});
  const keyFile = path.join(dataDir, KEY_FILE);
  const protectedFile = path.join(dataDir, PROTECTED_KEY_FILE);
  if (!fs.existsSync(protectedFile)) {
    if (fs.existsSync(keyFile)) return; // already a file
    throw new MasterKeyError('unreadable', `There is no ${PROTECTED_KEY_FILE} in ${dataDir} to move.`);
  }
  const key = readProtectedKeyFile(protectedFile, protector);
  createExclusively(keyFile, `${key.toString('base64url')}\n`);
  const written = readKeyFile(keyFile, warn);
  if (!written || !crypto.timingSafeEqual(written, key)) throw conflict(dataDir);
  fs.rmSync(protectedFile);
  syncDirectory(dataDir);
}

/** The key from secret.key; undefined if there is none. Checks owner and mode first (POSIX). */
function readKeyFile(file: string, warn: (message: string) => void): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MasterKeyError('unreadable', `${file} can't be read: ${(error as Error).message}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new MasterKeyError('unreadable', `${file} is not a file.`);
    if (POSIX) {
      const uid = process.getuid?.();
      if (uid !== undefined && stat.uid !== uid) {
        throw new MasterKeyError(
          'unreadable',
          `${file} belongs to another user (uid ${stat.uid}); Mailwright only uses a key file of its own user. ` +
            `If it is yours, change its owner (chown) or remove it.`,
        );
      }
      const mode = stat.mode & 0o777;
      if ((mode & 0o077) !== 0) {
        const was = `${file} was accessible to other users (mode ${mode.toString(8).padStart(4, '0')})`;
        try {
          fs.fchmodSync(fd, 0o600);
          warn(
            `${was}; it is now 0600. If other people use this computer, treat the passwords stored in this ` +
              `workspace as exposed and reset them.`,
          );
        } catch (error) {
          // A file system without Unix permissions (FAT, some shares) reports a fixed mode and refuses chmod.
          warn(
            `${was} and can't be changed (${(error as NodeJS.ErrnoException).code ?? 'error'}); keep the data folder private.`,
          );
        }
      }
    }
    const text = fs.readFileSync(fd, 'utf8').trim();
    const key = Buffer.from(text, 'base64url');
    if (!KEY_TEXT.test(text) || key.length !== MASTER_KEY_BYTES || key.toString('base64url') !== text) {
      throw new MasterKeyError(
        'unreadable',
        `${file} is damaged: it must hold one line with a ${MASTER_KEY_BYTES}-byte key in base64url. ` +
          `Restore it from a copy; passwords sealed with it can't be opened without it.`,
      );
    }
    return key;
  } finally {
    fs.closeSync(fd);
  }
}

function readProtectedKeyFile(file: string, protector: KeyProtector): Buffer {
  let key: Buffer;
  try {
    key = protector.unprotect(fs.readFileSync(file));
  } catch (error) {
    throw new MasterKeyError(
      'keychain-failed',
      `${file} could not be decrypted by the ${protector.kind === 'os-keychain' ? 'OS keychain' : 'key protector'} ` +
        `(${(error as Error).message}). It opens only for the OS account (on macOS: and the app) that wrote it.`,
    );
  }
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError('unreadable', `${file} doesn't hold a ${MASTER_KEY_BYTES}-byte key.`);
  }
  return key;
}

/**
 * Writes `content` to `file` (mode 0600) unless it exists; true if we wrote it.
 * Written and flushed under a temporary name first, then hard-linked: readers
 * never see a half-written key, and of two racing writers exactly one wins.
 */
function createExclusively(file: string, content: string | Buffer): boolean {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    if (POSIX) {
      try {
        fs.fchmodSync(fd, 0o600); // whatever the umask
      } catch {
        // No Unix permissions on this file system: reading it will warn.
      }
    }
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    // No hard links here (FAT, some network shares): exclusive create, still never overwriting.
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncDirectory(path.dirname(file));
  return true;
}

/** Makes a new or removed directory entry durable (POSIX; Windows can't open directories). */
function syncDirectory(dir: string): void {
  if (!POSIX) return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Best effort: some file systems refuse fsync on directories.
  }
}

function conflict(dataDir: string): MasterKeyError {
  return new MasterKeyError(
    'conflict',
    `${KEY_FILE} and ${PROTECTED_KEY_FILE} in ${dataDir} hold different keys. Passwords sealed with one can't be opened ` +
      `with the other; keep the one this workspace's passwords were sealed with and move the other away.`,
  );
}
