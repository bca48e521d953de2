import { parentPort } from 'node:worker_threads';
import { isStrongPassword } from '../../shared/domain/password/strength';

/** One zxcvbn instance per worker thread (dictionaries merged, see isStrongPassword); answers batches of strength checks. */
parentPort?.on('message', (message: { id: number; items: { password: string; inputs: string[] }[] }) => {
  const verdicts = message.items.map((item) => isStrongPassword(item.password, item.inputs));
  parentPort?.postMessage({ id: message.id, verdicts });
});
