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
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { batchActivityCreator } from '../../../src/recalculation/activity-creator.js';
import { createPartnerRecalculator, type PartnerRecalculator, type PartnerRecalculatorOptions } from '../../../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../../../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

/** The demo portal's "today", so seeded certification statuses never drift with the calendar. */
export const DEMO_TODAY = '2026-11-15';
export const DAY_MS = 86_400_000;

/** Everything a recalculation needs, wired to a sandbox and the test Redis, with a clock the test moves. */
export interface RecalculationRig {
  sandbox: Sandbox;
  redis: Redis;
  /** The rig's own database (migrated), dropped on `stop`. */
  db: Kysely<Database>;
  databaseUrl: string;
  prefix: string;
  portalId: string;
  client: HubSpotClient;
  repository: PartnerRepository;
  audit: AuditTrail;
  history: ScoreHistoryStore;
  recalculator: PartnerRecalculator;
  /** The recalculation's clock (epoch ms); starts at noon UTC of the demo's today. */
  clock: { now: number };
  /** Requests the sandbox served for a path since the last `sandbox.requests.reset()`. */
  calls(path: string | RegExp, method?: string): number;
  stop(): Promise<void>;
}

export async function startRecalculationRig(
  redisUrl: string,
  options: { sandbox?: SandboxOptions; recalculator?: Partial<PartnerRecalculatorOptions> } = {},
): Promise<RecalculationRig> {
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  const redis = new Redis(redisUrl);
  const prefix = `test:recalc:${crypto.randomBytes(4).toString('hex')}`;
  const sandbox = await startSandbox({ today: DEMO_TODAY, ...options.sandbox });
  const portalId = String(sandbox.portalId);
  const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  const logger = createLogger({ level: 'silent' });
  const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger });
  const audit = new AuditTrail(db);
  const history = new ScoreHistoryStore(db);
  const clock = { now: Date.parse(`${DEMO_TODAY}T12:00:00Z`) };
  const recalculator = createPartnerRecalculator({
    repositoryFor: () => repository,
    program: DEFAULT_PROGRAM,
    history,
    db,
    ledger: new SideEffectLedger(redis, { prefix }),
    audit,
    logger,
    now: () => clock.now,
    activities: batchActivityCreator(client),
    ...options.recalculator,
  });
  return {
    sandbox,
    redis,
    db,
    databaseUrl: database.url,
    prefix,
    portalId,
    client,
    repository,
    audit,
    history,
    recalculator,
    clock,
    calls: (path, method) => sandbox.requests.count({ path, ...(method ? { method } : {}) }),
    async stop() {
      releaseHubSpotClient();
      await sandbox.stop();
      await redis.quit();
      await db.destroy();
      await database.drop();
    },
  };
}

/** Ids of every company in the sandbox, partners or not. */
export function allCompanyIds(sandbox: Sandbox): string[] {
  return sandbox.store.listRecords('companies').map((company) => company.id);
}

/** The first demo partner the seed built for `tier`. */
export function demoPartner(sandbox: Sandbox, tier: string) {
  const partner = sandbox.seed.partners.find((p) => p.expectedTier === tier);
  if (!partner) throw new Error(`the demo portal has no ${tier} partner`);
  return partner;
}
