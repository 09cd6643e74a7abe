import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { ProgramDashboard } from '../../../src/domain/metrics/build-program-dashboard.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { PartnerDaySnapshotStore } from '../../../src/program-metrics/partner-day-snapshot-store.js';
import { runCli } from '../../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { FIXTURE_HISTORY } from '../../unit/domain/metrics/program-dashboard-fixture.js';

const PORTAL = '4242';
const EXPECTED = readFileSync(new URL('../../unit/domain/metrics/fixtures/program-2027Q1.md', import.meta.url), 'utf8');
let database: TestDatabase;
let db: Kysely<Database>;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url, { maxConnections: 2 });
  await applyMigrations(db);
  await new PartnerDaySnapshotStore(db).insert(PORTAL, FIXTURE_HISTORY.snapshots.map((snapshot) => ({ snapshot, certifications: [] })));
  await new DealFactsStore(db).upsert(PORTAL, FIXTURE_HISTORY.deals.map((deal) => ({ ...deal, currency: null, productLine: null, pipelineId: null })));
  for (const registration of FIXTURE_HISTORY.registrations) {
    await db.insertInto('registration_customers').values({ portal_id: PORTAL, deal_id: registration.dealId, partner_id: registration.partnerId, customer_domain: null, customer_name: null, submitted_at: new Date(registration.submittedAt), conflict_reasons: null }).execute();
    // The decision time as the registration index keeps it (migration 15).
    await db.insertInto('index_registrations').values({
      portal_id: PORTAL, deal_id: registration.dealId, partner_id: registration.partnerId, company_id: null, status: registration.decidedAt === null ? 'submitted' : 'approved',
      submitted_at: new Date(registration.submittedAt), expires_on: null, decided_at: registration.decidedAt === null ? null : new Date(registration.decidedAt), indexed_at: new Date(),
    }).execute();
  }
  for (const [index, sum] of FIXTURE_HISTORY.ledger.entries()) {
    await db.insertInto('ledger_entries').values({ portal_id: PORTAL, entry_key: `k${index}`, partner_id: sum.partnerId, kind: sum.kind, bucket: sum.bucket, rule: 'r', amount_minor: sum.amountMinor, currency: 'USD', source_type: 's', source_id: String(index), reason: 'fixture', occurred_on: sum.occurredOn } as never).execute();
  }
  env = { DATABASE_URL: database.url, HUBSPOT_ACCESS_TOKEN: 'any', HUBSPOT_CLIENT_SECRET: 'any', HUBSPOT_PORTAL_ID: PORTAL, HUBSPOT_ACCOUNT_TIME_ZONE: 'America/New_York' };
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('partner-enablement report program', () => {
  it('prints the last closed quarter, 2027Q1, of the fixture program from PostgreSQL as the performance report', async () => {
    const result = await runCli(['report', 'program', '--as-of', '2027-04-15'], { env });
    expect(result.stderr).toBe('');
    // Decided after 12 h and after 72 h: median 42 h, one breach of the 48-hour deadline.
    expect(result.stdout).toBe(EXPECTED);
    expect(result.code).toBe(0);
  });

  it('prints the same dashboard as JSON', async () => {
    const result = await runCli(['report', 'program', '--quarter', '2027Q1', '--as-of', '2027-04-15', '--format', 'json'], { env });
    const dashboard = JSON.parse(result.stdout) as ProgramDashboard;
    expect(dashboard.quarter.label).toBe('2027Q1');
    expect(dashboard.revenue.partnerSourced.value).toEqual({ amountMinor: 40_000_000, currency: 'USD' });
    expect(dashboard.series.quarters).toHaveLength(8);
  });

  it('refuses a quarter that has not closed, and a malformed one as wrong usage', async () => {
    expect((await runCli(['report', 'program', '--quarter', '2027Q2', '--as-of', '2027-04-15'], { env })).code).toBe(3);
    expect((await runCli(['report', 'program', '--quarter', 'Q1-2027'], { env })).code).toBe(2);
  });
});
