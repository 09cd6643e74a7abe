import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices } from '../../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../../src/app/start-product.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { useTestDatabase } from '../../support/test-database.js';
import { QUARTERLY_PROGRAM } from './quarter-close-harness.js';

const databaseUrl = useTestDatabase();

/*
 * The running product in quarterly governance: its worker upserts the close scheduler and, finding
 * the last closed quarter without a finished close, closes it at start.
 */

let sandbox: Sandbox;
let product: RunningProduct;

beforeAll(async () => {
  sandbox = await startSandbox({ today: '2026-11-15' });
  const config = loadConfig({
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    DATABASE_URL: databaseUrl(),
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_ACCOUNT_TIME_ZONE: 'Europe/Berlin',
    REDIS_URL: inject('redisUrl'),
  });
  const services = await buildServices(config, {
    program: QUARTERLY_PROGRAM,
    logger: createLogger({ level: 'silent' }),
    recalculation: { prefix: `test:close-product:${crypto.randomBytes(4).toString('hex')}` },
  });
  product = await startProduct(services, { web: false, worker: true }, { scheduleReconciliation: false });
});

afterAll(async () => {
  await product?.close();
  await sandbox?.stop();
});

describe('a worker in quarterly governance', () => {
  it('schedules the next close and closes the last closed quarter it finds unfinished', async () => {
    const { services } = product;
    const last = services.quarterClose.lastClosedQuarter(Date.now());
    await expect.poll(() => services.quarterClose.isClosed(services.portalId, last.label), { timeout: 30_000, interval: 200 }).toBe(true);
    const next = await services.queues.quarterClose.nextScheduledAt(services.portalId);
    expect(next).not.toBeNull();
    expect(next!).toBeGreaterThan(Date.now());
    const closes = await services.db.selectFrom('quarter_closes').selectAll().execute();
    expect(closes.map((row) => row.quarter)).toEqual([last.label]);
    expect(closes[0]!.partners).toBe(sandbox.seed.partners.length);
  });
});
