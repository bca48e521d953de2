import { create } from 'zustand';
import {
  ImportStatus,
  type EventPayload,
  type ImportAccount,
  type ImportJob,
  type ImportProgress,
} from '../../../shared/contract';
import { api } from '../api';
import type { Client } from '../api/client';
import { invalidate, onChange } from './invalidate';

type ProgressEvent = EventPayload<'imports.progress'>;

interface Live {
  status: ImportStatus;
  progress: ImportProgress;
}

interface ImportsState {
  serviceId: number | null;
  jobs: ImportJob[];
  loaded: boolean;
  error: unknown;
  /** Loads the import jobs of a mail service (again, when it is the one shown). */
  load(serviceId: number): Promise<void>;
  /** A progress event from the mail worker, merged into the job it belongs to. */
  applyProgress(event: ProgressEvent): void;
}

/** The newest progress pushed per account: a list fetched meanwhile may be older than what the events told. */
const live = new Map<number, Live>();
/** Jobs not in the list that events were about: fetched once (a new job), then left alone (another service's). */
const askedAbout = new Set<number>();

const TERMINAL: ReadonlySet<ImportStatus> = new Set(['done', 'failed', 'cancelled']);

/** The listed account, unless the pushed progress of the same run is further along. */
function merged(account: ImportAccount): ImportAccount {
  const pushed = live.get(account.id);
  if (!pushed || TERMINAL.has(account.status) || pushed.status !== account.status) return account;
  const ahead =
    pushed.progress.messagesDone >= account.progress.messagesDone && pushed.progress.bytesDone >= account.progress.bytesDone;
  return ahead ? { ...account, progress: pushed.progress } : account;
}

/** The import jobs of the mail service on screen, kept live by the progress events. */
export const useImportsStore = create<ImportsState>()((set, get) => ({
  serviceId: null,
  jobs: [],
  loaded: false,
  error: null,
  async load(serviceId) {
    if (get().serviceId !== serviceId) {
      live.clear();
      askedAbout.clear();
      set({ serviceId, jobs: [], loaded: false, error: null });
    }
    try {
      const jobs = await api().imports.list({ mailServiceId: serviceId });
      // A slower answer for a service no longer shown is dropped.
      if (get().serviceId !== serviceId) return;
      set({
        jobs: jobs.map((job) => ({ ...job, accounts: job.accounts.map(merged) })),
        loaded: true,
        error: null,
      });
    } catch (error) {
      if (get().serviceId === serviceId) set({ loaded: true, error });
    }
  },
  applyProgress(event) {
    const status = ImportStatus.safeParse(event.status);
    if (!status.success) return;
    live.set(event.accountId, { status: status.data, progress: event.progress });
    const { jobs } = get();
    const job = jobs.find((j) => j.id === event.jobId);
    const account = job?.accounts.find((a) => a.id === event.accountId);
    if (!job) {
      // A job started elsewhere (the CLI, another window) or of another service: the list says whose it is.
      if (get().serviceId !== null && !askedAbout.has(event.jobId)) {
        askedAbout.add(event.jobId);
        invalidate(['imports']);
      }
      return;
    }
    if (!account) {
      // The job as a whole moved on (finished, paused): its status is in the list.
      invalidate(['imports']);
      return;
    }
    // An account that finished or stopped may change its job's status and its folder report: fetch those.
    if (account.status !== status.data) invalidate(['imports']);
    set({
      jobs: jobs.map((j) =>
        j.id !== job.id
          ? j
          : {
              ...j,
              // The job runs while any of its accounts does.
              status: status.data === 'running' && (j.status === 'queued' || j.status === 'checking') ? 'running' : j.status,
              accounts: j.accounts.map((a) =>
                a.id === account.id ? { ...a, status: status.data, progress: event.progress } : a,
              ),
            },
      ),
    });
  },
}));

onChange(['imports', 'mailServices'], () => {
  const { serviceId, load } = useImportsStore.getState();
  if (serviceId !== null) void load(serviceId);
});

/** The mail worker's progress, a few times a second per account while it copies. */
export function watchImportProgress(client: Client): void {
  client.on('imports.progress', (event) => useImportsStore.getState().applyProgress(event));
}
