import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../integration/product/product-harness.js';

/*
 * A deal registration from both sides, in Debian's Chromium with the product in sandbox mode: the
 * partner registers on their personal page on a phone, the manager approves it from the deal's
 * registration card in the workspace, and the partner's page then shows it approved.
 * Screenshots go to test-output/ (git-ignored), never into the repository.
 */
const redisUrl = inject('redisUrl');
const SCREENSHOTS = path.resolve('test-output', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 20_000 };

let product: TestProduct;
let browser: Browser;
let phone: BrowserContext;
let desk: BrowserContext;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  product = await startTestProduct(redisUrl);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // The partner page works without JavaScript; the workspace draws the cards with it.
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, javaScriptEnabled: false });
  desk = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

describe('a deal registration from the partner page to the approval on the deal card', () => {
  it('is registered on a phone, approved from the registration card, and shown approved on the reloaded partner page', async () => {
    const { sandbox, services, serverUrl } = product.mode;
    const partner = sandbox.seed.partners.find((entry) => entry.expectedTier === 'gold' && entry.contactIds.length > 0)!;
    sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals' });
    const { url } = await services.partnerPage.links.issue(partner.contactIds[0]!, { type: 'operator', id: 'e2e' });

    // The partner, on a phone, registers the deal through the form.
    const partnerPage = await phone.newPage();
    partnerPage.setDefaultTimeout(10_000);
    await partnerPage.goto(url);
    await partnerPage.getByLabel('Customer company').fill('Flow Customer');
    await partnerPage.getByLabel('Customer website or domain').fill('flow-customer.example');
    await partnerPage.getByLabel('Customer contact name').fill('Dana Buyer');
    await partnerPage.getByLabel('Customer contact email').fill('dana@flow-customer.example');
    await partnerPage.getByLabel('Deal name').fill('Flow rollout');
    await partnerPage.getByLabel('Expected amount').fill('25000');
    await partnerPage.getByLabel('Expected close date').fill('2027-03-01');
    await partnerPage.getByRole('button', { name: 'Register deal' }).click();
    await partnerPage.waitForLoadState('load');

    await expect(partnerPage.getByRole('status').textContent()).resolves.toBe('Your registration was sent and is pending a decision.');
    const pending = await partnerPage.locator('#registrations').innerText();
    expect(pending).toContain('Flow rollout');
    expect(pending).toContain('Status: Pending decision');
    expect(await partnerPage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const deal = sandbox.store.listRecords('deals').find((record) => record.properties.dealname === 'Flow rollout')!;
    expect(deal.properties.pe_registration_status).toBe('submitted');

    // The manager opens the deal in the workspace and approves it from the registration card.
    const workspace = await desk.newPage();
    await workspace.goto(`${serverUrl}/#/deals/${deal.id}`);
    const dealCard = workspace.getByTestId('card-deal-registration-card');
    await dealCard.getByTestId('registration-status').waitFor(WAIT);
    expect(await dealCard.getByTestId('registration-status').textContent()).toBe('Pending decision');
    expect(await dealCard.getByTestId('registration-times').textContent()).toMatch(/^Submitted \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC · due \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC$/);
    expect(await dealCard.getByTestId('extend-registration').count()).toBe(0);

    await dealCard.getByTestId('approve-registration').click();

    await dealCard.getByTestId('registration-status').filter({ hasText: 'Approved' }).waitFor(WAIT);
    const expiresOn = sandbox.store.getRecord('deals', deal.id)!.properties.pe_registration_expires_on!;
    expect(await dealCard.getByTestId('decision-result').textContent()).toContain(`Protected until ${expiresOn}`);
    expect(await dealCard.getByTestId('approve-registration').count()).toBe(0);
    expect(await dealCard.getByTestId('extend-registration').count()).toBe(1);
    expect(sandbox.store.getRecord('deals', deal.id)!.properties.pe_registration_status).toBe('approved');
    await workspace.screenshot({ path: path.join(SCREENSHOTS, 'registration-approved-card.png'), fullPage: true });

    // The partner reloads their page and sees the registration approved.
    await partnerPage.goto(url);
    const approved = await partnerPage.locator('#registrations').innerText();
    expect(approved).toContain('Flow rollout');
    expect(approved).toContain('Status: Approved');
    expect(approved).not.toContain('Status: Pending decision');
    await partnerPage.screenshot({ path: path.join(SCREENSHOTS, 'registration-approved-partner-page.png'), fullPage: true });
  });
});
