import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices } from '../../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../../src/app/start-product.js';
import { loadConfig } from '../../../src/config.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
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
  sandbox = await startSandbox({ today: '2026-11-15', account: { companyCurrency: 'EUR' } });
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
  // A partner-sourced deal won inside the last closed quarter: 150,000.00 earns the 2% bracket.
  const last = services.quarterClose.lastClosedQuarter(Date.now());
  await new DealFactsStore(services.db).upsert(String(sandbox.portalId), [{
    dealId: '9001', partnerCompanyId: sandbox.seed.partners[0]!.id, customerCompanyId: null, amountInHomeCurrency: 15_000_000, amount: 15_000_000,
    isClosed: true, isWon: true, closedAt: Date.parse(`${last.lastDay}T12:00:00Z`), strategic: false, currency: null, productLine: null, pipelineId: 'default',
  }]);
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

  it('accrues the closed quarter\'s volume rebates in the company currency HubSpot names', async () => {
    const { services } = product;
    const last = services.quarterClose.lastClosedQuarter(Date.now());
    const rebates = () => services.db.selectFrom('ledger_entries').select(['partner_id', 'bucket', 'amount_minor', 'currency', 'source_id']).where('bucket', '=', 'rebate').execute();
    await expect.poll(async () => (await rebates()).length, { timeout: 30_000, interval: 200 }).toBe(1);
    expect(await rebates()).toEqual([{ partner_id: sandbox.seed.partners[0]!.id, bucket: 'rebate', amount_minor: '300000', currency: 'EUR', source_id: last.label }]);
  });
});
