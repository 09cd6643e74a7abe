/*
 * One quarter close as a worker process runs it, for the crash tests: the product's close on the
 * test's sandbox HubSpot, Redis (the limiter) and database, two partners per step. Run with
 * PARTNER_ENABLEMENT_CRASH_AT set, it kills itself at that point of the first step.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, PORTAL_ID, REDIS_URL, DATABASE_URL, PREFIX, NOW (epoch ms), QUARTER.
 */
import { Redis } from 'ioredis';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createQuarterClose } from '../../../src/governance/close-quarter.js';
import { TierReviewQueue } from '../../../src/governance/tier-review-queue.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { batchActivityCreator } from '../../../src/recalculation/activity-creator.js';
import { PORTAL_TIME_ZONE, QUARTERLY_PROGRAM } from './quarter-close-harness.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const logger = createLogger({ level: 'silent' });
const portalId = env('PORTAL_ID');
const redis = new Redis(env('REDIS_URL'));
const db = openDatabase(env('DATABASE_URL'), { maxConnections: 2 });
const limiter = createRedisRateLimiter({ redis, keyPrefix: `${env('PREFIX')}:limiter` });
const client = createHubSpotClient({ accessToken: env('SANDBOX_TOKEN'), basePath: env('SANDBOX_URL'), limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
const repository = createPartnerRepository({ client, portalId, program: QUARTERLY_PROGRAM, logger });
const reviews = new TierReviewQueue(redis, { prefix: env('PREFIX') });
const close = createQuarterClose({
  db,
  program: QUARTERLY_PROGRAM,
  repositoryFor: () => repository,
  activities: batchActivityCreator(client),
  audit: new AuditTrail(db),
  reviews,
  timeZone: PORTAL_TIME_ZONE,
  logger,
  now: () => Number(env('NOW')),
  batchSize: 2,
});
const outcome = await close.closeQuarter(portalId, env('QUARTER'));
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await reviews.close();
releaseHubSpotClient();
await db.destroy();
redis.disconnect();
