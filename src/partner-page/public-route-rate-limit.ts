import type { Redis } from 'ioredis';

/** A budget of requests per window. */
export interface RateBudget {
  requests: number;
  windowMs: number;
}

/** The public routes' budgets: per client IP and per link (token). */
export interface PublicRouteRateLimits {
  /** Default 60 requests a minute from one IP. */
  perIp: RateBudget;
  /** Default 30 requests a minute on one link, whoever sends them. */
  perToken: RateBudget;
  /** Default 3 link emails an hour to one address asked for at `/p`, whoever asks. */
  perAddress: RateBudget;
}

export const DEFAULT_PUBLIC_ROUTE_RATE_LIMITS: PublicRouteRateLimits = {
  perIp: { requests: 60, windowMs: 60_000 },
  perToken: { requests: 30, windowMs: 60_000 },
  perAddress: { requests: 3, windowMs: 3_600_000 },
};

/** Either the request may go on, or it must wait `retryAfterSeconds`. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters in Redis, shared by every web process: each key counts the requests of its
 * current window and expires with it. A request is charged to every key it names (its IP, and its
 * link's token hash — never the token); one key over budget refuses it, with the time until that
 * window ends.
 */
export function createPublicRouteRateLimit(redis: Redis, options: { prefix: string; limits?: Partial<PublicRouteRateLimits> }) {
  const limits = { ...DEFAULT_PUBLIC_ROUTE_RATE_LIMITS, ...options.limits };
  async function charge(key: string, budget: RateBudget): Promise<RateDecision> {
    const results = await redis.multi().incr(key).pexpire(key, budget.windowMs, 'NX').pttl(key).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? budget.windowMs);
    if (count <= budget.requests) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : budget.windowMs) / 1000)) };
  }
  return {
    async check(request: { ip: string; tokenHash?: string }): Promise<RateDecision> {
      const decisions = await Promise.all([
        charge(`${options.prefix}:partner-page:rate:ip:${request.ip}`, limits.perIp),
        ...(request.tokenHash ? [charge(`${options.prefix}:partner-page:rate:link:${request.tokenHash}`, limits.perToken)] : []),
      ]);
      const refused = decisions.filter((decision): decision is Extract<RateDecision, { allowed: false }> => !decision.allowed);
      if (refused.length === 0) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(...refused.map((decision) => decision.retryAfterSeconds)) };
    },
    /** Charges one link request to an address (by its hash), so nobody can flood an inbox. */
    async checkAddress(addressHash: string): Promise<RateDecision> {
      return charge(`${options.prefix}:partner-page:rate:address:${addressHash}`, limits.perAddress);
    },
  };
}

export type PublicRouteRateLimit = ReturnType<typeof createPublicRouteRateLimit>;
