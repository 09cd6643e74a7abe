import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { money } from '../../../src/domain/money/money.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { decideIncentiveRequest } from '../../../src/incentives/decide-incentive-request.js';
import { IncentiveDeadlineProcessor } from '../../../src/incentives/incentive-deadline-processor.js';
import { IncentiveDeadlineQueue } from '../../../src/incentives/incentive-deadline-queue.js';
import { IncentiveRequestStepStore } from '../../../src/incentives/incentive-request-step-store.js';
import { IncentiveRequestStore, type IncentiveRequest } from '../../../src/incentives/incentive-request-store.js';
import { IncentiveTaskProcessor } from '../../../src/incentives/incentive-task-processor.js';
import { replanIncentiveDeadlines } from '../../../src/incentives/replan-incentive-deadlines.js';
import { startIncentiveDeadlineWorker, type RunningIncentiveDeadlineWorker } from '../../../src/incentives/start-incentive-deadline-worker.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { useTestDatabase } from '../../support/test-database.js';

/*
 * The incentive deadlines' tasks through the real SDK against the sandbox HubSpot: a claim gets a
 * verification task for the partner's owner, an approval a payment task, a missed deadline an
 * escalation; each once, however often its job runs or is planned again after a Redis loss.
 */
const databaseUrl = useTestDatabase();
const redisUrl = inject('redisUrl');
const TIME_ZONE = 'Europe/Berlin';
const ESCALATION_OWNER = '99887766';
// Thursday 3 December 2026 at 10:00 in Berlin; 5 business days later is Thursday 10 December.
const CLAIMED_AT = Date.parse('2026-12-03T09:00:00Z');

let db: Kysely<Database>;
let redis: Redis;
let sandbox: Sandbox;
let client: HubSpotClient;
let store: IncentiveRequestStore;
let tasks: IncentiveTaskProcessor;
let deadlines: IncentiveDeadlineProcessor;
let portalId: string;
let partnerId: string;
let ownerId: string;
const clock = CLAIMED_AT;
const prefix = `test-incentive-tasks-${Date.now()}`;

beforeAll(async () => {
  db = openDatabase(databaseUrl(), { maxConnections: 4 });
  await applyMigrations(db);
  redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62617 });
  portalId = String(sandbox.portalId);
  client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` }) });
  const partner = sandbox.seed.partners.find((entry) => sandbox.store.getRecord('companies', entry.id)?.properties.hubspot_owner_id)!;
  partnerId = partner.id;
  ownerId = sandbox.store.getRecord('companies', partnerId)!.properties.hubspot_owner_id!;
  store = new IncentiveRequestStore(db);
  const steps = new IncentiveRequestStepStore(db);
  tasks = new IncentiveTaskProcessor({ client, store, steps, portalId, timeZone: TIME_ZONE, escalationOwnerId: ESCALATION_OWNER, now: () => new Date(clock) });
  deadlines = new IncentiveDeadlineProcessor({ store, audit: new AuditTrail(db), portalId, currency: 'EUR', tasks });
}, 60_000);

afterAll(async () => {
  releaseHubSpotClient();
  await sandbox?.stop();
  await redis?.quit();
  await db?.destroy();
});

function tasksOf(companyId: string) {
  return sandbox.store.listRecords('tasks').filter((task) => sandbox.store.associatedIds('tasks', task.id, 'companies').includes(companyId));
}

function tasksFor(requestId: string) {
  return tasksOf(partnerId).filter((task) => task.properties.hs_task_body?.includes(`Reference: incentive-request/${requestId}/`));
}

async function aClaim(id: string, overrides: Partial<IncentiveRequest> = {}): Promise<IncentiveRequest> {
  const request: IncentiveRequest = {
    id,
    portalId,
    partnerId,
    contactId: null,
    type: 'bonus',
    details: { kind: 'reference', description: 'A reference call' },
    amount: money(25_000, 'EUR'),
    submittedAt: CLAIMED_AT,
    ...overrides,
  };
  await store.submit(request, [], { type: 'operator', id: 'test' });
  return request;
}

describe('incentive deadline tasks in HubSpot', () => {
  it("a claim gets one verification task for the partner's owner, due at the end of its fifth business day, on the partner company", async () => {
    await aClaim('verify-1');
    const first = await tasks.startTask('verify-1', 'verification', '2026-12-10');
    expect(first).toMatchObject({ outcome: 'created' });
    expect(await tasks.startTask('verify-1', 'verification', '2026-12-10')).toEqual({ outcome: 'skipped', reason: 'done' });

    const created = tasksFor('verify-1');
    expect(created).toHaveLength(1);
    const name = sandbox.store.getRecord('companies', partnerId)!.properties.name;
    expect(created[0]!.properties).toMatchObject({
      hs_task_subject: `Verify ${name}'s bonus claim of EUR 250.00`,
      hubspot_owner_id: ownerId,
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'MEDIUM',
    });
    // 23:59 on Thursday 10 December in Berlin.
    expect(new Date(created[0]!.properties.hs_timestamp!).toISOString()).toBe('2026-12-10T22:59:00.000Z');
    const step = await db.selectFrom('incentive_request_steps').selectAll().where('request_id', '=', 'verify-1').executeTakeFirstOrThrow();
    expect(step).toMatchObject({ step: 'task:verification', object_id: created[0]!.id });
    expect(step.done_at).not.toBeNull();
  });

  it('an approval gets a payment task; a decided claim gets no verification task', async () => {
    const request = await aClaim('pay-1');
    await decideIncentiveRequest({ store, program: DEFAULT_PROGRAM }, { portalId, requestId: 'pay-1', decision: 'approve', reason: null, actor: { type: 'user', id: '7' }, today: '2026-12-04', officialTier: 'silver', currency: 'EUR' });
    expect(await tasks.startTask(request.id, 'verification', '2026-12-10')).toEqual({ outcome: 'skipped', reason: 'decided' });
    // Approved on Friday 4 December: 15 business days later is Friday 25 December (no holidays by default).
    expect(await tasks.startTask(request.id, 'payment', '2026-12-25')).toMatchObject({ outcome: 'created' });

    const created = tasksFor('pay-1');
    expect(created.map((task) => task.properties.hs_task_subject)).toEqual([expect.stringMatching(/^Pay .*'s bonus claim of EUR 250\.00$/)]);
    expect(created[0]!.properties.hubspot_owner_id).toBe(ownerId);
    expect(new Date(created[0]!.properties.hs_timestamp!).toISOString()).toBe('2026-12-25T22:59:00.000Z');
  });

  it('a missed verification gets one breach row in the company currency and one escalation task for the escalation owner', async () => {
    await aClaim('late-1', { amount: null });
    expect(await deadlines.check('late-1', 'verification', '2026-12-10')).toEqual({ outcome: 'breached' });
    expect(await deadlines.check('late-1', 'verification', '2026-12-10')).toEqual({ outcome: 'breached' });

    const escalations = tasksFor('late-1');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.properties).toMatchObject({ hs_task_priority: 'HIGH', hubspot_owner_id: ESCALATION_OWNER });
    expect(escalations[0]!.properties.hs_task_subject).toMatch(/^Overdue: verify .*'s bonus claim$/);
    const rows = await db.selectFrom('ledger_entries').select(['currency', 'amount_minor']).where('kind', '=', 'deadline_breached').where('entry_key', 'like', '%late-1%').execute();
    expect(rows).toEqual([{ currency: 'EUR', amount_minor: expect.anything() }]);
    expect(Number(rows[0]!.amount_minor)).toBe(0);
  });

  it('the worker creates the task of a scheduled claim; after a Redis loss the check is planned again and the task is not', async () => {
    const queue = new IncentiveDeadlineQueue(redis, { prefix, backoffMs: 20 });
    const eventsConnection = redis.duplicate();
    const workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
    const events = new QueueEvents(queue.queue.name, { connection: eventsConnection, prefix: `${prefix}:bull` });
    await events.waitUntilReady();
    let worker: RunningIncentiveDeadlineWorker | undefined;
    try {
      await aClaim('queued-1');
      await queue.schedule(portalId, 'queued-1', 'verification', '2026-12-10', TIME_ZONE, clock);
      const taskJob = (await queue.queue.getJob(IncentiveDeadlineQueue.taskJobId('queued-1', 'verification')))!;
      worker = await startIncentiveDeadlineWorker({ connection: workerConnection, prefix, processor: deadlines, tasks, logger: createLogger({ level: 'silent' }) });
      expect(await taskJob.waitUntilFinished(events, 30_000)).toMatchObject({ outcome: 'created' });
      await worker.close();
      worker = undefined;
      expect(tasksFor('queued-1')).toHaveLength(1);

      await queue.queue.obliterate({ force: true });
      const replan = () => replanIncentiveDeadlines({ db, queue, portalId, settings: DEFAULT_PROGRAM.incentives, timeZone: TIME_ZONE, now: clock });
      const replanned = await replan();
      expect(replanned.verifications).toBeGreaterThanOrEqual(1);
      expect(await replan()).toEqual(replanned);
      const ids = (await queue.queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((job) => job.id!);
      expect(ids).toContain(IncentiveDeadlineQueue.jobId('queued-1', 'verification'));
      expect(ids).not.toContain(IncentiveDeadlineQueue.taskJobId('queued-1', 'verification'));
      // The approved, unpaid claim of the earlier test gets its payment check back, from its approval day.
      const payment = (await queue.queue.getJob(IncentiveDeadlineQueue.jobId('pay-1', 'payment')))!;
      expect(payment.data).toMatchObject({ deadline: 'payment', dueOn: '2026-12-25' });
      expect(ids).not.toContain(IncentiveDeadlineQueue.taskJobId('pay-1', 'payment'));
    } finally {
      await worker?.close();
      await queue.queue.obliterate({ force: true });
      await events.close();
      await queue.close();
      eventsConnection.disconnect();
      workerConnection.disconnect();
    }
  }, 60_000);
});
