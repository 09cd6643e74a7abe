import { describe, expect, inject, it } from 'vitest';
import type { CardErrorBody, DealRegistrationResponse, RegistrationDecisionResponse } from '../../../extensions/app/cards/card-data.js';
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

describe('POST /hubspot/cards/deal-registration/decision', () => {
  const app = useCardDataApp(redisUrl);
  const decide = (dealId: string, body: Record<string, unknown>, options: Parameters<typeof cardRequest>[5] = {}) =>
    cardRequest(app.services, app.web, 'POST', CARD_ROUTES.decideRegistration, { portalId: app.services.portalId, dealId, userId: 77 }, { ...options, body });
  const getCard = async (dealId: string) =>
    (await (await cardRequest(app.services, app.web, 'GET', CARD_ROUTES.dealRegistration, { portalId: app.services.portalId, dealId })).json()) as DealRegistrationResponse;
  const dealProperty = (dealId: string, name: string) => app.services.sandbox.store.getRecord('deals', dealId)?.properties[name];

  // Each test registers its own customer: a second submission of one customer returns the first registration.
  async function register(customer: string): Promise<{ dealId: string; partnerId: string }> {
    const { services } = app;
    const partner = services.sandbox.seed.partners.filter((entry) => entry.contactIds.length > 0)[0]!;
    services.sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals' });
    const service = new RegistrationSubmissionService({
      client: services.client,
      store: new ConflictIndexStore(services.db),
      customers: new RegistrationCustomerStore(services.db),
      portalId: services.portalId,
      settings: DEFAULT_PROGRAM.registrations,
      timeZone: DEFAULT_PROGRAM.defaultTimeZone,
      now: () => new Date(services.clock.now),
    });
    const result = await service.submitRegistration(partner.id, partner.contactIds[0]!, {
      customerCompanyName: `Customer ${customer}`,
      customerDomain: `${customer}.example`,
      customerContactName: 'Dana Buyer',
      customerContactEmail: `dana@${customer}.example`,
      dealName: 'Card decision rollout',
      amount: 500_000,
      expectedCloseDate: '2027-03-01',
    });
    if (result.outcome !== 'registered') throw new Error(`not registered: ${JSON.stringify(result)}`);
    return { dealId: result.registrationId, partnerId: partner.id };
  }

  it("approves from the card: the deal's registration status becomes approved in HubSpot and the card answers it with extend offered", async () => {
    const { dealId, partnerId } = await register('approved-from-card');
    expect(await getCard(dealId)).toMatchObject({ status: 'submitted', decisions: ['approve', 'reject'] });

    const response = await decide(dealId, { decision: 'approve' });

    expect(response.status).toBe(200);
    const answer = (await response.json()) as RegistrationDecisionResponse;
    expect(dealProperty(dealId, 'pe_registration_status')).toBe('approved');
    const expiresOn = dealProperty(dealId, 'pe_registration_expires_on');
    expect(expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(answer).toMatchObject({ status: 'approved', card: { isRegistration: true, status: 'approved', expiresOn, minutesToDue: null, decisions: ['extend'] } });
    expect(await getCard(dealId)).toEqual(answer.card);
    const audit = await app.services.audit.forCompany(app.services.portalId, partnerId);
    expect(audit.find((entry) => entry.action === 'registration.approved')?.actor).toEqual({ type: 'hubspot-user', id: '77' });

    const extended = (await (await decide(dealId, { decision: 'extend' })).json()) as RegistrationDecisionResponse;
    expect(extended.card).toMatchObject({ status: 'approved', decisions: [] });
    const again = await decide(dealId, { decision: 'extend' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as CardErrorBody).error).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('extending once') });
  });

  it('refuses a rejection without a reason (409) and keeps the registration pending; with a reason it is rejected', async () => {
    const { dealId } = await register('rejected-from-card');

    const refused = await decide(dealId, { decision: 'reject', reason: '  ' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as CardErrorBody).error.message).toContain('a rejection needs a reason');
    expect(dealProperty(dealId, 'pe_registration_status')).toBe('submitted');
    expect((await decide(dealId, { decision: 'reject' })).status).toBe(400);

    const rejected = (await (await decide(dealId, { decision: 'reject', reason: 'Direct customer' })).json()) as RegistrationDecisionResponse;
    expect(rejected.card).toMatchObject({ status: 'rejected', decisions: [] });
    expect(dealProperty(dealId, 'pe_registration_status')).toBe('rejected');
    expect(dealProperty(dealId, 'pe_registration_rejection_reason')).toBe('Direct customer');
  });

  it('answers 401 to an unsigned decision and changes nothing', async () => {
    const { dealId } = await register('unsigned-decision');
    expect((await decide(dealId, { decision: 'approve' }, { signed: false })).status).toBe(401);
    expect(dealProperty(dealId, 'pe_registration_status')).toBe('submitted');
  });
});
