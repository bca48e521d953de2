import { parentPort } from 'node:worker_threads';
import { isStrongPassword, warmUpStrengthVerdict } from '../../shared/domain/password/strength';

/**
 * One zxcvbn instance per worker thread (dictionaries merged, see isStrongPassword); answers batches of strength
 * checks. `warm`: get ready first (the pool's warm(), see warmUpStrengthVerdict).
 */
parentPort?.on('message', (message: { id: number; items: { password: string; inputs: string[] }[]; warm?: boolean }) => {
  if (message.warm) warmUpStrengthVerdict();
  const verdicts = message.items.map((item) => isStrongPassword(item.password, item.inputs));
  parentPort?.postMessage({ id: message.id, verdicts });
});
