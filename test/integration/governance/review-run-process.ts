/*
 * One daily review run as a worker process runs it, for the crash tests: the product's run on the
 * test's sandbox HubSpot, Redis (the limiter) and database, at the instant the test names. Run with
 * PARTNER_ENABLEMENT_CRASH_AT set, it kills itself at that point of creating the review tasks.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, PORTAL_ID, REDIS_URL, DATABASE_URL, PREFIX, NOW (epoch ms).
 */
import { Redis } from 'ioredis';
import { openDatabase } from '../../../src/db/open-database.js';
import { createDueReviewTasks } from '../../../src/governance/create-due-review-tasks.js';
import { TierReviewTaskStore } from '../../../src/governance/tier-review-task-store.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';

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
const report = await createDueReviewTasks({
  client,
  portalId,
  program: DEFAULT_PROGRAM,
  tasks: new TierReviewTaskStore(db),
  repository: createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger }),
  timeZone: 'UTC',
  logger,
  now: () => Number(env('NOW')),
});
process.stdout.write(`${JSON.stringify(report)}\n`);
releaseHubSpotClient();
await db.destroy();
redis.disconnect();
