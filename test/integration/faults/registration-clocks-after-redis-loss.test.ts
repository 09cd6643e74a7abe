import { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../../../src/registrations/registration-decision-service.js';
import { RegistrationSlaProcessor } from '../../../src/registrations/registration-sla-processor.js';
import { RegistrationSlaQueue } from '../../../src/registrations/registration-sla-queue.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { RegistrationProtectionProcessor } from '../../../src/registrations/registration-protection-processor.js';
import { RegistrationStepStore } from '../../../src/registrations/registration-step-store.js';
import { replanRegistrationClocks } from '../../../src/registrations/replan-registration-clocks.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const SUBMITTED = Date.parse(`${SANDBOX_TODAY}T12:00:00.000Z`);
const HOUR = 3_600_000;

describe('registration clocks after Redis lost its data', () => {
  let server: RedisServer;
  let redis: Redis;
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let sla: RegistrationSlaQueue;
  let audit: AuditTrail;
  let submissions: RegistrationSubmissionService;
  let decisions: RegistrationDecisionService;
  let processor: RegistrationSlaProcessor;
  let protection: RegistrationProtectionProcessor;
  const outbox = createMemoryMailSender();
  let portalId: string;
  let partnerId: string;
  let contactId: string;
  let clock = SUBMITTED;

  const register = async (domain: string): Promise<string> => {
    const result = await submissions.submitRegistration(partnerId, contactId, {
      customerCompanyName: `Clock ${domain}`, customerDomain: domain, customerContactName: 'Cleo Buyer', customerContactEmail: `cleo@${domain}`,
      dealName: `Clock ${domain}`, amount: 100_000, expectedCloseDate: '2027-02-01',
    });
    if (result.outcome !== 'registered' || result.duplicate) throw new Error(`not registered: ${JSON.stringify(result)}`);
    return result.registrationId;
  };
  const jobIds = async () => (await sla.queue.getJobs(['delayed', 'waiting', 'prioritized'])).map((job) => job.id!).sort();
  const replan = (now: number) => replanRegistrationClocks({ db, queue: sla, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now });

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: null });
    sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62542 });
    portalId = String(sandbox.portalId);
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: 'test:clocks:limiter' });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    const store = new ConflictIndexStore(db);
    audit = new AuditTrail(db);
    await new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
    sla = new RegistrationSlaQueue(redis, { prefix: 'test-clocks' });
    const common = { client, store, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => new Date(clock) };
    submissions = new RegistrationSubmissionService({ ...common, customers: new RegistrationCustomerStore(db), sla });
    decisions = new RegistrationDecisionService({ ...common, audit, mail: createMemoryMailSender(), protection: sla });
    protection = new RegistrationProtectionProcessor({ ...common, audit, mail: outbox, steps: new RegistrationStepStore(db) });
    processor = new RegistrationSlaProcessor({ client, audit, portalId, settings: DEFAULT_REGISTRATION_SETTINGS, steps: new RegistrationStepStore(db), now: () => new Date(clock) });
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    partnerId = partner.id;
    contactId = partner.contactIds[0]!;
    sandbox.ui.updateCompany(partnerId, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
  }, 60_000);
  afterAll(async () => {
    await sla?.close();
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
    await redis?.quit();
    await server?.stop();
  });

  it('plans every open registration again from PostgreSQL, once, and runs at once the steps the outage skipped; a breach is recorded once', async () => {
    clock = SUBMITTED;
    const pending = await register('clock-pending.example');
    const approved = await register('clock-approved.example');
    const { expiresOn } = await decisions.decideRegistration(approved, { type: 'approve' }, { type: 'hubspot-user', id: '501' });
    const planned = await jobIds();
    expect(planned).toEqual([
      RegistrationSlaQueue.jobId(approved, 'breach'), RegistrationSlaQueue.jobId(approved, 'escalate'), RegistrationSlaQueue.jobId(approved, 'remind'),
      RegistrationSlaQueue.jobId(pending, 'breach'), RegistrationSlaQueue.jobId(pending, 'escalate'), RegistrationSlaQueue.jobId(pending, 'remind'),
      RegistrationSlaQueue.protectionJobId(approved, 'expire', expiresOn!), RegistrationSlaQueue.protectionJobId(approved, 'notice', expiresOn!),
    ].sort());

    await redis.flushall();
    expect(await jobIds()).toEqual([]);

    // Back 50 hours after submission: the pending registration's deadline passed during the outage.
    const back = SUBMITTED + 50 * HOUR;
    const first = await replan(back);
    const afterFirst = await jobIds();
    // The demo portal's open registrations are planned too: 3 jobs per decision clock, 2 per protection.
    expect(afterFirst).toHaveLength(3 * first.decisionClocks + 2 * first.protections);
    expect(await replan(back)).toEqual(first);
    expect(await jobIds()).toEqual(afterFirst);

    expect(afterFirst.filter((id) => id.includes(`-${pending}-`) || id.includes(`-${approved}-`))).toEqual([
      RegistrationSlaQueue.jobId(pending, 'breach'), RegistrationSlaQueue.jobId(pending, 'escalate'), RegistrationSlaQueue.jobId(pending, 'remind'),
      RegistrationSlaQueue.protectionJobId(approved, 'expire', expiresOn!), RegistrationSlaQueue.protectionJobId(approved, 'notice', expiresOn!),
    ].sort());
    const breach = (await Job.fromId(sla.queue, RegistrationSlaQueue.jobId(pending, 'breach')))!;
    expect(breach.delay).toBe(0);
    const expire = (await Job.fromId(sla.queue, RegistrationSlaQueue.protectionJobId(approved, 'expire', expiresOn!)))!;
    expect(back + expire.delay).toBe(Date.parse(`${expiresOn}T00:00:00Z`) + 24 * HOUR);

    // The breach runs, then Redis is lost again and the breach is planned and run once more.
    clock = back;
    expect(await processor.runStep(pending, 'breach')).toMatchObject({ outcome: 'done' });
    await redis.flushall();
    await replan(back + HOUR);
    expect(await processor.runStep(pending, 'breach')).toMatchObject({ outcome: 'skipped' });
    expect(sandbox.store.getRecord('deals', pending)!.properties.pe_registration_sla_breached).toBe('true');
    const breaches = (await audit.forCompany(portalId, partnerId)).filter((entry) => entry.action === 'registration.sla_breached');
    expect(breaches).toHaveLength(1);
  });

  it('puts the clocks back after the Redis server was killed and restarted empty', async () => {
    clock = SUBMITTED;
    const pending = await register('clock-killed.example');
    await server.kill();
    await server.restart();
    await redis.ping();
    expect(await jobIds()).toEqual([]);

    await replan(SUBMITTED + HOUR);


    const remind = (await Job.fromId(sla.queue, RegistrationSlaQueue.jobId(pending, 'remind')))!;
    expect(SUBMITTED + HOUR + remind.delay).toBe(SUBMITTED + DEFAULT_REGISTRATION_SETTINGS.reminderHours * HOUR);
  });

  it('a reminder or escalation already created is not created again after Redis lost its jobs, nor by a run that took over a killed one', async () => {
    clock = SUBMITTED;
    const dealId = await register('clock-told.example');
    const tasksOn = () => sandbox.store.associatedIds('deals', dealId, 'tasks').map((id) => sandbox.store.getRecord('tasks', id)!.properties);
    clock = SUBMITTED + DEFAULT_REGISTRATION_SETTINGS.reminderHours * HOUR;
    expect(await processor.runStep(dealId, 'remind')).toMatchObject({ outcome: 'done' });
    expect(tasksOn()).toHaveLength(1);

    await redis.flushall();
    clock = SUBMITTED + (DEFAULT_REGISTRATION_SETTINGS.escalationHours + 1) * HOUR;
    await replan(clock);
    const planned = (await jobIds()).filter((id) => id.includes(`-${dealId}-`));
    expect(planned).toEqual([RegistrationSlaQueue.jobId(dealId, 'breach'), RegistrationSlaQueue.jobId(dealId, 'escalate')]);
    // The steps due now run (the escalation; the breach is later); a reminder job delivered anyway does nothing.
    const escalated = await processor.runStep(dealId, 'escalate');
    expect(escalated).toMatchObject({ outcome: 'done', taskId: expect.any(String) });
    expect(await processor.runStep(dealId, 'remind')).toMatchObject({ outcome: 'skipped' });
    expect(tasksOn().map((task) => task.hs_task_subject)).toEqual([
      expect.stringMatching(/^Decide the partner registration/), expect.stringMatching(/^Overdue soon/),
    ]);

    // A run killed after creating the escalation task, before recording it: the next run finds the task.
    await db.updateTable('registration_steps').set({ done_at: null, object_id: null, claimed_until: new Date(clock - HOUR) })
      .where('deal_id', '=', dealId).where('step', '=', 'escalate').execute();
    expect(await processor.runStep(dealId, 'escalate')).toEqual(escalated);
    expect(tasksOn()).toHaveLength(2);
    const rows = await db.selectFrom('registration_steps').select(['step', 'object_id']).where('deal_id', '=', dealId).orderBy('step').execute();
    expect(rows).toEqual([{ step: 'escalate', object_id: (escalated as { taskId: string }).taskId }, { step: 'remind', object_id: expect.any(String) }]);
  });

  it('an expiry notice already sent is neither planned nor sent again after Redis lost its jobs', async () => {
    clock = SUBMITTED;
    const dealId = await register('clock-notice.example');
    const { expiresOn } = await decisions.decideRegistration(dealId, { type: 'approve' }, { type: 'hubspot-user', id: '501' });
    const notices = () => outbox.outbox.filter((mail) => JSON.stringify(mail).includes(`registration-${dealId}-notice-`));
    expect(await protection.runStep(dealId, 'notice', expiresOn!)).toEqual({ step: 'notice', outcome: 'done' });
    expect(notices()).toHaveLength(1);

    await redis.flushall();
    await replan(Date.parse(`${expiresOn}T00:00:00Z`) - HOUR);
    expect((await jobIds()).filter((id) => id.includes(`-${dealId}-`))).toEqual([RegistrationSlaQueue.protectionJobId(dealId, 'expire', expiresOn!)]);
    expect(await protection.runStep(dealId, 'notice', expiresOn!)).toEqual({ step: 'notice', outcome: 'skipped' });
    expect(notices()).toHaveLength(1);
  });
});
