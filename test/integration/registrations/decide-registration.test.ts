import express from 'express';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
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
import { createMemoryMailSender, type MemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../../../src/registrations/registration-decision-service.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { createRegistrationsRouter, REGISTRATIONS_PATH } from '../../../src/registrations/registrations-router.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const redis = new Redis(inject('redisUrl'));
afterAll(async () => {
  await redis.quit();
});

const SUBMITTED = new Date(`${SANDBOX_TODAY}T12:00:00.000Z`);
const USER = { type: 'hubspot-user' as const, id: '501' };

describe('deciding a deal registration', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let store: ConflictIndexStore;
  let audit: AuditTrail;
  let outbox: MemoryMailSender;
  let submissions: RegistrationSubmissionService;
  let decisions: RegistrationDecisionService;
  let portalId: string;
  let partnerId: string;
  let contactId: string;
  let clock = SUBMITTED.getTime();
  let client: ReturnType<typeof createHubSpotClient>;
  const clientOf = () => client;

  const customer = (key: string) => sandbox.seed.customers.find((entry) => entry.name.toLowerCase().startsWith(key))!;
  const fieldsFor = (domain: string, companyName: string): RegistrationSubmission => ({
    customerCompanyName: companyName,
    customerDomain: domain,
    customerContactName: 'Dana Buyer',
    customerContactEmail: `dana@${domain}`,
    dealName: `${companyName} – rollout`,
    amount: 500_000,
    expectedCloseDate: '2027-02-01',
  });
  const register = async (domain: string, name: string): Promise<string> => {
    clock = SUBMITTED.getTime();
    const result = await submissions.submitRegistration(partnerId, contactId, fieldsFor(domain, name));
    if (result.outcome !== 'registered' || result.duplicate) throw new Error(`not registered: ${JSON.stringify(result)}`);
    return result.registrationId;
  };
  const indexed = (dealId: string) =>
    db.selectFrom('index_registrations').select(['status', 'expires_on', 'decided_at']).where('portal_id', '=', portalId).where('deal_id', '=', dealId).executeTakeFirst();

  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62532 });
    portalId = String(sandbox.portalId);
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:decide-registration:${process.pid}` });
    client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    store = new ConflictIndexStore(db);
    audit = new AuditTrail(db);
    outbox = createMemoryMailSender();
    await new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
    const common = { client, store, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => new Date(clock) };
    submissions = new RegistrationSubmissionService({ ...common, customers: new RegistrationCustomerStore(db) });
    decisions = new RegistrationDecisionService({ ...common, audit, mail: outbox });
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    partnerId = partner.id;
    contactId = partner.contactIds[0]!;
    sandbox.ui.updateCompany(partnerId, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
    sandbox.ui.updateContact(contactId, { email: 'pat.partner@partner.example', firstname: 'Pat' });
  }, 60_000);
  afterAll(async () => {
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
  });

  it('approves: protection from the approval date, the index and the direct deal on the customer updated, audited and the submitter told', async () => {
    const halcyon = customer('halcyon');
    const dealId = await register(halcyon.domain, halcyon.name);
    const direct = sandbox.seed.directDealIds.filter((id) => sandbox.store.associatedIds('deals', id, 'companies').includes(halcyon.id));
    expect(direct.length).toBeGreaterThan(0);
    expect(await indexed(dealId)).toMatchObject({ status: 'submitted', decided_at: null });
    clock = SUBMITTED.getTime() + 5 * 3_600_000;

    const result = await decisions.decideRegistration(dealId, { type: 'approve' }, USER);

    expect(result).toMatchObject({ registrationId: dealId, status: 'approved', rejectionReason: null, notified: true });
    const approvedOn = new Date(clock).toISOString().slice(0, 10);
    const expected = new Date(Date.parse(`${approvedOn}T00:00:00Z`) + DEFAULT_REGISTRATION_SETTINGS.protectionDays * 86_400_000).toISOString().slice(0, 10);
    expect(result.expiresOn).toBe(expected);
    const deal = sandbox.store.getRecord('deals', dealId)!;
    expect(deal.properties.pe_registration_status).toBe('approved');
    expect(deal.properties.pe_registration_expires_on?.slice(0, 10)).toBe(expected);
    expect(new Date(deal.properties.pe_registration_decided_at!).toISOString()).toBe(new Date(clock).toISOString());
    const open = direct.filter((id) => sandbox.store.getRecord('deals', id)!.properties.hs_is_closed !== 'true');
    expect(open.length).toBeGreaterThan(0);
    for (const id of open) expect(sandbox.store.getRecord('deals', id)!.properties.pe_protected_by_partner_id).toBe(partnerId);
    // The decision time the dashboard's median reads (docs/metrics.md "Registrations").
    expect(await indexed(dealId)).toMatchObject({ status: 'approved', decided_at: new Date(clock) });
    const entries = (await audit.forCompany(portalId, partnerId)).filter((entry) => (entry.after as { registrationId?: string }).registrationId === dealId);
    expect(entries).toMatchObject([{ action: 'registration.approved', actor: USER, before: { status: 'submitted' }, after: { status: 'approved', expiresOn: expected } }]);
    const mail = outbox.outbox.at(-1)!;
    expect(mail).toMatchObject({ template: 'registration-decision', contactId });
    expect(mail.subject).toContain('is approved');
    expect(mail.text).toContain(expected);
  });

  it('extends a running protection once, then refuses a second extension and a second approval', async () => {
    const marlowe = customer('marlowe');
    const dealId = await register(marlowe.domain, marlowe.name);
    const approvedAt = clock + 3_600_000;
    clock = approvedAt;
    const approved = await decisions.decideRegistration(dealId, { type: 'approve' }, USER);
    clock = approvedAt + 24 * 3_600_000;
    const extended = await decisions.decideRegistration(dealId, { type: 'extend' }, USER);
    const days = (Date.parse(`${extended.expiresOn}T00:00:00Z`) - Date.parse(`${approved.expiresOn}T00:00:00Z`)) / 86_400_000;
    expect(days).toBe(DEFAULT_REGISTRATION_SETTINGS.extensionDays);
    expect(extended.status).toBe('approved');
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_expires_on?.slice(0, 10)).toBe(extended.expiresOn);
    // An extension is no decision: the registration was decided when it was approved.
    expect(await indexed(dealId)).toMatchObject({ status: 'approved', decided_at: new Date(approvedAt) });
    expect(outbox.outbox.at(-1)!.subject).toContain('extended');

    await expect(decisions.decideRegistration(dealId, { type: 'extend' }, USER)).rejects.toThrow('An approved registration cannot be extended: the program allows extending once and it has been extended 1 time(s).');
    await expect(decisions.decideRegistration(dealId, { type: 'approve' }, USER)).rejects.toMatchObject({ details: { refused: 'registration_transition', from: 'approved', event: 'approve' } });
    const deal = sandbox.store.getRecord('deals', dealId)!;
    expect(deal.properties.pe_registration_expires_on?.slice(0, 10)).toBe(extended.expiresOn);
  });

  it('rejects with a reason the partner is told, and refuses a rejection without one', async () => {
    const dealId = await register('decide-reject.example', 'Decide Reject');
    const mails = outbox.outbox.length;
    await expect(decisions.decideRegistration(dealId, { type: 'reject', reason: '  ' }, USER)).rejects.toThrow('a rejection needs a reason');
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_status).toBe('submitted');
    expect(outbox.outbox.length).toBe(mails);

    const result = await decisions.decideRegistration(dealId, { type: 'reject', reason: 'The customer is already in a direct deal.' }, USER);
    expect(result).toMatchObject({ status: 'rejected', rejectionReason: 'The customer is already in a direct deal.', expiresOn: null });
    const deal = sandbox.store.getRecord('deals', dealId)!;
    expect(deal.properties).toMatchObject({ pe_registration_status: 'rejected', pe_registration_rejection_reason: 'The customer is already in a direct deal.' });
    expect(await indexed(dealId)).toMatchObject({ status: 'rejected', expires_on: null, decided_at: new Date(clock) });
    expect(deal.properties.pe_registration_sla_breached ?? 'false').not.toBe('true');
    expect(outbox.outbox.at(-1)!.text).toContain('The customer is already in a direct deal.');
    await expect(decisions.decideRegistration(dealId, { type: 'approve' }, USER)).rejects.toThrow('A rejected registration cannot be approved: rejected is final.');
  });

  it('marks a registration decided after its deadline as breached, and one decided at the deadline as on time', async () => {
    const late = await register('decide-late.example', 'Decide Late');
    clock = SUBMITTED.getTime() + 48 * 3_600_000 + 1;
    await decisions.decideRegistration(late, { type: 'approve' }, USER);
    expect(sandbox.store.getRecord('deals', late)!.properties.pe_registration_sla_breached).toBe('true');

    const onTime = await register('decide-on-time.example', 'Decide On Time');
    clock = SUBMITTED.getTime() + 48 * 3_600_000;
    await decisions.decideRegistration(onTime, { type: 'reject', reason: 'Not a fit.' }, USER);
    expect(sandbox.store.getRecord('deals', onTime)!.properties.pe_registration_sla_breached ?? 'false').not.toBe('true');
  });

  it('keeps the decision when the mail server refuses the email, and says the partner was not told', async () => {
    const dealId = await register('decide-mail-down.example', 'Decide Mail Down');
    const refusing = new RegistrationDecisionService({
      client: clientOf(),
      store,
      audit,
      mail: { send: () => Promise.reject(new Error('connection refused')) },
      portalId,
      settings: DEFAULT_REGISTRATION_SETTINGS,
      timeZone: 'UTC',
      now: () => new Date(clock),
    });
    const result = await refusing.decideRegistration(dealId, { type: 'approve' }, USER);
    expect(result).toMatchObject({ status: 'approved', notified: false });
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_status).toBe('approved');
  });

  it('answers 404 for a deal that is no registration and 400 for an id that is no record id', async () => {
    await expect(decisions.decideRegistration(sandbox.seed.directDealIds[0]!, { type: 'approve' }, USER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(decisions.decideRegistration('12x', { type: 'approve' }, USER)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  describe('through the signed API', () => {
    const secret = 'decisions-test-secret';
    let web: WebServer;
    const post = (dealId: string, payload: unknown, sign = true) => {
      const url = `${web.url}${REGISTRATIONS_PATH}/${dealId}/decision?portalId=${portalId}`;
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
      app.use(createRegistrationsRouter({ submissions, decisions, clientSecret: secret, publicBaseUrl: web.url, portalId }));
      app.use(errorHandler(logger));
    });
    afterAll(async () => {
      await web?.close();
    });

    it('approves with 200, refuses a repeat with 409 and the reason, and answers 400 / 401 / 404 for bad requests', async () => {
      const dealId = await register('decide-api.example', 'Decide Api');
      const approved = await post(dealId, { decision: 'approve', actorUserId: '77' });
      expect(approved.status).toBe(200);
      expect(await approved.json()).toMatchObject({ registrationId: dealId, status: 'approved' });
      const entries = (await audit.forCompany(portalId, partnerId)).filter((entry) => (entry.after as { registrationId?: string }).registrationId === dealId);
      expect(entries).toMatchObject([{ action: 'registration.approved', actor: { type: 'hubspot-user', id: '77' } }]);

      const again = await post(dealId, { decision: 'reject', reason: 'Too late' });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'REFUSED', message: 'An approved registration cannot be rejected: it can only be extended, expired, marked won, marked lost.' } });

      expect((await post(dealId, { decision: 'maybe' })).status).toBe(400);
      expect((await post(dealId, { decision: 'reject' })).status).toBe(400);
      expect((await post(dealId, { decision: 'approve' }, false)).status).toBe(401);
      expect((await post(sandbox.seed.directDealIds[0]!, { decision: 'approve' })).status).toBe(404);
    });
  });
});
