import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import { redactLiveLinks } from '../redact-live-links.js';

// Probes and scrapes arrive every few seconds: log them only at debug level.
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON line per request: method, path (no query string, a live link's token redacted),
 * status, duration, and whatever the route added with {@link addToRequestLog}. No headers, no body.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const extra = res.locals[REQUEST_LOG_FIELDS] as Record<string, unknown> | undefined;
      const line = { method: req.method, path: redactLiveLinks(req.path), status: res.statusCode, ms: Math.round(performance.now() - started), ...extra };
      if (QUIET_PATHS.has(req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

const REQUEST_LOG_FIELDS = 'requestLogFields';

/**
 * Fields (counts and ids, never secrets or personal data) for the request's log line, so that a
 * busy route says what it did without a second line per request.
 */
export function addToRequestLog(res: Response, fields: Record<string, unknown>): void {
  res.locals[REQUEST_LOG_FIELDS] = { ...(res.locals[REQUEST_LOG_FIELDS] as Record<string, unknown> | undefined), ...fields };
}
