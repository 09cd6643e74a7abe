import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createQuarterClose, type QuarterClose, type QuarterCloseOptions } from '../../../src/governance/close-quarter.js';
import { QuarterCloseStore } from '../../../src/governance/quarter-close-store.js';
import { TierReviewQueue } from '../../../src/governance/tier-review-queue.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository, type PartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { batchActivityCreator } from '../../../src/recalculation/activity-creator.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import { createTestDatabase } from '../../support/test-database.js';

/** The default program in quarterly governance. */
export const QUARTERLY_PROGRAM: Program = { ...DEFAULT_PROGRAM, governance: { ...DEFAULT_PROGRAM.governance, mode: 'quarterly' } };

export const PORTAL_TIME_ZONE = 'America/New_York';

/** A sandbox portal, a migrated database of its own and what a quarter close needs, with a clock the test moves. */
export interface QuarterCloseRig {
  sandbox: Sandbox;
  db: Kysely<Database>;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  portalId: string;
  client: HubSpotClient;
  repository: PartnerRepository;
  store: QuarterCloseStore;
  /** The review job's queue: the close queues its replans there (read them with `replansQueued`). */
  reviews: TierReviewQueue;
  clock: { now: number };
  /** A close service on its own database pool (a second worker is a second one). */
  closer(overrides?: Partial<QuarterCloseOptions>): { close: QuarterClose; stop(): Promise<void> };
  stop(): Promise<void>;
}

export async function startQuarterCloseRig(redisUrl: string, options: { sandbox?: SandboxOptions; program?: Program } = {}): Promise<QuarterCloseRig> {
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  const redis = new Redis(redisUrl);
  const prefix = `test:close:${crypto.randomBytes(4).toString('hex')}`;
  const sandbox = await startSandbox({ today: '2026-11-15', rateLimit: false, searchRateLimit: false, ...options.sandbox });
  const portalId = String(sandbox.portalId);
  const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  const logger = createLogger({ level: 'silent' });
  const program = options.program ?? QUARTERLY_PROGRAM;
  const repository = createPartnerRepository({ client, portalId, program, logger });
  const clock = { now: Date.parse('2026-10-02T12:00:00Z') };
  const pools: Array<Kysely<Database>> = [];
  const reviews = new TierReviewQueue(redis, { prefix });
  return {
    sandbox,
    db,
    databaseUrl: database.url,
    redisUrl,
    prefix,
    portalId,
    client,
    repository,
    store: new QuarterCloseStore(db),
    reviews,
    clock,
    closer(overrides = {}) {
      const pool = openDatabase(database.url, { maxConnections: 2 });
      pools.push(pool);
      const close = createQuarterClose({
        db: pool,
        program,
        repositoryFor: () => repository,
        activities: batchActivityCreator(client),
        audit: new AuditTrail(pool),
        reviews,
        timeZone: PORTAL_TIME_ZONE,
        logger,
        now: () => clock.now,
        ...overrides,
      });
      return { close, stop: () => pool.destroy() };
    },
    async stop() {
      await reviews.close();
      releaseHubSpotClient();
      await sandbox.stop();
      await redis.quit();
      await Promise.allSettled(pools.map((pool) => pool.destroy()));
      await db.destroy();
      await database.drop();
    },
  };
}

/** Notes on a company's timeline, their bodies. */
export function notesOf(sandbox: Sandbox, companyId: string): string[] {
  return sandbox.store.listRecords('notes')
    .filter((note) => sandbox.store.associatedIds('notes', note.id, 'companies').includes(companyId))
    .map((note) => note.properties.hs_note_body ?? '');
}

/** Partner company ids of the sandbox, in id order. */
export function partnerIds(sandbox: Sandbox): string[] {
  return sandbox.store.listRecords('companies').filter((company) => company.properties.pe_is_partner === 'true').map((company) => company.id)
    .sort((a, b) => Number(a) - Number(b));
}

/** The company ids of every replan the close queued on the review job, sorted (one id per replan asked). */
export async function replansQueued(reviews: TierReviewQueue): Promise<string[]> {
  const jobs = await reviews.queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.filter((job) => job.name === 'replan-tier-reviews').flatMap((job) => (job.data as { companyIds: string[] }).companyIds).sort((a, b) => Number(a) - Number(b));
}
