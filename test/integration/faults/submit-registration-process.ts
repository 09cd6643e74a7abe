/*
 * One deal registration submitted as a web process submits it, for the crash tests: the product's
 * submission service on the test's sandbox HubSpot, Redis (the rate limiter) and database, at the
 * instant the test names. Run with PARTNER_ENABLEMENT_CRASH_AT set, it kills itself at that point.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, PORTAL_ID, REDIS_URL, DATABASE_URL, PREFIX, NOW (epoch
 * ms), PARTNER_ID, CONTACT_ID, FIELDS (the submission, JSON).
 */
import { Redis } from 'ioredis';
import { openDatabase } from '../../../src/db/open-database.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const redis = new Redis(env('REDIS_URL'));
const db = openDatabase(env('DATABASE_URL'), { maxConnections: 2 });
const limiter = createRedisRateLimiter({ redis, keyPrefix: `${env('PREFIX')}:limiter` });
const client = createHubSpotClient({ accessToken: env('SANDBOX_TOKEN'), basePath: env('SANDBOX_URL'), limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
const now = Number(env('NOW'));
const service = new RegistrationSubmissionService({
  client,
  store: new ConflictIndexStore(db),
  customers: new RegistrationCustomerStore(db),
  db,
  portalId: env('PORTAL_ID'),
  settings: DEFAULT_REGISTRATION_SETTINGS,
  timeZone: 'UTC',
  now: () => new Date(now),
});
const result = await service.submitRegistration(env('PARTNER_ID'), env('CONTACT_ID'), JSON.parse(env('FIELDS')));
process.stdout.write(`${JSON.stringify(result)}\n`);
releaseHubSpotClient();
await db.destroy();
redis.disconnect();
