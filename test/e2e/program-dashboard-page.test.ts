import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseQuarterLabel } from '../../src/domain/governance/parse-quarter-label.js';
import { createLogger } from '../../src/logger.js';
import { PartnerDaySnapshotStore } from '../../src/program-metrics/partner-day-snapshot-store.js';
import { refreshProgramDashboard } from '../../src/program-metrics/refresh-program-dashboard.js';
import { startTestProduct, type TestProduct } from '../integration/product/product-harness.js';
import { aSnapshot } from '../support/metric-factories.js';
import { signAsHubSpot } from '../support/sign-as-hubspot.js';

/*
 * The program dashboard app page in the workspace, in Debian's Chromium: the page's real code,
 * bundled from its hsmeta file against the workspace's UI-extension host, asks the signed route
 * `GET /hubspot/pages/program` through the workspace's `hubspot.fetch` proxy. The tiles must show
 * what the route answers to a request signed as HubSpot signs it, and the trend chart must draw
 * the eight quarters of the series (docs/metrics.md "The app page", "Trend series").
 */
const redisUrl = inject('redisUrl');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 20_000 };

interface RouteMetric {
  value: number | null;
}
interface RouteDashboard {
  quarter: { label: string };
  currency: string;
  headline: Record<string, RouteMetric>;
  series: { quarters: string[]; values: Record<string, (number | null)[]> };
}

let product: TestProduct;
let browser: Browser;
let page: Page;

/** The route's answer, asked as HubSpot's proxy asks it (v3 signature with the app's client secret). */
async function routeDashboard(): Promise<RouteDashboard> {
  const { serverUrl, sandbox, config } = product.mode;
  const url = `${serverUrl}/hubspot/pages/program?portalId=${sandbox.portalId}`;
  const timestamp = Date.now();
  const response = await fetch(url, {
    headers: {
      'x-hubspot-request-timestamp': String(timestamp),
      'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: config.hubspot.clientSecret!, method: 'GET', url, body: '', timestamp }),
    },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as RouteDashboard;
}

/**
 * Two years of the demo partners' history: a snapshot of each at the end of every quarter of the
 * series, readiness and completed modules rising quarter by quarter.
 */
async function seedEightQuarters(labels: readonly string[]): Promise<void> {
  const { services } = product.mode;
  const partners = product.mode.sandbox.seed.partners;
  const rows = labels.flatMap((label, quarterIndex) => {
    const quarter = parseQuarterLabel(label, services.program.governance.fiscalYearStartMonth);
    return partners.map((partner, partnerIndex) => ({
      snapshot: aSnapshot({
        companyId: partner.id,
        day: quarter.lastDay,
        name: partner.name,
        tier: partner.expectedTier === 'none' ? 'none' : partner.expectedTier,
        readinessScore: 40 + quarterIndex * 5 + (partnerIndex % 10),
        certifiedStaff: (partnerIndex + quarterIndex) % 3 === 0 ? 0 : 1,
        modulesAssigned: 10,
        modulesCompleted: Math.min(10, 2 + quarterIndex + (partnerIndex % 3)),
      }),
      certifications: [],
    }));
  });
  await new PartnerDaySnapshotStore(services.db).insert(services.portalId, rows);
}

/** A tile's text as a number: "$1,234.50" → 1234.5, "75%" → 75, "—" → null. */
function tileNumber(text: string): number | null {
  if (text.trim() === '—') return null;
  return Number(text.replace(/[^0-9.-]/g, ''));
}

beforeAll(async () => {
  product = await startTestProduct(redisUrl);
  const before = await routeDashboard();
  await seedEightQuarters(before.series.quarters);
  // The route keeps the answer it just computed for 15 minutes (docs/metrics.md "Precomputed
  // answers"): the history written behind its back shows once the refresh job runs, as here.
  await refreshProgramDashboard({ ...product.mode.services.programDashboard, logger: createLogger({ level: 'silent' }) });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const frame = () => page.getByTestId('app-page-partner-enablement-pages');

describe('the program dashboard app page in the workspace', () => {
  it('is in the top navigation under the app name and opens inside the host frame', async () => {
    await page.goto(`${product.mode.serverUrl}/`);
    await page.getByRole('link', { name: 'Partner Enablement', exact: true }).click();
    await frame().locator('.uie-stat').first().waitFor(WAIT);
    expect(page.url()).toMatch(/#\/app\/partner-enablement-pages$/);
    expect(await frame().locator('.card-title').textContent()).toContain('app page');
  });

  it('shows in its tiles the figures the signed route answers for the same quarter', async () => {
    const dashboard = await routeDashboard();
    await page.goto(`${product.mode.serverUrl}/#/app/partner-enablement-pages`);
    await frame().locator('.uie-stat').first().waitFor(WAIT);

    expect(await frame().locator('h4').first().textContent()).toContain(`Program ${dashboard.quarter.label}`);
    const tiles = await frame().locator('.uie-stat').evaluateAll((items) =>
      items.map((item) => ({ label: item.querySelector('.uie-stat-label')!.textContent, number: item.querySelector('.uie-stat-number')!.textContent! })),
    );
    expect(tiles).toHaveLength(8);
    const shown = tiles.map((tile) => tileNumber(tile.number));
    const expected = Object.entries(dashboard.headline).map(([metric, figure]) => {
      if (figure.value === null) return null;
      // Revenue travels in minor units of the currency (two digits for USD); the rest one decimal.
      return metric === 'partnerRevenue' ? figure.value / 100 : Math.round(figure.value * 10) / 10;
    });
    expect(shown).toEqual(expected);
    expect(dashboard.headline.averageReadiness!.value).not.toBeNull();
    expect(tiles.find((tile) => tile.label === 'Average readiness')!.number).toBe(String(Math.round(dashboard.headline.averageReadiness!.value! * 10) / 10));
  });

  it('draws the trend chart over the eight quarters of the series, a point per quarter on the readiness line', async () => {
    const dashboard = await routeDashboard();
    await page.goto(`${product.mode.serverUrl}/#/app/partner-enablement-pages`);
    const chart = frame().getByTestId('trend-chart');
    await chart.locator('svg').waitFor(WAIT);

    expect(dashboard.series.quarters).toHaveLength(8);
    const labels = await chart.locator('svg > text').allTextContents();
    expect(labels.filter((label) => /^\d{4}Q[1-4]$/.test(label))).toEqual(dashboard.series.quarters);
    const readiness = chart.locator('g[data-series="Average readiness"] circle');
    expect(await readiness.count()).toBe(8);
    const titles = await readiness.locator('title').allTextContents();
    expect(titles).toEqual(dashboard.series.quarters.map((quarter, index) => `Average readiness ${quarter}: ${Math.round(dashboard.series.values.averageReadiness![index]! * 10) / 10}`));
    expect(await chart.locator('figcaption').textContent()).toBe('Enablement over 8 quarters');
  });

  it('answers an unknown path of the page with the router\'s "Page not found"', async () => {
    await page.goto(`${product.mode.serverUrl}/#/app/partner-enablement-pages/no-such-view`);
    await frame().getByText('Page not found').waitFor(WAIT);
    expect(await frame().textContent()).toContain('This app page does not exist.');
  });
});
