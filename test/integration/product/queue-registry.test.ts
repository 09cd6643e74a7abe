import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices } from '../../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../../src/app/start-product.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { DEMO_TODAY } from './product-harness.js';
import { useTestDatabase } from '../../support/test-database.js';

const databaseUrl = useTestDatabase();

/*
 * Every queue the running product uses is on the admin dashboard: the product is started with
 * its web server and workers, and the queues that then hold keys in Redis are compared with the
 * ones Bull Board lists.
 */

const ADMIN_TOKEN = 'queue-registry-admin';
let sandbox: Sandbox;
let product: RunningProduct;
let redis: Redis;
const prefix = `test:registry:${crypto.randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  const config = loadConfig({
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    DATABASE_URL: databaseUrl(),
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    REDIS_URL: inject('redisUrl'),
    ADMIN_TOKEN,
  });
  const services = await buildServices(config, { logger: createLogger({ level: 'silent' }), recalculation: { prefix } });
  product = await startProduct(services, { web: true, worker: true }, { port: 0, host: '127.0.0.1' });
  redis = new Redis(inject('redisUrl'));
});

afterAll(async () => {
  await product?.close();
  redis?.disconnect();
  await sandbox?.stop();
});

async function dashboardQueues(): Promise<string[]> {
  const response = await fetch(`${product.web!.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { queues: Array<{ name: string }> };
  return body.queues.map((queue) => queue.name).sort();
}

/** Names of the BullMQ queues that hold keys under the product's prefix. */
async function queuesInRedis(): Promise<string[]> {
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:bull:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) names.add(key.slice(`${prefix}:bull:`.length).split(':')[0]!);
  } while (cursor !== '0');
  return [...names].sort();
}

describe('the queue registry', () => {
  it('puts every queue of the product on the admin dashboard', async () => {
    const onDashboard = await dashboardQueues();
    expect(onDashboard).toEqual(product.services.queues.all.map((queue) => queue.name).sort());
    expect(onDashboard).toEqual(['conflict-index', 'incentive-deadlines', 'lifecycle', 'program-snapshots', 'quarter-close', 'recalculation', 'reconciliation', 'registration-sla', 'tier-reviews', 'workflow-actions'].sort());
  });

  it('lists every queue the running workers and schedules use', async () => {
    const used = await queuesInRedis();
    expect(used.length).toBeGreaterThanOrEqual(3);
    expect(await dashboardQueues()).toEqual(expect.arrayContaining(used));
  });
});
