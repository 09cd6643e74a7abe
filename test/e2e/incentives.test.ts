import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IncentiveRequestStore } from '../../src/incentives/incentive-request-store.js';
import { startTestProduct, type TestProduct } from '../integration/product/product-harness.js';

/*
 * Incentives end to end in Debian's Chromium: a partner contact claims a SPIFF and asks for MDF on
 * the partner page (JavaScript off, phone width); a manager approves the MDF request on the partner
 * card in the sandbox workspace, then approves the SPIFF claim and marks it paid; the partner page
 * then shows them approved and paid, its statement the amounts with their currency (and the same
 * MDF available as the MDF form), and the workspace the owner's verification and payment tasks.
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
  it('a partner claims a SPIFF and requests MDF; a manager approves both and pays the SPIFF on the partner card; the page and its statement show it, the workspace the tasks', async () => {
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

    // The manager approves the SPIFF claim, then marks it paid, on the same card.
    const spiffRow = card.locator('[data-testid^="incentive-"]', { hasText: 'First win SPIFF' }).first();
    await spiffRow.getByRole('button', { name: 'Approve' }).click();
    await card.getByTestId('incentive-result').filter({ hasText: 'Approved' }).waitFor(WAIT);
    await spiffRow.getByRole('button', { name: 'Mark paid' }).click();
    await card.getByTestId('incentive-result').filter({ hasText: 'Marked paid' }).waitFor(WAIT);

    // The partner page's statement shows the approved and paid amounts, with their currency.
    await page.goto(url);
    await expect(page.locator('[data-request]', { hasText: 'First win SPIFF' }).innerText()).resolves.toContain('Paid');
    const incentivesTable = page.locator('#statements table', { hasText: 'Incentives (SPIFFs, rebates, bonuses)' }).last();
    await expect(incentivesTable.locator('tr', { hasText: 'approved' }).innerText()).resolves.toContain('USD 1,000.00');
    await expect(incentivesTable.locator('tr', { hasText: 'paid' }).innerText()).resolves.toContain('USD 1,000.00');
    const mdfTable = page.locator('#statements table', { hasText: 'Market development funds' }).last();
    // The MDF approved is the vendor's half (match 1:1) of the USD 2,000.00 planned.
    await expect(mdfTable.locator('tr', { hasText: 'approved' }).innerText()).resolves.toContain('USD 1,000.00');
    // The statement and the MDF form agree on what is available: with no quarter close (instant
    // governance) the statement's tier is the company's pe_tier, as the form's.
    const statementAvailable = (await mdfTable.locator('tr', { hasText: 'available' }).innerText()).match(/USD -?[\d,]+\.\d{2}/)?.[0];
    const formAvailable = (await page.locator('#mdf-terms').innerText()).match(/up to (USD -?[\d,]+\.\d{2}) still available/)?.[1];
    expect(statementAvailable).toBe('USD 4,000.00');
    expect(formAvailable).toBe(statementAvailable);

    // The workspace's timeline of the partner shows the owner's verification and payment tasks.
    const name = product.mode.sandbox.store.getRecord('companies', partner.id)!.properties.name!;
    await desk.reload();
    const timeline = desk.getByTestId('timeline');
    await timeline.getByText(`Task: Verify ${name}'s SPIFF claim of USD 1,000.00`).waitFor(WAIT);
    await timeline.getByText(`Task: Pay ${name}'s SPIFF claim of USD 1,000.00`).waitFor(WAIT);
    await phone.close();
    await desk.close();
  }, 180_000);
});
