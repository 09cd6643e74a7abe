import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { SEED_METRIC_TARGETS } from '../../../src/domain/metrics/metric-targets.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { jobData } from '../../../src/jobs/job-definition.js';
import { createLogger } from '../../../src/logger.js';
import { loadProgramDashboard } from '../../../src/program-metrics/load-program-dashboard.js';
import { PartnerDaySnapshotStore } from '../../../src/program-metrics/partner-day-snapshot-store.js';
import { ProgramDashboardStore } from '../../../src/program-metrics/program-dashboard-store.js';
import { programSnapshotJobs } from '../../../src/program-metrics/program-snapshot-jobs.js';
import { ProgramSnapshotQueue } from '../../../src/program-metrics/program-snapshot-queue.js';
import { refreshProgramDashboard } from '../../../src/program-metrics/refresh-program-dashboard.js';
import { PROGRAM_DASHBOARD_FRESHNESS_MS, serveProgramDashboard } from '../../../src/program-metrics/serve-program-dashboard.js';
import { startProgramSnapshotWorker } from '../../../src/program-metrics/start-program-snapshot-worker.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aSnapshot } from '../../support/metric-factories.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { FIXTURE_HISTORY } from '../../unit/domain/metrics/program-dashboard-fixture.js';

const PORTAL = '4242';
/** 2027-04-15 in New York: the last closed quarter is 2027Q1. */
const NOW = Date.parse('2027-04-15T16:00:00Z');
const MINUTE = 60_000;
const silent = createLogger({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<Database>;
let snapshots: PartnerDaySnapshotStore;
let newPartners = 0;

function source() {
  return { db, portalId: PORTAL, program: DEFAULT_PROGRAM, timeZone: 'America/New_York', currency: 'USD', targets: SEED_METRIC_TARGETS, store: new ProgramDashboardStore(db) };
}

/** A partner joining with a 2027Q1 quarter-end snapshot: one more partner in the program for that quarter. */
async function addPartner(): Promise<void> {
  newPartners += 1;
  await snapshots.insert(PORTAL, [{ snapshot: aSnapshot({ companyId: `90${newPartners}`, name: `Late ${newPartners}`, day: '2027-03-31' }), certifications: [] }]);
}

async function liveAt(now: number) {
  return loadProgramDashboard({ ...source(), quarter: '2027Q1', now });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  snapshots = new PartnerDaySnapshotStore(db);
  await snapshots.insert(PORTAL, FIXTURE_HISTORY.snapshots.map((snapshot) => ({ snapshot, certifications: [] })));
  await new DealFactsStore(db).upsert(PORTAL, FIXTURE_HISTORY.deals.map((deal) => ({ ...deal, currency: null, productLine: null, pipelineId: null })));
}, 60_000);

beforeEach(async () => {
  await db.deleteFrom('program_dashboards').execute();
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('the program dashboard as the route serves it', () => {
  it('serves the stored answer within the freshness window, with the time it was computed', async () => {
    const first = await serveProgramDashboard({ ...source(), now: NOW });
    expect(first.quarter.label).toBe('2027Q1');
    expect(first.computedAt).toBe(new Date(NOW).toISOString());
    const before = first.headline.partnersInProgram.value!;

    await addPartner();
    const later = NOW + PROGRAM_DASHBOARD_FRESHNESS_MS - MINUTE;
    const served = await serveProgramDashboard({ ...source(), quarter: '2027q1', now: later });
    // The stored figure, though a live computation now counts the new partner.
    expect(served.headline.partnersInProgram.value).toBe(before);
    expect(served.computedAt).toBe(new Date(NOW).toISOString());
    expect((await liveAt(later)).headline.partnersInProgram.value).toBe(before + 1);
  });

  it('computes again, stores and serves once the stored answer is as old as the window', async () => {
    const first = await serveProgramDashboard({ ...source(), now: NOW });
    await addPartner();
    const later = NOW + PROGRAM_DASHBOARD_FRESHNESS_MS;
    const served = await serveProgramDashboard({ ...source(), now: later });
    expect(served.headline.partnersInProgram.value).toBe(first.headline.partnersInProgram.value! + 1);
    expect(served.computedAt).toBe(new Date(later).toISOString());
    const stored = await new ProgramDashboardStore(db).read(PORTAL, '2027Q1');
    expect(stored?.computedAt).toBe(later);
  });

  it('keeps one stored answer per quarter, and computes an older quarter on its own', async () => {
    await serveProgramDashboard({ ...source(), now: NOW });
    const older = await serveProgramDashboard({ ...source(), quarter: '2026Q4', now: NOW });
    expect(older.quarter.label).toBe('2026Q4');
    const rows = await db.selectFrom('program_dashboards').select(['quarter']).orderBy('quarter').execute();
    expect(rows.map((row) => row.quarter)).toEqual(['2026Q4', '2027Q1']);
  });

  it('refuses a quarter that has not closed and stores nothing for it', async () => {
    await expect(serveProgramDashboard({ ...source(), quarter: '2027Q2', now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await db.selectFrom('program_dashboards').selectAll().execute()).toEqual([]);
  });
});

describe('the refresh of the precomputed dashboard', () => {
  it("stores the last closed quarter's answer, equal to a live computation at the same instant", async () => {
    const outcome = await refreshProgramDashboard({ ...source(), now: NOW, logger: silent });
    expect(outcome).toEqual({ refreshed: true, quarter: '2027Q1', computedAt: new Date(NOW).toISOString() });
    const stored = await new ProgramDashboardStore(db).read(PORTAL, '2027Q1');
    expect(stored?.computedAt).toBe(NOW);
    // The same JSON, key order included: the page and any reader see what a live answer sends.
    expect(JSON.stringify(stored?.dashboard)).toBe(JSON.stringify(await liveAt(NOW)));
    // The route then serves it without computing: a partner added since does not show.
    await addPartner();
    const served = await serveProgramDashboard({ ...source(), now: NOW + 5 * MINUTE });
    const { computedAt, ...figures } = served;
    expect(computedAt).toBe(new Date(NOW).toISOString());
    expect(JSON.stringify(figures)).toBe(JSON.stringify(stored?.dashboard));
  });

  it('logs a failure and leaves the stored answer', async () => {
    await refreshProgramDashboard({ ...source(), now: NOW, logger: silent });
    // A database that cannot be reached: the computation fails.
    const unreachable = new URL(database.url);
    unreachable.pathname = '/no_such_database_for_dashboards';
    const broken = openDatabase(unreachable.toString(), { maxConnections: 1 });
    try {
      const outcome = await refreshProgramDashboard({ ...source(), db: broken, now: NOW + 20 * MINUTE, logger: silent });
      expect(outcome.refreshed).toBe(false);
    } finally {
      await broken.destroy();
    }
    expect((await new ProgramDashboardStore(db).read(PORTAL, '2027Q1'))?.computedAt).toBe(NOW);
  });

  it('runs on the program-snapshots worker: a refresh job, and after the day’s snapshots', async () => {
    const connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const prefix = `test:dashboard-refresh:${process.pid}`;
    const queue = new ProgramSnapshotQueue(connection, { prefix });
    let clock = NOW;
    const worker = await startProgramSnapshotWorker({
      connection,
      prefix,
      takeSnapshots: async () => {
        await addPartner();
        return { days: ['2027-04-15'], partners: 1, inserted: 1 };
      },
      refreshDashboard: (portalId) => refreshProgramDashboard({ ...source(), portalId, now: clock, logger: silent }),
      logger: silent,
    });
    try {
      const store = new ProgramDashboardStore(db);
      await queue.queue.add(programSnapshotJobs.refresh.name, jobData(programSnapshotJobs.refresh, { portalId: PORTAL }));
      await until(async () => (await store.read(PORTAL, '2027Q1')) !== null);
      const refreshed = await store.read(PORTAL, '2027Q1');
      expect(refreshed?.computedAt).toBe(NOW);

      clock = NOW + MINUTE;
      await queue.runNow(PORTAL);
      await until(async () => (await store.read(PORTAL, '2027Q1'))?.computedAt === clock);
      const afterSnapshots = await store.read(PORTAL, '2027Q1');
      expect(afterSnapshots!.dashboard.headline.partnersInProgram.value).toBe(refreshed!.dashboard.headline.partnersInProgram.value! + 1);

      await queue.scheduleRefresh(PORTAL);
      expect(await queue.nextRefreshAt(PORTAL)).not.toBeNull();
    } finally {
      await worker.close();
      await queue.queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  }, 30_000);
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
