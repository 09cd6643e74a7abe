import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_RATE_LIMIT } from '../../../src/sandbox/index.js';
import { apiError } from '../../support/sandbox-api-error.js';
import { useSandbox, withSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'demo' });

afterEach(() => {
  sandbox().faults.setRateLimit(SANDBOX_RATE_LIMIT);
  sandbox().faults.setDailyLimit(false);
  sandbox().faults.clear();
});

const readOne = () => client().crm.companies.basicApi.getById(sandbox().seed.partners[0]!.id, ['name']);

describe('ten-secondly rolling limit', () => {
  it('answers 429 with HubSpot\'s body and rate-limit headers once the window is used up', async () => {
    sandbox().faults.setRateLimit({ max: 3, intervalMs: 60_000 });
    for (let i = 0; i < 3; i += 1) await readOne();
    const failure = await apiError(readOne());
    expect(failure.code).toBe(429);
    expect(failure.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: expect.any(String),
    });
    expect(failure.headers['x-hubspot-ratelimit-max']).toBe('3');
    expect(failure.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    expect(failure.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('60000');
  });

  it('sends the rate-limit headers on successful answers too, counting down', async () => {
    sandbox().faults.setRateLimit({ max: 110, intervalMs: 10_000 });
    const first = await client().crm.companies.basicApi.getByIdWithHttpInfo(sandbox().seed.partners[0]!.id);
    const second = await client().crm.companies.basicApi.getByIdWithHttpInfo(sandbox().seed.partners[0]!.id);
    expect(first.headers['x-hubspot-ratelimit-max']).toBe('110');
    expect(first.headers['x-hubspot-ratelimit-remaining']).toBe('109');
    expect(second.headers['x-hubspot-ratelimit-remaining']).toBe('108');
  });

  it("gives a portal HubSpot's marketplace budget, 110 calls per 10 s, unless told otherwise", async () => {
    const now = 2_000_000;
    await withSandbox({ seed: 'empty', now: () => now }, async (box, sdk) => {
      const id = box.ui.createCompany({ name: 'Budget' });
      const first = await sdk.crm.companies.basicApi.getByIdWithHttpInfo(id);
      expect(first.headers['x-hubspot-ratelimit-max']).toBe('110');
      expect(first.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
      for (let i = 1; i < 110; i += 1) await sdk.crm.companies.basicApi.getById(id);
      expect((await apiError(sdk.crm.companies.basicApi.getById(id))).code).toBe(429);
    });
  });

  it('frees the budget as the window rolls on', async () => {
    let now = 1_000_000;
    await withSandbox({ seed: 'empty', rateLimit: { max: 2, intervalMs: 10_000 }, now: () => now }, async (box, sdk) => {
      const id = box.ui.createCompany({ name: 'Rolling' });
      await sdk.crm.companies.basicApi.getById(id);
      now += 5_000;
      await sdk.crm.companies.basicApi.getById(id);
      expect((await apiError(sdk.crm.companies.basicApi.getById(id))).code).toBe(429);
      now += 5_001;
      await expect(sdk.crm.companies.basicApi.getById(id)).resolves.toMatchObject({ id });
    });
  });
});

describe('search limit', () => {
  it('allows 5 searches a second by default and answers the sixth 429 SECONDLY, with the secondly headers', async () => {
    const now = 3_000_000;
    await withSandbox({ seed: 'empty', now: () => now }, async (_box, sdk) => {
      const search = () => sdk.crm.companies.searchApi.doSearchWithHttpInfo({ filterGroups: [], properties: [], limit: 1, after: '0', sorts: [] });
      const first = await search();
      expect(first.headers['x-hubspot-ratelimit-secondly']).toBe('5');
      expect(first.headers['x-hubspot-ratelimit-secondly-remaining']).toBe('4');
      for (let i = 1; i < 5; i += 1) await search();
      const failure = await apiError(search());
      expect(failure.code).toBe(429);
      expect(failure.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
      expect(failure.headers['x-hubspot-ratelimit-secondly-remaining']).toBe('0');
    });
  });
});

describe('daily limit', () => {
  it('answers 429 with policyName DAILY once the daily budget is used', async () => {
    sandbox().faults.setDailyLimit(1);
    await readOne();
    const failure = await apiError(readOne());
    expect(failure.code).toBe(429);
    expect(failure.body.policyName).toBe('DAILY');
    expect(failure.headers['x-hubspot-ratelimit-daily-remaining']).toBe('0');
  });
});

describe('scripted faults', () => {
  it('fails the next matching requests with 5xx, then serves again', async () => {
    sandbox().faults.failNext(2, { status: 503, match: { path: /batch\/read$/ } });
    const read = () => client().crm.companies.batchApi.read({ inputs: [{ id: sandbox().seed.partners[0]!.id }], properties: [], propertiesWithHistory: [] });
    expect((await apiError(read())).code).toBe(503);
    expect((await apiError(read())).code).toBe(503);
    await expect(read()).resolves.toMatchObject({ status: 'COMPLETE' });
  });

  it('leaves requests that do not match alone', async () => {
    sandbox().faults.failNext(1, { status: 500, match: { method: 'POST' } });
    await expect(readOne()).resolves.toBeDefined();
  });

  it('can inject a 429', async () => {
    sandbox().faults.failNext(1, { status: 429 });
    const failure = await apiError(readOne());
    expect(failure.code).toBe(429);
    expect(failure.body.policyName).toBe('TEN_SECONDLY_ROLLING');
  });
});

describe('request log', () => {
  it('counts requests by path and records batch input sizes', async () => {
    sandbox().requests.reset();
    const inputs = sandbox().seed.partners.slice(0, 4).map((p) => ({ id: p.id }));
    await client().crm.companies.batchApi.read({ inputs, properties: ['name'], propertiesWithHistory: [] });
    await readOne();
    expect(sandbox().requests.count()).toBe(2);
    expect(sandbox().requests.count({ path: '/crm/v3/objects/companies/batch/read' })).toBe(1);
    expect(sandbox().requests.entries[0]).toMatchObject({ method: 'POST', status: 200, inputs: 4 });
  });

  it('logs refused requests with their status', async () => {
    sandbox().requests.reset();
    await apiError(client().crm.companies.basicApi.getById('404409'));
    expect(sandbox().requests.count({ status: 404 })).toBe(1);
  });
});

describe('history limit', () => {
  it('keeps only the newest request log entries when a limit is set', async () => {
    await withSandbox({ seed: 'empty', historyLimit: 2 }, async (box, sdk) => {
      const id = box.ui.createCompany({ name: 'Kept' });
      for (let i = 0; i < 3; i += 1) await sdk.crm.companies.basicApi.getById(id);
      await apiError(sdk.crm.companies.basicApi.getById('404410'));
      expect(box.requests.entries.map((e) => e.status)).toEqual([200, 404]);
    });
  });
});
