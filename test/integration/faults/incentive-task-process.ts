/*
 * One run of an incentive deadline's task job as a worker process runs it, for the crash test: the
 * product's task processor on the test's sandbox HubSpot, Redis and database, at the instant the
 * test names. Run with PARTNER_ENABLEMENT_CRASH_AT set, it kills itself at that point.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, PORTAL_ID, REDIS_URL, DATABASE_URL, PREFIX, NOW (epoch ms),
 * REQUEST_ID, DUE_ON.
 */
import { openDatabase } from '../../../src/db/open-database.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { IncentiveRequestStepStore } from '../../../src/incentives/incentive-request-step-store.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { IncentiveTaskProcessor } from '../../../src/incentives/incentive-task-processor.js';
import { createRedisConnection } from '../../../src/redis.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const prefix = env('PREFIX');
const now = Number(env('NOW'));
const redis = createRedisConnection({ url: env('REDIS_URL'), role: 'worker', name: 'incentive-task-process' });
const db = openDatabase(env('DATABASE_URL'), { maxConnections: 2 });
const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
const client = createHubSpotClient({ accessToken: env('SANDBOX_TOKEN'), basePath: env('SANDBOX_URL'), limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
const tasks = new IncentiveTaskProcessor({
  client,
  store: new IncentiveRequestStore(db),
  steps: new IncentiveRequestStepStore(db),
  portalId: env('PORTAL_ID'),
  timeZone: 'UTC',
  escalationOwnerId: null,
  now: () => new Date(now),
});
const result = await tasks.startTask(env('REQUEST_ID'), 'verification', env('DUE_ON'));
process.stdout.write(`${JSON.stringify(result)}\n`);
releaseHubSpotClient();
await db.destroy();
redis.disconnect();
