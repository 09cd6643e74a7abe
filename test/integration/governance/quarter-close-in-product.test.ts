import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices } from '../../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../../src/app/start-product.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { useTestDatabase } from '../../support/test-database.js';
import type { Program } from '../../../src/program/program-schema.js';
import { QUARTERLY_PROGRAM } from './quarter-close-harness.js';

const databaseUrl = useTestDatabase();

/*
 * The running product in quarterly governance: its worker upserts the close scheduler and, finding
 * the last closed quarter without a finished close, closes it at start. One partner is fast-tracked,
 * so that close moves its tier, and the entry tier has monthly reviews, so its review date moves.
 */

const PROGRAM: Program = {
  ...QUARTERLY_PROGRAM,
  governance: { ...QUARTERLY_PROGRAM.governance, reviewCadence: { ...QUARTERLY_PROGRAM.governance.reviewCadence, bronze: 'monthly' } },
};

/** A HubSpot date value as `YYYY-MM-DD` (the emulator may answer midnight epoch milliseconds). */
function dayOf(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d+$/.test(value) ? new Date(Number(value)).toISOString().slice(0, 10) : value.slice(0, 10);
}

let sandbox: Sandbox;
let product: RunningProduct;
let fastTracked: string;

beforeAll(async () => {
  sandbox = await startSandbox({ today: '2026-11-15' });
  const config = loadConfig({
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    DATABASE_URL: databaseUrl(),
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_ACCOUNT_TIME_ZONE: 'Europe/Berlin',
    HUBSPOT_COMPANY_CURRENCY: 'EUR',
    REDIS_URL: inject('redisUrl'),
  });
  const services = await buildServices(config, {
    program: PROGRAM,
    logger: createLogger({ level: process.env.TEST_LOG ? 'info' : 'silent' }),
    recalculation: { prefix: `test:close-product:${crypto.randomBytes(4).toString('hex')}` },
  });
  // A partner-sourced deal won inside the last closed quarter: 150,000.00 earns the 2% bracket. The
  // worker mirrors it from HubSpot (the index is empty at start, so it is repaired at once).
  const last = services.quarterClose.lastClosedQuarter(Date.now());
  const created = await fetch(`${sandbox.url}/crm/v3/objects/deals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: {
      dealname: 'Won through a partner', amount: '150000', pipeline: 'default', dealstage: 'closedwon',
      closedate: `${last.lastDay}T12:00:00.000Z`, pe_partner_company_id: sandbox.seed.partners[0]!.id,
    } }),
  });
  expect(created.status).toBe(201);
  fastTracked = sandbox.seed.partners.find((partner) => partner.expectedTier === 'gold')!.id;
  sandbox.ui.updateCompany(fastTracked, { pe_fast_track: 'true' });
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

  it('accrues the closed quarter\'s volume rebates in the company currency', async () => {
    const { services } = product;
    const last = services.quarterClose.lastClosedQuarter(Date.now());
    const rebates = () => services.db.selectFrom('ledger_entries').select(['partner_id', 'bucket', 'amount_minor', 'currency', 'source_id']).where('bucket', '=', 'rebate').execute();
    await expect.poll(async () => (await rebates()).some((row) => row.partner_id === sandbox.seed.partners[0]!.id), { timeout: 30_000, interval: 200 }).toBe(true);
    const rows = await rebates();
    // Every rebate is of the quarter that closed, in the currency the portal is configured with.
    expect(new Set(rows.map((row) => `${row.source_id} ${row.currency}`))).toEqual(new Set([`${last.label} EUR`]));
    expect(rows.every((row) => Number(row.amount_minor) > 0)).toBe(true);
  });

  it('has the review job, not the close, plan the reviews of a partner whose tier the close changed', async () => {
    const { services } = product;
    const company = () => sandbox.store.getCompany(fastTracked)!.properties;
    await expect.poll(() => dayOf(company().pe_next_tier_review), { timeout: 30_000, interval: 200 }).not.toBe('');
    expect(company().pe_tier).toBe('bronze');
    // One step of the new tier's (monthly) cadence after today, in the partner's time zone.
    const zone = company().pe_timezone || 'Europe/Berlin';
    expect(dayOf(company().pe_next_tier_review)).toBe(DateTime.now().setZone(zone).plus({ months: 1 }).toISODate());
    const replans = await services.queues.tierReviews.queue.getJobs(['completed']);
    expect(replans.filter((job) => job.name === 'replan-tier-reviews').flatMap((job) => (job.data as { companyIds: string[] }).companyIds)).toContain(fastTracked);
  });
});
