import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServices, type Services } from '../../../src/app/build-services.js';
import { loadConfig } from '../../../src/config.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { useTestDatabase } from '../../support/test-database.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { verifyPartnerLinkToken } from '../../../src/partner-page/partner-link-token.js';
import { signConsentToken } from '../../../src/training/consent-token.js';
import { DEMO_TODAY, demoPartner, executionRequest, PUBLIC_BASE_URL } from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const NEW_CLIENT_SECRET = 'client-secret-after-rotation';
const NEW_LINK_SECRET = 'link-secret-after-rotation';
const OLD_LINK_SECRET = 'link-secret-before-rotation';
const STRANGER = 'a-secret-nobody-configured';

describe('rotating the client secret and the link signing secret', () => {
  const databaseUrl = useTestDatabase();
  let sandbox: Sandbox;
  let services: Services;
  let web: WebServer;
  const outbox = createMemoryMailSender();
  const now = Date.parse(`${DEMO_TODAY}T12:00:00Z`);

  beforeAll(async () => {
    sandbox = await startSandbox({ today: DEMO_TODAY });
    const config = loadConfig({
      PUBLIC_BASE_URL,
      HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
      DATABASE_URL: databaseUrl(),
      // The sandbox still signs with the old secret, as HubSpot may for a while after a rotation.
      HUBSPOT_CLIENT_SECRET: NEW_CLIENT_SECRET,
      HUBSPOT_CLIENT_SECRET_PREVIOUS: sandbox.clientSecret,
      LINK_SIGNING_SECRET: NEW_LINK_SECRET,
      LINK_SIGNING_SECRET_PREVIOUS: OLD_LINK_SECRET,
      HUBSPOT_API_BASE_URL: sandbox.url,
      HUBSPOT_PORTAL_ID: String(sandbox.portalId),
      REDIS_URL: redisUrl,
    });
    services = await buildServices(config, {
      logger: createLogger({ level: 'silent' }),
      recalculation: { prefix: `test:rotation:${crypto.randomBytes(4).toString('hex')}` },
      mail: outbox,
      now: () => now,
    });
    web = await startWeb({ app: services.createWebApp(), port: 0, host: '127.0.0.1', logger: services.logger });
  });

  afterAll(async () => {
    await web?.close();
    await services?.close();
    await sandbox?.stop();
  });

  async function postWebhook(secret: string): Promise<number> {
    const path = '/hubspot/webhooks';
    const body = JSON.stringify([
      {
        eventId: crypto.randomInt(1, 2 ** 31),
        subscriptionId: 1,
        portalId: sandbox.portalId,
        appId: Number(sandbox.appId),
        occurredAt: now,
        subscriptionType: 'company.propertyChange',
        attemptNumber: 0,
        objectId: Number(demoPartner(sandbox, 'gold').id),
        propertyName: 'pe_sales_modules_completed',
        propertyValue: '8',
        changeSource: 'CRM_UI',
        sourceId: 'userId:1',
      },
    ]);
    const timestamp = Date.now();
    const response = await fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret, method: 'POST', url: `${PUBLIC_BASE_URL}${path}`, body, timestamp }),
        'x-hubspot-request-timestamp': String(timestamp),
      },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function postAction(secret: string): Promise<number> {
    const path = '/hubspot/actions/check-tier-eligibility';
    const body = JSON.stringify(executionRequest({ portalId: String(sandbox.portalId) }, { objectId: demoPartner(sandbox, 'gold').id, inputFields: { target_tier: 'gold' } }));
    const response = await fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature': signAsHubSpot.v2({ secret, method: 'POST', url: `${PUBLIC_BASE_URL}${path}`, body }) },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function getCard(secret: string): Promise<number> {
    const pathAndQuery = `/hubspot/cards/partner-enablement?portalId=${sandbox.portalId}&companyId=${demoPartner(sandbox, 'silver').id}`;
    const response = await fetch(`${web.url}${pathAndQuery}`, {
      headers: {
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret, method: 'GET', url: `${PUBLIC_BASE_URL}${pathAndQuery}`, body: '', timestamp: now }),
        'x-hubspot-request-timestamp': String(now),
      },
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('accepts webhooks, workflow actions and card requests signed with the previous client secret', async () => {
    expect(await postWebhook(sandbox.clientSecret)).toBeLessThan(300);
    expect(await postAction(sandbox.clientSecret)).toBe(200);
    expect(await getCard(sandbox.clientSecret)).toBe(200);
  });

  it('accepts them signed with the current client secret', async () => {
    expect(await postWebhook(NEW_CLIENT_SECRET)).toBeLessThan(300);
    expect(await postAction(NEW_CLIENT_SECRET)).toBe(200);
    expect(await getCard(NEW_CLIENT_SECRET)).toBe(200);
  });

  it('refuses them signed with any other secret', async () => {
    expect(await postWebhook(STRANGER)).toBe(401);
    expect(await postAction(STRANGER)).toBe(401);
    expect(await getCard(STRANGER)).toBe(401);
  });

  it('signs new partner page links with the current link secret, and still opens consent links signed with the previous one', async () => {
    const companyId = sandbox.ui.createCompany({ name: 'Rotation Partners', pe_is_partner: 'true', pe_timezone: 'Europe/Berlin' });
    const contactId = sandbox.ui.createContact({ firstname: 'Grace', lastname: 'Hopper', email: 'grace@partner.example', pe_partner_role: 'sales' });
    sandbox.ui.associate(contactId, companyId);
    const answer = await services.training.assignTraining({ portalId: String(sandbox.portalId), contactId, track: 'sales', actor: { type: 'operator', id: 'test' } });
    // A partner's contact is asked on their partner page: its link is signed with the current secret.
    const pageToken = outbox.outbox.at(-1)!.text.match(/https?:\/\/\S+\/p\/([A-Za-z0-9._~-]+)/)![1]!;
    expect(() => verifyPartnerLinkToken(pageToken, [NEW_LINK_SECRET])).not.toThrow();
    expect(() => verifyPartnerLinkToken(pageToken, [OLD_LINK_SECRET])).toThrow();

    // A consent link sent before the rotation (signed with the previous secret) still opens.
    const claims = { assignmentId: answer.assignmentId!, expiresAt: now + 86_400_000 };
    const issuedBefore = signConsentToken(claims, OLD_LINK_SECRET);
    const forged = signConsentToken(claims, STRANGER);
    const before = await fetch(`${web.url}/training/consent/${issuedBefore}`);
    const stranger = await fetch(`${web.url}/training/consent/${forged}`);

    expect(before.status).toBe(200);
    expect(await before.text()).toContain('Sales');
    expect(stranger.status).toBe(400);
  });
});
