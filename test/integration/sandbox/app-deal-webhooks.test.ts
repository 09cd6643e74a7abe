import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWebhookEvents } from '../../../src/http/parse-webhook-events.js';
import type { SandboxOptions } from '../../../src/sandbox/index.js';
import { withSandbox } from '../../support/sandbox-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/sandbox-webhook-receiver.js';

// The app's own webhooks component (extensions/app/webhooks/webhooks-hsmeta.json), loaded by the
// sandbox as HubSpot would after an upload: the deal events deal registration needs arrive, the
// registration outputs the app writes never do, and the product's webhook parser takes them all.

const SECRET = 'app-deal-webhook-secret';
const APP_ID = '6161';

let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver(SECRET);
});

afterEach(async () => {
  await receiver.stop();
});

function options(): SandboxOptions {
  // No `subscriptions`: the sandbox reads the app's hsmeta file. The demo portal has the app's deal properties.
  return { seed: 'demo', appId: APP_ID, clientSecret: SECRET, webhookTargetUrl: receiver.url, webhookRetry: { initialDelayMs: 10, maxDelayMs: 40 } };
}

const dealEvents = (dealId: string) =>
  receiver
    .allEvents()
    .filter((event) => (event.objectTypeId === '0-3' && event.objectId === Number(dealId)) || (event.fromObjectTypeId === '0-3' && event.fromObjectId === Number(dealId)))
    .map((event) => [event.subscriptionType, event.propertyName ?? event.changeFlag ?? (event.associationRemoved ? 'removed' : 'added')]);

describe("the app's deal webhook subscriptions", () => {
  it('deliver deal creation, input, stage and pipeline changes, association changes and deletion, and never a registration output', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const customerId = sandbox.ui.createCompany({ name: 'Customer', domain: 'customer.example' });
      const { id } = await client.crm.deals.basicApi.create({ properties: { dealname: 'Registered deal', pipeline: 'default', dealstage: 'appointmentscheduled' }, associations: [] });
      sandbox.ui.updateRecord('deals', id, { pe_partner_company_id: '42', pe_registration_status: 'submitted', pe_registration_conflict: 'none' }, 7);
      sandbox.ui.updateRecord('deals', id, { dealstage: 'closedwon', pe_registration_status: 'won' }, 7);
      await client.crm.associations.v4.basicApi.createDefault('deals', id, 'companies', customerId);
      await client.crm.deals.basicApi.archive(id);
      await sandbox.webhooks.flush();

      const events = dealEvents(id);
      expect(events).toContainEqual(['object.creation', 'CREATED']);
      expect(events).toContainEqual(['object.propertyChange', 'pe_partner_company_id']);
      expect(events).toContainEqual(['object.propertyChange', 'dealstage']);
      expect(events).toContainEqual(['object.propertyChange', 'pipeline']);
      expect(events).toContainEqual(['object.associationChange', 'added']);
      expect(events).toContainEqual(['object.deletion', 'DELETED']);
      const properties = events.filter(([type]) => type === 'object.propertyChange').map(([, name]) => name);
      expect(properties.filter((name) => String(name).startsWith('pe_registration_'))).toEqual([]);
    });
  });

  it('reach the product as events it reads: every body parses, deal events as deal-free "other" objects', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const customerId = sandbox.ui.createCompany({ name: 'Customer', domain: 'customer.example' });
      const { id } = await client.crm.deals.basicApi.create({ properties: { dealname: 'Parsed', pe_partner_company_id: '42' }, associations: [] });
      await client.crm.associations.v4.basicApi.createDefault('deals', id, 'companies', customerId);
      await client.crm.deals.basicApi.archive(id);
      await sandbox.webhooks.flush();

      expect(receiver.allEvents().map((event) => event.subscriptionType)).toEqual(expect.arrayContaining(['object.creation', 'object.propertyChange', 'object.deletion']));
      const parsed = receiver.received.flatMap((delivery) => parseWebhookEvents(delivery.events));
      expect(parsed.length).toBe(receiver.allEvents().length);
      // Deal events must not be mistaken for company or contact changes that start a recalculation
      // (the customer's own events, its name and domain, are company events).
      const dealEvents = receiver.received.flatMap((delivery) =>
        parseWebhookEvents(delivery.events.filter((event) => event.objectTypeId === '0-3' || event.fromObjectTypeId === '0-3')),
      );
      expect(dealEvents.length).toBeGreaterThan(0);
      for (const event of dealEvents) {
        if (event.kind === 'propertyChange') expect(event.object).toBe('other');
        if (event.kind === 'associationChange') expect([event.from.object, event.to.object]).toContain('other');
      }
    });
  });
});
