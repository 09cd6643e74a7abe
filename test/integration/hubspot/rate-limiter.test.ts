import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createInProcessRateLimiter, createRedisRateLimiter, type RateLimiter } from '../../../src/hubspot/rate-limiter.js';

const redisUrl = inject('redisUrl');
// Two connections stand for two worker processes sharing one Redis.
const processA = new Redis(redisUrl);
const processB = new Redis(redisUrl);
let prefix = '';
let run = 0;

async function redisNow(): Promise<number> {
  const [seconds, micros] = await processA.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

function limiterOn(redis: Redis, requests: number, intervalMs: number, extra: Partial<Parameters<typeof createRedisRateLimiter>[0]> = {}): RateLimiter {
  return createRedisRateLimiter({ redis, keyPrefix: prefix, standard: { requests, intervalMs }, marginMs: 0, ...extra });
}

/** Largest number of grants that fall in any window of `intervalMs`. */
function busiestWindow(grants: number[], intervalMs: number): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let busiest = 0;
  for (let first = 0; first < sorted.length; first++) {
    let last = first;
    while (last + 1 < sorted.length && sorted[last + 1]! < sorted[first]! + intervalMs) last++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

beforeEach(() => {
  prefix = `test:rate-limiter:${process.pid}:${++run}`;
});

afterAll(async () => {
  await Promise.all([processA.quit(), processB.quit()]);
});

describe('Redis rate limiter', () => {
  it('never lets two processes together exceed the budget in any window', async () => {
    const a = limiterOn(processA, 5, 400);
    const b = limiterOn(processB, 5, 400);
    const grants = await Promise.all([
      ...Array.from({ length: 12 }, () => a.acquire('portal-1')),
      ...Array.from({ length: 12 }, () => b.acquire('portal-1')),
    ]);
    expect(grants).toHaveLength(24);
    expect(busiestWindow(grants, 400)).toBe(5);
  });

  it('keeps separate budgets per portal', async () => {
    const a = limiterOn(processA, 3, 60_000);
    await Promise.all([a.acquire('portal-1'), a.acquire('portal-1'), a.acquire('portal-1')]);
    await expect(a.acquire('portal-2', 3, { maxWaitMs: 0 })).resolves.toBeTypeOf('number');
    await expect(a.acquire('portal-1', 1, { maxWaitMs: 0 })).rejects.toSatisfy((error) => isAppError(error, 'HUBSPOT_RATE_LIMITED'));
  });

  it('charges a request its cost', async () => {
    const a = limiterOn(processA, 4, 60_000);
    await a.acquire('portal-1', 3);
    await expect(a.acquire('portal-1', 2, { maxWaitMs: 0 })).rejects.toSatisfy((error) => isAppError(error, 'HUBSPOT_RATE_LIMITED'));
    await expect(a.acquire('portal-1', 1, { maxWaitMs: 0 })).resolves.toBeTypeOf('number');
  });

  it('blocks every process during a pause and resumes after it', async () => {
    const a = limiterOn(processA, 100, 10_000);
    const b = limiterOn(processB, 100, 10_000);
    const until = (await redisNow()) + 600;
    await a.pauseUntil('portal-1', until, 'DAILY');
    const [grantA, grantB] = await Promise.all([a.acquire('portal-1'), b.acquire('portal-1')]);
    expect(grantA).toBeGreaterThanOrEqual(until);
    expect(grantB).toBeGreaterThanOrEqual(until);
  });

  it('tells a caller that cannot wait when the pause ends', async () => {
    const a = limiterOn(processA, 100, 10_000);
    const until = (await redisNow()) + 60_000;
    await a.pauseUntil('portal-1', until, 'DAILY');
    const failure = await a.acquire('portal-1', 1, { maxWaitMs: 1_000 }).catch((error: unknown) => error);
    expect(isAppError(failure, 'HUBSPOT_RATE_LIMITED')).toBe(true);
    expect((failure as { details: { retryAt: number; paused: boolean } }).details).toMatchObject({ retryAt: until, paused: true });
  });

  it('never shortens a pause that is already longer', async () => {
    const a = limiterOn(processA, 100, 10_000);
    const now = await redisNow();
    await a.pauseUntil('portal-1', now + 60_000, 'DAILY');
    await a.pauseUntil('portal-1', now + 1_000, 'TEN_SECONDLY_ROLLING');
    await expect(a.pausedUntil('portal-1')).resolves.toEqual({ until: now + 60_000, reason: 'DAILY' });
  });

  it('lifts a pause when asked', async () => {
    const a = limiterOn(processA, 100, 10_000);
    await a.pauseUntil('portal-1', (await redisNow()) + 60_000, 'DAILY');
    await a.clearPause('portal-1');
    await expect(a.pausedUntil('portal-1')).resolves.toBeNull();
    await expect(a.acquire('portal-1', 1, { maxWaitMs: 0 })).resolves.toBeTypeOf('number');
  });

  it('holds search requests to their own, smaller budget', async () => {
    const a = limiterOn(processA, 100, 10_000, { search: { requests: 2, intervalMs: 300 } });
    const started = await redisNow();
    await Promise.all(Array.from({ length: 6 }, () => a.acquire('portal-1', 1, { bucket: 'search' })));
    // 6 requests at 2 per 300 ms need the third window to open.
    expect((await redisNow()) - started).toBeGreaterThanOrEqual(600);
    // …and the standard budget was charged too.
    expect(await processA.zcard(`${prefix}:portal-1:standard`)).toBe(6);
  });

  it('refuses a cost that can never fit the budget', async () => {
    const a = limiterOn(processA, 3, 1_000);
    await expect(a.acquire('portal-1', 4)).rejects.toSatisfy((error) => isAppError(error, 'INVALID_INPUT'));
  });

  it('frees a settled slot a full window after it was settled, not after it was granted', async () => {
    const a = limiterOn(processA, 1, 400);
    const b = limiterOn(processB, 1, 400);
    const grant = await a.acquireSlot('portal-1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const settling = await redisNow();
    await grant.settle();
    // Unsettled, the slot would be free at grant.at + 400, some 200 ms earlier.
    expect(await b.acquire('portal-1')).toBeGreaterThanOrEqual(settling + 400);
  });

  it('counts a request slower than the window from when it was settled', async () => {
    const a = limiterOn(processA, 1, 200);
    const grant = await a.acquireSlot('portal-1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await grant.settle();
    await expect(a.acquire('portal-1', 1, { maxWaitMs: 0 })).rejects.toSatisfy((error) => isAppError(error, 'HUBSPOT_RATE_LIMITED'));
  });

  it('settles a search request in both of its budgets', async () => {
    const a = limiterOn(processA, 100, 10_000, { search: { requests: 1, intervalMs: 300 } });
    const grant = await a.acquireSlot('portal-1', 1, { bucket: 'search' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const settling = await redisNow();
    await grant.settle();
    const scores = await Promise.all(['search', 'standard'].map((bucket) => processA.zrange(`${prefix}:portal-1:${bucket}`, 0, -1, 'WITHSCORES')));
    expect(scores.map((pair) => Number(pair[1]))).toEqual([expect.any(Number), expect.any(Number)]);
    for (const pair of scores) expect(Number(pair[1])).toBeGreaterThanOrEqual(settling);
  });
});

describe('in-process rate limiter', () => {
  it('never exceeds the budget in any window', async () => {
    const limiter = createInProcessRateLimiter({ standard: { requests: 4, intervalMs: 300 }, marginMs: 0 });
    const grants = await Promise.all(Array.from({ length: 12 }, () => limiter.acquire('portal-1')));
    expect(busiestWindow(grants, 300)).toBe(4);
  });

  it('frees a settled slot a full window after it was settled', async () => {
    const limiter = createInProcessRateLimiter({ standard: { requests: 1, intervalMs: 300 }, marginMs: 0 });
    const grant = await limiter.acquireSlot('portal-1');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const settling = Date.now();
    await grant.settle();
    expect(await limiter.acquire('portal-1')).toBeGreaterThanOrEqual(settling + 300);
  });

  it('blocks during a pause and resumes after it', async () => {
    const limiter = createInProcessRateLimiter();
    const until = Date.now() + 300;
    await limiter.pauseUntil('portal-1', until, 'DAILY');
    expect(await limiter.acquire('portal-1')).toBeGreaterThanOrEqual(until);
  });
});
