import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { KeyProtector, MasterKeyError } from '../services/secrets/key-store';
import { openWorkspaceSecrets } from '../services/secrets/workspace-secrets';
import { openWorkspace } from '../store/database';
import { createStrengthPool, type StrengthChecker } from '../workers/strength-pool';
import { createDnsRunner } from '../workers/dns-runner';
import { createMailRunner } from '../workers/mail-runner';
import { createHandlers, createServices, type HostInfo, type Sealer, type Services } from '../services';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { ALL_CHANGE_AREAS } from '../../shared/contract';

export interface Runtime {
  db: Database;
  /** Password strength on worker threads (or in slices on this one): for the CLI's own checks. */
  strength: StrengthChecker;
  /** Starts the strength workers and warms them up, ahead of checks known to come (the warm-up yields to them). */
  warmStrength: () => void;
  /** Why passwords can't be stored this session (the services answer `secrets-unavailable`), if so. */
  secretsProblem: MasterKeyError | null;
  services: Services;
  dispatcher: Dispatcher;
  /**
   * Starts telling connected windows about changes other processes (the CLI,
   * another host) commit to the same file; returns the stop function.
   */
  watchExternalChanges(intervalMs?: number): () => void;
  close(): void;
}

export interface RuntimeOptions extends HostInfo {
  file: string;
  nativeBinding?: string;
  onInternalError?: (channel: string, error: unknown) => void;
  /**
   * Where the workspace's key lives (electron/services/secrets). Opened after
   * the workspace file passed its checks, so a refused file never gets a key
   * beside it. Absent: no secrets (tests), or pass `sealer` directly.
   */
  secrets?: { dataDir: string; protector?: KeyProtector; onWarning?: (message: string) => void };
  sealer?: Sealer;
  clock?: () => Date;
  /** The bundled strength worker (dist/…/strength-worker.cjs): password checks on worker threads. */
  strengthWorker?: string;
  /** The bundled DNS worker (dist/…/dns-worker.cjs): every lookup of the DNS checks on its own thread. */
  dnsWorker?: string;
  /** The bundled mail worker (dist/…/mail-worker.cjs): mail import copies on their own thread. */
  mailWorker?: string;
}

/** Opens a workspace and wires services to the one dispatcher every transport uses. */
export function openRuntime(options: RuntimeOptions): Runtime {
  const db = openWorkspace(options.file, { nativeBinding: options.nativeBinding });
  const pool = createStrengthPool(options.strengthWorker);
  const warmStrength = () => void pool.warm().catch(() => undefined); // a failed start shows on the first check
  const dns = createDnsRunner(options.dnsWorker);
  const mail = createMailRunner(options.mailWorker);
  let sealer = options.sealer;
  let secretsProblem: MasterKeyError | null = null;
  if (options.secrets) {
    try {
      const secrets = openWorkspaceSecrets(options.secrets.dataDir, options.secrets);
      sealer = secrets.box;
      secretsProblem = secrets.problem ?? null;
    } catch (error) {
      db.close();
      throw error;
    }
  }
  const services = createServices(
    db,
    { host: options.host, appVersion: options.appVersion, locale: options.locale },
    {
      randomBytes: (n) => crypto.randomBytes(n),
      sealer,
      clock: options.clock,
      strength: pool.check,
      warmStrength,
      dns: dns.run,
      mail: mail.run,
    },
  );
  const dispatcher = createDispatcher(createHandlers(services), { onInternalError: options.onInternalError });
  services.imports.attach((name, payload) => dispatcher.emit(name, payload));
  return {
    db,
    secretsProblem,
    services,
    dispatcher,
    watchExternalChanges(intervalMs = 1500) {
      // data_version changes only when another connection commits: our own writes don't count.
      let seen = db.pragma('data_version', { simple: true }) as number;
      const timer = setInterval(() => {
        if (!db.open) return;
        const now = db.pragma('data_version', { simple: true }) as number;
        if (now !== seen) {
          seen = now;
          dispatcher.emit('workspace.changed', { areas: [...ALL_CHANGE_AREAS] });
        }
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    strength: pool.check,
    warmStrength,
    close() {
      void pool.close();
      void dns.close();
      void mail.close();
      if (db.open) db.close();
    },
  };
}
