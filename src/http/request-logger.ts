import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

// Probes and scrapes arrive every few seconds: log them only at debug level.
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** One JSON line per request: method, path (no query string), status, duration. No headers, no body. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const line = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (QUIET_PATHS.has(req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
