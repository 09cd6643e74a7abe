import crypto from 'node:crypto';
import { Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { SlaStep } from '../../../src/domain/registrations/assess-registration-sla.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender, type MemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../../../src/registrations/registration-decision-service.js';
import { RegistrationProtectionProcessor } from '../../../src/registrations/registration-protection-processor.js';
import { RegistrationSlaProcessor } from '../../../src/registrations/registration-sla-processor.js';
import { RegistrationSlaQueue } from '../../../src/registrations/registration-sla-queue.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { startRegistrationSlaWorker, type RunningRegistrationSlaWorker } from '../../../src/registrations/start-registration-sla-worker.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const HOUR = 3_600_000;
/** Noon UTC on the sandbox's today: every hour counts toward the 48. */
const SUBMITTED = Date.parse(`${SANDBOX_TODAY}T12:00:00.000Z`);

/** The partners the protection expiry queued for recalculation. */
const expiryQueued: string[] = [];

describe('the decision clock of a registration (delayed jobs on real Redis)', () => {
  const redisUrl = inject('redisUrl');
  const prefix = `test:sla:${crypto.randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let workerRedis: Redis;
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let audit: AuditTrail;
  let sla: RegistrationSlaQueue;
  let events: QueueEvents;
  let worker: RunningRegistrationSlaWorker;
  let submissions: RegistrationSubmissionService;
  let decisions: RegistrationDecisionService;
  let portalId: string;
  let partnerId: string;
  let partnerOwnerId: string;
  let contactId: string;
  let outbox: MemoryMailSender;
  let clock = SUBMITTED;

  const register = async (domain: string): Promise<string> => {
    clock = SUBMITTED;
    const result = await submissions.submitRegistration(partnerId, contactId, {
      customerCompanyName: `Clock ${domain}`,
      customerDomain: domain,
      customerContactName: 'Cleo Buyer',
      customerContactEmail: `cleo@${domain}`,
      dealName: `Clock ${domain}`,
      amount: 100_000,
      expectedCloseDate: '2027-02-01',
    });
    if (result.outcome !== 'registered' || result.duplicate) throw new Error(`not registered: ${JSON.stringify(result)}`);
    return result.registrationId;
  };
  /** Promotes a delayed step (as if its time had come) and waits for the worker to finish it. */
  const runStep = (dealId: string, step: SlaStep): Promise<unknown> => runJob(RegistrationSlaQueue.jobId(dealId, step));
  const runJob = async (jobId: string): Promise<unknown> => {
    const job = await Job.fromId(sla.queue, jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    clock = job.timestamp + job.delay;
    await job.promote();
    return job.waitUntilFinished(events, 20_000);
  };
  const tasksOn = (dealId: string) => sandbox.store.associatedIds('deals', dealId, 'tasks').map((id) => sandbox.store.getRecord('tasks', id)!.properties);

  beforeAll(async () => {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    workerRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62533 });
    portalId = String(sandbox.portalId);
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    const store = new ConflictIndexStore(db);
    audit = new AuditTrail(db);
    await new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
    sla = new RegistrationSlaQueue(redis, { prefix });
    events = new QueueEvents(sla.queue.name, { connection: redis.duplicate(), prefix: `${prefix}:bull` });
    await events.waitUntilReady();
    const settings = { ...DEFAULT_REGISTRATION_SETTINGS, escalationOwnerId: '9000001' };
    const common = { client, store, portalId, settings, timeZone: 'UTC', now: () => new Date(clock) };
    submissions = new RegistrationSubmissionService({ ...common, customers: new RegistrationCustomerStore(db), sla });
    outbox = createMemoryMailSender();
    decisions = new RegistrationDecisionService({ ...common, audit, mail: outbox, protection: sla });
    const processor = new RegistrationSlaProcessor({ client, audit, portalId, settings, now: () => new Date(clock) });
    const protection = new RegistrationProtectionProcessor({ ...common, audit, mail: outbox, recalculation: { async enqueueCompanies(_portal, ids) { expiryQueued.push(...ids); } } });
    worker = await startRegistrationSlaWorker({ connection: workerRedis, prefix, processor, protection, logger: createLogger({ level: 'silent' }) });
    const partner = sandbox.seed.partners.find((entry) => entry.contactIds.length > 0)!;
    partnerId = partner.id;
    contactId = partner.contactIds[0]!;
    partnerOwnerId = sandbox.store.getRecord('companies', partnerId)!.properties.hubspot_owner_id!;
    sandbox.ui.updateCompany(partnerId, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
    sandbox.ui.updateContact(contactId, { email: 'pat.partner@partner.example', firstname: 'Pat' });
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await events?.close();
    await sla?.queue.obliterate({ force: true });
    await sla?.close();
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
    await workerRedis?.quit();
    await redis?.quit();
  });

  it('schedules the reminder at 24 h, the escalation at 40 h and the breach at 48 h, once per registration', async () => {
    const dealId = await register('clock-schedule.example');
    const delays = await Promise.all((['remind', 'escalate', 'breach'] as const).map(async (step) => {
      const job = await Job.fromId(sla.queue, RegistrationSlaQueue.jobId(dealId, step));
      expect(job?.data).toEqual({ v: 1, portalId, dealId, step });
      expect(await job?.getState()).toBe('delayed');
      return job!.delay / HOUR;
    }));
    expect(delays).toEqual([24, 40, 48]);
    await sla.schedule(portalId, dealId, { reminderAt: SUBMITTED + HOUR, escalationAt: SUBMITTED + 2 * HOUR, dueAt: SUBMITTED + 3 * HOUR }, SUBMITTED);
    expect((await sla.queue.getDelayed()).filter((job) => job.data.dealId === dealId)).toHaveLength(3);
  });

  it("reminds the partner's owner, escalates to the escalation owner and marks the breach, leaving the registration submitted", async () => {
    const dealId = await register('clock-breach.example');

    expect(await runStep(dealId, 'remind')).toMatchObject({ step: 'remind', outcome: 'done' });
    expect(tasksOn(dealId)).toEqual([expect.objectContaining({ hubspot_owner_id: partnerOwnerId, hs_task_status: 'NOT_STARTED' })]);
    expect(await runStep(dealId, 'escalate')).toMatchObject({ step: 'escalate', outcome: 'done' });
    expect(tasksOn(dealId).map((task) => task.hubspot_owner_id).sort()).toEqual([partnerOwnerId, '9000001'].sort());
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_sla_breached ?? 'false').not.toBe('true');

    expect(await runStep(dealId, 'breach')).toMatchObject({ step: 'breach', outcome: 'done' });
    const deal = sandbox.store.getRecord('deals', dealId)!.properties;
    expect(deal).toMatchObject({ pe_registration_status: 'submitted', pe_registration_sla_breached: 'true' });
    const entries = (await audit.forCompany(portalId, partnerId)).filter((entry) => (entry.after as { registrationId?: string }).registrationId === dealId);
    expect(entries).toMatchObject([{ action: 'registration.sla_breached', actor: { type: 'system' } }]);
  });

  it('does nothing for a registration decided before its steps come due', async () => {
    const dealId = await register('clock-decided.example');
    clock = SUBMITTED + 2 * HOUR;
    await decisions.decideRegistration(dealId, { type: 'approve' }, { type: 'hubspot-user', id: '7' });

    for (const step of ['remind', 'escalate', 'breach'] as const) {
      expect(await runStep(dealId, step)).toMatchObject({ step, outcome: 'skipped', status: 'approved' });
    }
    expect(tasksOn(dealId)).toEqual([]);
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_sla_breached ?? 'false').not.toBe('true');
  });

  it("tells the partner 14 days before the protection ends and expires the registration the day after its last protected day", async () => {
    const dealId = await register('clock-expiry.example');
    clock = SUBMITTED + 3 * HOUR;
    const approved = await decisions.decideRegistration(dealId, { type: 'approve' }, { type: 'hubspot-user', id: '7' });
    expect(approved.expiresOn).toBe('2027-02-13');
    const notice = await Job.fromId(sla.queue, RegistrationSlaQueue.protectionJobId(dealId, 'notice', '2027-02-13'));
    const expire = await Job.fromId(sla.queue, RegistrationSlaQueue.protectionJobId(dealId, 'expire', '2027-02-13'));
    expect(await notice?.getState()).toBe('delayed');
    expect(clock + notice!.delay).toBe(Date.parse('2027-01-30T00:00:00Z'));
    expect(clock + expire!.delay).toBe(Date.parse('2027-02-14T00:00:00Z'));

    const mails = outbox.outbox.length;
    expect(await runJob(notice!.id!)).toEqual({ step: 'notice', outcome: 'done' });
    expect(outbox.outbox.slice(mails)).toMatchObject([{ template: 'registration-protection-notice', to: 'pat.partner@partner.example', contactId }]);
    expect(outbox.outbox.at(-1)!.text).toContain('protected through 2027-02-13');
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_status).toBe('approved');

    expect(expiryQueued).toEqual([]);
    expect(await runJob(expire!.id!)).toEqual({ step: 'expire', outcome: 'done' });
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_status).toBe('expired');
    // The expiry queues the partner, whose open registrations now count one fewer.
    expect(expiryQueued).toEqual([partnerId]);
    const indexed = await db.selectFrom('index_registrations').select('status').where('portal_id', '=', portalId).where('deal_id', '=', dealId).executeTakeFirst();
    expect(indexed?.status).toBe('expired');
    const entries = (await audit.forCompany(portalId, partnerId)).filter((entry) => (entry.after as { registrationId?: string }).registrationId === dealId);
    expect(entries.map((entry) => entry.action)).toEqual(['registration.approved', 'registration.expired']);
  });

  it('leaves the protection running when it was extended after the jobs were planned', async () => {
    const dealId = await register('clock-extended.example');
    clock = SUBMITTED + 3 * HOUR;
    await decisions.decideRegistration(dealId, { type: 'approve' }, { type: 'hubspot-user', id: '7' });
    const extended = await decisions.decideRegistration(dealId, { type: 'extend' }, { type: 'hubspot-user', id: '7' });
    expect(extended.expiresOn).toBe('2027-03-15');

    const mails = outbox.outbox.length;
    expect(await runJob(RegistrationSlaQueue.protectionJobId(dealId, 'notice', '2027-02-13'))).toEqual({ step: 'notice', outcome: 'skipped' });
    expect(await runJob(RegistrationSlaQueue.protectionJobId(dealId, 'expire', '2027-02-13'))).toEqual({ step: 'expire', outcome: 'skipped' });
    expect(outbox.outbox.length).toBe(mails);
    expect(sandbox.store.getRecord('deals', dealId)!.properties.pe_registration_status).toBe('approved');
    const later = await Job.fromId(sla.queue, RegistrationSlaQueue.protectionJobId(dealId, 'expire', '2027-03-15'));
    expect(await later?.getState()).toBe('delayed');
  });
});
