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
  let client: ReturnType<typeof createHubSpotClient>;
  let store: ConflictIndexStore;
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
  /** The HubSpot requests `task` made, as `METHOD /path` with record ids as `:id`. */
  const callsDuring = async <T>(task: () => Promise<T>): Promise<{ value: T; calls: string[] }> => {
    const from = sandbox.requests.entries.length;
    const value = await task();
    return { value, calls: sandbox.requests.entries.slice(from).map((entry) => `${entry.method} ${entry.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`) };
  };
  const contactsWithEmail = (email: string) => sandbox.store.listRecords('contacts')
    .filter((contact) => contact.properties.email?.toLowerCase() === email.toLowerCase()).map((contact) => contact.id);
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
    client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    store = new ConflictIndexStore(db);
    await new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
    service = new RegistrationSubmissionService({ client, store, customers: new RegistrationCustomerStore(db), portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => NOW });
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    partnerId = partner.id;
    contactId = partner.contactIds[0]!;
    sandbox.ui.updateCompany(partnerId, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
    // The pipeline and label are read once per service; the registrations after this are measured.
    await service.submitRegistration(partnerId, contactId, fieldsFor('warmup-customer.example', 'Warmup Customer'));
  }, 60_000);
  afterAll(async () => {
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
  });

  it("creates the registration deal against the open direct deal's customer, flagged as a conflict, with the new customer contact added to that company", async () => {
    const halcyon = customer('halcyon');
    const { value: result, calls } = await callsDuring(() => service.submitRegistration(partnerId, contactId, fieldsFor(halcyon.domain, halcyon.name)));
    // The permission read, the contact found or created by email, that new contact put in the
    // company HubSpot has, and the deal create with every association: no search, no company create.
    expect(calls).toEqual([
      'GET /crm/v3/objects/companies/:id',
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v4/associations/contacts/companies/batch/create',
      'POST /crm/v3/objects/deals',
    ]);
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
    const buyer = contactsWithEmail(`dana@${halcyon.domain}`);
    expect(buyer).toHaveLength(1);
    expect(sandbox.store.getContact(buyer[0]!)?.properties).toMatchObject({ firstname: 'Dana', lastname: 'Buyer' });
    expect(sandbox.store.associatedIds('deals', result.registrationId, 'contacts').sort()).toEqual([contactId, buyer[0]!].sort());
    expect(sandbox.store.associatedIds('contacts', buyer[0]!, 'companies')).toEqual([halcyon.id]);
  });

  it('creates the company of a customer HubSpot does not have, and a second partner finds it and the claim without creating another', async () => {
    const fields = fieldsFor('fresh-customer.example', 'Fresh Customer Ltd');
    const companies = sandbox.store.listRecords('companies').length;
    const first = await callsDuring(() => service.submitRegistration(partnerId, contactId, fields));
    expect(first.calls).toEqual([
      'GET /crm/v3/objects/companies/:id',
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v3/objects/companies',
      'POST /crm/v3/objects/deals',
    ]);
    expect(first.value).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'none' });
    if (first.value.outcome !== 'registered') throw new Error('not registered');
    expect(sandbox.store.listRecords('companies').length).toBe(companies + 1);
    const created = sandbox.store.listRecords('companies').find((company) => company.properties.domain === 'fresh-customer.example')!;
    expect(created.properties).toMatchObject({ name: 'Fresh Customer Ltd', domain: 'fresh-customer.example' });
    const links = sandbox.store.raw.associationsOf('deals', first.value.registrationId, 'companies');
    expect(links.find((link) => link.toId === created.id)?.typeIds.sort((a, b) => a - b)).toEqual([5, 341]);
    const [buyer] = contactsWithEmail('dana@fresh-customer.example');
    expect(sandbox.store.associatedIds('contacts', buyer!, 'companies')).toEqual([created.id]);
    expect(sandbox.store.associatedIds('deals', first.value.registrationId, 'contacts').sort()).toEqual([contactId, buyer!].sort());
    // In the conflict-check index at once, under its registrable domain.
    expect(await db.selectFrom('index_companies').select(['company_id', 'domain']).where('company_id', '=', created.id).execute())
      .toEqual([{ company_id: created.id, domain: 'fresh-customer.example' }]);

    // Another partner, the same customer by another address of its website, the same contact.
    const other = partnerWith('register_deals');
    const second = await callsDuring(() => service.submitRegistration(other.id, other.contactId, { ...fields, customerDomain: 'https://shop.fresh-customer.example/', customerContactEmail: 'DANA@fresh-customer.example' }));
    expect(second.calls).toEqual([
      'GET /crm/v3/objects/companies/:id',
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v3/objects/deals',
    ]);
    expect(second.value).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'conflict' });
    if (second.value.outcome !== 'registered') throw new Error('not registered');
    expect(second.value.reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', registrationId: first.value.registrationId, partnerId })]);
    expect(sandbox.store.listRecords('companies').length).toBe(companies + 1);
    expect(contactsWithEmail('dana@fresh-customer.example')).toEqual([buyer]);
    expect(sandbox.store.associatedIds('deals', second.value.registrationId, 'companies').sort()).toEqual([created.id, other.id].sort());
    expect(sandbox.store.associatedIds('deals', second.value.registrationId, 'contacts').sort()).toEqual([other.contactId, buyer!].sort());
  });

  it('reuses the contact HubSpot already has under that email, in three calls', async () => {
    const orrery = customer('orrery');
    const email = sandbox.store.getContact(orrery.contactId)!.properties.email!;
    const contacts = sandbox.store.listRecords('contacts').length;
    const { value: result, calls } = await callsDuring(() => service.submitRegistration(partnerId, contactId, {
      ...fieldsFor(orrery.domain, orrery.name), customerContactEmail: email.toUpperCase(), customerContactName: 'Kenji Mori',
    }));
    expect(calls).toEqual(['GET /crm/v3/objects/companies/:id', 'POST /crm/v3/objects/contacts/batch/upsert', 'POST /crm/v3/objects/deals']);
    if (result.outcome !== 'registered') throw new Error('not registered');
    expect(sandbox.store.listRecords('contacts').length).toBe(contacts);
    expect(sandbox.store.associatedIds('deals', result.registrationId, 'contacts').sort()).toEqual([contactId, orrery.contactId].sort());
    expect(sandbox.store.associatedIds('deals', result.registrationId, 'companies').sort()).toEqual([orrery.id, partnerId].sort());
  });

  it('makes no contact call when the program asks for no contact and none is given', async () => {
    const settings = { ...DEFAULT_REGISTRATION_SETTINGS, requiredFields: DEFAULT_REGISTRATION_SETTINGS.requiredFields.filter((field) => !field.startsWith('customerContact')) };
    const noContact = new RegistrationSubmissionService({ client, store, customers: new RegistrationCustomerStore(db), portalId: String(sandbox.portalId), settings, timeZone: 'UTC', now: () => NOW });
    const withoutContact = (domain: string, name: string) => ({ ...fieldsFor(domain, name), customerContactEmail: null, customerContactName: null });
    await noContact.submitRegistration(partnerId, contactId, withoutContact('warmup-no-contact.example', 'Warmup'));
    const contacts = sandbox.store.listRecords('contacts').length;

    const lattice = customer('lattice');
    const known = await callsDuring(() => noContact.submitRegistration(partnerId, contactId, withoutContact(lattice.domain, lattice.name)));
    expect(known.calls).toEqual(['GET /crm/v3/objects/companies/:id', 'POST /crm/v3/objects/deals']);
    const fresh = await callsDuring(() => noContact.submitRegistration(partnerId, contactId, withoutContact('no-contact-given.example', 'No Contact Given')));
    expect(fresh.calls).toEqual(['GET /crm/v3/objects/companies/:id', 'POST /crm/v3/objects/companies', 'POST /crm/v3/objects/deals']);
    if (known.value.outcome !== 'registered' || fresh.value.outcome !== 'registered') throw new Error('not registered');
    expect(sandbox.store.listRecords('contacts').length).toBe(contacts);
    expect(sandbox.store.associatedIds('deals', fresh.value.registrationId, 'contacts')).toEqual([contactId]);
    expect(sandbox.store.associatedIds('deals', known.value.registrationId, 'companies').sort()).toEqual([lattice.id, partnerId].sort());
  });

  it('creates the company by name when the customer has only a free-mail address, never with that domain', async () => {
    const { value: result, calls } = await callsDuring(() => service.submitRegistration(partnerId, contactId, {
      ...fieldsFor('gmail.com', 'Solo Trader Ltd'), customerContactEmail: 'solo.trader@gmail.com',
    }));
    expect(calls).toEqual([
      'GET /crm/v3/objects/companies/:id',
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v3/objects/companies',
      'POST /crm/v3/objects/deals',
    ]);
    if (result.outcome !== 'registered') throw new Error('not registered');
    const company = sandbox.store.associatedIds('deals', result.registrationId, 'companies').filter((id) => id !== partnerId);
    expect(company).toHaveLength(1);
    expect(sandbox.store.getCompany(company[0]!)?.properties.name).toBe('Solo Trader Ltd');
    expect(sandbox.store.getCompany(company[0]!)?.properties.domain ?? '').toBe('');
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
    // A customer HubSpot had no company for: the claim is seen at once, by the domain submitted.
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
