import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter, type BudgetOptions, type RateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const redisUrl = inject('redisUrl');
// Two connections stand for two worker processes sharing one Redis.
const processA = new Redis(redisUrl);
const processB = new Redis(redisUrl);
const GET_COMPANY = /^\/crm\/v3\/objects\/companies\/\d+$/;
const READ = '/crm/v3/objects/companies/batch/read';
let sandbox: Sandbox;
let companyId: string;
let run = 0;
let prefix = '';
let portalId = '';

/** The product's limiter on one "process", with the configured budget as its ceiling. */
function limiterOn(redis: Redis, ceiling: BudgetOptions, learn = true): RateLimiter {
  return createRedisRateLimiter({ redis, keyPrefix: prefix, standard: ceiling, learn });
}

function clientOn(limiter: RateLimiter): HubSpotClient {
  return createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 50, rateLimitRetries: 10 } });
}

const getCompany = (client: HubSpotClient) =>
  client.call({ portalId, operation: 'companies.get' }, (sdk) => sdk.crm.companies.basicApi.getById(companyId, ['name']));

const readCompany = (client: HubSpotClient) =>
  client.call({ portalId, operation: 'companies.batch.read' }, (sdk) =>
    sdk.crm.companies.batchApi.read({ inputs: [{ id: companyId }], properties: ['name'], propertiesWithHistory: [] }),
  );

/** Runs `calls` calls, `concurrency` at a time, as a worker's jobs do. */
async function callsInParallel(calls: number, concurrency: number, call: () => Promise<unknown>): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < calls) {
        started += 1;
        await call();
      }
    }),
  );
}

/** Largest number of arrivals in any window of `intervalMs`. */
function busiestWindow(arrivals: number[], intervalMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let busiest = 0;
  for (let first = 0; first < sorted.length; first++) {
    let last = first;
    while (last + 1 < sorted.length && sorted[last + 1]! < sorted[first]! + intervalMs) last++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

async function waitFor<T>(read: () => Promise<T | null>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  companyId = sandbox.seed.partners[0]!.id;
});

beforeEach(() => {
  run += 1;
  prefix = `test:rate-limit-learning:${process.pid}:${run}`;
  portalId = `portal-${run}`;
  sandbox.faults.clear();
  sandbox.requests.reset();
});

afterAll(async () => {
  releaseHubSpotClient();
  await sandbox.stop();
  await Promise.all([processA.quit(), processB.quit()]);
});

describe('the shared limiter learns the budget HubSpot states', () => {
  it('learns a portal budget of 20 below the configured 110, and the calls meet no 429', async () => {
    // 20 per 2 s is a budget of 100 per 10 s: lower than the configured 110.
    sandbox.faults.setRateLimit({ max: 20, intervalMs: 2_000 });
    const limiter = limiterOn(processA, { requests: 110, intervalMs: 10_000 });
    const client = clientOn(limiter);
    await callsInParallel(50, 4, () => getCompany(client));
    expect(await limiter.budgetOf(portalId)).toEqual({ requests: 20, intervalMs: 2_000 });
    expect(sandbox.requests.count({ path: GET_COMPANY, status: 200 })).toBe(50);
    expect(sandbox.requests.count({ status: 429 })).toBe(0);
  });

  it('keeps the budget it learned for every process sharing the Redis', async () => {
    sandbox.faults.setRateLimit({ max: 20, intervalMs: 2_000 });
    await getCompany(clientOn(limiterOn(processA, { requests: 110, intervalMs: 10_000 })));
    expect(await limiterOn(processB, { requests: 110, intervalMs: 10_000 }).budgetOf(portalId)).toEqual({ requests: 20, intervalMs: 2_000 });
  });

  it('learns nothing when learning is off: the configured budget stays in force', async () => {
    sandbox.faults.setRateLimit({ max: 20, intervalMs: 2_000 });
    const limiter = limiterOn(processA, { requests: 110, intervalMs: 10_000 }, false);
    await getCompany(clientOn(limiter));
    expect(await limiter.budgetOf(portalId)).toEqual({ requests: 110, intervalMs: 10_000 });
  });

  it('never exceeds the configured ceiling when the portal states a larger budget', async () => {
    // The portal states 190 per 10 s (19 a second); the ceiling is 5 a second.
    sandbox.faults.setRateLimit({ max: 190, intervalMs: 10_000 });
    const limiter = limiterOn(processA, { requests: 5, intervalMs: 1_000 });
    const client = clientOn(limiter);
    await callsInParallel(15, 15, () => getCompany(client));
    expect(await limiter.budgetOf(portalId)).toEqual({ requests: 5, intervalMs: 1_000 });
    const arrivals = sandbox.requests.entries.filter((entry) => GET_COMPANY.test(entry.path)).map((entry) => entry.at);
    expect(arrivals).toHaveLength(15);
    expect(busiestWindow(arrivals, 1_000)).toBe(5);
  });

  it('stays under what HubSpot counted for callers outside this Redis (X-HubSpot-RateLimit-Remaining)', async () => {
    sandbox.faults.setRateLimit({ max: 20, intervalMs: 2_000 });
    // Another deployment of the app spends 15 of the portal's 20 first.
    for (let i = 0; i < 15; i += 1) {
      const answer = await fetch(`${sandbox.url}/crm/v3/objects/companies/${companyId}`, { headers: { authorization: `Bearer ${sandbox.accessToken}` } });
      expect(answer.status).toBe(200);
    }
    const client = clientOn(limiterOn(processA, { requests: 110, intervalMs: 10_000 }));
    for (let i = 0; i < 10; i += 1) await getCompany(client);
    expect(sandbox.requests.count({ path: GET_COMPANY, status: 200 })).toBe(25);
    expect(sandbox.requests.count({ status: 429 })).toBe(0);
  });
});

const SEARCH = '/crm/v3/objects/companies/search';

const searchCompanies = (client: HubSpotClient) =>
  client.call({ portalId, operation: 'companies.search', bucket: 'search' }, (sdk) =>
    sdk.crm.companies.searchApi.doSearch({ filterGroups: [], sorts: ['hs_object_id'], properties: ['name'], limit: 1, after: '0' }),
  );

describe('the search budget learned from the per-second headers', () => {
  it('learns a secondly search limit of 2 below the default 5, and the searches meet no 429', async () => {
    sandbox.faults.setRateLimit({ max: 190, intervalMs: 10_000 });
    sandbox.faults.setSearchRateLimit({ max: 2, intervalMs: 1_000 });
    try {
      const limiter = limiterOn(processA, { requests: 110, intervalMs: 10_000 });
      const client = clientOn(limiter);
      expect(await limiter.budgetOf(portalId, 'search')).toEqual({ requests: 5, intervalMs: 1_000 });
      // The first answer states the limit (X-HubSpot-RateLimit-Secondly); every search after keeps to it.
      await searchCompanies(client);
      expect(await limiter.budgetOf(portalId, 'search')).toEqual({ requests: 2, intervalMs: 1_000 });
      await callsInParallel(8, 4, () => searchCompanies(client));
      expect(sandbox.requests.count({ path: SEARCH, status: 200 })).toBe(9);
      expect(sandbox.requests.count({ status: 429 })).toBe(0);
      const arrivals = sandbox.requests.entries.filter((entry) => entry.path === SEARCH).map((entry) => entry.at);
      expect(busiestWindow(arrivals, 1_000)).toBeLessThanOrEqual(2);
      // The standard budget is not what the per-second headers state.
      expect(await limiter.budgetOf(portalId)).toEqual({ requests: 110, intervalMs: 10_000 });
    } finally {
      sandbox.faults.setSearchRateLimit({ max: 5, intervalMs: 1_000 });
    }
  });

  it('never goes above 5 searches a second when the portal states more', async () => {
    sandbox.faults.setRateLimit({ max: 190, intervalMs: 10_000 });
    sandbox.faults.setSearchRateLimit({ max: 10, intervalMs: 1_000 });
    try {
      const limiter = limiterOn(processA, { requests: 110, intervalMs: 10_000 });
      await searchCompanies(clientOn(limiter));
      expect(await limiter.budgetOf(portalId, 'search')).toEqual({ requests: 5, intervalMs: 1_000 });
    } finally {
      sandbox.faults.setSearchRateLimit({ max: 5, intervalMs: 1_000 });
    }
  });
});

describe('a ten-secondly 429', () => {
  it("holds every process's client until HubSpot's window allows again", async () => {
    sandbox.faults.setRateLimit({ max: 20, intervalMs: 1_500 });
    const limiterA = limiterOn(processA, { requests: 110, intervalMs: 10_000 });
    const limiterB = limiterOn(processB, { requests: 110, intervalMs: 10_000 });
    const clientA = clientOn(limiterA);
    const clientB = clientOn(limiterB);
    sandbox.faults.failNext(1, { status: 429, policyName: 'TEN_SECONDLY_ROLLING', match: { path: READ } });

    const callA = readCompany(clientA);
    // Process B sees the hold process A set on its 429.
    const hold = await waitFor(() => limiterB.pausedUntil(portalId), "process A's hold");
    expect(hold.reason).toBe('TEN_SECONDLY_ROLLING');
    const refused = sandbox.requests.entries.find((entry) => entry.status === 429)!;
    // Held for the window the 429 states (X-HubSpot-RateLimit-Interval-Milliseconds).
    expect(hold.until).toBeGreaterThanOrEqual(refused.at + 1_500);

    await Promise.all([callA, getCompany(clientB)]);
    const arrivalB = sandbox.requests.entries.find((entry) => GET_COMPANY.test(entry.path))!;
    expect(arrivalB.status).toBe(200);
    expect(arrivalB.at).toBeGreaterThanOrEqual(hold.until);
    expect(sandbox.requests.count({ status: 429 })).toBe(1);
  });
});
