import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { isAppError, type AppError } from '../../../src/errors.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClientOptions } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter, type RateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const redis = new Redis(inject('redisUrl'));
const limiter: RateLimiter = createRedisRateLimiter({ redis, keyPrefix: `test:hubspot-client:${process.pid}`, standard: { requests: 50, intervalMs: 10_000 } });
const READ = '/crm/v3/objects/companies/batch/read';
let sandbox: Sandbox;
let companyId: string;
let portal = 0;
let portalId = '';

function clientWith(overrides: Partial<HubSpotClientOptions> = {}) {
  return createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20 }, ...overrides });
}

function readCompany(client = clientWith()) {
  return client.call({ portalId, operation: 'companies.batch.read' }, (sdk) =>
    sdk.crm.companies.batchApi.read({ inputs: [{ id: companyId }], properties: ['name'], propertiesWithHistory: [] }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  companyId = sandbox.seed.partners[0]!.id;
});

beforeEach(() => {
  // A portal of its own per test: pauses never leak from one test into the next.
  portalId = `portal-${++portal}`;
  sandbox.faults.clear();
  sandbox.faults.setDailyLimit(false);
  sandbox.faults.setRateLimit(false);
  sandbox.requests.reset();
});

afterEach(() => {
  sandbox.faults.clear();
});

afterAll(async () => {
  releaseHubSpotClient();
  await sandbox.stop();
  await redis.quit();
});

describe('HubSpot client', () => {
  it('retries a 5xx and returns the answer', async () => {
    sandbox.faults.failNext(2, { status: 503, match: { path: READ } });
    const answer = await readCompany();
    expect(answer.results[0]!.id).toBe(companyId);
    expect(sandbox.requests.count({ path: READ })).toBe(3);
  });

  it('tells the response hook the outcome of every request it sends', async () => {
    sandbox.faults.failNext(1, { status: 503, match: { path: READ } });
    const outcomes: Array<number | string> = [];
    await readCompany(clientWith({ onResponse: (status) => outcomes.push(status) }));
    expect(outcomes).toEqual([503, '2xx']);
  });

  it('gives up after three attempts at a failing server', async () => {
    sandbox.faults.failNext(5, { status: 500, match: { path: READ } });
    const error = await failureOf(readCompany());
    expect(error.code).toBe('HUBSPOT_UNAVAILABLE');
    expect(sandbox.requests.count({ path: READ })).toBe(3);
  });

  it('does not retry a request HubSpot rejects, and keeps its category and correlation id', async () => {
    const client = clientWith();
    const error = await failureOf(
      client.call({ portalId, operation: 'companies.batch.read' }, (sdk) =>
        sdk.crm.companies.batchApi.read({ inputs: Array.from({ length: 101 }, (_, n) => ({ id: String(n) })), properties: [], propertiesWithHistory: [] }),
      ),
    );
    expect(error.code).toBe('HUBSPOT_REJECTED');
    expect(error.details).toMatchObject({ status: 400, category: 'VALIDATION_ERROR', operation: 'companies.batch.read', correlationId: expect.any(String) });
    expect(sandbox.requests.count({ path: READ })).toBe(1);
  });

  it('answers NOT_FOUND for a record HubSpot does not have', async () => {
    const client = clientWith();
    const error = await failureOf(client.call({ portalId, operation: 'companies.get' }, (sdk) => sdk.crm.companies.basicApi.getById('999999999')));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('never puts the access token in an error', async () => {
    const client = clientWith();
    const error = await failureOf(client.call({ portalId, operation: 'companies.get' }, (sdk) => sdk.crm.companies.basicApi.getById('999999999')));
    expect(`${error.message} ${JSON.stringify(error.details)} ${String(error.cause)}`).not.toContain(sandbox.accessToken);
  });

  it('completes every call through a storm of 10-second 429s', async () => {
    // A short window, so that each hold until HubSpot's window allows again is short too.
    sandbox.faults.setRateLimit({ max: 50, intervalMs: 500 });
    sandbox.faults.failNext(6, { status: 429, policyName: 'TEN_SECONDLY_ROLLING', match: { path: READ } });
    const answers = await Promise.all([readCompany(), readCompany(), readCompany()]);
    expect(answers.every((answer) => answer.results.length === 1)).toBe(true);
    expect(sandbox.requests.count({ path: READ, status: 429 })).toBe(6);
    expect(sandbox.requests.count({ path: READ, status: 200 })).toBe(3);
  });

  it('backs off until HubSpot\'s rolling window has room again', async () => {
    sandbox.faults.setRateLimit({ max: 4, intervalMs: 1_000 });
    const client = clientWith({ retry: { baseDelayMs: 200, rateLimitRetries: 6 } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => readCompany(client)));
    expect(answers).toHaveLength(10);
    expect(sandbox.requests.count({ path: READ, status: 429 })).toBeGreaterThan(0);
    expect(sandbox.requests.count({ path: READ, status: 200 })).toBe(10);
  });

  it('starts a request\'s slot at HubSpot\'s answer, so a request that left late causes no 429', async () => {
    sandbox.faults.setRateLimit({ max: 3, intervalMs: 600 });
    const tight = createRedisRateLimiter({ redis, keyPrefix: `test:hubspot-client:${process.pid}:tight`, standard: { requests: 3, intervalMs: 600 }, marginMs: 0 });
    const client = clientWith({ limiter: tight });
    const read = (delayBeforeSendMs = 0) =>
      client.call({ portalId, operation: 'companies.batch.read' }, async (sdk) => {
        // A busy event loop between the grant and the request leaving.
        await new Promise((resolve) => setTimeout(resolve, delayBeforeSendMs));
        return sdk.crm.companies.batchApi.read({ inputs: [{ id: companyId }], properties: ['name'], propertiesWithHistory: [] });
      });
    await Promise.all([read(250), read(), read()]);
    await Promise.all([read(), read(), read()]);
    expect(sandbox.requests.count({ path: READ, status: 429 })).toBe(0);
    expect(sandbox.requests.count({ path: READ, status: 200 })).toBe(6);
  });

  it('pauses the portal until the daily reset on a DAILY 429, and then stops calling', async () => {
    const resetAt = Date.now() + 3_600_000;
    const client = clientWith({ dailyResetAt: () => resetAt, retry: { maxWaitMs: 1_000 } });
    sandbox.faults.setDailyLimit(0);
    const first = await failureOf(readCompany(client));
    expect(first.code).toBe('HUBSPOT_RATE_LIMITED');
    expect(first.details).toMatchObject({ policyName: 'DAILY', retryAt: resetAt });
    expect(await limiter.pausedUntil(portalId)).toEqual({ until: resetAt, reason: 'DAILY' });
    // Every later call, from any process, waits for the reset instead of hammering HubSpot.
    const second = await failureOf(readCompany(client));
    expect(second.code).toBe('HUBSPOT_RATE_LIMITED');
    expect(second.details).toMatchObject({ retryAt: resetAt, operation: 'companies.batch.read' });
    expect(sandbox.requests.count({ path: READ })).toBe(1);
  });

  it('waits out a DAILY pause that ends soon, then goes on', async () => {
    const client = clientWith({ dailyResetAt: (now) => now + 400 });
    sandbox.faults.setDailyLimit(0);
    const lifted = setTimeout(() => sandbox.faults.setDailyLimit(false), 200);
    try {
      const answer = await readCompany(client);
      expect(answer.results[0]!.id).toBe(companyId);
      expect(sandbox.requests.count({ path: READ, status: 429 })).toBe(1);
      expect(sandbox.requests.count({ path: READ, status: 200 })).toBe(1);
    } finally {
      clearTimeout(lifted);
    }
  });

  it('refuses a second configuration in the same process', () => {
    expect(() => createHubSpotClient({ accessToken: 'another-token', basePath: sandbox.url, limiter })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
