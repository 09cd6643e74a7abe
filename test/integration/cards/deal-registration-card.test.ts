import { describe, expect, inject, it } from 'vitest';
import type { DealRegistrationResponse } from '../../../extensions/app/cards/card-data.js';
import { CARD_ROUTES } from '../../../extensions/app/cards/card-data.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { cardRequest, useCardDataApp } from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('GET /hubspot/cards/deal-registration', () => {
  const app = useCardDataApp(redisUrl);
  const getCard = (dealId: string, options: Parameters<typeof cardRequest>[5] = {}) =>
    cardRequest(app.services, app.web, 'GET', CARD_ROUTES.dealRegistration, { portalId: app.services.portalId, dealId }, options);

  async function register(index = 0, customer = 'deal-card-customer'): Promise<{ partnerId: string; registrationId: string; dueAt: string }> {
    const { services } = app;
    const partner = services.sandbox.seed.partners.filter((entry) => entry.contactIds.length > 0)[index]!;
    services.sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals' });
    const service = new RegistrationSubmissionService({
      client: services.client,
      store: new ConflictIndexStore(services.db),
      customers: new RegistrationCustomerStore(services.db),
      portalId: services.portalId,
      settings: DEFAULT_PROGRAM.registrations,
      timeZone: 'UTC',
      now: () => new Date(services.clock.now),
    });
    const result = await service.submitRegistration(partner.id, partner.contactIds[0]!, {
      customerCompanyName: `Customer ${customer}`,
      customerDomain: `${customer}.example`,
      customerContactName: 'Dana Buyer',
      customerContactEmail: `dana@${customer}.example`,
      dealName: 'Deal card rollout',
      amount: 900_000,
      expectedCloseDate: '2027-03-01',
    });
    if (result.outcome !== 'registered' || !result.dueAt) throw new Error(`not registered: ${JSON.stringify(result)}`);
    return { partnerId: partner.id, registrationId: result.registrationId, dueAt: result.dueAt };
  }

  it('answers the registration a deal carries: status, conflict, partner with its link, and the time left to decide', async () => {
    const { partnerId, registrationId, dueAt } = await register();
    const partnerName = app.services.sandbox.store.getCompany(partnerId)!.properties.name;

    const response = await getCard(registrationId);

    expect(response.status).toBe(200);
    const card = (await response.json()) as DealRegistrationResponse;
    expect(card).toMatchObject({
      isRegistration: true,
      dealId: registrationId,
      status: 'submitted',
      conflict: 'none',
      partner: { companyId: partnerId, name: partnerName, url: `https://app.hubspot.com/contacts/${app.services.portalId}/record/0-2/${partnerId}` },
      dueAt,
    });
    if (!card.isRegistration) throw new Error('not a registration');
    expect(card.minutesToDue).toBe(Math.floor((Date.parse(dueAt) - app.services.clock.now) / 60_000));
  });

  it("links the records the conflict check found: another partner's registration of the same customer", async () => {
    const first = await register(0, 'contested-customer');
    const second = await register(1, 'contested-customer');

    const card = (await (await getCard(second.registrationId)).json()) as DealRegistrationResponse;

    if (!card.isRegistration) throw new Error('not a registration');
    expect(card.conflict).toBe('conflict');
    expect(card.conflictRecords).toEqual([
      {
        label: `Registration ${first.registrationId} by partner ${first.partnerId} (submitted)`,
        url: `https://app.hubspot.com/contacts/${app.services.portalId}/record/0-3/${first.registrationId}`,
      },
    ]);
  });

  it('answers a deal without a registration as not one, and 404 for a deal the portal does not have', async () => {
    const plain = app.services.sandbox.ui.createRecord('deals', { dealname: 'Direct deal' });

    expect(await (await getCard(plain)).json()).toEqual({ isRegistration: false, dealId: plain });
    expect((await getCard('987654321')).status).toBe(404);
  });

  it('answers 401 to an unsigned request', async () => {
    expect((await getCard('1', { signed: false })).status).toBe(401);
  });
});
