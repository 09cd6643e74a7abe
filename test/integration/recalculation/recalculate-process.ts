/*
 * One recalculation as a worker process runs it, for the crash tests: the product's recalculator on
 * the test's sandbox HubSpot, Redis and database. Run with PARTNER_ENABLEMENT_CRASH_AT set, it kills
 * itself at that point of the batch.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, PORTAL_ID, REDIS_URL, DATABASE_URL, PREFIX, NOW (epoch ms),
 * COMPANY_IDS (comma-separated).
 */
import { Redis } from 'ioredis';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { batchActivityCreator } from '../../../src/recalculation/activity-creator.js';
import { createPartnerRecalculator } from '../../../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../../../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const logger = createLogger({ level: 'silent' });
const portalId = env('PORTAL_ID');
const prefix = env('PREFIX');
const now = Number(env('NOW'));
const redis = new Redis(env('REDIS_URL'));
const db = openDatabase(env('DATABASE_URL'), { maxConnections: 2 });
const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
const client = createHubSpotClient({ accessToken: env('SANDBOX_TOKEN'), basePath: env('SANDBOX_URL'), limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger });
const recalculator = createPartnerRecalculator({
  repositoryFor: () => repository,
  program: DEFAULT_PROGRAM,
  history: new ScoreHistoryStore(db),
  db,
  ledger: new SideEffectLedger(redis, { prefix }),
  audit: new AuditTrail(db),
  logger,
  now: () => now,
  activities: batchActivityCreator(client),
});
const report = await recalculator.recalculatePartners(portalId, env('COMPANY_IDS').split(','));
process.stdout.write(`${JSON.stringify({ evaluated: report.evaluated })}\n`);
releaseHubSpotClient();
await db.destroy();
redis.disconnect();
