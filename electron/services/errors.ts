import type { AppErrorShape, ErrorCode } from '../../shared/contract';

/** A failure the caller can act on. Crosses every transport as `{code, message, details}`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toShape(): AppErrorShape {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function notFound(what: string, id: number): AppError {
  return new AppError('not-found', `No ${what} with id ${id}. It may have been deleted; reload the list.`, { what, id });
}
