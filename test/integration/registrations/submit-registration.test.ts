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
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
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
    service = new RegistrationSubmissionService({ client, store, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => NOW });
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
  });

  it("counts the new registration against another partner's submission at once", async () => {
    const other = partnerWith('register_deals');
    const result = await service.submitRegistration(other.id, other.contactId, fieldsFor(customer('marlowe').domain, customer('marlowe').name));
    expect(result).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'conflict' });
    if (result.outcome !== 'registered') throw new Error('not registered');
    expect(result.reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', partnerId, status: 'submitted' })]);
  });

  it('submits a lead for a partner that may only submit leads, claiming nothing', async () => {
    const bronze = partnerWith('access_portal;submit_leads');
    const deals = sandbox.store.listRecords('deals').length;
    const result = await service.submitRegistration(bronze.id, bronze.contactId, fieldsFor('lead-only.example', 'Lead Only Ltd'));
    expect(result).toMatchObject({ outcome: 'lead' });
    if (result.outcome !== 'lead') throw new Error('not a lead');
    expect(sandbox.store.listRecords('deals').length).toBe(deals);
    expect(sandbox.store.getCompany(result.companyId)?.properties).toMatchObject({ name: 'Lead Only Ltd', domain: 'www.lead-only.example' });
    expect(sandbox.store.getContact(result.contactId)?.properties).toMatchObject({ email: 'dana@lead-only.example', firstname: 'Dana', lastname: 'Buyer' });
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
});
