import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../integration/product/product-harness.js';

/*
 * The sandbox workspace in Debian's Chromium: a person edits a partner, offers a training and
 * runs a workflow action, and sees the app's cards (drawn from their real code) follow, without
 * reloading the page. Assertions read the page's text.
 */
const redisUrl = inject('redisUrl');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 20_000 };

let product: TestProduct;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  product = await startTestProduct(redisUrl);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const card = () => page.getByTestId('card-partner-enablement-card');
const statistic = (label: string) => card().locator(`.uie-stat:has(.uie-stat-label:text-is("${label}")) .uie-stat-number`);

async function openPartner(id: string): Promise<void> {
  await page.goto(`${product.mode.serverUrl}/#/companies/${id}`);
  await card().getByTestId('tier-progress').waitFor(WAIT);
  // Set on this document: still there at the end means the page was never reloaded.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}

async function stillSameDocument(): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

function gold(index: number) {
  return product.mode.sandbox.seed.partners.filter((p) => p.expectedTier === 'gold')[index]!;
}

describe('the workspace in a browser', () => {
  it('lists the partners with links to their records', async () => {
    await page.goto(`${product.mode.serverUrl}/`);
    await page.getByTestId('partners').waitFor(WAIT);
    const partner = gold(0);
    expect(await page.getByTestId(`partner-${partner.id}`).textContent()).toContain(partner.name);
    await page.getByTestId('tier-filter').selectOption('gold');
    const rows = await page.getByTestId('partners').locator('tbody tr').allTextContents();
    expect(rows.length).toBe(product.mode.sandbox.seed.partners.filter((p) => p.expectedTier === 'gold').length);
    expect(rows.every((row) => row.includes('gold'))).toBe(true);
  });

  it('shows the new tier and score on the card after the technical modules are edited in the property panel', async () => {
    const partner = gold(0);
    await openPartner(partner.id);
    expect(await statistic('Tier').textContent()).toBe('Gold');
    const scoreBefore = await statistic('Readiness score').textContent();

    const field = page.getByTestId('input-pe_technical_modules_completed').locator('input');
    await field.fill('0');
    await field.press('Enter');

    await statistic('Tier').filter({ hasText: 'Silver' }).waitFor(WAIT);
    expect(await statistic('Tier').textContent()).toBe('Silver');
    expect(await statistic('Readiness score').textContent()).not.toBe(scoreBefore);
    expect(await page.getByTestId('output-pe_tier').textContent()).toContain('silver');
    expect(await stillSameDocument()).toBe(true);
  });

  it('offers a training from the card, and the link in the outbox email opens the partner page with the offer', async () => {
    const partner = gold(0);
    await openPartner(partner.id);
    const person = product.mode.sandbox.store.associatedIds('companies', partner.id, 'contacts').map((id) => product.mode.sandbox.store.getContact(id)!)
      .find((contact) => contact.properties.pe_partner_role === 'se')!;
    const name = `${person.properties.firstname} ${person.properties.lastname}`;
    await card().getByTestId('assign-contact').selectOption({ label: name });
    await card().getByTestId('assign-track').selectOption({ label: 'Technical' });
    await card().getByTestId('assign-submit').click();
    await card().getByTestId('assign-result').waitFor(WAIT);
    expect(await card().getByTestId('assign-result').textContent()).toContain('Consent requested');

    await page.getByRole('link', { name: 'Outbox' }).click();
    const message = page.getByTestId('message-training-consent').filter({ hasText: person.properties.email! }).first();
    await message.waitFor(WAIT);
    await message.locator('a[href*="/p/"]').first().click();
    await page.waitForLoadState('load');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Your partner page');
    expect(text).toContain('Accept Technical');
  });

  it('runs Send partner page link from the workflow panel, and the outbox email opens the partner page', async () => {
    const partner = gold(1);
    await openPartner(partner.id);
    const person = product.mode.sandbox.store.associatedIds('companies', partner.id, 'contacts').map((id) => product.mode.sandbox.store.getContact(id)!)[0]!;
    const name = `${person.properties.firstname} ${person.properties.lastname}`;

    const form = page.getByTestId('workflow-send-partner-page-link');
    await form.locator('select[name="objectId"]').selectOption({ label: name });
    await form.getByRole('button', { name: 'Run as HubSpot would' }).click();
    await page.getByTestId('workflow-result-send-partner-page-link').waitFor(WAIT);
    expect(await page.getByTestId('workflow-result-send-partner-page-link').textContent()).toContain('Link statussent');

    await page.getByRole('link', { name: 'Outbox' }).click();
    const message = page.getByTestId('message-partner-page-link').filter({ hasText: person.properties.email! }).first();
    await message.waitFor(WAIT);
    await message.locator('a[href*="/p/"]').first().click();
    await page.waitForLoadState('load');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Your partner page');
    expect(text).toContain(partner.name);
    expect(text).toContain('Gold');
  });

  it('runs Record certification from the workflow panel: the tier bar moves and the contact card shows it', async () => {
    const store = product.mode.sandbox.store;
    // A partner one more certification lifts: fewer than three count, and its bar is not full.
    const partner = product.mode.sandbox.seed.partners.find((p) => {
      const outputs = store.getCompany(p.id)!.properties;
      return p.id !== gold(0).id && Number(outputs.pe_valid_certifications) < 3 && Number(outputs.pe_points_to_next_tier) >= 7 && outputs.pe_tier !== 'none';
    })!;
    const holder = store.associatedIds('companies', partner.id, 'contacts').map((id) => store.getContact(id)!)
      .find((contact) => !contact.properties.pe_cert_technical_associate_earned_on)!;
    const name = `${holder.properties.firstname} ${holder.properties.lastname}`;
    await openPartner(partner.id);
    const barBefore = await card().getByTestId('tier-progress').textContent();

    const form = page.getByTestId('workflow-record-certification');
    await form.locator('select[name="objectId"]').selectOption({ label: name });
    await form.locator('select[name="certification"]').selectOption('technical_associate');
    await form.locator('input[name="earned_on"]').fill(new Date().toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Run as HubSpot would' }).click();
    await page.getByTestId('workflow-result-record-certification').waitFor(WAIT);
    expect(await page.getByTestId('workflow-result-record-certification').textContent()).toContain('active');

    await page.waitForFunction((before) => {
      const bar = document.querySelector('[data-testid="tier-progress"]')?.textContent;
      return bar !== undefined && bar !== before;
    }, barBefore, WAIT);
    expect(await card().getByTestId('tier-progress').textContent()).not.toBe(barBefore);
    expect(await stillSameDocument()).toBe(true);

    await page.getByTestId('contacts').getByRole('link', { name }).click();
    const contactCard = page.getByTestId('card-contact-enablement-card');
    await contactCard.getByTestId('contact-certifications').waitFor(WAIT);
    expect(await contactCard.getByTestId('contact-certifications').textContent()).toContain('Technical Associate');
  });

  it('registers a deal from the partner page, and the card in the workspace shows it pending', async () => {
    const partner = product.mode.sandbox.seed.partners.filter((p) => p.expectedTier === 'gold').at(-1)!;
    product.mode.sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
    await openPartner(partner.id);
    const person = product.mode.sandbox.store.associatedIds('companies', partner.id, 'contacts').map((id) => product.mode.sandbox.store.getContact(id)!)[0]!;
    const form = page.getByTestId('workflow-send-partner-page-link');
    await form.locator('select[name="objectId"]').selectOption({ label: `${person.properties.firstname} ${person.properties.lastname}` });
    await form.getByRole('button', { name: 'Run as HubSpot would' }).click();
    await page.getByTestId('workflow-result-send-partner-page-link').waitFor(WAIT);
    await page.getByRole('link', { name: 'Outbox' }).click();
    const message = page.getByTestId('message-partner-page-link').filter({ hasText: person.properties.email! }).first();
    await message.waitFor(WAIT);
    await message.locator('a[href*="/p/"]').first().click();
    await page.waitForLoadState('load');

    await page.getByLabel('Customer company').fill('Workspace Customer');
    await page.getByLabel('Customer website or domain').fill('workspace-customer.example');
    await page.getByLabel('Customer contact name').fill('Dana Buyer');
    await page.getByLabel('Customer contact email').fill('dana@workspace-customer.example');
    await page.getByLabel('Deal name').fill('Workspace rollout');
    await page.getByLabel('Expected amount').fill('40000');
    await page.getByLabel('Expected close date').fill('2027-03-01');
    await page.getByRole('button', { name: 'Register deal' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#registrations').innerText()).toContain('Pending decision');

    await page.goto(`${product.mode.serverUrl}/#/companies/${partner.id}`);
    await card().getByTestId('registrations').waitFor(WAIT);
    expect(await statistic('Pending').textContent()).toBe('1');
    expect(await card().getByTestId('registrations').textContent()).toContain('Workspace rollout');

    // The deal's own record shows the registration card, linking back to the partner.
    const deal = product.mode.sandbox.store.listRecords('deals').find((record) => record.properties.dealname === 'Workspace rollout')!;
    await page.goto(`${product.mode.serverUrl}/#/deals/${deal.id}`);
    const dealCard = page.getByTestId('card-deal-registration-card');
    await dealCard.getByTestId('registration-status').waitFor(WAIT);
    expect(await dealCard.getByTestId('registration-status').textContent()).toBe('Pending decision');
    expect(await dealCard.getByTestId('registration-countdown').textContent()).toMatch(/^Decision due in /);
    expect(await dealCard.getByTestId('registration-partner').textContent()).toBe(partner.name);
  });
});
