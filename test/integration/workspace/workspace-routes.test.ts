import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices, type Services } from '../../../src/app/build-services.js';
import { loadConfig } from '../../../src/config.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { useTestDatabase } from '../../support/test-database.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { DEMO_TODAY, startTestProduct, type TestProduct } from '../product/product-harness.js';

const redisUrl = inject('redisUrl');
const WORKSPACE_PATHS = ['/', '/workspace/app.js', '/workspace/cards/partner-enablement-card.js', '/workspace/api/partners', '/workspace/api/app'];

describe('production (an access token set)', () => {
  const databaseUrl = useTestDatabase();
  let sandbox: Sandbox;
  let services: Services;
  let web: WebServer;

  beforeAll(async () => {
    sandbox = await startSandbox({ today: DEMO_TODAY });
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
      DATABASE_URL: databaseUrl(),
      HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
      HUBSPOT_API_BASE_URL: sandbox.url,
      HUBSPOT_PORTAL_ID: String(sandbox.portalId),
      REDIS_URL: redisUrl,
    });
    services = await buildServices(config, { logger: createLogger({ level: 'silent' }), recalculation: { prefix: `test:ws-prod:${crypto.randomBytes(4).toString('hex')}` } });
    web = await startWeb({ app: services.createWebApp(), port: 0, host: '127.0.0.1', logger: services.logger });
  });

  afterAll(async () => {
    await web?.close();
    await services?.close();
    await sandbox?.stop();
  });

  it.each(WORKSPACE_PATHS)('answers 404 for the workspace route %s', async (path) => {
    const response = await fetch(`${web.url}${path}`);
    await response.arrayBuffer();
    expect(response.status).toBe(404);
  });
});

describe('the workspace in sandbox mode', () => {
  let product: TestProduct;
  let base: string;

  beforeAll(async () => {
    product = await startTestProduct(redisUrl);
    base = product.mode.serverUrl;
  });

  afterAll(async () => {
    await product?.stop();
  });

  const partnerOf = (tier: string) => product.mode.sandbox.seed.partners.find((p) => p.expectedTier === tier)!;

  it('serves its page at / and the browser bundles', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/workspace/app.js');
    const card = await fetch(`${base}/workspace/cards/partner-enablement-card.js`);
    expect(card.status).toBe(200);
    expect(await card.text()).toContain('partner-enablement-card');
    expect(product.mode.workspaceUrl).toBe(`${base}/`);
  });

  it('lists the partners with their tier, score, trend and gap count', async () => {
    const { partners } = (await (await fetch(`${base}/workspace/api/partners`)).json()) as { partners: Array<Record<string, unknown>> };
    expect(partners).toHaveLength(product.mode.sandbox.seed.partners.length);
    const gold = partnerOf('gold');
    expect(partners.find((p) => p.id === gold.id)).toMatchObject({ name: gold.name, tier: 'gold', score: expect.any(Number), gapCount: expect.any(Number) });
  });

  it('shows a company with inputs, outputs marked as the app\'s, contacts and the audit trail', async () => {
    const partner = partnerOf('silver');
    const record = (await (await fetch(`${base}/workspace/api/companies/${partner.id}`)).json()) as {
      properties: Array<{ name: string; kind: string; value: string }>;
      contacts: unknown[];
      audit: unknown[];
    };
    expect(record.properties.find((p) => p.name === 'pe_technical_modules_completed')).toMatchObject({ kind: 'input' });
    expect(record.properties.find((p) => p.name === 'pe_tier')).toMatchObject({ kind: 'output', value: 'silver' });
    expect(record.contacts.length).toBeGreaterThan(0);
    expect(Array.isArray(record.audit)).toBe(true);
  });

  it('saves an input edit as the user\'s, so the product recalculates the partner', async () => {
    const { sandbox } = product.mode;
    const partner = partnerOf('none');
    const response = await fetch(`${base}/workspace/api/companies/${partner.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { pe_foundation_complete: 'true' } }),
    });
    expect(response.status).toBe(200);
    await product.settle();
    const event = sandbox.webhooks.events.filter((e) => String(e.objectId) === partner.id && e.propertyName === 'pe_foundation_complete').at(-1);
    expect(event).toMatchObject({ changeSource: 'CRM_UI', sourceId: `userId:${sandbox.ui.userId}` });
    expect(sandbox.store.getCompany(partner.id)?.properties.pe_tier).toBe('bronze');
  });

  it('refuses to edit an output or a malformed body with 400', async () => {
    const partner = partnerOf('gold');
    const output = await fetch(`${base}/workspace/api/companies/${partner.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ properties: { pe_tier: 'platinum' } }) });
    expect(output.status).toBe(400);
    expect(await output.text()).toContain('pe_tier');
    const malformed = await fetch(`${base}/workspace/api/companies/${partner.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"properties": 3}' });
    expect(malformed.status).toBe(400);
    expect(product.mode.sandbox.store.getCompany(partner.id)?.properties.pe_tier).toBe('gold');
  });

  it('reaches the real card route through its hubspot.fetch proxy', async () => {
    const partner = partnerOf('gold');
    const url = `${base}/hubspot/cards/partner-enablement?portalId=${product.mode.sandbox.portalId}&companyId=${partner.id}`;
    const response = await fetch(`${base}/workspace/api/hubspot-fetch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ isPartner: true, companyId: partner.id, tier: { id: 'gold' } });
  });

  it('leaves the card route refusing a portalId repeated with another value', async () => {
    const partner = partnerOf('gold');
    const pathAndQuery = `/hubspot/cards/partner-enablement?portalId=${product.mode.sandbox.portalId}&companyId=${partner.id}&portalId=1`;
    const timestamp = Date.now();
    const response = await fetch(`${base}${pathAndQuery}`, {
      headers: {
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: product.mode.sandbox.clientSecret, method: 'GET', url: `${base}${pathAndQuery}`, body: '', timestamp }),
        'x-hubspot-request-timestamp': String(timestamp),
      },
    });
    expect(response.status).toBe(400);
  });

  it('runs a custom workflow action as HubSpot calls it and shows its outputs', async () => {
    const partner = partnerOf('gold');
    const response = await fetch(`${base}/workspace/api/workflow-actions/check-tier-eligibility/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objectId: partner.id, objectType: 'COMPANY', inputFields: { target_tier: 'gold' } }),
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as { status: number; callbackId: string; outputFields: Record<string, string> };
    expect(run.status).toBe(200);
    expect(run.callbackId).toMatch(/^ap-/);
    expect(run.outputFields).toMatchObject({ eligible: 'yes', hs_execution_state: 'SUCCESS' });
  });

  it('counts HubSpot calls by endpoint and status', async () => {
    const summary = (await (await fetch(`${base}/workspace/api/calls`)).json()) as { total: number; byEndpoint: Array<{ endpoint: string; statuses: Record<string, number> }>; budget: { max: number } };
    expect(summary.total).toBeGreaterThan(0);
    expect(summary.byEndpoint.find((row) => row.endpoint === '/crm/v3/objects/companies/batch/read')?.statuses['200']).toBeGreaterThan(0);
    expect(summary.budget.max).toBe(product.mode.config.hubspot.requestsPer10s);
  });
});
