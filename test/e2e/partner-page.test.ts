import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { aPartnerContact, lastPageLink, startPartnerPageRig, type PartnerPageRig } from '../integration/partner-page/partner-page-harness.js';

/*
 * The partner page in a real browser: Debian's headless Chromium driven by playwright-core, with
 * JavaScript switched off (the page must work without it) at a 390-pixel phone viewport.
 * Screenshots go to test-output/ (git-ignored), never into the repository.
 */
const redisUrl = inject('redisUrl');
const SCREENSHOTS = path.resolve('test-output', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let context: BrowserContext;
let page: Page;
let rig: PartnerPageRig;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await rig?.stop();
});

describe('the partner page in a browser', () => {
  it('opens from the email on a phone, accepts a training and shows it active', async () => {
    rig = await startPartnerPageRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: { type: 'operator', id: 'e2e' } });
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, javaScriptEnabled: false });
    page = await context.newPage();

    const opened = await page.goto(lastPageLink(rig.outbox, contactId, 'training-consent'));

    expect(opened?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your partner page');
    await expect(page.locator('#tier-section').innerText()).resolves.toContain('Acme Partners');
    await expect(page.locator('#registrations').innerText()).resolves.toContain('Registrations');
    // Fits a phone: nothing wider than the 390-pixel viewport. (Runs in the page; the project's types have no DOM.)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partner-page-offer.png'), fullPage: true });

    await page.getByRole('button', { name: 'Accept Sales' }).click();

    await expect(page.getByRole('status').textContent()).resolves.toBe('You accepted Sales. It is now active.');
    const training = await page.locator('#training').innerText();
    expect(training).toContain('Sales — due Monday 18 May 2026');
    expect(training).toContain('No training offers are waiting for you.');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partner-page-accepted.png'), fullPage: true });
    expect(rig.sandbox.store.getContact(contactId)?.properties).toMatchObject({ pe_active_tracks: 'sales', pe_next_training_deadline: '2026-05-18' });
  });

  it('registers a deal from the page on a phone and shows it pending', async () => {
    rig = await startPartnerPageRig(redisUrl, '2026-05-04T10:00:00Z');
    const { companyId, contactId } = aPartnerContact(rig.sandbox, { companyName: 'Acme Partners' });
    rig.sandbox.ui.updateCompany(companyId, { pe_permissions: 'access_portal;submit_leads;register_deals' });
    const { url } = await rig.partnerPage.links.issue(contactId, { type: 'operator', id: 'e2e' });
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, javaScriptEnabled: false });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(url);

    await page.getByLabel('Customer company').fill('Northwind Traders');
    await page.getByLabel('Customer website or domain').fill('northwind-traders.example');
    await page.getByLabel('Customer contact name').fill('Dana Buyer');
    await page.getByLabel('Customer contact email').fill('dana@northwind-traders.example');
    await page.getByLabel('Deal name').fill('Northwind rollout');
    await page.getByLabel('Expected amount').fill('12500');
    await page.getByLabel('Expected close date').fill('2026-07-01');
    await page.getByRole('button', { name: 'Register deal' }).click();

    await expect(page.getByRole('status').textContent()).resolves.toBe('Your registration was sent and is pending a decision.');
    const registrations = await page.locator('#registrations').innerText();
    expect(registrations).toContain('Northwind rollout');
    expect(registrations).toContain('Status: Pending decision');
    expect(registrations).toContain('Decision due by 6 May 2026 at 12:00 CEST');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partner-page-registered.png'), fullPage: true });
  });

  it('refuses a revoked link with a clear page', async () => {
    rig = await startPartnerPageRig(redisUrl, '2026-05-04T10:00:00Z');
    const { contactId } = aPartnerContact(rig.sandbox);
    const { url } = await rig.partnerPage.links.issue(contactId, { type: 'operator', id: 'e2e' });
    await rig.partnerPage.links.revoke({ contactId }, { type: 'operator', id: 'e2e' });
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false });
    page = await context.newPage();

    const opened = await page.goto(url);

    expect(opened?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link was withdrawn');
  });
});
