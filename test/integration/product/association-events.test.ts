import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { WebhookEvent } from '../../../src/sandbox/index.js';
import { companyProperties, startTestProduct, type TestProduct } from './product-harness.js';

/*
 * HubSpot sends an association change to the company subscription in both directions
 * (CONTACT_TO_COMPANY and COMPANY_TO_CONTACT), signed like any webhook. The sandbox does the same
 * with its own signer and the app's shipped subscriptions; the product must recalculate the
 * partner on either event, and leave alone the association events of its own notes and tasks.
 */

let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct(inject('redisUrl'));
});

afterAll(async () => {
  await product?.stop();
});

beforeEach(() => {
  product.mode.sandbox.requests.reset();
});

function partnerOf(tier: string, index = 0) {
  return product.mode.sandbox.seed.partners.filter((p) => p.expectedTier === tier)[index]!;
}

const validCertifications = (companyId: string) => Number(companyProperties(product, companyId).pe_valid_certifications);

/** A new person holding one valid certification, associated with no company yet. */
function aCertifiedContact(email: string): string {
  return product.mode.sandbox.ui.createContact({ email, pe_partner_role: 'sales', pe_cert_sales_fundamentals_earned_on: '2026-10-01' });
}

function associationEventsBetween(contactId: string, companyId: string): WebhookEvent[] {
  const ids = new Set([Number(contactId), Number(companyId)]);
  return product.mode.sandbox.webhooks.events.filter(
    (event) => event.subscriptionType === 'object.associationChange' && ids.has(event.fromObjectId as number) && ids.has(event.toObjectId as number),
  );
}

describe('association changes made in HubSpot', () => {
  it('recalculate the partner a contact is associated with, from both signed events', async () => {
    const { sandbox } = product.mode;
    const partner = partnerOf('silver', 1);
    const before = validCertifications(partner.id);
    const contactId = aCertifiedContact('joined.partner@partner.example');
    await product.settle();

    sandbox.ui.associate(contactId, partner.id);
    await product.settle();

    expect(validCertifications(partner.id)).toBe(before + 1);
    const events = associationEventsBetween(contactId, partner.id);
    expect(events.map((event) => event.associationType).sort()).toEqual(['COMPANY_TO_CONTACT', 'CONTACT_TO_COMPANY']);
    const deliveries = sandbox.webhooks.delivered.filter((delivery) => delivery.events.some((event) => events.some((e) => e.eventId === event.eventId)));
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((delivery) => delivery.status === 200 || delivery.status === 204)).toBe(true);
  });

  it('recalculate the partner a contact is removed from', async () => {
    const { sandbox } = product.mode;
    const partner = partnerOf('gold', 1);
    const leaver = partner.contactIds.find((id) => Number(sandbox.store.getContact(id)!.properties.pe_valid_certifications) > 0)!;
    const before = validCertifications(partner.id);
    const leaving = Number(sandbox.store.getContact(leaver)!.properties.pe_valid_certifications);

    sandbox.ui.disassociate(leaver, partner.id);
    await product.settle();

    expect(validCertifications(partner.id)).toBe(before - leaving);
    expect(associationEventsBetween(leaver, partner.id).filter((event) => event.associationRemoved === true)).toHaveLength(2);
  });

  it.each([
    ['CONTACT_TO_COMPANY', 2],
    ['COMPANY_TO_CONTACT', 3],
  ])('recalculate the partner from the %s event alone', async (associationType, index) => {
    const { sandbox, serverUrl } = product.mode;
    const partner = partnerOf('bronze', index);
    const before = validCertifications(partner.id);
    const contactId = aCertifiedContact(`only.${associationType.toLowerCase()}@partner.example`);
    await product.settle();

    // Held back from the product: the association is made in HubSpot, only one of its events arrives.
    sandbox.webhooks.setTargetUrl(undefined);
    sandbox.ui.associate(contactId, partner.id);
    sandbox.webhooks.setTargetUrl(`${serverUrl}/hubspot/webhooks`);
    const event = associationEventsBetween(contactId, partner.id).find((e) => e.associationType === associationType)!;
    expect(await product.deliver([event])).toBeLessThan(300);
    await product.settle();

    expect(validCertifications(partner.id)).toBe(before + 1);
  });

  it("leave alone the association events of the app's own tier-change note", async () => {
    const { sandbox, services } = product.mode;
    const partner = partnerOf('none', 1);
    const ignoredBefore = await ownWritesIgnored();
    sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    await product.settle();

    const noteEvents = sandbox.webhooks.events.filter((event) => event.associationType === 'NOTE_TO_COMPANY' && event.toObjectId === Number(partner.id));
    expect(noteEvents).toHaveLength(1);
    expect(noteEvents[0]).toMatchObject({ changeSource: 'INTEGRATION', sourceId: sandbox.appId });
    // Both note events are counted as the app's own writes, and the partner is read only once.
    const noteId = noteEvents[0]!.fromObjectId;
    expect(sandbox.webhooks.events.filter((event) => event.fromObjectId === noteId || event.toObjectId === noteId)).toHaveLength(2);
    expect((await ownWritesIgnored()) - ignoredBefore).toBe(2);
    expect(product.calls('/crm/v3/objects/companies/batch/read')).toBe(1);
    expect(companyProperties(product, partner.id).pe_tier).toBe('bronze');

    async function ownWritesIgnored(): Promise<number> {
      const metric = await services.metrics.webhookEventsIgnored.get();
      return metric.values.filter((value) => value.labels.reason === 'own_write').reduce((sum, value) => sum + value.value, 0);
    }
  });
});
