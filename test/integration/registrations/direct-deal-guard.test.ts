import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { DirectDealGuard } from '../../../src/registrations/direct-deal-guard.js';
import { ProtectedDealStore } from '../../../src/registrations/protected-deal-store.js';
import { readIndexEvents } from '../../../src/registrations/read-index-events.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../../../src/registrations/registration-decision-service.js';
import { RegistrationProtectionProcessor } from '../../../src/registrations/registration-protection-processor.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** The deal and company events the product subscribes to (extensions/app/webhooks/webhooks-hsmeta.json). */
const SUBSCRIPTIONS = [
  ...['creation', 'deletion', 'associationChange'].map((kind) => ({ subscriptionType: `object.${kind}`, objectType: 'deal' })),
  ...['dealstage', 'pipeline', 'pe_partner_company_id'].map((propertyName) => ({ subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName })),
  ...['creation', 'deletion'].map((kind) => ({ subscriptionType: `object.${kind}`, objectType: 'company' })),
  ...['domain', 'name', 'pe_is_partner'].map((propertyName) => ({ subscriptionType: 'object.propertyChange', objectType: 'company', propertyName })),
];

const redis = new Redis(inject('redisUrl'));
afterAll(async () => {
  await redis.quit();
});

const SUBMITTED = new Date(`${SANDBOX_TODAY}T12:00:00.000Z`);
const USER = { type: 'hubspot-user' as const, id: '501' };

describe('direct-deal guard and the end of protection', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let updater: ConflictIndexUpdater;
  let submissions: RegistrationSubmissionService;
  let decisions: RegistrationDecisionService;
  let protection: RegistrationProtectionProcessor;
  let portalId: string;
  let partnerId: string;
  let partnerName: string;
  let contactId: string;
  let ownerId: string;
  let eventsSeen = 0;
  let clock = SUBMITTED.getTime();
  /** The morning after the last protected day, when the expiry job runs. */
  const dayAfter = (expiresOn: string) => DateTime.fromISO(expiresOn, { zone: 'utc' }).plus({ days: 1, hours: 1 }).toMillis();

  /** Hands the sandbox's webhook events not yet seen to the index (as the conflict-index worker does). */
  const feedNewEvents = async () => {
    await sandbox.webhooks.flush();
    const fresh = sandbox.webhooks.events.slice(eventsSeen);
    eventsSeen = sandbox.webhooks.events.length;
    return { events: fresh, result: await updater.apply(readIndexEvents(fresh)) };
  };
  const notesOn = (dealId: string) => sandbox.store.associatedIds('deals', dealId, 'notes');
  const tasksOn = (dealId: string) => sandbox.store.associatedIds('deals', dealId, 'tasks');
  const protectedBy = (dealId: string) => sandbox.store.getRecord('deals', dealId)!.properties.pe_protected_by_partner_id ?? '';

  /** A customer company, a partner registration on it, approved. */
  const approvedRegistrationOn = async (domain: string, name: string, existingCompanyId?: string) => {
    clock = SUBMITTED.getTime();
    const companyId = existingCompanyId ?? sandbox.ui.createCompany({ name, domain });
    await feedNewEvents();
    const result = await submissions.submitRegistration(partnerId, contactId, {
      customerCompanyName: name,
      customerDomain: domain,
      customerContactName: 'Dana Buyer',
      customerContactEmail: `dana@${domain}`,
      dealName: `${name} – rollout`,
      amount: 500_000,
      expectedCloseDate: '2027-02-01',
    });
    if (result.outcome !== 'registered' || result.duplicate) throw new Error(`not registered: ${JSON.stringify(result)}`);
    const decided = await decisions.decideRegistration(result.registrationId, { type: 'approve' }, USER);
    await feedNewEvents();
    return { companyId, registrationId: result.registrationId, expiresOn: decided.expiresOn!, decidedAt: decided.decidedAt! };
  };
  /** A salesperson's deal in the sales pipeline, associated with the customer afterwards. */
  const directDealOn = (companyId: string, name: string) => {
    const dealId = sandbox.ui.createRecord('deals', { dealname: name, pipeline: 'default', dealstage: 'appointmentscheduled', hubspot_owner_id: ownerId });
    sandbox.ui.associateRecords('deals', dealId, 'companies', companyId);
    return dealId;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, subscriptions: SUBSCRIPTIONS, portalId: 62541 });
    portalId = String(sandbox.portalId);
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:direct-deal-guard:${process.pid}` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    const store = new ConflictIndexStore(db);
    const marks = new ProtectedDealStore(db);
    const common = { client, store, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => new Date(clock) };
    updater = new ConflictIndexUpdater({
      store,
      reader: createCustomerIndexReader({ client, portalId }),
      portalId,
      guard: new DirectDealGuard({ client, marks, portalId, timeZone: 'UTC', now: () => new Date(clock) }),
    });
    await updater.repair();
    await sandbox.webhooks.flush();
    eventsSeen = sandbox.webhooks.events.length;
    submissions = new RegistrationSubmissionService({ ...common, customers: new RegistrationCustomerStore(db) });
    decisions = new RegistrationDecisionService({ ...common, audit: new AuditTrail(db), mail: createMemoryMailSender(), marks });
    protection = new RegistrationProtectionProcessor({ ...common, audit: new AuditTrail(db), mail: createMemoryMailSender(), marks });
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    partnerId = partner.id;
    partnerName = sandbox.store.getCompany(partnerId)!.properties.name!;
    contactId = partner.contactIds[0]!;
    ownerId = sandbox.store.owners[0]!.id;
    sandbox.ui.updateCompany(partnerId, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
  }, 60_000);
  afterAll(async () => {
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
  });

  it("marks a direct deal on a protected customer, notes the partner and gives its owner a task, once however often the events come", async () => {
    const { companyId, registrationId } = await approvedRegistrationOn('guarded-one.example', 'Guarded One Ltd');
    const dealId = directDealOn(companyId, 'Guarded One – direct');

    const { events, result } = await feedNewEvents();

    expect(result.guarded).toBe(1);
    expect(protectedBy(dealId)).toBe(partnerId);
    expect(notesOn(dealId)).toHaveLength(1);
    const note = sandbox.store.getRecord('notes', notesOn(dealId)[0]!)!;
    expect(note.properties.hs_note_body).toContain(partnerName);
    expect(note.properties.hs_note_body).toContain(registrationId);
    expect(tasksOn(dealId)).toHaveLength(1);
    const task = sandbox.store.getRecord('tasks', tasksOn(dealId)[0]!)!;
    expect(task.properties.hubspot_owner_id).toBe(ownerId);
    expect(task.properties.hs_task_subject).toContain(partnerName);
    // The registration's own deal is never guarded.
    expect(protectedBy(registrationId)).toBe('');
    expect(notesOn(registrationId).filter((id) => sandbox.store.getRecord('notes', id)!.properties.hs_note_body?.includes('holds an approved'))).toEqual([]);

    // HubSpot delivers the same events again: nothing new.
    const again = await updater.apply(readIndexEvents(events));
    expect(again.guarded).toBe(0);
    expect(notesOn(dealId)).toHaveLength(1);
    expect(tasksOn(dealId)).toHaveLength(1);
  });

  it('guards a deal that existed before and is newly associated with the protected customer', async () => {
    const { companyId } = await approvedRegistrationOn('guarded-two.example', 'Guarded Two Ltd');
    const dealId = sandbox.ui.createRecord('deals', { dealname: 'Unrelated at first', pipeline: 'default', dealstage: 'appointmentscheduled', hubspot_owner_id: ownerId });
    await feedNewEvents();
    expect(protectedBy(dealId)).toBe('');

    sandbox.ui.associateRecords('deals', dealId, 'companies', companyId);
    const { result } = await feedNewEvents();

    expect(result.guarded).toBe(1);
    expect(protectedBy(dealId)).toBe(partnerId);
    expect(tasksOn(dealId)).toHaveLength(1);
  });

  it('leaves a deal on an unprotected customer alone', async () => {
    const free = sandbox.ui.createCompany({ name: 'Nobody Claims Ltd', domain: 'nobody-claims.example' });
    await feedNewEvents();
    const unclaimed = directDealOn(free, 'Nobody Claims – direct');
    await approvedRegistrationOn('guarded-three.example', 'Guarded Three Ltd');
    const { result } = await feedNewEvents();
    expect(result.guarded ?? 0).toBe(0);
    expect(protectedBy(unclaimed)).toBe('');
    expect(tasksOn(unclaimed)).toEqual([]);
  });

  it("clears the mark of every direct deal the registration protected when it expires, and the index shows it expired", async () => {
    const { companyId, registrationId, expiresOn, decidedAt } = await approvedRegistrationOn('guarded-four.example', 'Guarded Four Ltd');
    const later = directDealOn(companyId, 'Guarded Four – direct');
    await feedNewEvents();
    expect(protectedBy(later)).toBe(partnerId);

    clock = dayAfter(expiresOn);
    expect(await protection.runStep(registrationId, 'expire', expiresOn)).toEqual({ step: 'expire', outcome: 'done' });

    expect(protectedBy(later)).toBe('');
    expect(sandbox.store.getRecord('deals', registrationId)!.properties.pe_registration_status).toBe('expired');
    const indexed = await db.selectFrom('index_registrations').select(['status', 'decided_at']).where('portal_id', '=', portalId).where('deal_id', '=', registrationId).executeTakeFirstOrThrow();
    expect(indexed.status).toBe('expired');
    // Expiry rewrites the index row and keeps when the registration was decided.
    expect(indexed.decided_at).toEqual(new Date(decidedAt));
    const rows = await db.selectFrom('protected_deals').select(['deal_id', 'cleared_at']).where('registration_id', '=', registrationId).execute();
    expect(rows.map((row) => row.deal_id)).toEqual([later]);
    expect(rows[0]!.cleared_at).not.toBeNull();

    // A new deal on the customer after the expiry is no longer guarded.
    const after = directDealOn(companyId, 'Guarded Four – after expiry');
    await feedNewEvents();
    expect(protectedBy(after)).toBe('');
  });

  it('clears at expiry the open direct deals the approval marked', async () => {
    const companyId = sandbox.ui.createCompany({ name: 'Guarded Five Ltd', domain: 'guarded-five.example' });
    const before = sandbox.ui.createRecord('deals', { dealname: 'Guarded Five – before', pipeline: 'default', dealstage: 'appointmentscheduled' });
    sandbox.ui.associateRecords('deals', before, 'companies', companyId);
    await feedNewEvents();
    expect(protectedBy(before)).toBe('');
    const { registrationId, expiresOn } = await approvedRegistrationOn('guarded-five.example', 'Guarded Five Ltd', companyId);
    expect(protectedBy(before)).toBe(partnerId);

    clock = dayAfter(expiresOn);
    await protection.runStep(registrationId, 'expire', expiresOn);

    expect(protectedBy(before)).toBe('');
  });
});
