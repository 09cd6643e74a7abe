import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import { defineRedisScript, runRedisScript } from '../redis-script.js';

/**
 * A request budget shared by every process that talks to one HubSpot portal.
 *
 * HubSpot counts requests per app and account in a rolling 10-second window
 * (`TEN_SECONDLY_ROLLING`), so the limiter keeps a sliding log in Redis: one sorted-set member per
 * request, scored with the time it was granted, and a Lua script that drops what left the window,
 * counts what is left and grants the request only if the budget holds — atomically, so two
 * workers never both take the last slot. Time comes from the Redis server (`TIME`), the one clock
 * every process agrees on.
 *
 * A grant is not an arrival: HubSpot counts a request when it reaches HubSpot, which may be well
 * after the grant (the event loop was busy building another batch, the connection was slow). Were
 * the slot left at the grant time, the request that reuses it one window later could reach HubSpot
 * less than a window after the late one, and HubSpot would answer 429. So a caller settles each
 * grant when HubSpot's answer is back (`acquireSlot` → `settle`): the slot is moved to the answer
 * time, the latest moment HubSpot can have counted the request, and whatever delay the request
 * met on its way is covered, however long it was. The price is a request's own latency added to
 * its slot, about 1% of throughput at HubSpot's usual latency.
 *
 * `rate-limiter-flexible` was considered and rejected: its Redis limiter is a fixed window (a
 * counter that expires), which lets up to twice the budget through around a window boundary —
 * exactly the burst HubSpot's rolling window answers with 429.
 */
export interface RateLimiter {
  /**
   * Waits until the portal's budget has room for `cost` requests, takes it, and resolves with the
   * grant time (Redis clock, epoch ms). A pause (see `pauseUntil`) blocks it too. Throws
   * `HUBSPOT_RATE_LIMITED` (details `{ retryAt }`) when the wait would exceed `maxWaitMs`.
   */
  acquire(portalId: string, cost?: number, options?: AcquireOptions): Promise<number>;
  /**
   * `acquire`, for a request about to be sent: resolves with a grant to settle once HubSpot's
   * answer (or a network failure) is back, which moves the request's slots to that time.
   */
  acquireSlot(portalId: string, cost?: number, options?: AcquireOptions): Promise<LimiterGrant>;
  /**
   * Stops every process from calling the portal until `epochMs` (a DAILY 429, or a backoff after a
   * 10-second 429). A pause only ever grows: a shorter one does not cut a longer one short.
   */
  pauseUntil(portalId: string, epochMs: number, reason: string): Promise<void>;
  /** The end of the portal's pause (epoch ms), or null when it is not paused. */
  pausedUntil(portalId: string): Promise<{ until: number; reason: string } | null>;
  /** Lifts a pause early (an operator who raised the account's limit). */
  clearPause(portalId: string): Promise<void>;
}

/** Budget granted to one request (see `RateLimiter.acquireSlot`). */
export interface LimiterGrant {
  /** When the budget was granted (the limiter's clock, epoch ms). */
  readonly at: number;
  /**
   * Moves the request's slots to now, so that they leave the window a full window after HubSpot
   * can have counted the request rather than after the grant. Call it once the answer is back.
   * Settling is idempotent and never throws; a settle that cannot reach Redis leaves the grant time.
   */
  settle(): Promise<void>;
}

/** Which of HubSpot's budgets a request draws on. */
export type LimiterBucket = 'standard' | 'search';

export interface AcquireOptions {
  /** `search` draws on the search API's own per-second budget as well as the standard one. */
  bucket?: LimiterBucket;
  /** Longest acceptable wait; a longer one throws `HUBSPOT_RATE_LIMITED` at once. Default: the limiter's. */
  maxWaitMs?: number;
}

export interface BudgetOptions {
  /** Requests allowed in any window of `intervalMs`. */
  requests: number;
  /** Window length in ms. */
  intervalMs: number;
}

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Prefix of every key (one per portal and bucket); tests use their own. Default `pe:hubspot:limiter`. */
  keyPrefix?: string;
  /**
   * HubSpot's rolling window for all requests. Default 110 per 10 s (marketplace apps; config
   * `HUBSPOT_REQUESTS_PER_10S` for private apps: 100 / 190 / 250).
   */
  standard?: BudgetOptions;
  /** The search API's separate budget. Default 5 per second per account. */
  search?: BudgetOptions;
  /**
   * Added to each window so that a request sent one window after the answer to another is not
   * counted in the same window by HubSpot's own clocks (its gateways' skew and rounding). The delay
   * between a grant and the request's arrival is not this margin's job: settling the grant at the
   * answer covers it. Default 100 ms.
   */
  marginMs?: number;
  /** Default for `AcquireOptions.maxWaitMs`. Default: wait as long as it takes. */
  maxWaitMs?: number;
  /** Sleeps; tests never need to replace it, the production one is `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_STANDARD_BUDGET: BudgetOptions = { requests: 110, intervalMs: 10_000 };
export const DEFAULT_SEARCH_BUDGET: BudgetOptions = { requests: 5, intervalMs: 1_000 };

// KEYS[1] window sorted set, KEYS[2] pause hash. ARGV: limit, window ms, cost, member id.
// Returns { granted (1|0), wait ms, paused (1|0), now ms }.
const ACQUIRE_SCRIPT = defineRedisScript('limiterAcquire', `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local pausedUntil = tonumber(redis.call('HGET', KEYS[2], 'until') or '0')
if pausedUntil > now then
  return { 0, pausedUntil - now, 1, now }
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used + cost <= limit then
  for i = 1, cost do
    redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i)
  end
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return { 1, 0, 0, now }
end
local oldest = redis.call('ZRANGE', KEYS[1], used + cost - limit - 1, used + cost - limit - 1, 'WITHSCORES')
return { 0, tonumber(oldest[2]) + window - now + 1, 0, now }
`);

// KEYS: window sorted sets the request was granted in. ARGV: member id, cost, then each key's window ms.
// Moves the request's members to now; re-adds one that already left a window (a request slower
// than the window is still counted by HubSpot from its arrival).
const SETTLE_SCRIPT = defineRedisScript('limiterSettle', `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[2])
for k = 1, #KEYS do
  for i = 1, cost do
    redis.call('ZADD', KEYS[k], now, ARGV[1] .. ':' .. i)
  end
  redis.call('PEXPIRE', KEYS[k], tonumber(ARGV[2 + k]) + 1000)
end
return now
`);

// KEYS[1] pause hash. ARGV: until (epoch ms), reason. Only ever extends the pause.
const PAUSE_SCRIPT = defineRedisScript('limiterPause', `
local current = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local untilMs = tonumber(ARGV[1])
if untilMs <= current then return 0 end
redis.call('HSET', KEYS[1], 'until', ARGV[1], 'reason', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], untilMs)
return 1
`);

// A waiter wakes a little after its slot frees, with jitter so that many waiters of many
// processes do not all retry in the same millisecond.
const JITTER_MS = 15;
// Long pauses are slept in slices so that a lifted pause is noticed within this time.
const MAX_SLEEP_MS = 5_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Redis-backed limiter every worker process shares. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis } = options;
  const prefix = options.keyPrefix ?? 'pe:hubspot:limiter';
  const budgets: Record<LimiterBucket, BudgetOptions> = {
    standard: options.standard ?? DEFAULT_STANDARD_BUDGET,
    search: options.search ?? DEFAULT_SEARCH_BUDGET,
  };
  const marginMs = options.marginMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  const windowKey = (portalId: string, bucket: LimiterBucket) => `${prefix}:${portalId}:${bucket}`;
  const pauseKey = (portalId: string) => `${prefix}:${portalId}:pause`;

  for (const [bucket, budget] of Object.entries(budgets)) {
    if (!Number.isInteger(budget.requests) || budget.requests < 1 || !(budget.intervalMs > 0)) {
      throw new AppError('INVALID_CONFIG', `HubSpot ${bucket} budget must allow at least 1 request per positive interval`);
    }
  }

  async function takeFrom(portalId: string, bucket: LimiterBucket, cost: number, maxWaitMs: number, member: string): Promise<number> {
    const budget = budgets[bucket];
    if (cost > budget.requests) {
      throw new AppError('INVALID_INPUT', `a cost of ${cost} can never fit the ${bucket} budget of ${budget.requests}`);
    }
    let waited = 0;
    for (;;) {
      const [granted, waitMs, paused, now] = (await runRedisScript(
        redis,
        ACQUIRE_SCRIPT,
        [windowKey(portalId, bucket), pauseKey(portalId)],
        [budget.requests, budget.intervalMs + marginMs, cost, member],
      )) as [number, number, number, number];
      if (granted === 1) return now;
      if (waited + waitMs > maxWaitMs) {
        throw new AppError('HUBSPOT_RATE_LIMITED', `HubSpot portal ${portalId} has no ${bucket} budget for ${waitMs} ms`, {
          details: { portalId, bucket, retryAt: now + waitMs, paused: paused === 1 },
        });
      }
      const nap = Math.min(waitMs, MAX_SLEEP_MS) + Math.floor(Math.random() * JITTER_MS);
      await sleep(nap);
      waited += nap;
    }
  }

  async function acquireSlot(portalId: string, cost = 1, acquireOptions: AcquireOptions = {}): Promise<LimiterGrant> {
    const bucket = acquireOptions.bucket ?? 'standard';
    const maxWaitMs = acquireOptions.maxWaitMs ?? options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    const member = crypto.randomUUID();
    // A search request counts against both budgets; take the scarcer one first so a request
    // does not hold a standard slot while it waits for a search slot.
    const buckets: LimiterBucket[] = bucket === 'search' ? ['search', 'standard'] : ['standard'];
    let at = 0;
    for (const taken of buckets) at = await takeFrom(portalId, taken, cost, maxWaitMs, member);
    let settled: Promise<void> | undefined;
    return {
      at,
      settle() {
        settled ??= runRedisScript(
          redis,
          SETTLE_SCRIPT,
          buckets.map((b) => windowKey(portalId, b)),
          [member, cost, ...buckets.map((b) => budgets[b].intervalMs + marginMs)],
        ).then(
            () => undefined,
            // The slot keeps its grant time: the margin still covers a request that left on time.
            () => undefined,
          );
        return settled;
      },
    };
  }

  return {
    async acquire(portalId, cost = 1, acquireOptions = {}) {
      return (await acquireSlot(portalId, cost, acquireOptions)).at;
    },

    acquireSlot,

    async pauseUntil(portalId, epochMs, reason) {
      await runRedisScript(redis, PAUSE_SCRIPT, [pauseKey(portalId)], [Math.ceil(epochMs), reason]);
    },

    async pausedUntil(portalId) {
      const [untilText, reason] = await redis.hmget(pauseKey(portalId), 'until', 'reason');
      const until = Number(untilText ?? 0);
      if (!until) return null;
      const [seconds, micros] = await redis.time();
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      return until > now ? { until, reason: reason ?? '' } : null;
    },

    async clearPause(portalId) {
      await redis.del(pauseKey(portalId));
    },
  };
}

/**
 * The same budget kept in this process's memory, for a one-off command run without Redis
 * (`partner-enablement setup`). It does not see what other processes spend: with workers running,
 * give the command `REDIS_URL` so that it shares their budget.
 */
export function createInProcessRateLimiter(options: Omit<RedisRateLimiterOptions, 'redis' | 'keyPrefix'> = {}): RateLimiter {
  const budgets: Record<LimiterBucket, BudgetOptions> = {
    standard: options.standard ?? DEFAULT_STANDARD_BUDGET,
    search: options.search ?? DEFAULT_SEARCH_BUDGET,
  };
  const marginMs = options.marginMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  // Per portal and bucket, the slots in the window, oldest first; a slot is shared by reference
  // with its grant, which moves it when settled.
  const grants = new Map<string, Array<{ at: number }>>();
  const pauses = new Map<string, { until: number; reason: string }>();

  async function takeFrom(portalId: string, bucket: LimiterBucket, cost: number, maxWaitMs: number, slots: Array<{ key: string; slot: { at: number } }>): Promise<number> {
    const { requests, intervalMs } = budgets[bucket];
    if (cost > requests) throw new AppError('INVALID_INPUT', `a cost of ${cost} can never fit the ${bucket} budget of ${requests}`);
    const key = `${portalId}:${bucket}`;
    let waited = 0;
    for (;;) {
      const now = Date.now();
      const pause = pauses.get(portalId);
      // Settled slots moved: keep the window in time order before counting.
      const window = (grants.get(key) ?? []).filter((slot) => slot.at > now - intervalMs - marginMs).sort((a, b) => a.at - b.at);
      grants.set(key, window);
      let waitMs = 0;
      if (pause && pause.until > now) waitMs = pause.until - now;
      else if (window.length + cost <= requests) {
        for (let i = 0; i < cost; i++) {
          const slot = { at: now };
          window.push(slot);
          slots.push({ key, slot });
        }
        return now;
      } else waitMs = window[window.length + cost - requests - 1]!.at + intervalMs + marginMs - now + 1;
      if (waited + waitMs > maxWaitMs) {
        throw new AppError('HUBSPOT_RATE_LIMITED', `HubSpot portal ${portalId} has no ${bucket} budget for ${waitMs} ms`, {
          details: { portalId, bucket, retryAt: now + waitMs, paused: Boolean(pause && pause.until > now) },
        });
      }
      const nap = Math.min(waitMs, MAX_SLEEP_MS);
      await sleep(nap);
      waited += nap;
    }
  }

  async function acquireSlot(portalId: string, cost = 1, acquireOptions: AcquireOptions = {}): Promise<LimiterGrant> {
    const bucket = acquireOptions.bucket ?? 'standard';
    const maxWaitMs = acquireOptions.maxWaitMs ?? options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    const slots: Array<{ key: string; slot: { at: number } }> = [];
    if (bucket === 'search') await takeFrom(portalId, 'search', cost, maxWaitMs, slots);
    const at = await takeFrom(portalId, 'standard', cost, maxWaitMs, slots);
    return {
      at,
      async settle() {
        const now = Date.now();
        for (const { key, slot } of slots) {
          slot.at = Math.max(slot.at, now);
          // A request slower than the window is still counted by HubSpot from its arrival.
          const window = grants.get(key) ?? [];
          if (!window.includes(slot)) grants.set(key, [...window, slot]);
        }
      },
    };
  }

  return {
    async acquire(portalId, cost = 1, acquireOptions = {}) {
      return (await acquireSlot(portalId, cost, acquireOptions)).at;
    },
    acquireSlot,
    async pauseUntil(portalId, epochMs, reason) {
      const current = pauses.get(portalId);
      if (!current || current.until < epochMs) pauses.set(portalId, { until: epochMs, reason });
    },
    async pausedUntil(portalId) {
      const pause = pauses.get(portalId);
      return pause && pause.until > Date.now() ? pause : null;
    },
    async clearPause(portalId) {
      pauses.delete(portalId);
    },
  };
}
