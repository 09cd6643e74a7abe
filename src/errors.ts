/**
 * The one error type the product throws on purpose. Callers and tests branch on `code`, never on
 * the message, which is written for the person who has to fix the problem.
 */
export const ERROR_CODES = {
  INVALID_PROGRAM: 'the program file is not a valid enablement program',
  INVALID_INPUT: 'the input is not what the command or route accepts',
  INVALID_CONFIG: 'an environment variable is missing or malformed',
  INVALID_SIGNATURE: 'a HubSpot request signature is missing, wrong or stale',
  HUBSPOT_REJECTED: 'HubSpot rejected a request',
  HUBSPOT_RATE_LIMITED: 'HubSpot answered 429',
  HUBSPOT_UNAVAILABLE: 'HubSpot answered 5xx or could not be reached, after retries',
  NOT_FOUND: 'the record does not exist',
  UNAUTHORIZED: 'an operator route was called without the right admin token',
  SERVICE_UNAVAILABLE: 'a dependency of the server (Redis) is unreachable; the caller should retry',
  FORBIDDEN: 'the request is for another portal or not allowed',
  CONSENT_REQUIRED: 'training cannot be assigned without consent',
  TRACK_LIMIT: 'the contact already has the maximum number of active tracks',
  LINK_INVALID: 'a consent link is unknown, used or expired',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
