import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IncentiveRequestStore } from '../../src/incentives/incentive-request-store.js';
import { startTestProduct, type TestProduct } from '../integration/product/product-harness.js';

/*
 * Incentives end to end in Debian's Chromium: a partner contact claims a SPIFF and asks for MDF on
 * the partner page (JavaScript off, phone width); a manager approves the MDF request on the partner
 * card in the sandbox workspace; the partner page then shows it approved.
 */
const redisUrl = inject('redisUrl');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 20_000 };

let product: TestProduct;
let browser: Browser;

beforeAll(async () => {
  product = await startTestProduct(redisUrl);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('incentives in a browser', () => {
  it('a partner claims a SPIFF and requests MDF; a manager approves it on the partner card; the page shows it approved', async () => {
    const { services } = product.mode.product;
    const partner = product.mode.sandbox.seed.partners.find((candidate) => candidate.expectedTier === 'silver')!;
    product.mode.sandbox.ui.updateCompany(partner.id, { pe_tier: 'silver' });
    const today = new Date().toISOString().slice(0, 10);
    await new IncentiveRequestStore(services.db).append(services.portalId, [{
      key: `deal:4242:spiff:first_win:accrual:0`,
      partnerId: partner.id,
      kind: 'accrual',
      bucket: 'spiff',
      rule: 'first_win',
      amount: { amountMinor: 100_000, currency: 'USD' },
      source: { type: 'deal', id: '4242' },
      reason: 'first won deal',
      occurredOn: today,
      reverses: null,
    }], { type: 'operator', id: 'e2e' });
    const { url } = await services.partnerPage.links.issue(partner.contactIds[0]!, { type: 'operator', id: 'e2e' });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false });
    const page = await phone.newPage();
    await page.goto(url);
    await page.locator('[data-spiff] button', { hasText: 'Claim' }).click();
    await expect(page.locator('p.ok').innerText()).resolves.toBe('Your SPIFF claim was sent and is pending a decision.');
    await page.selectOption('#mdf-activity', 'webinars');
    await page.fill('#mdf-plannedCost', '2000');
    await page.fill('#mdf-activityStart', '2027-03-01');
    await page.fill('#mdf-activityEnd', '2027-03-02');
    await page.fill('#mdf-description', 'Webinar series for customers');
    await page.locator('form:has(#mdf-activity) button').click();
    await expect(page.locator('p.ok').innerText()).resolves.toContain('Your MDF request was sent');
    const mdfRow = page.locator('[data-request]', { hasText: 'MDF: Webinars' });
    await expect(mdfRow.innerText()).resolves.toContain('Pending decision');

    const desk = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await desk.goto(`${product.mode.serverUrl}/#/companies/${partner.id}`);
    const card = desk.getByTestId('card-partner-enablement-card');
    await card.getByTestId('tier-progress').waitFor(WAIT);
    const row = card.locator('[data-testid^="incentive-"]', { hasText: 'MDF: Webinars' }).first();
    await row.waitFor(WAIT);
    await row.getByRole('button', { name: 'Approve' }).click();
    await card.getByTestId('incentive-result').waitFor(WAIT);
    expect(await card.getByTestId('incentive-result').innerText()).toContain('Approved.');

    await page.goto(url);
    await expect(page.locator('[data-request]', { hasText: 'MDF: Webinars' }).innerText()).resolves.toContain('Approved');
    await expect(page.locator('[data-request]', { hasText: 'First win SPIFF' }).innerText()).resolves.toContain('Pending decision');
    expect(await page.locator('#mdf-terms').innerText()).toContain('USD 4,000.00 still available this year');
    await phone.close();
    await desk.close();
  }, 120_000);
});
