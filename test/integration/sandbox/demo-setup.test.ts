import { Redis } from 'ioredis';
import { afterAll, expect, inject, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { setupProperties } from '../../../src/hubspot/setup-properties.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { withSandbox } from '../../support/sandbox-fixture.js';

const redis = new Redis(inject('redisUrl'));

afterAll(async () => {
  await redis.quit();
});

it('the demo portal already has the properties setup would create: setup changes nothing', async () => {
  await withSandbox({ seed: 'demo', subscriptions: [] }, async (sandbox) => {
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:sandbox-demo-setup:${process.pid}` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    try {
      const report = await setupProperties(client, DEFAULT_PROGRAM, { portalId: String(sandbox.portalId) });
      expect(report.counts).toMatchObject({ created: 0, updated: 0, conflicts: 0, failed: 0 });
      expect(sandbox.requests.entries.filter((entry) => entry.method !== 'GET')).toEqual([]);
    } finally {
      releaseHubSpotClient();
    }
  });
});
