import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { aPartnerContact, lastConsentLink, startTrainingRig, type TrainingRig } from '../integration/training/training-harness.js';

/*
 * The consent page in a real browser: Debian's headless Chromium driven by playwright-core, with
 * JavaScript switched off (the page must work without it) and a phone-sized viewport.
 * Screenshots go to test-output/ (git-ignored), never into the repository.
 */
const redisUrl = inject('redisUrl');
const SCREENSHOTS = path.resolve('test-output', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let context: BrowserContext;
let page: Page;
let rig: TrainingRig;

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

async function offerSales(): Promise<{ contactId: string; link: string }> {
  rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z');
  const { contactId } = aPartnerContact(rig.sandbox, { timeZone: 'Europe/Berlin', firstName: 'Ada' });
  await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: { type: 'operator', id: 'e2e' } });
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, javaScriptEnabled: false });
  page = await context.newPage();
  return { contactId, link: lastConsentLink(rig.outbox, contactId) };
}

const contactProperties = (contactId: string) => rig.sandbox.store.getContact(contactId)?.properties ?? {};

describe('consent page in a browser', () => {
  it('explains the track on a phone, and accepting shows the confirmation and updates the contact', async () => {
    const { contactId, link } = await offerSales();

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Training proposed: Sales');
    const facts = await page.locator('dl').innerText();
    expect(facts).toContain('Positioning and objection handling');
    expect(facts).toContain('2 weeks');
    expect(facts).toContain('Monday 18 May 2026');
    // Fits a phone: nothing wider than the 390-pixel viewport.
    // (The function runs in the page; the project's types have no DOM, hence the string.)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consent-offer.png'), fullPage: true });

    await page.getByRole('button', { name: 'Accept' }).click();

    await expect(page.locator('h1').textContent()).resolves.toBe('You accepted Sales');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consent-accepted.png'), fullPage: true });
    expect(contactProperties(contactId)).toMatchObject({ pe_active_tracks: 'sales', pe_next_training_deadline: '2026-05-18' });
  });

  it('shows a reused link as already used and changes nothing', async () => {
    const { contactId, link } = await offerSales();
    await page.goto(link);
    await page.getByRole('button', { name: 'Accept' }).click();

    const again = await page.goto(link);

    expect(again?.status()).toBe(409);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has already been used');
    await expect(page.getByRole('button', { name: 'Decline' }).count()).resolves.toBe(0);
    expect(contactProperties(contactId).pe_active_tracks).toBe('sales');
  });

  it('refuses a replayed form once the link is used, and changes nothing', async () => {
    const { contactId, link } = await offerSales();
    await page.goto(link);
    await page.getByRole('button', { name: 'Accept' }).click();

    const replay = await fetch(link, { method: 'POST', body: 'decision=decline', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expect(replay.status).toBe(409);
    expect(contactProperties(contactId).pe_active_tracks).toBe('sales');
  });

  it('shows an expired link as expired and changes nothing', async () => {
    const { contactId, link } = await offerSales();
    rig.clock.now += 15 * 86_400_000;

    const opened = await page.goto(link);

    expect(opened?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has expired');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consent-expired.png'), fullPage: true });
    expect(contactProperties(contactId)).toMatchObject({ pe_pending_tracks: 'sales' });
    expect(contactProperties(contactId).pe_active_tracks ?? '').toBe('');
  });

  it('shows a tampered link as not valid', async () => {
    const { link } = await offerSales();

    const opened = await page.goto(`${link.slice(0, -4)}AAAA`);

    expect(opened?.status()).toBe(400);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link is not valid');
  });

  it('declines: the confirmation says so and the track is no longer pending', async () => {
    const { contactId, link } = await offerSales();
    await page.goto(link);

    await page.getByRole('button', { name: 'Decline' }).click();

    await expect(page.locator('h1').textContent()).resolves.toBe('You declined Sales');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consent-declined.png'), fullPage: true });
    expect(contactProperties(contactId).pe_pending_tracks ?? '').toBe('');
    expect(contactProperties(contactId).pe_active_tracks ?? '').toBe('');
  });
});
