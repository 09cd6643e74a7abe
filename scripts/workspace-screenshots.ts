// Screenshots of the sandbox workspace for the README: starts sandbox mode on free ports (its own
// private redis-server), drives Debian's Chromium (/usr/bin/chromium) through playwright-core,
// and writes desktop and 390 px phone views to docs/screenshots/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSandboxMode } from '../src/sandbox-mode/start-sandbox-mode.js';
import { waitUntilSettled } from '../src/sandbox-mode/wait-until-settled.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const WAIT = { timeout: 30_000 };

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const config = loadConfig({ ...process.env, PORT: '0', HUBSPOT_ACCESS_TOKEN: '', REDIS_URL: '' });
  const mode = await startSandboxMode(config, { logger: createLogger({ level: 'warn' }), writeStateFile: false, product: { scheduleReconciliation: false } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const written: string[] = [];
  try {
    await waitUntilSettled(mode.sandbox, mode.product);
    const partner = mode.sandbox.seed.partners.find((p) => p.expectedTier === 'gold') ?? mode.sandbox.seed.partners[0]!;
    const contactId = mode.sandbox.store.associatedIds('companies', partner.id, 'contacts')[0]!;
    // Something in the outbox: a training offered as the card would.
    await fetch(`${mode.serverUrl}/workspace/api/hubspot-fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `${mode.serverUrl}/hubspot/cards/partner-enablement/assign-training?portalId=${mode.sandbox.portalId}&companyId=${partner.id}`,
        method: 'POST',
        body: { contactId, track: 'advanced' },
      }),
    });
    await waitUntilSettled(mode.sandbox, mode.product);

    const shoot = async (page: Page, name: string, route: string, ready: string, options: { fullPage?: boolean; scrollTo?: string } = {}) => {
      await page.goto(`${mode.serverUrl}/#${route}`);
      await page.locator(ready).first().waitFor(WAIT);
      if (options.scrollTo) await page.locator(options.scrollTo).first().evaluate((element) => element.scrollIntoView());
      await page.waitForTimeout(300);
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
      written.push(path.relative(process.cwd(), file));
    };
    const desktop = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await shoot(desktop, 'desktop-partners', '/', '[data-testid=partners]');
    await shoot(desktop, 'desktop-company-record', `/companies/${partner.id}`, '[data-testid=tier-progress]', { fullPage: true });
    await shoot(desktop, 'desktop-contact-record', `/contacts/${contactId}`, '[data-testid=card-contact-enablement-card] [data-testid=contact-partner]');
    await shoot(desktop, 'desktop-program-dashboard', '/app/partner-enablement-pages', '[data-testid=trend-chart] svg', { fullPage: true });
    await shoot(desktop, 'desktop-outbox', '/outbox', '[data-testid=outbox]');
    await shoot(desktop, 'desktop-hubspot-calls', '/calls', '[data-testid=calls-by-endpoint]');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    await shoot(phone, 'phone-partners', '/', '[data-testid=partners]');
    await shoot(phone, 'phone-company-record', `/companies/${partner.id}`, '[data-testid=tier-progress]');
    await shoot(phone, 'phone-partner-card', `/companies/${partner.id}`, '[data-testid=tier-progress]', { scrollTo: '[data-testid=card-partner-enablement-card]' });
  } finally {
    await browser.close();
    await mode.close();
  }
  console.log(`Wrote ${written.length} screenshots:\n${written.map((file) => `  ${file}`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
