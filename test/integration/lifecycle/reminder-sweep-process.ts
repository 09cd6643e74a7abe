/*
 * One lifecycle sweep as a worker process runs it, for the crash tests: the product's lifecycle on
 * the test's sandbox HubSpot, Redis and database, at the instant the test names. Run with
 * PARTNER_ENABLEMENT_CRASH_AT set, it kills itself at that point of sending a reminder.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, PORTAL_ID, REDIS_URL, DATABASE_URL, PREFIX, NOW (epoch ms).
 */
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { createLifecycle } from '../../../src/lifecycle/create-lifecycle.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createRedisConnection } from '../../../src/redis.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const logger = createLogger({ level: 'silent' });
const portalId = env('PORTAL_ID');
const prefix = env('PREFIX');
const now = Number(env('NOW'));
const redis = createRedisConnection({ url: env('REDIS_URL'), role: 'worker', name: 'reminder-sweep-process' });
const db = openDatabase(env('DATABASE_URL'), { maxConnections: 2 });
const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
const client = createHubSpotClient({ accessToken: env('SANDBOX_TOKEN'), basePath: env('SANDBOX_URL'), limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger });
const recalculation = new RecalculationQueue(redis, { prefix });
const lifecycle = createLifecycle({
  redis,
  db,
  prefix,
  hubspot: client,
  repositoryFor: () => repository,
  program: DEFAULT_PROGRAM,
  recalculation,
  mail: createMemoryMailSender(),
  audit: new AuditTrail(db),
  logger,
  now: () => now,
});
const report = await lifecycle.sweep();
process.stdout.write(`${JSON.stringify(report.reminders)}\n`);
await recalculation.close();
releaseHubSpotClient();
await db.destroy();
redis.disconnect();
