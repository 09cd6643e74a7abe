import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CARD_ROUTES, type CardErrorBody, type ContactEnablementResponse } from '../../../extensions/app/cards/card-data.js';
import { cardRequest, demoPartner, evaluateFromSandbox, useCardDataApp } from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('GET /hubspot/cards/contact-enablement', () => {
  const app = useCardDataApp(redisUrl);

  beforeEach(() => {
    app.services.sandbox.requests.reset();
  });

  const getCard = (query: Record<string, string | number>, options: Parameters<typeof cardRequest>[5] = {}) =>
    cardRequest(app.services, app.web, 'GET', CARD_ROUTES.contactEnablement, query, options);

  async function contactCard(contactId: string): Promise<ContactEnablementResponse> {
    const response = await getCard({ portalId: app.services.portalId, contactId });
    expect(response.status).toBe(200);
    return (await response.json()) as ContactEnablementResponse;
  }

  /** A contact of a partner that holds at least one certification. */
  function certifiedContact(): { contactId: string; companyId: string; name: string } {
    for (const partner of app.services.sandbox.seed.partners) {
      const { evaluation } = evaluateFromSandbox(app.services, partner.id);
      const held = evaluation.certifications[0];
      if (held) return { contactId: held.contactId, companyId: partner.id, name: partner.name };
    }
    throw new Error('no certified contact in the demo portal');
  }

  it('shows the partner, and the certifications with the statuses the rules give', async () => {
    const { contactId, companyId, name } = certifiedContact();
    const { evaluation } = evaluateFromSandbox(app.services, companyId);
    const held = evaluation.certifications.filter((certification) => certification.contactId === contactId);

    const card = await contactCard(contactId);

    expect(card.partner).toEqual({ companyId, name });
    expect(card.asOf).toBe(evaluation.asOf);
    expect(card.certifications.map((c) => [c.certificationId, c.status, c.expiresOn, c.daysToExpiry]).sort()).toEqual(
      held.map((c) => [c.certificationId, c.status, c.expiresOn, c.daysToExpiry]).sort(),
    );
    expect(card.nextCertificationExpiry).toBe(evaluation.contacts.find((c) => c.contactId === contactId)!.nextCertificationExpiry);
  });

  it('names the person and their role', async () => {
    const contactId = demoPartner(app.services.sandbox, 'gold').contactIds[0]!;
    const properties = app.services.sandbox.store.getContact(contactId)!.properties;

    const card = await contactCard(contactId);

    expect(card).toMatchObject({ contactId, name: `${properties.firstname} ${properties.lastname}`, role: properties.pe_partner_role });
  });

  it('shows pending tracks awaiting consent by name', async () => {
    const contactId = demoPartner(app.services.sandbox, 'bronze').contactIds[0]!;
    app.services.sandbox.ui.updateContact(contactId, { pe_pending_tracks: 'sales' });

    const card = await contactCard(contactId);

    expect(card.pendingTracks).toEqual([{ id: 'sales', name: 'Sales' }]);
  });

  it('answers no partner for a contact of a company that is not a partner', async () => {
    const companyId = app.services.sandbox.seed.nonPartnerIds[0]!;
    const contactId = app.services.sandbox.store.associatedIds('companies', companyId, 'contacts')[0]!;

    const card = await contactCard(contactId);

    expect(card.partner).toBeNull();
    expect(card.certifications).toEqual([]);
  });

  it('answers a contact associated with no company at all, reading the contact alone', async () => {
    const contactId = app.services.sandbox.ui.createContact({ firstname: 'Lone', lastname: 'Wolf', email: 'lone@example.com' });

    const card = await contactCard(contactId);

    expect(card).toMatchObject({ contactId, name: 'Lone Wolf', partner: null, activeTracks: [], pendingTracks: [] });
  });

  it('writes nothing', async () => {
    await contactCard(demoPartner(app.services.sandbox, 'silver').contactIds[0]!);

    expect(app.services.sandbox.requests.count({ path: /batch\/update/ })).toBe(0);
  });

  it('answers 404 to a contact this portal does not have', async () => {
    const response = await getCard({ portalId: app.services.portalId, contactId: '987654321' });

    expect(response.status).toBe(404);
    expect(((await response.json()) as CardErrorBody).error.code).toBe('NOT_FOUND');
  });

  it('answers 403 to a request for another portal, and reads nothing', async () => {
    const response = await getCard({ portalId: 999_999, contactId: demoPartner(app.services.sandbox, 'gold').contactIds[0]! });

    expect(response.status).toBe(403);
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it('answers 401 to an unsigned request', async () => {
    const response = await getCard({ portalId: app.services.portalId, contactId: demoPartner(app.services.sandbox, 'gold').contactIds[0]! }, { signed: false });

    expect(response.status).toBe(401);
    expect(app.services.sandbox.requests.count()).toBe(0);
  });
});
