import { describe, expect, inject, it } from 'vitest';
import { CARD_ROUTES, type AssignTrainingResponse, type CardErrorBody } from '../../../extensions/app/cards/card-data.js';
import {
  cardRequest,
  demoPartner,
  giveActiveTracks,
  useCardDataApp,
  type CardRequestOptions,
} from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('POST /hubspot/cards/partner-enablement/assign-training', () => {
  const app = useCardDataApp(redisUrl);

  const assign = (companyId: string, body: unknown, options: Omit<CardRequestOptions, 'body'> & { portalId?: string | number } = {}) =>
    cardRequest(app.services, app.web, 'POST', CARD_ROUTES.assignTraining, { portalId: options.portalId ?? app.services.portalId, companyId }, { ...options, body });

  async function errorOf(response: Response): Promise<CardErrorBody['error']> {
    return ((await response.json()) as CardErrorBody).error;
  }

  it('creates a pending assignment and asks the person for consent', async () => {
    const partner = demoPartner(app.services.sandbox, 'silver');
    const contactId = partner.contactIds[0]!;
    const email = app.services.sandbox.store.getContact(contactId)!.properties.email!;

    const response = await assign(partner.id, { contactId, track: 'technical' });

    expect(response.status).toBe(200);
    const body = (await response.json()) as AssignTrainingResponse;
    expect(body).toEqual({ outcome: 'consent_requested', contactId, track: 'technical', consentRequestedFrom: expect.stringMatching(/^\w\*+@/) });
    expect(body.consentRequestedFrom!.endsWith(email.slice(email.indexOf('@')))).toBe(true);
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toMatchObject([{ track: 'technical', state: 'pending' }]);
    expect(app.services.mail.outbox.filter((message) => message.to === email)).toHaveLength(1);
  });

  it('refuses a fourth active track with 409 and the reason', async () => {
    const partner = demoPartner(app.services.sandbox, 'gold');
    const contactId = partner.contactIds[0]!;
    await giveActiveTracks(app.services, contactId, ['foundation', 'sales', 'technical']);

    const response = await assign(partner.id, { contactId, track: 'advanced' });

    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error.code).toBe('TRACK_LIMIT');
    expect(error.message).toContain('already has 3 active training tracks');
    expect((await app.services.training.contactTracks(app.services.portalId, contactId)).some((entry) => entry.track === 'advanced')).toBe(false);
  });

  it('answers 403 for a person who is not associated with the company', async () => {
    const partner = demoPartner(app.services.sandbox, 'bronze');
    const stranger = demoPartner(app.services.sandbox, 'platinum').contactIds[0]!;

    const response = await assign(partner.id, { contactId: stranger, track: 'sales' });

    expect(response.status).toBe(403);
    expect(await app.services.training.contactTracks(app.services.portalId, stranger)).toEqual([]);
  });

  it('answers 400 to a track that does not exist', async () => {
    const partner = demoPartner(app.services.sandbox, 'bronze');

    const response = await assign(partner.id, { contactId: partner.contactIds[0]!, track: 'cooking' });

    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('INVALID_INPUT');
  });

  it('answers 401 to an unsigned request and offers nothing', async () => {
    const partner = demoPartner(app.services.sandbox, 'none');
    const contactId = partner.contactIds[0]!;

    const response = await assign(partner.id, { contactId, track: 'foundation' }, { signed: false });

    expect(response.status).toBe(401);
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toEqual([]);
  });

  it('answers 403 to a request for another portal and offers nothing', async () => {
    const partner = demoPartner(app.services.sandbox, 'none');
    const contactId = partner.contactIds[1]!;

    const response = await assign(partner.id, { contactId, track: 'foundation' }, { portalId: 999_999 });

    expect(response.status).toBe(403);
    expect(await app.services.training.contactTracks(app.services.portalId, contactId)).toEqual([]);
  });
});
