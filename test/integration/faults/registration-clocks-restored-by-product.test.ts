import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, type Services } from '../../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../../src/app/start-product.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { RegistrationSlaQueue } from '../../../src/registrations/registration-sla-queue.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * Redis is emptied (FLUSHALL) while the product runs: the worker's restore hook plans every open
 * registration's delayed jobs again from PostgreSQL (docs/registrations.md, "Clocks after a Redis
 * loss"). A Redis of its own: FLUSHALL on the shared test Redis would empty every other file's keys.
 */

const DEMO_TODAY = '2026-11-15';

let sandbox: Sandbox;
let redis: RedisServer;
let database: TestDatabase;
let services: Services;
let product: RunningProduct | undefined;

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  redis = await startRedisServer();
  database = await createTestDatabase();
  const config = loadConfig({
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_APP_ID: sandbox.appId,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
  });
  services = await buildServices(config, {
    logger: createLogger({ level: 'silent' }),
    recalculation: { coalesceMs: 50, backoffBaseMs: 50, backoffMaxMs: 200 },
    hubspotRetry: { baseDelayMs: 20, maxDelayMs: 100 },
    mail: createMemoryMailSender(),
  });
  product = await startProduct(services, { web: false, worker: true }, { scheduleReconciliation: false, emptyRedisCheckMs: 200 });
}, 120_000);

afterAll(async () => {
  await product?.close();
  await sandbox?.stop();
  await redis?.stop();
  await database?.drop();
});

describe('the running product after Redis was emptied', () => {
  it('plans every open registration\'s delayed jobs again from PostgreSQL', async () => {
    const open = () => services.db.selectFrom('index_registrations').select(['deal_id', 'status'])
      .where('portal_id', '=', services.portalId).where('status', 'in', ['submitted', 'approved']).execute();
    // The index is filled at start (the first start repairs it).
    await until(async () => (await open()).some((row) => row.status === 'submitted'), 60_000, 'the conflict-check index');
    const registrations = await open();
    const queue = services.queues.registrationSla.queue;
    const jobIds = async () => new Set((await queue.getJobs(['delayed', 'waiting', 'prioritized', 'active', 'completed'])).map((job) => job.id!));

    const admin = new Redis(redis.url);
    try {
      await admin.flushall();
      expect((await jobIds()).size).toBe(0);
      const submitted = registrations.filter((row) => row.status === 'submitted').map((row) => row.deal_id);
      expect(submitted.length).toBeGreaterThan(0);
      await until(async () => {
        const ids = await jobIds();
        return submitted.every((dealId) => ids.has(RegistrationSlaQueue.jobId(dealId, 'breach')));
      }, 30_000, 'the registration clocks planned again');
      const ids = await jobIds();
      for (const dealId of submitted) {
        expect(ids.has(RegistrationSlaQueue.jobId(dealId, 'remind')), dealId).toBe(true);
        expect(ids.has(RegistrationSlaQueue.jobId(dealId, 'escalate')), dealId).toBe(true);
      }
      const approved = registrations.filter((row) => row.status === 'approved').map((row) => row.deal_id);
      for (const dealId of approved) expect([...ids].some((id) => id.startsWith(`registration-protection-${dealId}-`)), dealId).toBe(true);
    } finally {
      admin.disconnect();
    }
  }, 120_000);
});
