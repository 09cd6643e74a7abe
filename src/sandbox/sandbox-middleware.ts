import type { NextFunction, Request, Response } from 'express';
import { errorBody, invalidJsonBody, rateLimitBody, unauthorizedBody } from './hubspot-error-bodies.js';
import { matchesFilter, type RequestFilter, type RequestLog } from './request-log.js';
import { RollingRateLimiter, type RateLimit } from './rolling-rate-limiter.js';

/** A scripted failure: the next `remaining` matching requests get `status`. */
export interface PlannedFault {
  remaining: number;
  status: 429 | 500 | 502 | 503 | 504;
  policyName: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';
  match: RequestFilter;
}

/** Mutable limits and faults of one sandbox, shared by its middleware and its test helpers. */
export class TrafficControl {
  tenSecondly: RollingRateLimiter | undefined;
  search: RollingRateLimiter | undefined;
  dailyMax: number | undefined;
  dailyUsed = 0;
  faults: PlannedFault[] = [];

  constructor(
    tenSecondly: RateLimit | false,
    search: RateLimit | false,
    private readonly now: () => number,
  ) {
    this.tenSecondly = tenSecondly ? new RollingRateLimiter(tenSecondly) : undefined;
    this.search = search ? new RollingRateLimiter(search) : undefined;
  }

  /** Records each request once its answer is sent. */
  logRequests(log: RequestLog, logger?: { debug(object: object, message?: string): void }) {
    return (req: Request, res: Response, next: NextFunction) => {
      const at = this.now();
      const started = performance.now();
      res.on('finish', () => {
        const inputs = Array.isArray(req.body?.inputs) ? (req.body.inputs as unknown[]).length : undefined;
        const entry = {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          at,
          durationMs: performance.now() - started,
          ...(inputs !== undefined ? { inputs } : {}),
        };
        log.add(entry);
        logger?.debug(entry, 'sandbox request');
      });
      next();
    };
  }

  authenticate(accessToken: string) {
    return (req: Request, res: Response, next: NextFunction) => {
      const header = req.headers.authorization ?? '';
      if (header !== `Bearer ${accessToken}`) {
        res.status(401).json(unauthorizedBody());
        return;
      }
      next();
    };
  }

  /**
   * HubSpot's rolling 10-second, per-second (search) and daily limits. Every answer carries the
   * 10-second budget in `X-HubSpot-RateLimit-Max`, `-Remaining` and `-Interval-Milliseconds`, and a
   * search answer the per-second one in `-Secondly` and `-Secondly-Remaining`, as HubSpot's do.
   */
  limitRate() {
    return (req: Request, res: Response, next: NextFunction) => {
      const now = this.now();
      if (this.tenSecondly) {
        const allowed = this.tenSecondly.tryTake(now);
        res.setHeader('X-HubSpot-RateLimit-Max', String(this.tenSecondly.max));
        res.setHeader('X-HubSpot-RateLimit-Remaining', String(this.tenSecondly.remaining(now)));
        res.setHeader('X-HubSpot-RateLimit-Interval-Milliseconds', String(this.tenSecondly.intervalMs));
        if (!allowed) return void res.status(429).json(rateLimitBody('TEN_SECONDLY_ROLLING'));
      }
      if (this.dailyMax !== undefined) {
        res.setHeader('X-HubSpot-RateLimit-Daily', String(this.dailyMax));
        res.setHeader('X-HubSpot-RateLimit-Daily-Remaining', String(Math.max(0, this.dailyMax - this.dailyUsed - 1)));
        if (this.dailyUsed >= this.dailyMax) return void res.status(429).json(rateLimitBody('DAILY'));
      }
      this.dailyUsed += 1;
      if (this.search && isSearch(req)) {
        const allowed = this.search.tryTake(now);
        res.setHeader('X-HubSpot-RateLimit-Secondly', String(this.search.max));
        res.setHeader('X-HubSpot-RateLimit-Secondly-Remaining', String(this.search.remaining(now)));
        if (!allowed) return void res.status(429).json(rateLimitBody('SECONDLY'));
      }
      next();
    };
  }

  applyFaults() {
    return (req: Request, res: Response, next: NextFunction) => {
      const fault = this.faults.find((f) => f.remaining > 0 && matchesFilter({ method: req.method, path: req.path }, f.match));
      if (!fault) return next();
      fault.remaining -= 1;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      if (fault.status === 429) {
        if (fault.policyName === 'TEN_SECONDLY_ROLLING') res.setHeader('X-HubSpot-RateLimit-Remaining', '0');
        return void res.status(429).json(rateLimitBody(fault.policyName));
      }
      res.status(fault.status).json(errorBody('INTERNAL_ERROR', 'internal error (injected by the sandbox)'));
    };
  }
}

function isSearch(req: Request): boolean {
  return req.method === 'POST' && req.path.endsWith('/search');
}

/** Answers malformed JSON the way HubSpot does, and anything unexpected with a 500 body. */
export function handleErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const status = (error as { status?: number; type?: string }).status;
  if (status === 400 || (error as { type?: string }).type === 'entity.parse.failed') {
    res.status(400).json(invalidJsonBody(error instanceof Error ? error.message : String(error)));
    return;
  }
  res.status(500).json(errorBody('INTERNAL_ERROR', error instanceof Error ? error.message : String(error)));
}

export function notFound(req: Request, res: Response): void {
  res.status(404).json(errorBody('OBJECT_NOT_FOUND', `The sandbox has no endpoint ${req.method} ${req.path}`));
}
