import express from 'express';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { RegistrationSubmission } from '../../../src/domain/registrations/check-registration-submission.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { errorHandler } from '../../../src/http/http-errors.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { createRegistrationsRouter, REGISTRATIONS_PATH } from '../../../src/registrations/registrations-router.js';
import { registerPartnerDeal } from '../../../workflows/register-partner-deal/definition.js';
import { createRegisterPartnerDealHandler } from '../../../workflows/register-partner-deal/handler.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const redis = new Redis(inject('redisUrl'));
afterAll(async () => {
  await redis.quit();
});

/** Noon UTC on the sandbox's today: a Sunday, so every hour counts toward the 48. */
const NOW = new Date(`${SANDBOX_TODAY}T12:00:00.000Z`);

describe('submitting a deal registration', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let service: RegistrationSubmissionService;
  let partnerId: string;
  let contactId: string;

  const customer = (key: string) => sandbox.seed.customers.find((entry) => entry.name.toLowerCase().startsWith(key))!;
  const fieldsFor = (domain: string, companyName: string): RegistrationSubmission => ({
    customerCompanyName: companyName,
    customerDomain: `www.${domain}`,
    customerContactName: 'Dana Buyer',
    customerContactEmail: `dana@${domain}`,
    dealName: `${companyName} – rollout`,
    amount: 1_250_000,
    expectedCloseDate: '2027-02-01',
  });
  const partnerWith = (permissions: string) => {
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0 && entry.id !== partnerId)!;
    sandbox.ui.updateCompany(partner.id, { pe_permissions: permissions });
    return { id: partner.id, contactId: partner.contactIds[0]! };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62531 });
    const portalId = String(sandbox.portalId);
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:submit-registration:${process.pid}` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    const store = new ConflictIndexStore(db);
    await new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
    service = new RegistrationSubmissionService({ client, store, customers: new RegistrationCustomerStore(db), portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => NOW });
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    partnerId = partner.id;
    contactId = partner.contactIds[0]!;
    sandbox.ui.updateCompany(partnerId, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
  }, 60_000);
  afterAll(async () => {
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
  });

  it("creates the registration deal against the open direct deal's customer, flagged as a conflict, in two HubSpot calls", async () => {
    const halcyon = customer('halcyon');
    // The pipeline and label are read once per service; the registrations after that are measured.
    await service.submitRegistration(partnerId, contactId, fieldsFor('warmup-customer.example', 'Warmup Customer'));
    const before = sandbox.requests.count();
    const searches = sandbox.requests.count({ path: /\/search$/ });
    const result = await service.submitRegistration(partnerId, contactId, fieldsFor(halcyon.domain, halcyon.name));
    expect(sandbox.requests.count() - before).toBe(2);
    expect(sandbox.requests.count({ path: /\/search$/ })).toBe(searches);
    expect(result).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'conflict', dueAt: '2026-11-17T12:00:00.000Z' });
    if (result.outcome !== 'registered') throw new Error('not registered');
    expect(result.reasons.map((reason) => reason.kind)).toEqual(['open_deal']);

    const deal = sandbox.store.getRecord('deals', result.registrationId)!;
    expect(deal.properties).toMatchObject({
      pipeline: sandbox.seed.registrationPipelineId,
      pe_partner_company_id: partnerId,
      pe_registration_status: 'submitted',
      pe_registration_conflict: 'conflict',
      amount: '12500',
    });
    expect(deal.properties.pe_registration_conflict_summary).toContain('is open on this customer');
    expect(new Date(deal.properties.pe_registration_due_at!).toISOString()).toBe('2026-11-17T12:00:00.000Z');
    const companies = sandbox.store.raw.associationsOf('deals', result.registrationId, 'companies');
    expect(companies.find((link) => link.toId === partnerId)?.typeIds).toContain(sandbox.seed.registeredPartnerTypeId);
    expect(companies.map((link) => link.toId).sort()).toEqual([halcyon.id, partnerId].sort());
    expect(sandbox.store.associatedIds('deals', result.registrationId, 'contacts')).toEqual([contactId]);
  });

  it('returns the registration already held on a repeat submission, without creating a deal', async () => {
    const first = await service.submitRegistration(partnerId, contactId, fieldsFor(customer('marlowe').domain, customer('marlowe').name));
    const deals = sandbox.store.listRecords('deals').length;
    const before = sandbox.requests.count();
    const again = await service.submitRegistration(partnerId, contactId, { ...fieldsFor(customer('marlowe').domain, 'Marlowe'), dealName: 'Another name' });
    expect(first).toMatchObject({ outcome: 'registered', duplicate: false });
    expect(again).toMatchObject({ outcome: 'registered', duplicate: true, registrationId: first.outcome === 'registered' ? first.registrationId : '' });
    expect(sandbox.store.listRecords('deals').length).toBe(deals);
    // Only the partner's permissions were read.
    expect(sandbox.requests.count() - before).toBe(1);

    // The same submission sent twice at once: one deal, and both answers name it.
    const twice = await Promise.all([1, 2].map(() => service.submitRegistration(partnerId, contactId, fieldsFor('sent-twice.example', 'Sent Twice'))));
    expect(twice.map((result) => result.outcome === 'registered' && result.duplicate).sort()).toEqual([false, true]);
    expect(new Set(twice.map((result) => result.outcome === 'registered' && result.registrationId)).size).toBe(1);
    expect(sandbox.store.listRecords('deals').length).toBe(deals + 1);
  });

  it("counts the new registration against another partner's submission at once", async () => {
    const other = partnerWith('register_deals');
    const result = await service.submitRegistration(other.id, other.contactId, fieldsFor(customer('marlowe').domain, customer('marlowe').name));
    expect(result).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'conflict' });
    if (result.outcome !== 'registered') throw new Error('not registered');
    expect(result.reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', partnerId, status: 'submitted' })]);
    // A customer HubSpot has no company for yet: the claim is still seen, by the domain submitted.
    const first = await service.submitRegistration(partnerId, contactId, fieldsFor('brand-new.example', 'Brand New'));
    if (first.outcome !== 'registered') throw new Error('not registered');
    expect(first.conflict).toBe('none');
    const second = await service.submitRegistration(other.id, other.contactId, { ...fieldsFor('brand-new.example', 'Brand New'), customerDomain: 'https://shop.brand-new.example/' });
    expect(second).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'conflict' });
    if (second.outcome !== 'registered') throw new Error('not registered');
    expect(second.reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', registrationId: first.registrationId, partnerId })]);
  });

  it('creates one registration when two processes submit the same customer at the same time', async () => {
    const portalId = String(sandbox.portalId);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:submit-registration-race:${process.pid}` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    // Two processes: each its own pool and its own service (so nothing is shared in memory).
    const pools = [openDatabase(database.url, { maxConnections: 2 }), openDatabase(database.url, { maxConnections: 2 })];
    try {
      const services = pools.map((pool) => new RegistrationSubmissionService({
        client, store: new ConflictIndexStore(pool), customers: new RegistrationCustomerStore(pool), db: pool,
        portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => NOW,
      }));
      const fields = fieldsFor('raced-customer.example', 'Raced Customer');
      const dealsBefore = sandbox.store.listRecords('deals').length;

      const results = await Promise.all(services.map((each) => each.submitRegistration(partnerId, contactId, fields)));

      const raced = sandbox.store.listRecords('deals').filter((deal) => deal.properties.dealname === 'Raced Customer – rollout');
      expect(raced).toHaveLength(1);
      expect(sandbox.store.listRecords('deals').length - dealsBefore).toBe(1);
      expect(results.map((result) => result.outcome === 'registered' && result.registrationId)).toEqual([raced[0]!.id, raced[0]!.id]);
      expect(results.map((result) => result.outcome === 'registered' && result.duplicate).sort()).toEqual([false, true]);
    } finally {
      await Promise.all(pools.map((pool) => pool.destroy()));
    }
  });

  it('submits a lead for a partner that may only submit leads, claiming nothing', async () => {
    const bronze = partnerWith('access_portal;submit_leads');
    const deals = sandbox.store.listRecords('deals').length;
    const before = sandbox.requests.count();
    const result = await service.submitRegistration(bronze.id, bronze.contactId, fieldsFor('lead-only.example', 'Lead Only Ltd'));
    // The partner read, then company, contact (with its referring partner) and note creates.
    expect(sandbox.requests.count() - before).toBe(4);
    expect(result).toMatchObject({ outcome: 'lead' });
    if (result.outcome !== 'lead') throw new Error('not a lead');
    expect(sandbox.store.listRecords('deals').length).toBe(deals);
    expect(sandbox.store.getCompany(result.companyId)?.properties).toMatchObject({ name: 'Lead Only Ltd', domain: 'www.lead-only.example' });
    expect(sandbox.store.getContact(result.contactId)?.properties).toMatchObject({ email: 'dana@lead-only.example', firstname: 'Dana', lastname: 'Buyer', pe_referred_by_partner_id: bronze.id });
    const notes = sandbox.store.associatedIds('companies', result.companyId, 'notes');
    expect(notes).toHaveLength(1);
    expect(sandbox.store.getRecord('notes', notes[0]!)?.properties.hs_note_body).toContain(`partner company ${bronze.id}`);
  });

  it('refuses a partner whose tier grants neither registering nor leads, and a company that is no partner', async () => {
    const none = partnerWith('access_portal');
    const deals = sandbox.store.listRecords('deals').length;
    const refused = await service.submitRegistration(none.id, none.contactId, fieldsFor('refused.example', 'Refused Ltd'));
    expect(refused).toMatchObject({ outcome: 'refused' });
    if (refused.outcome !== 'refused') throw new Error('not refused');
    expect(refused.message).toContain('neither register_deals nor submit_leads');
    const stranger = await service.submitRegistration(customer('halcyon').id, contactId, fieldsFor('refused.example', 'Refused Ltd'));
    expect(stranger).toMatchObject({ outcome: 'refused', message: expect.stringContaining('is not a partner') });
    expect(sandbox.store.listRecords('deals').length).toBe(deals);
  });

  it('names every missing or malformed field and calls HubSpot not at all', async () => {
    const before = sandbox.requests.count();
    const result = await service.submitRegistration(partnerId, contactId, {
      customerCompanyName: 'Half Filled',
      customerDomain: 'co.uk',
      customerContactEmail: 'not-an-email',
      amount: 12.5,
      expectedCloseDate: '2027-02-30',
    });
    expect(result.outcome).toBe('invalid');
    if (result.outcome !== 'invalid') throw new Error('not invalid');
    expect(result.problems.map((problem) => problem.field).sort()).toEqual(
      ['amount', 'customerContactEmail', 'customerContactName', 'customerDomain', 'dealName', 'expectedCloseDate'],
    );
    expect(sandbox.requests.count()).toBe(before);
    await expect(service.submitRegistration('abc', contactId, {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  describe('through the signed API', () => {
    const secret = 'registrations-test-secret';
    let web: WebServer;
    let url: string;
    const post = (payload: unknown, sign = true) => {
      const body = JSON.stringify(payload);
      const timestamp = String(Date.now());
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (sign) {
        headers['x-hubspot-signature-v3'] = signAsHubSpot.v3({ secret, method: 'POST', url, body, timestamp });
        headers['x-hubspot-request-timestamp'] = timestamp;
      }
      return fetch(url, { method: 'POST', body, headers });
    };

    beforeAll(async () => {
      const logger = createLogger({ level: 'silent' });
      const app = express();
      web = await startWeb({ app, port: 0, host: '127.0.0.1', logger });
      app.use(createRegistrationsRouter({ submissions: service, clientSecret: secret, publicBaseUrl: web.url, portalId: String(sandbox.portalId) }));
      app.use(errorHandler(logger));
      url = `${web.url}${REGISTRATIONS_PATH}?portalId=${sandbox.portalId}`;
    });
    afterAll(async () => {
      await web?.close();
    });

    it('creates a registration (201), returns it again (200), and refuses an unsigned call (401)', async () => {
      const payload = { partnerCompanyId: partnerId, submitterContactId: Number(contactId), ...fieldsFor('api-customer.example', 'Api Customer') };
      const deals = sandbox.store.listRecords('deals').length;
      expect((await post(payload, false)).status).toBe(401);
      expect(sandbox.store.listRecords('deals').length).toBe(deals);
      const created = await post(payload);
      expect(created.status).toBe(201);
      const body = await created.json() as { registrationId: string; conflict: string };
      expect(body.conflict).toBe('none');
      expect(sandbox.store.getRecord('deals', body.registrationId)?.properties.pe_registration_status).toBe('submitted');
      const again = await post(payload);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ registrationId: body.registrationId, duplicate: true });
    });

    it('answers 400 naming every problem, and 403 for a partner that may do neither', async () => {
      const invalid = await post({ partnerCompanyId: partnerId, submitterContactId: contactId, customerCompanyName: 'Half', customerDomain: 'co.uk', amount: -5 });
      expect(invalid.status).toBe(400);
      const { error } = await invalid.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('INVALID_INPUT');
      for (const field of ['customerDomain', 'customerContactName', 'customerContactEmail', 'dealName', 'amount', 'expectedCloseDate']) {
        expect(error.message).toContain(`${field}:`);
      }
      const malformed = await post({ partnerCompanyId: 'x', amount: 'lots' });
      expect(malformed.status).toBe(400);
      const message = ((await malformed.json()) as { error: { message: string } }).error.message;
      expect(message).toContain('partnerCompanyId');
      expect(message).toContain('submitterContactId');
      expect(message).toContain('amount');
      const none = partnerWith('access_portal');
      const refused = await post({ partnerCompanyId: none.id, submitterContactId: none.contactId, ...fieldsFor('api-refused.example', 'Refused') });
      expect(refused.status).toBe(403);
    });
  });

  describe('as the workflow action "Register partner deal"', () => {
    const run = (inputFields: Record<string, unknown>, objectId: string) =>
      createRegisterPartnerDealHandler({ registrations: service })(registerPartnerDeal.input.parse(inputFields), {
        portalId: String(sandbox.portalId),
        objectType: 'CONTACT',
        objectId,
        callbackId: 'cb-1',
        workflowId: '77',
        receivedAt: NOW,
      });
    const inputsFor = (domain: string, name: string, partner = partnerId) => ({
      partner_company_id: partner,
      customer_company_name: name,
      customer_domain: domain,
      customer_contact_name: 'Dana Buyer',
      customer_contact_email: `dana@${domain}`,
      deal_name: `${name} – pilot`,
      amount: '500000',
      expected_close_date: '2027-03-01',
    });

    it('registers, answers a repeat with the same deal, and turns each refusal into an outcome', async () => {
      const first = await run(inputsFor('workflow-customer.example', 'Workflow Customer'), contactId);
      expect(first).toMatchObject({ registration_outcome: 'registered', registration_conflict: 'none' });
      expect(sandbox.store.getRecord('deals', first.registration_id)?.properties).toMatchObject({ amount: '5000', pe_registration_status: 'submitted' });
      expect(await run(inputsFor('workflow-customer.example', 'Workflow Customer'), contactId)).toMatchObject({ registration_outcome: 'duplicate', registration_id: first.registration_id });

      const invalid = await run({ partner_company_id: partnerId, customer_company_name: 'Only A Name' }, contactId);
      expect(invalid.registration_outcome).toBe('invalid');
      expect(invalid.registration_message).toContain('customerDomain: is required');
      const none = partnerWith('access_portal');
      const refused = await run(inputsFor('workflow-refused.example', 'Refused', none.id), none.contactId);
      expect(refused).toMatchObject({ registration_outcome: 'refused', registration_id: '' });
      const bronze = partnerWith('submit_leads');
      expect(await run(inputsFor('workflow-lead.example', 'Lead Co', bronze.id), bronze.contactId)).toMatchObject({ registration_outcome: 'lead' });
    });
  });
});
