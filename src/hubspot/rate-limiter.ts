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
 * The budget a portal really has is the one HubSpot states on every answer
 * (`X-HubSpot-RateLimit-Max` per `-Interval-Milliseconds`, and `-Remaining`): a Free or Starter
 * private app gets 100 per 10 s, a marketplace app 110, a Pro or Enterprise private app 190. The
 * client reports those headers (`observe`); the limiter keeps the portal's stated budget in Redis
 * for every process and uses it whenever it is lower than the configured one, which stays a
 * ceiling that is never exceeded. `Remaining` tells what callers outside this Redis (another
 * deployment, a script with the same app) spent: the window is filled up to what HubSpot counted,
 * so the limiter stays under HubSpot's count too.
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
  /**
   * Learns from the rate-limit headers of one HubSpot answer (a 429 included): the portal's stated
   * budgets (ten-secondly, and per second for search), and how much of each HubSpot has counted.
   * A no-op when learning is off.
   */
  observe(portalId: string, stated: StatedBudget): Promise<void>;
  /** The budget the limiter holds the portal to now in `bucket` (default standard): the ceiling, or the stated budget when lower. */
  budgetOf(portalId: string, bucket?: LimiterBucket): Promise<BudgetOptions>;
}

/** What one HubSpot answer said about the portal's 10-second budget (each field when present). */
export interface StatedBudget {
  /** `X-HubSpot-RateLimit-Max`. */
  max?: number;
  /** `X-HubSpot-RateLimit-Interval-Milliseconds`. */
  intervalMs?: number;
  /** `X-HubSpot-RateLimit-Remaining`. */
  remaining?: number;
  /** `X-HubSpot-RateLimit-Secondly`: the search API's budget per second (on search answers). */
  secondly?: number;
  /** `X-HubSpot-RateLimit-Secondly-Remaining`. */
  secondlyRemaining?: number;
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
   * HubSpot's rolling window for all requests, as a ceiling: the portal's stated budget replaces
   * it when lower, never when higher. Default 110 per 10 s (`HUBSPOT_REQUESTS_PER_10S`).
   */
  standard?: BudgetOptions;
  /** Learn the portal's budget from HubSpot's answers (`observe`). Default true. */
  learn?: boolean;
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

// The standard budget in force, given the ceiling (limit, window) in ARGV[1], ARGV[2] and the
// stated budget kept in the hash KEYS[3]: the stated one when its rate is lower. Shared by the
// scripts below (each is sent whole to Redis, so it is pasted into each).
const EFFECTIVE_BUDGET = `
local function effectiveBudget(statedKey, ceilingLimit, ceilingWindow)
  local stated = redis.call('HMGET', statedKey, 'max', 'interval')
  local max = tonumber(stated[1] or '0') or 0
  local interval = tonumber(stated[2] or '0') or 0
  if max > 0 and interval > 0 and max * ceilingWindow < ceilingLimit * interval then
    return max, interval
  end
  return ceilingLimit, ceilingWindow
end
local function redisNow()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// KEYS[1] window sorted set, KEYS[2] pause hash, KEYS[3] stated budget hash.
// ARGV: ceiling limit, ceiling window ms, margin ms, cost, member id.
// Returns { granted (1|0), wait ms, paused (1|0), now ms, window ms in force }.
const ACQUIRE_SCRIPT = defineRedisScript('limiterAcquire', `${EFFECTIVE_BUDGET}
local now = redisNow()
local limit, window = effectiveBudget(KEYS[3], tonumber(ARGV[1]), tonumber(ARGV[2]))
window = window + tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local pausedUntil = tonumber(redis.call('HGET', KEYS[2], 'until') or '0')
if pausedUntil > now then
  return { 0, pausedUntil - now, 1, now, window }
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used + cost <= limit then
  for i = 1, cost do
    redis.call('ZADD', KEYS[1], now, ARGV[5] .. ':' .. i)
  end
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return { 1, 0, 0, now, window }
end
if cost > limit then cost = limit end
local oldest = redis.call('ZRANGE', KEYS[1], used + cost - limit - 1, used + cost - limit - 1, 'WITHSCORES')
return { 0, tonumber(oldest[2]) + window - now + 1, 0, now, window }
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

// KEYS[1] window sorted set, KEYS[2] stated budget hash. ARGV: ceiling limit, ceiling window ms, margin ms, stated max (0: none), stated
// interval ms (0: none), remaining (-1: none), how long a stated budget is kept (ms), member id.
// Keeps the stated budget, then fills the window up to what HubSpot says it counted: requests
// this Redis never granted are charged as if made now (as if leaving HubSpot's window last).
const OBSERVE_SCRIPT = defineRedisScript('limiterObserve', `${EFFECTIVE_BUDGET}
local statedMax = tonumber(ARGV[4])
local statedInterval = tonumber(ARGV[5])
if statedMax > 0 and statedInterval > 0 then
  redis.call('HSET', KEYS[2], 'max', statedMax, 'interval', statedInterval)
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[7]))
end
local remaining = tonumber(ARGV[6])
if remaining < 0 then return 0 end
local now = redisNow()
local limit, window = effectiveBudget(KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]))
window = window + tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local missing = math.min(limit, limit - remaining) - used
-- What HubSpot counted leaves its own window (the stated interval) at the latest one interval
-- from now, even when the window in force here is longer (a ceiling stricter than the portal).
local score = now
if statedInterval > 0 then score = math.min(now, now + statedInterval + tonumber(ARGV[3]) - window) end
for i = 1, missing do
  redis.call('ZADD', KEYS[1], score, ARGV[8] .. ':' .. i)
end
if missing > 0 then redis.call('PEXPIRE', KEYS[1], window + 1000) end
return math.max(missing, 0)
`);

// KEYS[1] stated budget hash. ARGV: ceiling limit, ceiling window ms. Returns { limit, window ms }.
const BUDGET_SCRIPT = defineRedisScript('limiterBudget', `${EFFECTIVE_BUDGET}
local limit, window = effectiveBudget(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
return { limit, window }
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

/** The limiter's scripts (src/redis-script.ts: declared once by name, sent by hash), typed. */
interface LimiterCommands {
  peLimiterAcquire(window: string, pause: string, stated: string, limit: number, windowMs: number, marginMs: number, cost: number, member: string): Promise<[number, number, number, number, number]>;
  peLimiterSettle(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number>;
  peLimiterPause(pause: string, until: number, reason: string): Promise<number>;
  peLimiterObserve(window: string, stated: string, limit: number, windowMs: number, marginMs: number, max: number, intervalMs: number, remaining: number, keepMs: number, member: string): Promise<number>;
  peLimiterBudget(stated: string, limit: number, windowMs: number): Promise<[number, number]>;
}

function limiterCommands(redis: Redis): LimiterCommands {
  return {
    peLimiterAcquire: (window, pause, stated, ...args) =>
      runRedisScript(redis, ACQUIRE_SCRIPT, [window, pause, stated], args) as Promise<[number, number, number, number, number]>,
    peLimiterSettle: (numberOfKeys, ...keysAndArgs) =>
      runRedisScript(redis, SETTLE_SCRIPT, keysAndArgs.slice(0, numberOfKeys).map(String), keysAndArgs.slice(numberOfKeys)) as Promise<number>,
    peLimiterPause: (pause, ...args) => runRedisScript(redis, PAUSE_SCRIPT, [pause], args) as Promise<number>,
    peLimiterObserve: (window, stated, ...args) => runRedisScript(redis, OBSERVE_SCRIPT, [window, stated], args) as Promise<number>,
    peLimiterBudget: (stated, ...args) => runRedisScript(redis, BUDGET_SCRIPT, [stated], args) as Promise<[number, number]>,
  };
}

// A stated budget is kept this long after the last answer that stated it: an account's budget
// changes only with its plan, and a fresh answer re-states it.
const STATED_BUDGET_KEEP_MS = 24 * 3_600_000;

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
  const learn = options.learn ?? true;
  const scripts = limiterCommands(redis);
  const windowKey = (portalId: string, bucket: LimiterBucket) => `${prefix}:${portalId}:${bucket}`;
  const pauseKey = (portalId: string) => `${prefix}:${portalId}:pause`;
  // The standard budget is stated by the ten-secondly headers, the search one by the secondly ones.
  const statedKey = (portalId: string, bucket: LimiterBucket) => `${prefix}:${portalId}:${bucket}:stated`;

  for (const [bucket, budget] of Object.entries(budgets)) {
    if (!Number.isInteger(budget.requests) || budget.requests < 1 || !(budget.intervalMs > 0)) {
      throw new AppError('INVALID_CONFIG', `HubSpot ${bucket} budget must allow at least 1 request per positive interval`);
    }
  }

  /** Takes `cost` from the bucket; resolves with the grant time and the window (with margin) in force. */
  async function takeFrom(portalId: string, bucket: LimiterBucket, cost: number, maxWaitMs: number, member: string): Promise<{ at: number; windowMs: number }> {
    const budget = budgets[bucket];
    if (cost > budget.requests) {
      throw new AppError('INVALID_INPUT', `a cost of ${cost} can never fit the ${bucket} budget of ${budget.requests}`);
    }
    let waited = 0;
    for (;;) {
      const [granted, waitMs, paused, now, windowMs] = await scripts.peLimiterAcquire(
        windowKey(portalId, bucket),
        pauseKey(portalId),
        statedKey(portalId, bucket),
        budget.requests,
        budget.intervalMs,
        marginMs,
        cost,
        member,
      );
      if (granted === 1) return { at: now, windowMs };
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
    const taken: Array<{ at: number; windowMs: number }> = [];
    for (const from of buckets) taken.push(await takeFrom(portalId, from, cost, maxWaitMs, member));
    let settled: Promise<void> | undefined;
    return {
      at: taken[taken.length - 1]!.at,
      settle() {
        settled ??= scripts
          .peLimiterSettle(buckets.length, ...buckets.map((b) => windowKey(portalId, b)), member, cost, ...taken.map((t) => t.windowMs))
          .then(
            () => undefined,
            // The slot keeps its grant time: the margin still covers a request that left on time.
            () => undefined,
          );
        return settled;
      },
    };
  }

  async function observeIn(portalId: string, bucket: LimiterBucket, stated: BudgetOptions | undefined, remaining: number | undefined): Promise<void> {
    const ceiling = budgets[bucket];
    await scripts.peLimiterObserve(
      windowKey(portalId, bucket),
      statedKey(portalId, bucket),
      ceiling.requests,
      ceiling.intervalMs,
      marginMs,
      stated?.requests ?? 0,
      stated?.intervalMs ?? 0,
      remaining ?? -1,
      STATED_BUDGET_KEEP_MS,
      `counted-by-hubspot:${crypto.randomUUID()}`,
    );
  }

  async function budgetOf(portalId: string, bucket: LimiterBucket = 'standard'): Promise<BudgetOptions> {
    const ceiling = budgets[bucket];
    const [requests, intervalMs] = await scripts.peLimiterBudget(statedKey(portalId, bucket), ceiling.requests, ceiling.intervalMs);
    return { requests, intervalMs };
  }

  return {
    async acquire(portalId, cost = 1, acquireOptions = {}) {
      return (await acquireSlot(portalId, cost, acquireOptions)).at;
    },

    acquireSlot,

    async pauseUntil(portalId, epochMs, reason) {
      await scripts.peLimiterPause(pauseKey(portalId), Math.ceil(epochMs), reason);
    },

    async observe(portalId, stated) {
      if (!learn) return;
      const max = wholeAtLeast(stated.max, 1);
      const intervalMs = wholeAtLeast(stated.intervalMs, 1);
      const remaining = wholeAtLeast(stated.remaining, 0);
      if (max !== undefined || remaining !== undefined) {
        await observeIn(portalId, 'standard', max !== undefined && intervalMs !== undefined ? { requests: max, intervalMs } : undefined, remaining);
      }
      // The search budget per second, learned the same way; the configured one stays its ceiling.
      const secondly = wholeAtLeast(stated.secondly, 1);
      const secondlyRemaining = wholeAtLeast(stated.secondlyRemaining, 0);
      if (secondly !== undefined || secondlyRemaining !== undefined) {
        await observeIn(portalId, 'search', secondly !== undefined ? { requests: secondly, intervalMs: 1_000 } : undefined, secondlyRemaining);
      }
    },

    budgetOf: (portalId, bucket) => budgetOf(portalId, bucket),

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

function wholeAtLeast(value: number | undefined, least: number): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= least ? value : undefined;
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
  // Per portal and bucket, the budget HubSpot stated.
  const stated = new Map<string, BudgetOptions>();
  const learn = options.learn ?? true;
  const budgetOf = (portalId: string, bucket: LimiterBucket): BudgetOptions => {
    const ceiling = budgets[bucket];
    const portal = stated.get(`${portalId}:${bucket}`);
    return portal && portal.requests * ceiling.intervalMs < ceiling.requests * portal.intervalMs ? portal : ceiling;
  };

  async function takeFrom(portalId: string, bucket: LimiterBucket, cost: number, maxWaitMs: number, slots: Array<{ key: string; slot: { at: number } }>): Promise<number> {
    if (cost > budgets[bucket].requests) throw new AppError('INVALID_INPUT', `a cost of ${cost} can never fit the ${bucket} budget of ${budgets[bucket].requests}`);
    const key = `${portalId}:${bucket}`;
    let waited = 0;
    for (;;) {
      const now = Date.now();
      const { requests, intervalMs } = budgetOf(portalId, bucket);
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
    // One process alone: the stated budget is learned, `Remaining` is not followed (nothing else
    // shares this budget while a one-off command runs, or it should be given `REDIS_URL`).
    async observe(portalId, budget) {
      const max = wholeAtLeast(budget.max, 1);
      const intervalMs = wholeAtLeast(budget.intervalMs, 1);
      const secondly = wholeAtLeast(budget.secondly, 1);
      if (!learn) return;
      if (max !== undefined && intervalMs !== undefined) stated.set(`${portalId}:standard`, { requests: max, intervalMs });
      if (secondly !== undefined) stated.set(`${portalId}:search`, { requests: secondly, intervalMs: 1_000 });
    },
    async budgetOf(portalId, bucket = 'standard') {
      return budgetOf(portalId, bucket);
    },
  };
}
