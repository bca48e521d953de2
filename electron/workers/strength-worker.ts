import { parentPort } from 'node:worker_threads';
import { checkPassword } from '../../shared/domain/password/strength';

/** One zxcvbn instance per worker thread; answers batches of strength checks. */
parentPort?.on('message', (message: { id: number; items: { password: string; inputs: string[] }[] }) => {
  const verdicts = message.items.map((item) => checkPassword(item.password, item.inputs).ok);
  parentPort?.postMessage({ id: message.id, verdicts });
});
