import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECALCULATION_QUEUE } from '../../../src/jobs/recalculation-queue.js';
import { sweepRecalculationsJob } from '../../../src/jobs/recalculation-job-definitions.js';
import { lifecycleSweepJob } from '../../../src/lifecycle/start-lifecycle-worker.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startSandboxMode, type SandboxMode } from '../../../src/sandbox-mode/start-sandbox-mode.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { DEMO_TODAY } from './product-harness.js';

/*
 * Fault: Redis loses everything (FLUSHALL, then a restart) while webhook events that HubSpot saw
 * acknowledged are still waiting to be drained. The running product, not a restart of it, must
 * put its job schedules back and notice that Redis was found empty (the marker of the last
 * reconciliation is gone), so a catch-up sweep makes every partner right.
 */

let redis: RedisServer;
let mode: SandboxMode;
const prefix = `test:loss:${crypto.randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  redis = await startRedisServer();
  const config = loadConfig({ REDIS_URL: redis.url, PORT: '0', LOG_LEVEL: 'silent' });
  mode = await startSandboxMode(config, {
    logger: createLogger({ level: 'silent' }),
    sandbox: { today: DEMO_TODAY },
    // Long enough a coalescing window that the events are still pending when Redis is flushed.
    services: { recalculation: { prefix, coalesceMs: 8000, backoffBaseMs: 50, backoffMaxMs: 400 }, hubspotRetry: { baseDelayMs: 20, maxDelayMs: 200 } },
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

describe('Redis restarted empty while the product runs', () => {
  it('re-establishes the schedules and a catch-up sweep makes every acknowledged change right', async () => {
    const { sandbox, services } = mode;
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
    await admin.flushall();
    admin.disconnect();
    await redis.kill();
    await redis.restart();

    // Every partner ends right, the promoted ones included, with the product never restarted.
    await until(() => promoted.every((partner) => sandbox.store.getCompany(partner.id)!.properties.pe_tier === 'bronze'), 60_000, 'the promoted partners');
    for (const partner of sandbox.seed.partners) {
      if (promoted.includes(partner)) continue;
      expect(sandbox.store.getCompany(partner.id)!.properties.pe_tier, `partner ${partner.id}`).toBe(partner.expectedTier);
    }

    // The recalculation sweep, the lifecycle sweep, the daily tier reviews and the nightly
    // reconciliation are scheduled again.
    const { queues } = services;
    expect(queues.recalculation.queue.name).toBe(RECALCULATION_QUEUE);
    await until(async () => (await queues.reconciliation.nextScheduledAt(services.portalId)) !== null, 10_000, 'the reconciliation schedule');
    expect(await queues.tierReviews.nextScheduledAt(services.portalId)).not.toBeNull();
    expect(await queues.recalculation.queue.getJobScheduler(sweepRecalculationsJob.name)).toBeTruthy();
    expect(await queues.lifecycle.getJobScheduler(lifecycleSweepJob.name)).toBeTruthy();
    // The catch-up sweep left its marker, so the next reconnection does not sweep again.
    expect(await queues.reconciliation.lastCompletedAt(services.portalId)).not.toBeNull();
  }, 90_000);
});
