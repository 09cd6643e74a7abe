import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import { Client } from '@hubspot/api-client';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors.js';
import { nextDailyReset } from './daily-reset.js';
import { describeHubSpotFailure, hubSpotFailureToAppError, type HubSpotFailure } from './hubspot-failure.js';
import type { LimiterBucket, LimiterGrant, RateLimiter, StatedBudget } from './rate-limiter.js';
import { readStatedBudget } from './read-stated-budget.js';

/**
 * How the client retries. This is the ONE place HubSpot requests are retried: the SDK's own
 * retries and Bottleneck limiter are switched off (`numberOfApiCallRetries: 0`, no
 * `limiterOptions`), because they are process-wide and blind to the other workers.
 *
 * The budget, per request, before the error reaches the caller (and BullMQ):
 * - 5xx or network failure: `serverErrorAttempts` attempts in all (default 3), with full-jitter
 *   exponential backoff from `baseDelayMs`, capped at `maxDelayMs`;
 * - 429 `TEN_SECONDLY_ROLLING`: `rateLimitRetries` retries (default 4), each after a hold shared by
 *   every process until HubSpot's window allows again: Retry-After, else the window the answer
 *   states (`X-HubSpot-RateLimit-Interval-Milliseconds`), else the backoff;
 * - 429 `SECONDLY` (search): the same retries, after a shared pause of the backoff capped at the
 *   policy interval;
 * - 429 `DAILY`: the portal is paused for every process until the account's next daily reset;
 *   the request waits for it when that is within `maxWaitMs`, else fails at once with
 *   `HUBSPOT_RATE_LIMITED` and `details.retryAt`, so a job can be delayed to that time rather
 *   than retried;
 * - any other 4xx: no retry (`HUBSPOT_REJECTED`, or `NOT_FOUND` for 404).
 * So one call makes at most 1 + 4 = 5 HTTP requests; a job with BullMQ `attempts: N` makes at most
 * 5·N. Jobs should not retry `HUBSPOT_REJECTED`/`NOT_FOUND` (they will fail the same way).
 */
export interface RetryPolicy {
  serverErrorAttempts: number;
  rateLimitRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait inside one call for budget or a pause (default 60 s). */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  serverErrorAttempts: 3,
  rateLimitRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxWaitMs: 60_000,
};

export interface HubSpotClientOptions {
  /** The app's access token; undefined in sandbox mode (the sandbox does not check it). */
  accessToken: string | undefined;
  /** HubSpot's API origin (`HUBSPOT_API_BASE_URL`) or the sandbox's URL. */
  basePath: string;
  /** The limiter shared by every process (`createRedisRateLimiter`). */
  limiter: RateLimiter;
  /** Account time zone (`HUBSPOT_ACCOUNT_TIME_ZONE`): where HubSpot's daily limit resets at midnight. */
  accountTimeZone?: string;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** When the portal's daily limit resets next; defaults to `nextDailyReset` in `accountTimeZone`. */
  dailyResetAt?: (nowMs: number) => number;
  /** Sleeps between retries; default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told the outcome of every HTTP request sent: `2xx` (the SDK does not say which), the failing
   * HTTP status, or `error` when no answer came.
   */
  onResponse?: (status: number | '2xx' | 'error') => void;
}

export interface HubSpotCall {
  /** The portal whose budget the request draws on. */
  portalId: string;
  /** A short name for logs and errors, e.g. `companies.batch.read`. */
  operation: string;
  /** `search` for the CRM search API (its own 5-per-second budget). */
  bucket?: LimiterBucket;
  /** Tighter limits for a caller that must answer fast (a workflow action route). */
  retry?: Partial<RetryPolicy>;
}

export interface HubSpotClient {
  /**
   * Sends one HubSpot request through the shared limiter, with the retry policy above, and turns
   * a final failure into an AppError. `send` must make exactly one HTTP request (the limiter
   * charges one per attempt).
   */
  call<T>(call: HubSpotCall, send: (sdk: Client) => Promise<T>): Promise<T>;
  /** The SDK client, for `call`'s `send`. Calling it outside `call` skips the limiter. */
  readonly sdk: Client;
  readonly basePath: string;
}

function headersOf(error: unknown): Record<string, string> | undefined {
  const headers = (error as { headers?: unknown } | undefined)?.headers;
  return headers && typeof headers === 'object' ? (headers as Record<string, string>) : undefined;
}

let processClient: { fingerprint: string; sdk: Client } | undefined;

/** The call a response belongs to: the SDK's middleware runs in the async context of `call`'s `send`. */
const currentCall = new AsyncLocalStorage<{ stated?: StatedBudget }>();

// Every answer states the portal's budget in its headers; the SDK hands them to a middleware only
// (a call's result carries none), which keeps them for the call that is waiting for the answer.
const statedBudgetMiddleware = {
  pre: (context: unknown) => context,
  post: (context: unknown) => {
    const call = currentCall.getStore();
    if (call) call.stated = readStatedBudget((context as { headers?: Record<string, string> }).headers);
    return context;
  },
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function fingerprintOf(options: HubSpotClientOptions): string {
  // A hash, so that the token itself is not kept in one more place.
  return crypto.createHash('sha256').update(`${options.basePath}\n${options.accessToken ?? ''}`).digest('hex');
}

/**
 * Creates the process's HubSpot client. The SDK keeps its retry and limiter decorators in a
 * process-wide singleton: a second `new Client(...)` silently changes the first one's behaviour. So
 * the process holds one SDK client; asking again with the same token and base URL shares it (with
 * its own limiter and policy, which are ours), asking with another throws `INVALID_CONFIG`.
 * `releaseHubSpotClient()` gives the slot back (shutdown, tests).
 */
export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const fingerprint = fingerprintOf(options);
  if (processClient && processClient.fingerprint !== fingerprint) {
    throw new AppError(
      'INVALID_CONFIG',
      'This process already has a HubSpot client for another token or base URL. The SDK settings are process-wide: create one client at start and pass it to whoever needs it.',
    );
  }
  if (!processClient) {
    const sdk = new Client({
      ...(options.accessToken ? { accessToken: options.accessToken } : {}),
      basePath: options.basePath,
      numberOfApiCallRetries: 0,
      middleware: [statedBudgetMiddleware],
    });
    processClient = { fingerprint, sdk };
  }
  return wrapClient(processClient.sdk, options);
}

/** Lets the process configure a new HubSpot client (after shutdown, or between tests). */
export function releaseHubSpotClient(): void {
  processClient = undefined;
}

function wrapClient(sdk: Client, options: HubSpotClientOptions): HubSpotClient {
  const basePolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const dailyResetAt = options.dailyResetAt ?? ((nowMs: number) => nextDailyReset(nowMs, options.accountTimeZone));
  const { limiter, logger } = options;
  const onResponse = options.onResponse ?? (() => undefined);

  function backoff(policy: RetryPolicy, retry: number, ceilingMs = policy.maxDelayMs): number {
    const exponential = Math.min(ceilingMs, policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
    // Full jitter, with a floor of half the step so a retry never fires at once.
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  async function acquire(call: HubSpotCall, policy: RetryPolicy): Promise<LimiterGrant> {
    try {
      return await limiter.acquireSlot(call.portalId, 1, { bucket: call.bucket ?? 'standard', maxWaitMs: policy.maxWaitMs });
    } catch (error) {
      if (!isAppError(error, 'HUBSPOT_RATE_LIMITED')) throw error;
      throw new AppError('HUBSPOT_RATE_LIMITED', `${call.operation} not sent: ${error.message}`, {
        details: { ...(error.details as object), operation: call.operation },
      });
    }
  }

  /** Tells the limiter what HubSpot stated; a limiter that cannot be reached must not fail the call. */
  async function learnFrom(call: HubSpotCall, answered: StatedBudget | undefined): Promise<void> {
    if (!answered) return;
    // The per-second headers state the search budget: only a search answer's are about it.
    const stated: StatedBudget = call.bucket === 'search' ? answered : { ...answered, secondly: undefined, secondlyRemaining: undefined };
    try {
      await limiter.observe(call.portalId, stated);
    } catch (error) {
      logger?.warn({ portalId: call.portalId, operation: call.operation, err: error }, 'could not record the budget HubSpot stated');
    }
  }

  /** When the portal may be called again after a 429 (epoch ms), for every process. */
  function resumeAfterRateLimit(failure: Extract<HubSpotFailure, { kind: 'rate-limited' }>, policy: RetryPolicy, retry: number, now: number): number {
    if (failure.policyName === 'DAILY') return Math.max(dailyResetAt(now), now + (failure.retryAfterMs ?? 0));
    if (failure.retryAfterMs !== undefined) return now + failure.retryAfterMs;
    // HubSpot's rolling window was full when the request arrived: it allows again at the latest one
    // window later.
    if (failure.policyName === 'TEN_SECONDLY_ROLLING' && failure.intervalMs !== undefined) return now + failure.intervalMs;
    return now + backoff(policy, retry, failure.intervalMs ?? 10_000);
  }

  function fail(failure: HubSpotFailure, call: HubSpotCall, retryAt?: number): never {
    throw hubSpotFailureToAppError(failure, { operation: call.operation, portalId: call.portalId, retryAt });
  }

  return {
    sdk,
    basePath: options.basePath,
    async call<T>(call: HubSpotCall, send: (client: Client) => Promise<T>): Promise<T> {
      const policy: RetryPolicy = { ...basePolicy, ...call.retry };
      let serverFailures = 0;
      let rateLimitRetries = 0;
      for (;;) {
        const grant = await acquire(call, policy);
        const answer: { stated?: StatedBudget } = {};
        let result: T;
        try {
          result = await currentCall.run(answer, () => send(sdk));
        } catch (error) {
          // HubSpot counted the request when it arrived, at the latest now: its slot starts here.
          await grant.settle();
          await learnFrom(call, answer.stated ?? readStatedBudget(headersOf(error)));
          const failure = describeHubSpotFailure(error);
          onResponse(failure?.status ?? 'error');
          if (!failure) throw error;
          const log = {
            portalId: call.portalId,
            operation: call.operation,
            status: failure.status,
            category: failure.category,
            correlationId: failure.correlationId,
          };
          if (failure.kind === 'rejected') fail(failure, call);
          if (failure.kind === 'server' || failure.kind === 'network') {
            serverFailures += 1;
            if (serverFailures >= policy.serverErrorAttempts) fail(failure, call);
            const delay = backoff(policy, serverFailures);
            logger?.warn({ ...log, attempt: serverFailures, delayMs: delay }, 'HubSpot request failed; retrying');
            await sleep(delay);
            continue;
          }
          // 429: every process stops calling the portal until the pause ends.
          rateLimitRetries += 1;
          const now = Date.now();
          const resumeAt = resumeAfterRateLimit(failure, policy, rateLimitRetries, now);
          await limiter.pauseUntil(call.portalId, resumeAt, failure.policyName ?? 'RATE_LIMITED');
          logger?.warn({ ...log, policyName: failure.policyName, resumeAt: new Date(resumeAt).toISOString() }, 'HubSpot rate limit reached; portal paused');
          if (rateLimitRetries > policy.rateLimitRetries || resumeAt - now > policy.maxWaitMs) fail(failure, call, resumeAt);
          continue;
        }
        await grant.settle();
        await learnFrom(call, answer.stated);
        onResponse('2xx');
        return result;
      }
    },
  };
}
