import { parentPort } from 'node:worker_threads';
import { type DnsJob, runDnsJob } from './dns-jobs';

/** The DNS worker: every lookup of the checks happens here, off the thread that answers the UI. */
parentPort?.on('message', (message: { id: number; job: DnsJob }) => {
  runDnsJob(message.job).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: (error as Error).message ?? String(error) }),
  );
});
