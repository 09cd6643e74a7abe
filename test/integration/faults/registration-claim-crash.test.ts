import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { RegistrationSubmission } from '../../../src/domain/registrations/check-registration-submission.js';
import { isPendingRegistrationId } from '../../../src/domain/registrations/pending-registration-id.js';
import { isAppError } from '../../../src/errors.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { repoRoot } from '../../support/run-cli.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const redisUrl = inject('redisUrl');
const redis = new Redis(redisUrl);
const PREFIX = `test:registration-claim-crash:${process.pid}`;
/** Noon UTC on the sandbox's today: the instant of the killed submission. */
const NOW = Date.parse(`${SANDBOX_TODAY}T12:00:00.000Z`);
/** The product's default claim lease (docs/registrations.md, "Repeat submissions"). */
const LEASE_MS = 10 * 60_000;

let sandbox: Sandbox;
let database: TestDatabase;
let db: Kysely<Database>;
let client: ReturnType<typeof createHubSpotClient>;
let portalId: string;
let partner: { id: string; contactId: string };
let other: { id: string; contactId: string };

beforeAll(async () => {
  sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62533 });
  portalId = String(sandbox.portalId);
  database = await createTestDatabase();
  db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createRedisRateLimiter({ redis, keyPrefix: `${PREFIX}:limiter` }) });
  await new ConflictIndexUpdater({ store: new ConflictIndexStore(db), reader: createCustomerIndexReader({ client, portalId }), portalId }).repair();
  const [first, second] = sandbox.seed.partners.filter((entry) => entry.contactIds.length > 0);
  partner = { id: first!.id, contactId: first!.contactIds[0]! };
  other = { id: second!.id, contactId: second!.contactIds[0]! };
  for (const each of [partner, other]) sandbox.ui.updateCompany(each.id, { pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf' });
}, 60_000);

afterAll(async () => {
  releaseHubSpotClient();
  await db?.destroy();
  await database?.drop();
  await sandbox?.stop();
  await redis.quit();
});

const fieldsFor = (domain: string, name: string): RegistrationSubmission => ({
  customerCompanyName: name,
  customerDomain: `www.${domain}`,
  customerContactName: 'Dana Buyer',
  customerContactEmail: `dana@${domain}`,
  dealName: `${name} – rollout`,
  amount: 1_250_000,
  expectedCloseDate: '2027-02-01',
});

/** The submission service of a process restarted at `now`, as the web process builds it. */
const serviceAt = (now: number, options: { claimWaitMs?: number } = {}) => new RegistrationSubmissionService({
  client, store: new ConflictIndexStore(db), customers: new RegistrationCustomerStore(db), db,
  portalId, settings: DEFAULT_REGISTRATION_SETTINGS, timeZone: 'UTC', now: () => new Date(now), ...options,
});

/** Submits one registration in a process of its own that SIGKILLs itself at `crashAt`. */
function submitInProcessKilledAt(crashAt: string, fields: RegistrationSubmission): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['bin/run-ts.mjs', 'test/integration/faults/submit-registration-process.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SANDBOX_URL: sandbox.url,
        SANDBOX_TOKEN: sandbox.accessToken,
        PORTAL_ID: portalId,
        REDIS_URL: redisUrl,
        DATABASE_URL: database.url,
        PREFIX,
        NOW: String(NOW),
        PARTNER_ID: partner.id,
        CONTACT_ID: partner.contactId,
        FIELDS: JSON.stringify(fields),
        PARTNER_ENABLEMENT_CRASH_AT: crashAt,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

const dealsNamed = (name: string) => sandbox.store.listRecords('deals').filter((deal) => deal.properties.dealname === name);
const rowsOf = (domain: string) => db.selectFrom('registration_customers').selectAll().where('portal_id', '=', portalId).where('customer_domain', '=', domain).orderBy('deal_id').execute();
const leasesOf = (dealId: string) => db.selectFrom('registration_steps').selectAll().where('portal_id', '=', portalId).where('deal_id', '=', dealId).execute();
/** The HubSpot requests `task` made, as `METHOD /path` with record ids as `:id`. */
const callsDuring = async <T>(task: () => Promise<T>): Promise<{ value: T; calls: string[] }> => {
  const from = sandbox.requests.entries.length;
  const value = await task();
  return { value, calls: sandbox.requests.entries.slice(from).map((entry) => `${entry.method} ${entry.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`) };
};

describe('a registration whose process is killed between its claim and its deal', () => {
  it.each([
    { crashAt: 'registration.claimed', what: 'after the claim, before the deal create', domain: 'killed-before-deal.example', name: 'Killed Before Deal', dealsLeft: 0 },
    { crashAt: 'registration.deal-created', what: 'after the deal create, before the claim became its registration', domain: 'killed-after-deal.example', name: 'Killed After Deal', dealsLeft: 1 },
  ])('is finished exactly once by the retry, with one deal, when killed $what', async ({ crashAt, domain, name, dealsLeft }) => {
    const fields = fieldsFor(domain, name);
    const dealName = fields.dealName!;
    const killed = await submitInProcessKilledAt(crashAt, fields);
    expect(killed.signal, killed.output).toBe('SIGKILL');

    // The claim is left pending, its lease running from the submission; the deal made or not.
    const left = await rowsOf(domain);
    expect(left).toHaveLength(1);
    const pendingId = left[0]!.deal_id;
    expect(isPendingRegistrationId(pendingId)).toBe(true);
    expect((await leasesOf(pendingId)).map((lease) => lease.claimed_until?.getTime())).toEqual([NOW + LEASE_MS]);
    expect(dealsNamed(dealName)).toHaveLength(dealsLeft);

    // Meanwhile another partner registering the customer is told of the claim, as of a registration.
    // (It does not wait for the customer's company from the dead claim: it creates it.)
    const rival = await serviceAt(NOW + 60_000, { claimWaitMs: 0 }).submitRegistration(other.id, other.contactId, { ...fields, dealName: `${name} – rival rollout` });
    expect(rival).toMatchObject({ outcome: 'registered', duplicate: false, conflict: 'conflict' });
    if (rival.outcome !== 'registered') throw new Error('not registered');
    expect(rival.reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', registrationId: pendingId, partnerId: partner.id, status: 'submitted' })]);
    expect(rival.summary).toContain(`partner ${partner.id} registered this customer moments before`);

    // The partner's retry while the dead process's lease still runs waits for its deal, and is
    // told to try again rather than make a second one.
    const early = await serviceAt(NOW + 60_000, { claimWaitMs: 0 }).submitRegistration(partner.id, partner.contactId, fields).catch((error: unknown) => error);
    expect(isAppError(early, 'SERVICE_UNAVAILABLE')).toBe(true);
    expect(dealsNamed(dealName)).toHaveLength(dealsLeft);

    // After the lease the retry takes the claim over: it looks the deal up by its reference and
    // creates it only when the dead process had not.
    const { value: retried, calls } = await callsDuring(() => serviceAt(NOW + LEASE_MS + 60_000).submitRegistration(partner.id, partner.contactId, fields));
    expect(calls).toContain('POST /crm/v3/objects/deals/search');
    expect(calls.filter((call) => call === 'POST /crm/v3/objects/deals')).toHaveLength(1 - dealsLeft);
    const deals = dealsNamed(dealName);
    expect(deals).toHaveLength(1);
    const deal = deals[0]!;
    expect(retried).toMatchObject({ outcome: 'registered', duplicate: false, registrationId: deal.id, conflict: 'none' });
    expect(deal.properties).toMatchObject({ pe_partner_company_id: partner.id, pe_registration_status: 'submitted', pe_registration_conflict: 'none' });
    expect(new Date(deal.properties.pe_registration_submitted_at!).getTime()).toBe(NOW);

    // The claim became the deal's registration: no pending row or lease is left, the index holds
    // it, and the rival's reasons name the deal instead of the claim.
    const rows = await rowsOf(domain);
    expect(rows.map((row) => row.deal_id).sort()).toEqual([deal.id, rival.registrationId].sort());
    expect(await leasesOf(pendingId)).toEqual([]);
    const indexed = await db.selectFrom('index_registrations').select(['deal_id', 'partner_id', 'status']).where('portal_id', '=', portalId).where('deal_id', '=', deal.id).execute();
    expect(indexed).toEqual([{ deal_id: deal.id, partner_id: partner.id, status: 'submitted' }]);
    const rivalRow = rows.find((row) => row.deal_id === rival.registrationId)!;
    expect(rivalRow.conflict_reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', registrationId: deal.id })]);

    // And once more: the registration back, nothing new.
    const again = await serviceAt(NOW + LEASE_MS + 120_000).submitRegistration(partner.id, partner.contactId, fields);
    expect(again).toMatchObject({ outcome: 'registered', duplicate: true, registrationId: deal.id });
    expect(dealsNamed(dealName)).toHaveLength(1);
  });
});
