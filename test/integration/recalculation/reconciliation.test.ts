import crypto from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import type { RecalculationEnqueuer } from '../../../src/jobs/recalculation-queue.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { RECONCILIATION_QUEUE, ReconciliationQueue, startReconciliationWorker, type RunningReconciliationWorker } from '../../../src/recalculation/reconciliation.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const redisUrl = inject('redisUrl');
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const prefix = `test:reconcile:${crypto.randomBytes(4).toString('hex')}`;
const PARTNERS = 1_150;
let sandbox: Sandbox;
let portalId: string;
let queue: ReconciliationQueue;
let events: QueueEvents;
let worker: RunningReconciliationWorker;
const enqueued: string[] = [];

/** Records what the sweep hands to the recalculation pipeline. */
const recordingEnqueuer: RecalculationEnqueuer = {
  async enqueueCompanies(_portalId, ids) {
    enqueued.push(...ids);
  },
  async enqueueContacts() {},
};

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', searchRateLimit: { max: 5, intervalMs: 1_000 } });
  portalId = String(sandbox.portalId);
  for (let n = 0; n < PARTNERS; n++) sandbox.ui.createCompany({ name: `Partner ${n}`, pe_is_partner: 'true' });
  for (let n = 0; n < 20; n++) sandbox.ui.createCompany({ name: `Prospect ${n}` });
  const limiter = createRedisRateLimiter({ redis: connection, keyPrefix: `${prefix}:limiter` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
  const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM });
  queue = new ReconciliationQueue(connection, { prefix });
  events = new QueueEvents(RECONCILIATION_QUEUE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix: `${prefix}:bull` });
  await events.waitUntilReady();
  worker = await startReconciliationWorker({ connection, prefix, repositoryFor: () => repository, enqueuer: recordingEnqueuer, logger: createLogger({ level: 'silent' }) });
});

afterAll(async () => {
  await worker?.close();
  await queue.close();
  await events.close();
  releaseHubSpotClient();
  await sandbox.stop();
  await connection.quit();
});

async function runSweep(after?: string) {
  enqueued.length = 0;
  sandbox.requests.reset();
  const jobId = await queue.runNow(portalId, after);
  const job = (await queue.queue.getJob(jobId))!;
  return job.waitUntilFinished(events, 30_000);
}

describe('reconciliation sweep', () => {
  it('queues every partner, and only partners, for recalculation', async () => {
    await runSweep();
    const partners = sandbox.store.listRecords('companies').filter((c) => c.properties.pe_is_partner === 'true').map((c) => c.id);
    expect([...enqueued].sort()).toEqual([...partners].sort());
    // 1,180 partners (30 demo ones): 6 searches of 200.
    expect(sandbox.requests.count({ path: '/crm/v3/objects/companies/search' })).toBe(6);
  });

  it("keeps to the search API's 5 requests per second", async () => {
    await runSweep();
    // The sandbox answers a sixth search within a rolling second with a 429, as HubSpot does, so a
    // sweep that ran ahead of the limit meets one: asserted on what HubSpot saw, not on a clock.
    expect(sandbox.requests.count({ path: '/crm/v3/objects/companies/search' })).toBe(6);
    expect(sandbox.requests.count({ status: 429 })).toBe(0);
  });

  it('resumes above the cursor of an interrupted sweep', async () => {
    const partners = sandbox.store.listRecords('companies').filter((c) => c.properties.pe_is_partner === 'true').map((c) => c.id).sort();
    const cursor = partners[599]!;
    await runSweep(cursor);
    expect([...enqueued].sort()).toEqual(partners.slice(600));
  });

  it('records when a complete sweep ended, so a restarted worker knows whether to catch up', async () => {
    const before = Date.now();
    await runSweep();
    const last = (await queue.lastCompletedAt(portalId))!;
    expect(last).toBeGreaterThanOrEqual(before);
    expect(await queue.runIfStale(portalId, 25 * 3600 * 1000)).toBe(false);
    expect(await queue.runIfStale(portalId, 25 * 3600 * 1000, last + 26 * 3600 * 1000)).toBe(true);
  });

  it('catches up at once on a portal that was never swept', async () => {
    expect(await queue.lastCompletedAt('777')).toBeNull();
    expect(await queue.runIfStale('777', 25 * 3600 * 1000)).toBe(true);
  });

  it('is scheduled nightly at the configured time (UTC)', async () => {
    await queue.schedule(portalId, '0 3 * * *');
    await queue.schedule(portalId, '0 3 * * *');
    const next = (await queue.nextScheduledAt(portalId))!;
    expect(new Date(next).getUTCHours()).toBe(3);
    expect(new Date(next).getUTCMinutes()).toBe(0);
    expect(next - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(await queue.queue.getJobSchedulersCount()).toBe(1);
  });
});
