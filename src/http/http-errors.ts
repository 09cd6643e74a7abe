import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { redactLiveLinks } from '../redact-live-links.js';
import { isDatabaseUnavailable } from '../db/is-database-unavailable.js';

/** The body of every error answer: a stable code to branch on and a message for people. */
export interface ErrorBody {
  error: { code: string; message: string };
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_SIGNATURE: 401,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONSENT_REQUIRED: 409,
  TRACK_LIMIT: 409,
  LINK_INVALID: 410,
  HUBSPOT_RATE_LIMITED: 503,
  HUBSPOT_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
};

/** The HTTP status an AppError answers with (500 for codes that mean a fault of ours). */
export function statusForError(error: AppError): number {
  return STATUS_BY_CODE[error.code] ?? 500;
}

export function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message }, ...extra });
}

/** 404 for every path no route answered. */
export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`);
};

/**
 * The last middleware: AppErrors answer with their code; errors reading a body (too large, not
 * JSON, a `Content-Encoding` that does not match the bytes or is unknown) with 413 or 400;
 * anything else with 500 and a generic message (the details go to the log, not the caller).
 * HubSpot retries a 5xx for a day, so nothing a caller sent may end as one.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof AppError) {
      const status = statusForError(error);
      if (status >= 500) logger.error({ err: { message: error.message, code: error.code }, path: redactLiveLinks(req.path) }, 'request failed');
      return sendError(res, status, error.code, error.message);
    }
    if (isDatabaseUnavailable(error)) {
      logger.error({ err: { message: (error as Error).message }, path: redactLiveLinks(req.path) }, 'database unavailable');
      return sendError(res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
    }
    const unreadable = describeUnreadableBody(error, req.get('content-encoding'));
    if (unreadable) return sendError(res, unreadable.status, 'INVALID_INPUT', unreadable.message);
    logger.error({ err: { message: (error as Error)?.message, stack: (error as Error)?.stack }, path: redactLiveLinks(req.path) }, 'unexpected error');
    return sendError(res, 500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged.');
  };
}

/**
 * The answer to a body the parser could not read, or undefined for any other error. Express's
 * body parsers fail with a 4xx `http-errors` error (`expose: true`); a body that does not
 * decompress as its `Content-Encoding` says comes as a zlib error they give status 400.
 */
function describeUnreadableBody(error: unknown, contentEncoding: string | undefined): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type, expose, message } = error as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  if (type === 'entity.too.large') return { status: 413, message: 'The request body is larger than this route accepts.' };
  if (type === 'encoding.unsupported') {
    return { status: 400, message: `The request body's Content-Encoding "${contentEncoding ?? ''}" is not supported: send it as gzip, deflate, br or identity.` };
  }
  if (type === undefined && contentEncoding !== undefined) {
    return { status: 400, message: `The request body is not valid ${contentEncoding} data, as its Content-Encoding says: ${String(message)}.` };
  }
  return { status: 400, message: `The request body could not be read: ${String(message)}` };
}
