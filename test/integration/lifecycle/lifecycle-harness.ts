import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createTestDatabase } from '../../support/test-database.js';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository, type PartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { startWorker, type RunningWorker } from '../../../src/jobs/start-worker.js';
import { createLifecycle, type Lifecycle } from '../../../src/lifecycle/create-lifecycle.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender, type MemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { createPartnerRecalculator, type PartnerRecalculator } from '../../../src/recalculation/recalculate-partners.js';
import { resolveContactCompanies } from '../../../src/recalculation/resolve-contact-companies.js';
import { ScoreHistoryStore } from '../../../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';
import { createRedisConnection } from '../../../src/redis.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

export const silentLogger = createLogger({ level: 'silent' });

/**
 * The product's time-driven half wired for tests: a sandbox HubSpot (real SDK), the test Redis, the
 * real recalculation pipeline (queue + worker) and the lifecycle, all on one clock the test moves.
 */
export interface LifecycleRig {
  sandbox: Sandbox;
  portalId: string;
  redisUrl: string;
  redis: Redis;
  workerRedis: Redis;
  /** The rig's own database (migrated), dropped on `stop`. */
  db: Kysely<Database>;
  databaseUrl: string;
  prefix: string;
  client: HubSpotClient;
  repository: PartnerRepository;
  audit: AuditTrail;
  outbox: MemoryMailSender;
  recalculation: RecalculationQueue;
  recalculator: PartnerRecalculator;
  lifecycle: Lifecycle;
  /** Epoch ms every part reads as "now". */
  clock: { now: number };
  /** Builds another lifecycle with its own Redis connection, on the same HubSpot and clock (a second worker process). */
  anotherLifecycle(): Lifecycle;
  /** Evaluates companies now, as a webhook or a workflow action would have. */
  evaluate(companyIds: string[]): Promise<void>;
  /** Waits until the recalculation pipeline has nothing pending or running. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLifecycleRig(redisUrl: string, start: string): Promise<LifecycleRig> {
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 6 });
  await applyMigrations(db);
  const prefix = `test:lifecycle:${crypto.randomBytes(4).toString('hex')}`;
  const clock = { now: Date.parse(start) };
  const now = () => clock.now;
  const sandbox = await startSandbox({ today: start.slice(0, 10) });
  const portalId = String(sandbox.portalId);
  const redis = new Redis(redisUrl);
  const workerRedis = createRedisConnection({ url: redisUrl, role: 'worker', name: 'lifecycle-test-worker' });
  const limiter = createRedisRateLimiter({ redis: workerRedis, keyPrefix: `${prefix}:limiter` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger: silentLogger });
  const audit = new AuditTrail(db);
  const outbox = createMemoryMailSender();
  const recalculation = new RecalculationQueue(redis, { prefix, coalesceMs: 50, backoffBaseMs: 50, backoffMaxMs: 200 });
  const extraConnections: Redis[] = [];
  const build = (redisForLifecycle: Redis = workerRedis) =>
    createLifecycle({
      redis: redisForLifecycle,
      db,
      prefix,
      hubspot: client,
      repositoryFor: () => repository,
      program: DEFAULT_PROGRAM,
      recalculation,
      mail: outbox,
      audit,
      logger: silentLogger,
      now,
    });
  const lifecycle = build();
  const recalculator = createPartnerRecalculator({
    repositoryFor: () => repository,
    program: DEFAULT_PROGRAM,
    history: new ScoreHistoryStore(db),
    db,
    ledger: new SideEffectLedger(redis, { prefix }),
    audit,
    logger: silentLogger,
    now,
    onEvaluated: (portal, partners) => lifecycle.onEvaluated(portal, partners),
  });
  const worker: RunningWorker = await startWorker({
    connection: workerRedis,
    handler: (portal, ids) => recalculator.recalculatePartners(portal, ids),
    resolveContacts: resolveContactCompanies(() => repository),
    logger: silentLogger,
    settings: recalculation.settings,
    scheduleSweep: false,
  });
  const settle = async () => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [companies, jobs] = await Promise.all([
        recalculation.companies.depth(),
        recalculation.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      ]);
      if (companies.pending + companies.inFlight + Object.values(jobs).reduce((sum, n) => sum + n, 0) === 0) return;
      if (Date.now() > deadline) throw new Error('the recalculation pipeline did not settle');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    sandbox,
    portalId,
    redisUrl,
    redis,
    workerRedis,
    db,
    databaseUrl: database.url,
    prefix,
    client,
    repository,
    audit,
    outbox,
    recalculation,
    recalculator,
    lifecycle,
    clock,
    anotherLifecycle() {
      const connection = createRedisConnection({ url: redisUrl, role: 'worker', name: 'lifecycle-test-second-worker' });
      extraConnections.push(connection);
      return build(connection);
    },
    async evaluate(companyIds) {
      await recalculator.recalculatePartners(portalId, companyIds);
    },
    settle,
    async stop() {
      await worker.close({ timeoutMs: 2_000 });
      await recalculation.close();
      releaseHubSpotClient();
      await sandbox.stop();
      await Promise.allSettled([redis.quit(), workerRedis.quit(), ...extraConnections.map((connection) => connection.quit())]);
      await db.destroy();
      await database.drop();
    },
  };
}

/** Options of {@link createPartner}. */
export interface PartnerSetup {
  timeZone: string;
  /** Certifications per contact: certification id → date earned. */
  contacts: Array<{ firstName: string; lastName: string; email?: string; certifications: Record<string, string> }>;
  /** Every track complete (Platinum needs 3 certifications; Gold 2; Silver 1). Default true. */
  trained?: boolean;
}

/** Creates a partner with an owner and contacts in the sandbox, "through HubSpot's UI". */
export function createPartner(sandbox: Sandbox, setup: PartnerSetup): { companyId: string; ownerId: string; contactIds: string[] } {
  const owner = sandbox.store.addOwner({ email: `owner-${crypto.randomBytes(3).toString('hex')}@vendor.example`, firstName: 'Olive', lastName: 'Owner' });
  const trained = setup.trained ?? true;
  const companyId = sandbox.ui.createCompany({
    name: 'Lifecycle Partners',
    pe_is_partner: 'true',
    pe_partner_type: 'reseller',
    pe_foundation_complete: trained ? 'true' : 'false',
    pe_sales_modules_completed: trained ? '8' : '0',
    pe_technical_modules_completed: trained ? '10' : '0',
    pe_advanced_modules_completed: '0',
    pe_timezone: setup.timeZone,
    hubspot_owner_id: owner.id,
  });
  const contactIds = setup.contacts.map((contact) => {
    const properties: Record<string, string> = {
      firstname: contact.firstName,
      lastname: contact.lastName,
      email: contact.email ?? `${contact.firstName.toLowerCase()}@partner.example`,
      pe_partner_role: 'se',
    };
    for (const [certificationId, earnedOn] of Object.entries(contact.certifications)) properties[`pe_cert_${certificationId}_earned_on`] = earnedOn;
    const id = sandbox.ui.createContact(properties);
    sandbox.ui.associate(id, companyId);
    return id;
  });
  return { companyId, ownerId: owner.id, contactIds };
}

/** Tasks the app created in the sandbox for a company, oldest first. */
export function tasksOf(sandbox: Sandbox, companyId: string) {
  return sandbox.store
    .listRecords('tasks')
    .filter((task) => sandbox.store.associatedIds('tasks', task.id, 'companies').includes(companyId));
}
