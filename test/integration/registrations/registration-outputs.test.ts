import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { createPartnerRecalculator, type PartnerRecalculator } from '../../../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../../../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { countPartnerRegistrations } from '../../../src/registrations/count-partner-registrations.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../../../src/registrations/registration-decision-service.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const redis = new Redis(inject('redisUrl'));
afterAll(async () => {
  await redis.quit();
});

const AT = Date.parse(`${SANDBOX_TODAY}T12:00:00.000Z`);

describe('the partner company\'s registration outputs (docs/registrations.md, "Registration counts")', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let client: HubSpotClient;
  let submissions: RegistrationSubmissionService;
  let decisions: RegistrationDecisionService;
  let recalculator: PartnerRecalculator;
  let portalId: string;
  let partnerId: string;
  let contactId: string;
  /** The partners the registration services queued for recalculation, in order. */
  const queued: string[][] = [];
  const partnerCompany = () => sandbox.store.getRecord('companies', partnerId)!.properties;

  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62533 });
    portalId = String(sandbox.portalId);
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const prefix = `test:registration-outputs:${process.pid}`;
    client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` }) });
    const store = new ConflictIndexStore(db);
    await new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
    const recalculation = {
      async enqueueCompanies(_portal: string, companyIds: Iterable<string>) {
        queued.push([...companyIds]);
      },
    };
    const common = { client, store, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => new Date(AT), recalculation };
    submissions = new RegistrationSubmissionService({ ...common, customers: new RegistrationCustomerStore(db) });
    decisions = new RegistrationDecisionService({ ...common, audit: new AuditTrail(db), mail: createMemoryMailSender() });
    const logger = createLogger({ level: 'silent' });
    const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger });
    recalculator = createPartnerRecalculator({
      repositoryFor: () => repository,
      program: DEFAULT_PROGRAM,
      history: new ScoreHistoryStore(db),
      db,
      ledger: new SideEffectLedger(redis, { prefix }),
      audit: new AuditTrail(db),
      logger,
      now: () => AT,
      registrationCounts: (portal, companyIds, at) => countPartnerRegistrations(db, portal, companyIds, 'UTC', at),
    });
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

  it('counts a submitted registration as open, then its won deal as won in 12 months, each written by the partner\'s recalculation', async () => {
    const customer = sandbox.seed.customers.find((entry) => entry.name.toLowerCase().startsWith('halcyon'))!;
    const result = await submissions.submitRegistration(partnerId, contactId, {
      customerCompanyName: customer.name,
      customerDomain: customer.domain,
      customerContactName: 'Dana Buyer',
      customerContactEmail: `dana@${customer.domain}`,
      dealName: `${customer.name} – rollout`,
      amount: 500_000,
      expectedCloseDate: '2027-02-01',
    });
    if (result.outcome !== 'registered' || result.duplicate) throw new Error(`not registered: ${JSON.stringify(result)}`);
    expect(queued).toEqual([[partnerId]]);

    const first = await recalculator.recalculatePartners(portalId, [partnerId]);
    expect(first.failed).toEqual([]);
    expect(partnerCompany()).toMatchObject({ pe_registrations_open: '1', pe_registrations_won_12m: '0' });

    await decisions.decideRegistration(result.registrationId, { type: 'approve' }, { type: 'hubspot-user', id: '501' });
    expect(queued).toEqual([[partnerId], [partnerId]]);
    // Approved and protected: still open, and a recalculation with nothing changed writes nothing.
    const second = await recalculator.recalculatePartners(portalId, [partnerId]);
    expect(second.unchanged).toEqual([partnerId]);
    expect(partnerCompany()).toMatchObject({ pe_registrations_open: '1', pe_registrations_won_12m: '0' });

    // The deal is won today: the index holds the registration as won, closed today.
    await db.updateTable('index_registrations').set({ status: 'won' }).where('portal_id', '=', portalId).where('deal_id', '=', result.registrationId).execute();
    await db.updateTable('index_deals').set({ state: 'won', closed_on: SANDBOX_TODAY }).where('portal_id', '=', portalId).where('deal_id', '=', result.registrationId).execute();
    const third = await recalculator.recalculatePartners(portalId, [partnerId]);
    expect(third.written).toEqual([partnerId]);
    expect(partnerCompany()).toMatchObject({ pe_registrations_open: '0', pe_registrations_won_12m: '1' });
  }, 60_000);
});
