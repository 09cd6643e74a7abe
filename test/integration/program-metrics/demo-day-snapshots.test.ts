import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProgramDashboard } from '../../../src/domain/metrics/build-program-dashboard.js';
import { lastClosedQuarter } from '../../../src/domain/metrics/last-closed-quarter.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { startTestProduct, type TestProduct } from '../product/product-harness.js';

const redisUrl = inject('redisUrl');
let database: TestDatabase;
let product: TestProduct;

interface Deal {
  partnerId: string;
  amountMinor: number;
  won: boolean;
  /** The close day in the portal's time zone. */
  closedOn: string;
}

/** The demo portal's partner-sourced deals, read through the SDK from the sandbox (not from the product's mirror). */
async function readDemoDeals(timeZone: string): Promise<Deal[]> {
  const { sandbox } = product.mode;
  const client = new Client({ accessToken: sandbox.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 2 }); // shares the budget with the running product: waits out a 429
  const deals = await client.crm.deals.getAll(100, undefined, ['amount', 'amount_in_home_currency', 'closedate', 'dealstage', 'hs_is_closed_won', 'pe_partner_company_id']);
  return deals
    .filter((deal) => deal.properties.pe_partner_company_id && deal.properties.closedate)
    .map((deal) => {
      const { amount, amount_in_home_currency: home, closedate, hs_is_closed_won: won, dealstage, pe_partner_company_id: partnerId } = deal.properties;
      return {
        partnerId: partnerId!,
        amountMinor: Math.round(Number(home || amount || 0) * 100),
        won: won === 'true' || (won === undefined && dealstage === 'closedwon'),
        closedOn: DateTime.fromISO(closedate!, { zone: 'utc' }).setZone(timeZone).toISODate()!,
      };
    });
}

function closedQuarter() {
  const { services } = product.mode;
  return lastClosedQuarter(Date.now(), services.portalTimeZone, services.program.governance.fiscalYearStartMonth);
}

/** The rows up to the last closed quarter's end: the seeded history (the daily run writes the days after it). */
async function seededRows() {
  const { db, portalId } = product.mode.services;
  return db.selectFrom('partner_day_snapshots').selectAll().where('portal_id', '=', portalId).where('day', '<=', closedQuarter().lastDay).orderBy('company_id').orderBy('day').execute();
}

async function fetchDashboard(): Promise<ProgramDashboard> {
  const { serverUrl, services, sandbox } = product.mode;
  const pathAndQuery = `/hubspot/pages/program?portalId=${services.portalId}`;
  const timestamp = Date.now();
  const response = await fetch(`${serverUrl}${pathAndQuery}`, {
    headers: {
      'x-hubspot-request-timestamp': String(timestamp),
      'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: sandbox.clientSecret, method: 'GET', url: `${serverUrl}${pathAndQuery}`, body: '', timestamp }),
    },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ProgramDashboard;
}

beforeAll(async () => {
  database = await createTestDatabase();
  product = await startTestProduct(redisUrl, { databaseUrl: database.url });
}, 180_000);

afterAll(async () => {
  await product?.stop();
  await database?.drop();
});

describe('the demo portal has history on its dashboard', () => {
  it('shows the last closed quarter with figures and eight quarters of trend', async () => {
    const dashboard = await fetchDashboard();
    expect(dashboard.quarter.label).toBe(closedQuarter().label);
    expect(dashboard.headline.partnersInProgram.value).toBeGreaterThan(0);
    expect(dashboard.headline.averageReadiness.value).not.toBeNull();
    expect(dashboard.series.quarters).toHaveLength(8);
    expect(dashboard.series.values.partnersInProgram).toHaveLength(8);
    for (const value of dashboard.series.values.partnersInProgram) expect(value).toBeGreaterThan(0);
    for (const value of dashboard.series.values.averageReadiness) expect(value).not.toBeNull();
    const { firstDay, lastDay } = closedQuarter();
    const deals = await readDemoDeals(product.mode.services.portalTimeZone);
    const wonInQuarter = deals.filter((deal) => deal.won && deal.closedOn >= firstDay && deal.closedOn <= lastDay).reduce((sum, deal) => sum + deal.amountMinor, 0);
    expect(dashboard.revenue.partnerSourced.value.amountMinor).toBe(wonInQuarter);
  });

  it("stores each partner's trailing revenue at each quarter end as the sandbox's won deals add up", async () => {
    const { services } = product.mode;
    const timeZone = services.portalTimeZone;
    const deals = await readDemoDeals(timeZone);
    const rows = await seededRows();
    expect(rows.every((row) => row.caught_up)).toBe(true);
    expect(new Set(rows.map((row) => row.day)).size).toBe(9);
    let withRevenue = 0;
    for (const row of rows) {
      const from = DateTime.fromISO(row.day).minus({ years: 1 }).plus({ days: 1 }).toISODate()!;
      const expected = deals.filter((deal) => deal.partnerId === row.company_id && deal.won && deal.closedOn >= from && deal.closedOn <= row.day).reduce((sum, deal) => sum + deal.amountMinor, 0);
      expect({ company: row.company_id, day: row.day, revenue: Number(row.revenue_12m) }).toEqual({ company: row.company_id, day: row.day, revenue: expected });
      if (expected > 0) withRevenue += 1;
    }
    expect(withRevenue).toBeGreaterThan(0);
  });

  it('counts only the certifications earned by each quarter end', async () => {
    const rows = await seededRows();
    for (const row of rows) {
      const earned = row.first_certified_on;
      if (row.valid_certifications > 0) expect(earned !== null && earned <= row.day).toBe(true);
    }
    // Demo certifications were earned over time: the oldest quarter end holds fewer than the newest.
    const days = [...new Set(rows.map((row) => row.day))].sort();
    const total = (day: string) => rows.filter((row) => row.day === day).reduce((sum, row) => sum + row.valid_certifications, 0);
    expect(total(days[0]!)).toBeLessThan(total(days.at(-1)!));
  });

  it('adds nothing on a second start', async () => {
    const before = await seededRows();
    expect(before.length).toBeGreaterThan(0);
    await product.stop();
    product = await startTestProduct(redisUrl, { databaseUrl: database.url });
    expect(await seededRows()).toEqual(before);
  }, 180_000);

  it('is reachable only from sandbox mode', () => {
    // Production never loads src/sandbox-mode (production-start.test.ts): only sandbox mode's start may call the seeding.
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && readFileSync(file, 'utf8').includes('seed-demo-day-snapshots')) importers.push(path.relative('src', file));
      }
    };
    walk('src');
    expect(importers.sort()).toEqual(['sandbox-mode/start-sandbox-mode.ts']);
  });
});
