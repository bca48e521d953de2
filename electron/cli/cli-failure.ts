import type { AppErrorShape } from '../../shared/contract';

/** A command that failed: its exit code, the message for stderr, and the service's error for --json. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly error?: AppErrorShape,
  ) {
    super(message);
  }
}
