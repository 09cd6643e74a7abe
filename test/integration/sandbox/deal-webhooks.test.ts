import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxOptions, SubscriptionSpec } from '../../../src/sandbox/index.js';
import { withSandbox } from '../../support/sandbox-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/sandbox-webhook-receiver.js';

const SECRET = 'deal-webhook-secret';
const APP_ID = '5151';

const LEGACY: SubscriptionSpec[] = [
  { subscriptionType: 'deal.creation', active: true },
  { subscriptionType: 'deal.propertyChange', propertyName: 'dealstage', active: true },
  { subscriptionType: 'deal.deletion', active: true },
  { subscriptionType: 'deal.associationChange', active: true },
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
    seed: 'empty',
    appId: APP_ID,
    clientSecret: SECRET,
    webhookTargetUrl: receiver.url,
    subscriptions: LEGACY,
    eventFormat: 'asSubscribed',
    webhookRetry: { initialDelayMs: 10, maxDelayMs: 40 },
    ...overrides,
  };
}

describe('deal webhooks', () => {
  it('delivers the app\'s own deal create, stage change and delete as signed deal.* events from INTEGRATION', async () => {
    await withSandbox(options(), async (sandbox, client) => {
      const { id } = await client.crm.deals.basicApi.create({ properties: { dealname: 'Hooked', dealstage: 'appointmentscheduled' }, associations: [] });
      await client.crm.deals.basicApi.update(id, { properties: { dealstage: 'contractsent', amount: '10' } });
      await client.crm.deals.basicApi.archive(id);
      await sandbox.webhooks.flush();
      expect(receiver.received.length).toBeGreaterThan(0);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      const events = receiver.allEvents().map((e) => [e.subscriptionType, e.objectId, e.propertyName, e.propertyValue, e.changeFlag, e.changeSource, e.sourceId]);
      expect(events).toEqual([
        ['deal.creation', Number(id), undefined, undefined, 'CREATED', 'INTEGRATION', APP_ID],
        ['deal.propertyChange', Number(id), 'dealstage', 'appointmentscheduled', undefined, 'INTEGRATION', APP_ID],
        ['deal.propertyChange', Number(id), 'dealstage', 'contractsent', undefined, 'INTEGRATION', APP_ID],
        ['deal.deletion', Number(id), undefined, undefined, 'DELETED', 'INTEGRATION', APP_ID],
      ]);
    });
  });

  it('marks a salesperson\'s deal in HubSpot\'s UI as CRM_UI with their user id', async () => {
    await withSandbox(options(), async (sandbox) => {
      const id = sandbox.ui.createRecord('deals', { dealname: 'By hand', dealstage: 'qualifiedtobuy' }, 4242);
      sandbox.ui.deleteRecord('deals', id, 4242);
      await sandbox.webhooks.flush();
      const sources = receiver.allEvents().map((e) => [e.subscriptionType, e.changeSource, e.sourceId]);
      expect(sources).toEqual([
        ['deal.creation', 'CRM_UI', 'userId:4242'],
        ['deal.propertyChange', 'CRM_UI', 'userId:4242'],
        ['deal.deletion', 'CRM_UI', 'userId:4242'],
      ]);
    });
  });

  it('delivers deal association changes on both sides, a label with its USER_DEFINED type id', async () => {
    await withSandbox(options({ eventFormat: 'object', subscriptions: [{ subscriptionType: 'object.associationChange', objectType: 'deal', active: true }] }), async (sandbox, client) => {
      const companyId = sandbox.ui.createCompany({ name: 'Hooked partner' });
      const label = await client.crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Registered partner', name: 'registered_partner' });
      const { id } = await client.crm.deals.basicApi.create({ properties: { dealname: 'Associated' }, associations: [] });
      await client.crm.associations.v4.basicApi.create('deals', id, 'companies', companyId, [
        { associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: label.results[0]!.typeId },
      ]);
      await client.crm.associations.v4.basicApi.archive('deals', id, 'companies', companyId);
      await sandbox.webhooks.flush();
      const events = receiver.allEvents().map((e) => [e.associationType, e.associationCategory, e.associationTypeId, e.associationRemoved, e.changeSource]);
      expect(events).toEqual([
        ['DEAL_TO_COMPANY', 'HUBSPOT_DEFINED', 341, false, 'INTEGRATION'],
        ['COMPANY_TO_DEAL', 'HUBSPOT_DEFINED', 342, false, 'INTEGRATION'],
        ['DEAL_TO_COMPANY', 'USER_DEFINED', label.results[0]!.typeId, false, 'INTEGRATION'],
        ['COMPANY_TO_DEAL', 'USER_DEFINED', label.results[1]!.typeId, false, 'INTEGRATION'],
        ['DEAL_TO_COMPANY', 'HUBSPOT_DEFINED', 341, true, 'INTEGRATION'],
        ['COMPANY_TO_DEAL', 'HUBSPOT_DEFINED', 342, true, 'INTEGRATION'],
      ]);
      expect(receiver.allEvents().every((e) => e.subscriptionType === 'object.associationChange')).toBe(true);
    });
  });

  it('sends nothing for deals without a deal subscription', async () => {
    await withSandbox(options({ subscriptions: [{ subscriptionType: 'company.creation', active: true }] }), async (sandbox, client) => {
      await client.crm.deals.basicApi.create({ properties: { dealname: 'Unheard' }, associations: [] });
      await sandbox.webhooks.flush();
      expect(receiver.received).toHaveLength(0);
    });
  });
});
