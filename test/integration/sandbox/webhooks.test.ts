import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/notes/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxOptions, SubscriptionSpec } from '../../../src/sandbox/index.js';
import { withSandbox } from '../../support/sandbox-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/sandbox-webhook-receiver.js';

const SECRET = 'webhook-test-secret';
const APP_ID = '4242';

const SUBSCRIPTIONS: SubscriptionSpec[] = [
  { subscriptionType: 'object.propertyChange', objectType: 'company', propertyName: 'pe_sales_modules_completed', active: true },
  { subscriptionType: 'object.propertyChange', objectType: 'company', propertyName: 'pe_timezone', active: true },
  { subscriptionType: 'object.propertyChange', objectType: 'contact', propertyName: 'pe_partner_role', active: true },
  { subscriptionType: 'object.propertyChange', objectType: 'company', propertyName: 'pe_is_partner', active: false },
  { subscriptionType: 'object.associationChange', objectType: 'contact', active: true },
  { subscriptionType: 'object.associationChange', objectType: 'company', active: true },
];

let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver(SECRET);
});

afterEach(async () => {
  await receiver.stop();
});

function options(overrides: SandboxOptions = {}): SandboxOptions {
  return {
    seed: 'demo',
    appId: APP_ID,
    clientSecret: SECRET,
    webhookTargetUrl: receiver.url,
    subscriptions: SUBSCRIPTIONS,
    webhookRetry: { initialDelayMs: 10, maxDelayMs: 40 },
    ...overrides,
  };
}

describe('webhook delivery', () => {
  it('delivers an API write as a signed object.propertyChange from INTEGRATION with the app id', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const id = sandbox.seed.partners[0]!.id;
      await client.crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_sales_modules_completed: '7' } }] });
      await sandbox.webhooks.flush();
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      expect(receiver.allEvents()).toEqual([
        expect.objectContaining({
          subscriptionType: 'object.propertyChange',
          objectTypeId: '0-2',
          objectId: Number(id),
          propertyName: 'pe_sales_modules_completed',
          propertyValue: '7',
          changeSource: 'INTEGRATION',
          sourceId: APP_ID,
          appId: Number(APP_ID),
          portalId: sandbox.portalId,
          attemptNumber: 0,
        }),
      ]);
    });
  });

  it('delivers a UI edit as CRM_UI with userId:N', async () => {
    await withSandbox(options(), async (sandbox) => {
      const contactId = sandbox.seed.partners[0]!.contactIds[0]!;
      sandbox.ui.updateContact(contactId, { pe_partner_role: 'senior' }, 777);
      await sandbox.webhooks.flush();
      expect(receiver.allEvents()).toEqual([
        expect.objectContaining({ objectTypeId: '0-1', objectId: Number(contactId), propertyValue: 'senior', changeSource: 'CRM_UI', sourceId: 'userId:777' }),
      ]);
    });
  });

  it('sends nothing when a write leaves the value as it was', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const partner = sandbox.seed.partners[0]!;
      const current = sandbox.store.getCompany(partner.id)!.properties.pe_sales_modules_completed!;
      await client.crm.companies.batchApi.update({ inputs: [{ id: partner.id, properties: { pe_sales_modules_completed: current } }] });
      sandbox.ui.updateCompany(partner.id, { pe_sales_modules_completed: current });
      await sandbox.webhooks.flush();
      expect(sandbox.webhooks.events).toHaveLength(0);
      expect(receiver.received).toHaveLength(0);
    });
  });

  it('sends nothing for properties without an active subscription', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const id = sandbox.seed.partners[0]!.id;
      await client.crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_readiness_score: '55', pe_is_partner: 'false' } }] });
      await sandbox.webhooks.flush();
      expect(receiver.received).toHaveLength(0);
    });
  });

  it('batches at most 100 events per request', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const partners = sandbox.seed.partners;
      // 30 partners × 2 subscribed properties × 4 rounds = 240 events.
      for (let round = 0; round < 4; round += 1) {
        await client.crm.companies.batchApi.update({
          inputs: partners.map((p) => ({ id: p.id, properties: { pe_sales_modules_completed: String(20 + round), pe_timezone: `Etc/GMT-${round + 1}` } })),
        });
      }
      await sandbox.webhooks.flush();
      const sizes = receiver.received.map((r) => r.events.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(partners.length * 2 * 4);
    });
  });

  it('retries a request the app answered with 500, incrementing attemptNumber', async () => {
    receiver.respondWith(500);
    await withSandbox(options(), async (sandbox) => {
      sandbox.ui.updateCompany(sandbox.seed.partners[1]!.id, { pe_timezone: 'Pacific/Auckland' });
      await sandbox.webhooks.flush();
      expect(receiver.received.map((r) => [r.status, r.events[0]?.attemptNumber])).toEqual([
        [500, 0],
        [204, 1],
      ]);
      expect(receiver.received[1]?.events[0]?.eventId).toBe(receiver.received[0]?.events[0]?.eventId);
      expect(sandbox.webhooks.delivered.map((d) => d.status)).toEqual([500, 204]);
    });
  });

  it('gives up after the configured number of attempts', async () => {
    receiver.respondWith(500, 500, 500, 500);
    await withSandbox(options({ webhookRetry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 10 } }), async (sandbox) => {
      sandbox.ui.updateCompany(sandbox.seed.partners[1]!.id, { pe_timezone: 'Asia/Tokyo' });
      await sandbox.webhooks.flush();
      expect(receiver.received.map((r) => r.events[0]?.attemptNumber)).toEqual([0, 1, 2]);
    });
  });

  it('treats an answer slower than the timeout as a failure and retries', async () => {
    receiver.setDelay(150);
    await withSandbox(options({ webhookRetry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 10, timeoutMs: 50 } }), async (sandbox) => {
      sandbox.ui.updateCompany(sandbox.seed.partners[1]!.id, { pe_timezone: 'Europe/London' });
      await sandbox.webhooks.flush();
      expect(sandbox.webhooks.delivered.map((d) => [d.status, d.attemptNumber])).toEqual([
        ['timeout', 0],
        ['timeout', 1],
      ]);
    });
  });

  it('keeps at most maxConcurrentRequests requests in flight', async () => {
    receiver.setDelay(60);
    await withSandbox(options({ maxConcurrentRequests: 2 }), async (sandbox, client) => {
      const partners = sandbox.seed.partners;
      sandbox.webhooks.pause();
      for (let round = 0; round < 12; round += 1) {
        await client.crm.companies.batchApi.update({ inputs: partners.map((p) => ({ id: p.id, properties: { pe_sales_modules_completed: String(40 + round) } })) });
      }
      await sandbox.webhooks.flush();
      expect(receiver.received).toHaveLength(0);
      sandbox.webhooks.resume();
      await sandbox.webhooks.flush();
      expect(receiver.received.length).toBeGreaterThanOrEqual(4);
      expect(receiver.maxInFlight).toBe(2);
    });
  });

  it('records events without sending them when there is no target URL', async () => {
    await withSandbox(options({ webhookTargetUrl: undefined }), async (sandbox) => {
      sandbox.ui.updateCompany(sandbox.seed.partners[2]!.id, { pe_timezone: 'Australia/Sydney' });
      await sandbox.webhooks.flush();
      expect(sandbox.webhooks.events).toHaveLength(1);
      expect(receiver.received).toHaveLength(0);
    });
  });
});

describe('association changes', () => {
  // As the app subscribes: association changes through the company subscription only.
  const companyOnly = (): SandboxOptions => options({
    subscriptions: [{ subscriptionType: 'object.associationChange', objectType: 'company', active: true }],
  });
  const associationEvents = () => receiver.allEvents().filter((e) => e.subscriptionType === 'object.associationChange');

  it('sends both directions to a company subscription when a contact is associated in the UI', async () => {
    await withSandbox(companyOnly(), async (sandbox) => {
      const companyId = sandbox.seed.partners[3]!.id;
      const contactId = sandbox.ui.createContact({ email: 'new.hire@partner.example' });
      sandbox.ui.associate(contactId, companyId, 12);
      await sandbox.webhooks.flush();
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      const subscriptionId = sandbox.webhooks.subscriptions[0]!.id;
      expect(associationEvents()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            subscriptionId,
            associationType: 'CONTACT_TO_COMPANY',
            fromObjectTypeId: '0-1',
            toObjectTypeId: '0-2',
            fromObjectId: Number(contactId),
            toObjectId: Number(companyId),
            associationTypeId: 279,
            associationRemoved: false,
            changeSource: 'CRM_UI',
            sourceId: 'userId:12',
          }),
          expect.objectContaining({
            subscriptionId,
            associationType: 'COMPANY_TO_CONTACT',
            fromObjectTypeId: '0-2',
            toObjectTypeId: '0-1',
            fromObjectId: Number(companyId),
            toObjectId: Number(contactId),
            associationTypeId: 280,
            associationRemoved: false,
          }),
        ]),
      );
      expect(associationEvents()).toHaveLength(2);
    });
  });

  it('sends each subscription of either object its own events', async () => {
    await withSandbox(options(), async (sandbox) => {
      const companyId = sandbox.seed.partners[3]!.id;
      const contactId = sandbox.ui.createContact({ email: 'second.hire@partner.example' });
      sandbox.ui.associate(contactId, companyId, 12);
      await sandbox.webhooks.flush();
      const bySubscription = new Map<unknown, string[]>();
      for (const event of associationEvents()) {
        bySubscription.set(event.subscriptionId, [...(bySubscription.get(event.subscriptionId) ?? []), String(event.associationType)]);
      }
      expect([...bySubscription.values()].map((types) => types.sort())).toEqual([
        ['COMPANY_TO_CONTACT', 'CONTACT_TO_COMPANY'],
        ['COMPANY_TO_CONTACT', 'CONTACT_TO_COMPANY'],
      ]);
    });
  });

  it('marks a removed association with associationRemoved true, in both directions', async () => {
    await withSandbox(companyOnly(), async (sandbox, client) => {
      const partner = sandbox.seed.partners[3]!;
      await client.crm.associations.v4.basicApi.archive('contacts', partner.contactIds[0]!, 'companies', partner.id);
      await sandbox.webhooks.flush();
      const removed = associationEvents().filter((e) => e.associationRemoved === true);
      expect(removed.map((e) => e.associationType).sort()).toEqual(['COMPANY_TO_CONTACT', 'CONTACT_TO_COMPANY']);
      expect(removed[0]).toMatchObject({ changeSource: 'INTEGRATION', sourceId: APP_ID });
    });
  });

  it("sends a company subscription the association events of the app's own note", async () => {
    await withSandbox(companyOnly(), async (sandbox, client) => {
      const companyId = sandbox.seed.partners[2]!.id;
      await client.crm.objects.notes.basicApi.create({
        properties: { hs_note_body: 'Tier changed', hs_timestamp: '2026-11-15T10:00:00.000Z' },
        associations: [{ to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 190 }] }],
      });
      await sandbox.webhooks.flush();
      expect(associationEvents().map((e) => [e.associationType, e.changeSource, e.sourceId]).sort()).toEqual([
        ['COMPANY_TO_NOTE', 'INTEGRATION', APP_ID],
        ['NOTE_TO_COMPANY', 'INTEGRATION', APP_ID],
      ]);
    });
  });
});

describe('event formats and subscriptions', () => {
  it('sends legacy company.propertyChange events when asked', async () => {
    await withSandbox(options({ eventFormat: 'legacy' }), async (sandbox) => {
      sandbox.ui.updateCompany(sandbox.seed.partners[4]!.id, { pe_timezone: 'Asia/Kolkata' });
      await sandbox.webhooks.flush();
      const [event] = receiver.allEvents();
      expect(event?.subscriptionType).toBe('company.propertyChange');
      expect(event).not.toHaveProperty('objectTypeId');
    });
  });

  it('reads subscriptions and maxConcurrentRequests from a webhooks-hsmeta.json file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-hsmeta-'));
    const file = path.join(dir, 'webhooks-hsmeta.json');
    writeFileSync(
      file,
      JSON.stringify({
        uid: 'partner_enablement_webhooks',
        type: 'webhooks',
        config: {
          settings: { targetUrl: 'https://partners.example/hubspot/webhooks', maxConcurrentRequests: 3 },
          subscriptions: { crmObjects: [{ subscriptionType: 'object.propertyChange', objectType: 'company', propertyName: 'pe_target_tier', active: true }] },
        },
      }),
    );
    try {
      await withSandbox({ ...options(), subscriptions: undefined, webhooksHsmetaPath: file }, async (sandbox) => {
        expect(sandbox.webhooks.subscriptions).toEqual([expect.objectContaining({ kind: 'propertyChange', objectType: 'companies', propertyName: 'pe_target_tier' })]);
        sandbox.ui.updateCompany(sandbox.seed.partners[0]!.id, { pe_target_tier: 'platinum' });
        await sandbox.webhooks.flush();
        expect(receiver.allEvents()).toEqual([expect.objectContaining({ propertyName: 'pe_target_tier', propertyValue: 'platinum' })]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
