import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRecalculationsJob } from '../../../src/jobs/recalculation-job-definitions.js';
import { lifecycleSweepJob } from '../../../src/lifecycle/start-lifecycle-worker.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startSandboxMode, type SandboxMode } from '../../../src/sandbox-mode/start-sandbox-mode.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { DEMO_TODAY } from '../product/product-harness.js';

/*
 * Fault: Redis is emptied (FLUSHALL) while the product stays connected, so no reconnection ever
 * tells it, and webhook events HubSpot saw acknowledged were still waiting in Redis. The running
 * worker must notice by itself that its schedules and the sweep marker are gone, put them back and
 * sweep, so every partner ends right without a restart. A Redis of its own: FLUSHALL on the shared
 * test Redis would empty every other file's keys.
 */

let redis: RedisServer;
let mode: SandboxMode;
const prefix = `test:flushed:${crypto.randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  redis = await startRedisServer();
  const config = loadConfig({ REDIS_URL: redis.url, PORT: '0', LOG_LEVEL: 'silent' });
  mode = await startSandboxMode(config, {
    logger: createLogger({ level: 'silent' }),
    sandbox: { today: DEMO_TODAY },
    // Long enough a coalescing window that the events are still pending when Redis is flushed.
    services: { recalculation: { prefix, coalesceMs: 8000, backoffBaseMs: 50, backoffMaxMs: 400 }, hubspotRetry: { baseDelayMs: 20, maxDelayMs: 200 } },
    product: { emptyRedisCheckMs: 300 },
    writeStateFile: false,
  });
}, 120_000);

afterAll(async () => {
  await mode?.close();
  await redis?.stop();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Redis emptied while the product stays connected', () => {
  it('notices, re-establishes the schedules and a catch-up sweep makes every acknowledged change right', async () => {
    const { sandbox, services } = mode;
    const { queues } = services;
    await until(async () => (await queues.reconciliation.lastCompletedAt(services.portalId)) !== null, 30_000, 'the first reconciliation');
    const promoted = sandbox.seed.partners.filter((partner) => partner.expectedTier === 'none').slice(0, 4);
    expect(promoted.length).toBeGreaterThan(1);
    for (const partner of promoted) expect(sandbox.store.getCompany(partner.id)!.properties.pe_tier).toBe('none');

    for (const partner of promoted) sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    const acknowledged = (id: string) =>
      sandbox.webhooks.delivered.some((d) => d.status === 200 && d.events.some((e) => String(e.objectId) === id && e.propertyName === 'pe_foundation_complete'));
    await until(() => promoted.every((partner) => acknowledged(partner.id)), 10_000, 'the webhooks to be acknowledged');
    // Acknowledged, not yet evaluated: they wait in Redis for the coalescing window.
    for (const partner of promoted) expect(sandbox.store.getCompany(partner.id)!.properties.pe_tier).toBe('none');

    const admin = new Redis(redis.url);
    try {
      await admin.flushall();

      // Every partner ends right, the promoted ones included, with neither Redis nor the product restarted.
      await until(() => promoted.every((partner) => sandbox.store.getCompany(partner.id)!.properties.pe_tier === 'bronze'), 60_000, 'the promoted partners');
      for (const partner of sandbox.seed.partners) {
        if (promoted.includes(partner)) continue;
        expect(sandbox.store.getCompany(partner.id)!.properties.pe_tier, `partner ${partner.id}`).toBe(partner.expectedTier);
      }

      // The schedules are back, and the catch-up sweep left its marker so it is not run again.
      expect(await queues.reconciliation.nextScheduledAt(services.portalId)).not.toBeNull();
      expect(await queues.programSnapshots.nextRefreshAt(services.portalId)).not.toBeNull();
      expect(await queues.recalculation.queue.getJobScheduler(sweepRecalculationsJob.name)).toBeTruthy();
      expect(await queues.lifecycle.getJobScheduler(lifecycleSweepJob.name)).toBeTruthy();
      await until(async () => (await queues.reconciliation.lastCompletedAt(services.portalId)) !== null, 30_000, 'the catch-up sweep marker');
    } finally {
      admin.disconnect();
    }
  }, 120_000);
});
