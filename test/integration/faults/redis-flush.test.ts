import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, type Services } from '../../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../../src/app/start-product.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { sweepPartnerIds } from '../../../src/recalculation/sweep-partner-ids.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { waitUntilSettled } from '../../../src/sandbox-mode/wait-until-settled.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * Redis restarts empty (FLUSHALL) in the middle of a run, and the product is restarted on it: what
 * PostgreSQL holds — audit trail, score history (so trends), training assignments, reminder ledger
 * — is intact, no renewal reminder goes out twice, and every partner ends correct. A Redis of its
 * own: FLUSHALL on the shared test Redis would empty every other file's keys.
 */

const DEMO_TODAY = '2026-11-15';
const NOW = Date.parse(`${DEMO_TODAY}T12:00:00Z`);

let sandbox: Sandbox;
let redis: RedisServer;
let database: TestDatabase;
let running: { services: Services; product: RunningProduct } | undefined;
const outbox = createMemoryMailSender();

async function startTheProduct(): Promise<{ services: Services; product: RunningProduct }> {
  const config = loadConfig({
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_APP_ID: sandbox.appId,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
  });
  const services = await buildServices(config, {
    logger: createLogger({ level: 'silent' }),
    recalculation: { coalesceMs: 50, backoffBaseMs: 50, backoffMaxMs: 200 },
    hubspotRetry: { baseDelayMs: 20, maxDelayMs: 100 },
    mail: outbox,
    now: () => NOW,
  });
  const product = await startProduct(services, { web: false, worker: true }, { scheduleReconciliation: false });
  return { services, product };
}

/** What a nightly reconciliation does: every partner through the recalculation. */
async function evaluateEveryPartner(services: Services): Promise<void> {
  await sweepPartnerIds(services.repository, async (ids) => {
    await services.recalculator.recalculatePartners(services.portalId, ids);
  });
}

const reminderTasks = () => sandbox.store.listRecords('tasks').filter((task) => task.properties.hs_task_subject?.startsWith('Renewal:'));

async function durableState(services: Services) {
  const { db } = services;
  return {
    audit: await db.selectFrom('audit_entries').select(['id', 'action', 'company_id']).orderBy('id').execute(),
    points: await db.selectFrom('score_points').selectAll().orderBy('company_id').orderBy('day').execute(),
    ledger: await db.selectFrom('reminder_ledger').selectAll().orderBy('contact_id').orderBy('certification_id').orderBy('offset_days').execute(),
    assignments: await db.selectFrom('training_assignments').selectAll().orderBy('id').execute(),
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  redis = await startRedisServer();
  database = await createTestDatabase();
});

afterAll(async () => {
  await running?.product.close();
  await sandbox?.stop();
  await redis?.stop();
  await database?.drop();
});

describe('Redis flushed in the middle of a run, then the product restarted', () => {
  it('keeps the audit trail, score history, assignments and reminder ledger, sends no reminder twice and leaves every partner correct', async () => {
    running = await startTheProduct();
    const { services } = running;
    await evaluateEveryPartner(services);
    await services.lifecycle.sweep();
    const [partner] = sandbox.seed.partners.filter((p) => p.expectedTier === 'gold');
    const assigned = await services.training.assignTraining({
      portalId: services.portalId,
      contactId: partner!.contactIds[0]!,
      companyId: partner!.id,
      track: 'advanced',
      actor: { type: 'operator', id: 'ops' },
    });
    const before = await durableState(services);
    const tasksBefore = reminderTasks().length;
    const emailsBefore = outbox.outbox.length;
    const trendsBefore = new Map(sandbox.seed.partners.map((p) => [p.id, sandbox.store.getCompany(p.id)!.properties.pe_readiness_trend]));
    expect(before.ledger.filter((row) => row.state === 'sent').length).toBeGreaterThan(0);
    expect(tasksBefore).toBe(before.ledger.length);

    // Mid-run: a partner earns the Foundation track, its recalculation is queued, and Redis
    // restarts empty before the worker gets to it.
    const newcomer = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    sandbox.ui.updateCompany(newcomer.id, { pe_foundation_complete: 'true' });
    await services.recalculationQueue.enqueueCompanies(services.portalId, [newcomer.id]);
    const flusher = new Redis(redis.url);
    await flusher.flushall();
    flusher.disconnect();
    await running.product.close();

    // The restart: the start-up lifecycle sweep and the reconciliation run on the empty Redis.
    running = await startTheProduct();
    const restarted = running.services;
    await evaluateEveryPartner(restarted);
    await waitUntilSettled(sandbox, running.product);
    await restarted.lifecycle.sweep();
    // Every partner's reminder wake-up due at once, as if the wake schedule had been rebuilt from scratch.
    await restarted.lifecycle.deps.schedule.set(sandbox.seed.partners.map((p) => ({ portalId: restarted.portalId, companyId: p.id, kind: 'reminder' as const, at: NOW - 1 })));
    const resent = await restarted.lifecycle.sweep();
    expect(resent.reminders.filter((reminder) => reminder.outcome === 'sent')).toEqual([]);

    const after = await durableState(restarted);
    expect(after.ledger).toEqual(before.ledger);
    expect(reminderTasks()).toHaveLength(tasksBefore);
    expect(outbox.outbox).toHaveLength(emailsBefore);
    expect(after.assignments).toEqual(before.assignments);
    expect(await restarted.trainingAssignments.get(assigned.assignmentId)).toMatchObject({ state: 'pending', track: 'advanced' });
    // The trail lost nothing; the newcomer's change was added to it.
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit.slice(before.audit.length).map((entry) => entry.company_id)).toContain(newcomer.id);
    // History kept: today's points are those of before (the day's first), and no trend moved.
    expect(after.points).toEqual(before.points);
    for (const p of sandbox.seed.partners) {
      const outputs = sandbox.store.getCompany(p.id)!.properties;
      expect(outputs.pe_tier, p.name).toBe(p.id === newcomer.id ? 'bronze' : p.expectedTier);
      if (p.id !== newcomer.id) expect(outputs.pe_readiness_trend, p.name).toBe(trendsBefore.get(p.id));
    }
  });
});
