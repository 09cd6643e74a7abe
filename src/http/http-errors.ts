import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
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
 * The last middleware: AppErrors answer with their code; body-parser errors with 400 or 413;
 * anything else with 500 and a generic message (the details go to the log, not the caller).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof AppError) {
      const status = statusForError(error);
      if (status >= 500) logger.error({ err: { message: error.message, code: error.code }, path: req.path }, 'request failed');
      return sendError(res, status, error.code, error.message);
    }
    if (isDatabaseUnavailable(error)) {
      logger.error({ err: { message: (error as Error).message }, path: req.path }, 'database unavailable');
      return sendError(res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
    }
    const parserType = (error as { type?: unknown }).type;
    if (parserType === 'entity.too.large') {
      return sendError(res, 413, 'INVALID_INPUT', 'The request body is larger than this route accepts.');
    }
    if (parserType === 'entity.parse.failed' || parserType === 'encoding.unsupported' || parserType === 'charset.unsupported') {
      return sendError(res, 400, 'INVALID_INPUT', `The request body could not be read: ${(error as Error).message}`);
    }
    logger.error({ err: { message: (error as Error)?.message, stack: (error as Error)?.stack }, path: req.path }, 'unexpected error');
    return sendError(res, 500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged.');
  };
}
