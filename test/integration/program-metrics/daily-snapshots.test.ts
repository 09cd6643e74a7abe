import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository, type PartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { PartnerDaySnapshotStore } from '../../../src/program-metrics/partner-day-snapshot-store.js';
import { takeDailySnapshots } from '../../../src/program-metrics/take-daily-snapshots.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const TIME_ZONE = 'America/New_York';
const redis = new Redis(inject('redisUrl'));
let sandbox: Sandbox;
let database: TestDatabase;
let db: Kysely<Database>;
let repository: PartnerRepository;
let store: PartnerDaySnapshotStore;
let portalId: string;
/** The demo portal's partners and the two of this file. */
let partnerCount: number;
const partnerIds: string[] = [];

/** 00:10 on `day` in New York, when the scheduler fires. */
const at = (day: string) => DateTime.fromISO(`${day}T00:10`, { zone: TIME_ZONE }).toMillis();
const take = (day: string) => takeDailySnapshots({ portalId, repository, store, program: DEFAULT_PROGRAM, timeZone: TIME_ZONE, now: at(day) });

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', today: '2027-03-01' });
  portalId = String(sandbox.portalId);
  database = await createTestDatabase();
  db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:daily-snapshots:${process.pid}` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
  repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM });
  store = new PartnerDaySnapshotStore(db);
  const partnerProperties: Record<string, string>[] = [
    { pe_tier: 'silver', pe_readiness_score: '62', pe_sales_modules_completed: '8' },
    { pe_tier: 'bronze', pe_readiness_score: '20' },
  ];
  for (const [index, overrides] of partnerProperties.entries()) {
    const companyId = sandbox.ui.createCompany({ name: `Partner ${index}`, pe_is_partner: 'true', pe_partner_type: 'reseller', ...overrides });
    partnerIds.push(companyId);
  }
  // The first partner holds a sales certification earned on 10 January 2027.
  const contactId = sandbox.ui.createContact({ firstname: 'Sam', lastname: 'Seller', email: 'sam@partner0.example', pe_partner_role: 'sales', pe_cert_sales_fundamentals_earned_on: '2027-01-10' });
  sandbox.ui.associate(contactId, partnerIds[0]!);
  partnerCount = sandbox.seed.partners.length + partnerIds.length;
  // Not a partner: never snapshotted.
  sandbox.ui.createCompany({ name: 'Customer', pe_is_partner: 'false' });
  await new DealFactsStore(db).upsert(portalId, [
    { dealId: 'won', partnerCompanyId: partnerIds[0]!, customerCompanyId: null, amountInHomeCurrency: 1_500_000, amount: 1_500_000, isClosed: true, isWon: true, closedAt: Date.parse('2027-02-10T15:00:00Z'), strategic: false, currency: null, productLine: null, pipelineId: null },
    { dealId: 'open', partnerCompanyId: partnerIds[0]!, customerCompanyId: null, amountInHomeCurrency: 400_000, amount: 400_000, isClosed: false, isWon: false, closedAt: null, strategic: false, currency: null, productLine: null, pipelineId: null },
  ]);
}, 60_000);

afterAll(async () => {
  releaseHubSpotClient();
  await db?.destroy();
  await database?.drop();
  await sandbox?.stop();
  await redis.quit();
});

const rowsOf = () => db.selectFrom('partner_day_snapshots').selectAll().where('portal_id', '=', portalId).orderBy('day').orderBy('company_id').execute();

describe('daily partner snapshots', () => {
  it('takes one snapshot per partner of the day, from the partner properties and the deal mirror', async () => {
    const outcome = await take('2027-03-01');
    expect(outcome).toEqual({ days: ['2027-03-01'], partners: partnerCount, inserted: partnerCount });
    const snapshots = await store.between(portalId, '2027-03-01', '2027-03-01');
    expect(snapshots).toHaveLength(partnerCount);
    expect(snapshots.map((snapshot) => snapshot.companyId)).toEqual(expect.arrayContaining(partnerIds));
    const first = snapshots.find((snapshot) => snapshot.companyId === partnerIds[0])!;
    expect(first).toMatchObject({
      day: '2027-03-01',
      tier: 'silver',
      programStatus: 'active',
      readinessScore: 62,
      certifiedStaff: 1,
      validCertifications: 1,
      firstCertifiedOn: '2027-01-10',
      modulesCompleted: 8,
      modulesAssigned: 24,
      revenue12m: 1_500_000,
      openPipeline: 400_000,
      caughtUp: false,
    });
    expect(first.healthScore).not.toBeNull();
    const second = snapshots.find((snapshot) => snapshot.companyId === partnerIds[1])!;
    expect(second).toMatchObject({ tier: 'bronze', certifiedStaff: 0, firstCertifiedOn: null, revenue12m: 0, openPipeline: 0 });
  });

  it('writes a day once: a second run the same day changes nothing', async () => {
    const before = await rowsOf();
    sandbox.ui.updateCompany(partnerIds[1]!, { pe_readiness_score: '99' });
    expect(await take('2027-03-01')).toMatchObject({ days: ['2027-03-01'], inserted: 0 });
    expect(await rowsOf()).toEqual(before);
  });

  it('fills the days missed while down with the state at catch-up, marked as caught up', async () => {
    const outcome = await take('2027-03-04');
    expect(outcome).toEqual({ days: ['2027-03-02', '2027-03-03', '2027-03-04'], partners: partnerCount, inserted: 3 * partnerCount });
    const rows = (await rowsOf()).filter((row) => row.company_id === partnerIds[1]);
    expect(rows.map((row) => [row.day, row.caught_up, row.readiness_score])).toEqual([
      ['2027-03-01', false, 20],
      ['2027-03-02', true, 99],
      ['2027-03-03', true, 99],
      ['2027-03-04', false, 99],
    ]);
    expect(await store.lastDay(portalId)).toBe('2027-03-04');
  });

  it('follows the portal time zone: late evening in New York is still that day there', async () => {
    // 23:30 on 4 March in New York is 04:30 UTC on 5 March: still the 4th, already written.
    const outcome = await takeDailySnapshots({ portalId, repository, store, program: DEFAULT_PROGRAM, timeZone: TIME_ZONE, now: DateTime.fromISO('2027-03-04T23:30', { zone: TIME_ZONE }).toMillis() });
    expect(outcome).toMatchObject({ days: ['2027-03-04'], inserted: 0 });
  });
});
