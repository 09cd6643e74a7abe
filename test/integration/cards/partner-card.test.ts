import { beforeEach, describe, expect, inject, it } from 'vitest';
import type {
  CardErrorBody,
  PartnerEnablementData,
  PartnerEnablementResponse,
  RecalculateResponse,
} from '../../../extensions/app/cards/card-data.js';
import { CARD_ROUTES } from '../../../extensions/app/cards/card-data.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { TRACK_IDS } from '../../../src/program/program-schema.js';
import {
  cardDataRouterFor,
  cardRequest,
  demoPartner,
  evaluateFromSandbox,
  startAppWith,
  useCardDataApp,
} from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

describe('GET /hubspot/cards/partner-enablement', () => {
  // Every demo partner is read below: a portal budget (and a limiter) that never makes the reads wait.
  const app = useCardDataApp(redisUrl, { budget: { requests: 10_000, intervalMs: 10_000 }, sandbox: { rateLimit: { max: 10_000, intervalMs: 10_000 } } });

  beforeEach(() => {
    app.services.sandbox.requests.reset();
  });

  const getCard = (query: Parameters<typeof cardRequest>[4], options: Parameters<typeof cardRequest>[5] = {}) =>
    cardRequest(app.services, app.web, 'GET', CARD_ROUTES.partnerEnablement, query, options);

  async function partnerCard(companyId: string): Promise<PartnerEnablementData> {
    const response = await getCard({ portalId: app.services.portalId, companyId });
    expect(response.status).toBe(200);
    const card = (await response.json()) as PartnerEnablementResponse;
    if (!card.isPartner) throw new Error(`company ${companyId} answered as not a partner`);
    return card;
  }

  it("counts the partner's registrations by status and lists the latest, read from PostgreSQL", async () => {
    const { services } = app;
    const partner = services.sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    services.sandbox.ui.updateCompany(partner.id, { pe_permissions: 'access_portal;submit_leads;register_deals' });
    const registrations = new RegistrationSubmissionService({
      client: services.client,
      store: new ConflictIndexStore(services.db),
      customers: new RegistrationCustomerStore(services.db),
      portalId: services.portalId,
      settings: DEFAULT_PROGRAM.registrations,
      timeZone: 'UTC',
      now: () => new Date(services.clock.now),
    });
    const submit = (name: string, domain: string) => registrations.submitRegistration(partner.id, partner.contactIds[0]!, {
      customerCompanyName: name,
      customerDomain: domain,
      customerContactName: 'Dana Buyer',
      customerContactEmail: `dana@${domain}`,
      dealName: `${name} rollout`,
      amount: 500_000,
      expectedCloseDate: '2027-03-01',
    });
    const first = await submit('Card Customer One', 'card-customer-one.example');
    const second = await submit('Card Customer Two', 'card-customer-two.example');
    if (first.outcome !== 'registered' || second.outcome !== 'registered') throw new Error(`not registered: ${JSON.stringify([first, second])}`);
    // The first is approved in HubSpot and the index has followed it.
    await services.db.updateTable('index_registrations').set({ status: 'approved' }).where('deal_id', '=', first.registrationId).execute();

    const card = await partnerCard(partner.id);

    expect(card.registrations?.counts).toMatchObject({ submitted: 1, approved: 1, rejected: 0, won: 0 });
    expect(card.registrations?.latest.map((entry) => [entry.dealName, entry.status, entry.conflict])).toEqual(
      expect.arrayContaining([
        ['Card Customer Two rollout', 'submitted', 'none'],
        ['Card Customer One rollout', 'approved', 'none'],
      ]),
    );
    expect(card.registrations?.latest.find((entry) => entry.registrationId === second.registrationId)?.dueAt).toBe(second.dueAt);
  });

  it('answers the values evaluatePartner gives on the same data', async () => {
    const silver = demoPartner(app.services.sandbox, 'silver');
    const { snapshot, evaluation } = evaluateFromSandbox(app.services, silver.id);

    const card = await partnerCard(silver.id);

    expect(card).toMatchObject({
      isPartner: true,
      companyId: silver.id,
      companyName: silver.name,
      asOf: evaluation.asOf,
      score: evaluation.score,
      tier: { id: 'silver', name: 'Silver' },
      nextTier: { id: 'gold', name: 'Gold', targetScore: 85 },
      pointsToNextTier: evaluation.pointsToNextTier,
      permissions: evaluation.permissions,
    });
    expect(card.tracks.map(({ id, completed, total, complete }) => ({ track: id, completed, total, complete }))).toEqual(evaluation.tracks);
    expect(card.certifications).toHaveLength(evaluation.certifications.length);
    expect(card.gaps.map((gap) => gap.type)).toEqual(evaluation.gaps.map((gap) => gap.type));
    expect(card.team.map((member) => member.contactId)).toEqual(snapshot.contacts.map((contact) => contact.contactId));
    expect(card.team.map((member) => member.validCertifications)).toEqual(evaluation.contacts.map((contact) => contact.validCertifications));
  });

  it('names tiers, tracks and certifications as the program does, and people by name', async () => {
    const gold = demoPartner(app.services.sandbox, 'gold');

    const card = await partnerCard(gold.id);

    expect(card.tracks.map((track) => track.name)).toEqual(TRACK_IDS.map((id) => DEFAULT_PROGRAM.trainingTracks[id].name));
    for (const certification of card.certifications) {
      expect(certification.name).toBe(DEFAULT_PROGRAM.certifications[certification.certificationId]!.name);
      const contact = app.services.sandbox.store.getContact(certification.contactId)!.properties;
      expect(certification.holderName).toBe(`${contact.firstname} ${contact.lastname}`);
    }
  });

  it('lists certifications most urgent first: grace, expiring, active, then expired', async () => {
    const ranks = { grace: 0, expiring: 1, active: 2, expired: 3 } as const;
    const cards = await Promise.all(app.services.sandbox.seed.partners.map((partner) => partnerCard(partner.id)));

    for (const card of cards) {
      const order = card.certifications.map((certification) => ranks[certification.status]);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('gives every gap a readable label and recommends what to do next', async () => {
    const bronze = demoPartner(app.services.sandbox, 'bronze');

    const card = await partnerCard(bronze.id);

    expect(card.gaps.length).toBeGreaterThan(0);
    for (const gap of card.gaps) expect(gap.label).toMatch(/^(Complete|Finish|Earn|Renew) /);
    expect(card.recommendations.length).toBeGreaterThan(0);
    expect(card.recommendations.every((r) => ['immediately', 'this_week', 'this_month'].includes(r.when))).toBe(true);
  });

  it('has no trend and no evaluation time before the partner was ever recalculated', async () => {
    const card = await partnerCard(demoPartner(app.services.sandbox, 'platinum').id);

    expect(card.trend).toBeNull();
    expect(card.evaluatedAt).toBeNull();
  });

  it('costs one load of the partner (company, associations, contacts) and writes nothing', async () => {
    await partnerCard(demoPartner(app.services.sandbox, 'gold').id);

    expect(app.services.sandbox.requests.count()).toBe(3);
    expect(app.services.sandbox.requests.count({ path: /batch\/update/ })).toBe(0);
  });

  it('answers isPartner false for a company that is not a partner', async () => {
    const companyId = app.services.sandbox.seed.nonPartnerIds[0]!;

    const response = await getCard({ portalId: app.services.portalId, companyId });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      isPartner: false,
      companyId,
      companyName: app.services.sandbox.store.getCompany(companyId)!.properties.name,
    });
  });

  it('answers 403 to a request for another portal, and reads nothing', async () => {
    const response = await getCard({ portalId: 999_999, companyId: demoPartner(app.services.sandbox, 'gold').id });

    expect(response.status).toBe(403);
    expect(((await response.json()) as CardErrorBody).error.code).toBe('FORBIDDEN');
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it("accepts the parameters HubSpot's fetch proxy appends, its repeated portalId included", async () => {
    const gold = demoPartner(app.services.sandbox, 'gold');
    const { portalId } = app.services;

    const response = await getCard({ portalId: [portalId, portalId], companyId: gold.id, userId: 76023669, userEmail: 'ann@example.com', appId: 16111050 });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ isPartner: true, companyId: gold.id });
  });

  it('answers 403 when the appended portalId is this portal but the one the card sent is another', async () => {
    const response = await getCard({ portalId: ['999999', app.services.portalId], companyId: demoPartner(app.services.sandbox, 'gold').id, userId: 1 });

    expect([400, 403]).toContain(response.status);
    expect(((await response.json()) as CardErrorBody).error.message).toContain('999999');
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it('answers 404 to a company this portal does not have', async () => {
    const response = await getCard({ portalId: app.services.portalId, companyId: '987654321' });

    expect(response.status).toBe(404);
    expect(((await response.json()) as CardErrorBody).error.code).toBe('NOT_FOUND');
  });

  it('answers 401 to an unsigned request, and reads nothing', async () => {
    const response = await getCard({ portalId: app.services.portalId, companyId: demoPartner(app.services.sandbox, 'gold').id }, { signed: false });

    expect(response.status).toBe(401);
    expect(((await response.json()) as CardErrorBody).error.code).toBe('INVALID_SIGNATURE');
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it('answers 401 to a request signed with another secret', async () => {
    const response = await getCard({ portalId: app.services.portalId, companyId: demoPartner(app.services.sandbox, 'gold').id }, { secret: 'not-the-app' });

    expect(response.status).toBe(401);
  });

  it('answers 401 to a signature older than 5 minutes', async () => {
    const response = await getCard(
      { portalId: app.services.portalId, companyId: demoPartner(app.services.sandbox, 'gold').id },
      { timestamp: app.services.clock.now - 6 * 60_000 },
    );

    expect(response.status).toBe(401);
  });

  it('answers 401 to everything, even a request signed with an empty secret, when no client secret is configured', async () => {
    const unconfigured = await startAppWith(app.services, [cardDataRouterFor(app.services, { clientSecret: '' })]);
    try {
      const response = await cardRequest(app.services, unconfigured.web, 'GET', CARD_ROUTES.partnerEnablement, { portalId: app.services.portalId, companyId: demoPartner(app.services.sandbox, 'gold').id }, { secret: '' });

      expect(response.status).toBe(401);
      expect(app.services.sandbox.requests.count()).toBe(0);
    } finally {
      await unconfigured.close();
    }
  });

  it('answers 400 when the company id is missing', async () => {
    const response = await getCard({ portalId: app.services.portalId });

    expect(response.status).toBe(400);
    expect(((await response.json()) as CardErrorBody).error.code).toBe('INVALID_INPUT');
  });

  describe('deadlines of accepted training', () => {
    it('shows the deadline on the track and on the person', async () => {
      const partner = demoPartner(app.services.sandbox, 'silver');
      const contactId = partner.contactIds[0]!;
      app.services.sandbox.ui.updateContact(contactId, { pe_active_tracks: 'technical' });
      const assignment = {
        id: 'assignment-deadline-1',
        portalId: app.services.portalId,
        contactId,
        companyId: partner.id,
        track: 'technical' as const,
        state: 'pending' as const,
        contactFirstName: null,
        timeZone: 'UTC',
        assignedAt: app.services.clock.now,
        assignedBy: { type: 'hubspot-user' as const },
        linkExpiresAt: app.services.clock.now + 7 * 86_400_000,
        decidedAt: null,
        deadlineOn: null,
        deadlineAt: null,
        warnings: [],
      };
      await app.services.training.createPending(assignment, 3, app.services.clock.now);
      await app.services.training.accept(assignment, { now: app.services.clock.now, maxActive: 3, deadlineOn: '2026-12-06', deadlineAt: Date.parse('2026-12-06T23:59:59Z') });

      const card = await partnerCard(partner.id);

      expect(card.tracks.find((track) => track.id === 'technical')!.deadline).toBe('2026-12-06');
      expect(card.team.find((member) => member.contactId === contactId)).toMatchObject({ activeTracks: ['technical'], nextTrainingDeadline: '2026-12-06' });
    });
  });
});

describe('POST /hubspot/cards/partner-enablement/recalculate', () => {
  const app = useCardDataApp(redisUrl);

  const recalculate = (companyId: string, options: Parameters<typeof cardRequest>[5] = {}) =>
    cardRequest(app.services, app.web, 'POST', CARD_ROUTES.recalculate, { portalId: app.services.portalId, companyId }, options);

  it('writes the outputs and answers the fresh card, with when it changed', async () => {
    const gold = demoPartner(app.services.sandbox, 'gold');
    const { evaluation } = evaluateFromSandbox(app.services, gold.id);

    const response = await recalculate(gold.id);

    expect(response.status).toBe(200);
    const body = (await response.json()) as RecalculateResponse;
    expect(body.changed).toBe(true);
    expect(body.card).toMatchObject({ isPartner: true, score: evaluation.score, trend: 'stable', evaluatedAt: new Date(app.services.clock.now).toISOString() });
    expect(app.services.sandbox.store.getCompany(gold.id)!.properties.pe_readiness_score).toBe(String(evaluation.score));
  });

  it('answers changed false when HubSpot already holds the outputs', async () => {
    const silver = demoPartner(app.services.sandbox, 'silver').id;
    await recalculate(silver);

    const body = (await (await recalculate(silver)).json()) as RecalculateResponse;

    expect(body.changed).toBe(false);
  });

  it('answers 401 to an unsigned request and writes nothing', async () => {
    const bronze = demoPartner(app.services.sandbox, 'bronze').id;
    app.services.sandbox.requests.reset();

    const response = await recalculate(bronze, { signed: false });

    expect(response.status).toBe(401);
    expect(app.services.sandbox.requests.count()).toBe(0);
    expect(app.services.sandbox.store.getCompany(bronze)!.properties.pe_readiness_score ?? '').toBe('');
  });

  it('answers 404 to a company this portal does not have', async () => {
    expect((await recalculate('987654321')).status).toBe(404);
  });
});
