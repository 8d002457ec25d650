// One error type for the whole server; one table maps its codes to HTTP statuses (common/errors.ts).
import { type ErrorCode, errorCodes } from '@kith/common';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError('FORBIDDEN', message);
export const invalid = (message: string, fields?: Record<string, string>) =>
  new AppError('INVALID', message, fields ? { fields } : undefined);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, details);
export const unauthenticated = (message = 'Sign in first') => new AppError('UNAUTHENTICATED', message);

/**
 * Runs a write that is one part of a larger request, so that its refusal names where in that
 * request it came from: `stages.2.requiredFields.1`, `deal.stageId`. Other errors pass unchanged.
 */
export async function underPath<T>(prefix: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'INVALID') throw e;
    const fields = (e.details?.fields ?? {}) as Record<string, string>;
    throw invalid(
      `${prefix}.${e.message}`,
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v])),
    );
  }
}
