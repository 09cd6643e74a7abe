import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { DealFact } from '../../../src/domain/governance/deal-fact.js';
import { parseQuarterLabel } from '../../../src/domain/governance/parse-quarter-label.js';
import { buildProgramDashboard, type ProgramDashboard } from '../../../src/domain/metrics/build-program-dashboard.js';
import { listDashboardQuarters } from '../../../src/domain/metrics/list-dashboard-quarters.js';
import { SEED_METRIC_TARGETS } from '../../../src/domain/metrics/metric-targets.js';
import { selectQuarterData, type ProgramHistory } from '../../../src/domain/metrics/select-quarter-data.js';
import type { LedgerSum, PartnerDaySnapshot, RegistrationRecord } from '../../../src/domain/metrics/types.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { loadProgramDashboard } from '../../../src/program-metrics/load-program-dashboard.js';
import { PartnerDaySnapshotStore } from '../../../src/program-metrics/partner-day-snapshot-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aSnapshot } from '../../support/metric-factories.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * The route reads the last three quarters in full and the five before them as totals summed in
 * PostgreSQL. The proof that this changes nothing: on a random program, its dashboard is exactly
 * the JSON of the straightforward one — every snapshot, deal, registration and ledger entry cut
 * into nine quarters in memory by `selectQuarterData` and fed to the same builder.
 */

const TIME_ZONE = 'America/New_York';
const NOW = Date.parse('2027-04-15T12:00:00Z');
const DECISION_HOURS = 48;
const TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'] as const;
const HEALTH = [null, 'on_target', 'at_risk', 'off_target'] as const;

/** mulberry32: the same "random" program at every run, so a failure can be replayed. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

interface StoredRegistration extends RegistrationRecord {
  dueAt: number | null;
}

interface RandomProgram {
  snapshots: PartnerDaySnapshot[];
  deals: DealFact[];
  registrations: StoredRegistration[];
  ledger: LedgerSum[];
}

const FIRST_DAY = DateTime.fromISO('2024-10-01', { zone: TIME_ZONE });
const DAYS = Math.round(DateTime.fromISO('2027-04-10', { zone: TIME_ZONE }).diff(FIRST_DAY, 'days').days);

function randomDay(random: ReturnType<typeof randomSource>, from = 0): string {
  return FIRST_DAY.plus({ days: random.int(from, DAYS) }).toISODate()!;
}

/** An instant near a day boundary in the portal's zone half of the time, so quarter edges are exercised. */
function randomInstant(random: ReturnType<typeof randomSource>): number {
  const day = FIRST_DAY.plus({ days: random.int(0, DAYS) });
  const minutes = random.chance(0.5) ? random.pick([0, 1, 23 * 60 + 59, 23 * 60 + 30, 30]) : random.int(0, 24 * 60 - 1);
  return day.plus({ minutes }).toMillis();
}

function randomProgram(seed: number, partners: number): RandomProgram {
  const random = randomSource(seed);
  const snapshots: PartnerDaySnapshot[] = [];
  for (let index = 0; index < partners; index++) {
    const companyId = String(5000 + index);
    // Joins on a random day; a third leave again on a later one and get no snapshot after it.
    const joins = random.int(0, DAYS - 5);
    const leaves = random.chance(0.33) ? random.int(joins + 1, DAYS) : null;
    const agreementSignedOn = random.chance(0.85) ? FIRST_DAY.plus({ days: joins + random.int(-60, 5) }).toISODate()! : null;
    const firstCertifiedOn = random.chance(0.7) ? randomDay(random, Math.max(0, joins - 90)) : null;
    for (let day = joins; day <= (leaves ?? DAYS); day += random.int(1, 17)) {
      const exited = leaves !== null && day >= leaves - random.int(0, 3);
      snapshots.push(aSnapshot({
        companyId,
        day: FIRST_DAY.plus({ days: day }).toISODate()!,
        name: random.chance(0.9) ? `Partner ${index}` : null,
        tier: random.pick(TIERS),
        programStatus: exited ? 'exited' : random.pick(['onboarding', 'active', 'active', 'exit_recommended'] as const),
        readinessScore: random.chance(0.85) ? random.int(0, 100) : null,
        healthScore: random.chance(0.8) ? random.int(0, 100) : null,
        healthStatus: random.pick(HEALTH),
        certifiedStaff: random.int(0, 3),
        validCertifications: random.int(0, 5),
        agreementSignedOn,
        firstCertifiedOn,
        modulesAssigned: 24,
        modulesCompleted: random.int(0, 24),
        renewalsDue: random.chance(0.2) ? random.int(1, 3) : 0,
        renewalsRenewed: random.chance(0.15) ? random.int(0, 2) : 0,
        revenue12m: random.int(0, 5_000_000),
        openPipeline: random.int(0, 900_000),
      }));
    }
  }
  const deals: DealFact[] = [];
  for (let index = 0; index < partners * 12; index++) {
    const partnerCompanyId = random.chance(0.75) ? String(5000 + random.int(0, partners - 1)) : null;
    const homeAmount = random.chance(0.8) ? random.int(1_000, 40_000_000) : null;
    const isClosed = random.chance(0.85);
    deals.push({
      dealId: `d${index}`,
      partnerCompanyId,
      customerCompanyId: random.chance(0.8) ? `c${random.int(0, partners * 3)}` : null,
      amountInHomeCurrency: homeAmount,
      amount: homeAmount === null && random.chance(0.5) ? random.int(1_000, 9_000_000) : homeAmount,
      isClosed,
      isWon: isClosed && random.chance(0.6),
      closedAt: isClosed ? randomInstant(random) : null,
      strategic: random.chance(0.2),
    });
  }
  const registrations: StoredRegistration[] = [];
  for (let index = 0; index < partners * 4; index++) {
    const submittedAt = randomInstant(random);
    // A deadline as planned at submission, or none (registrations older than that column).
    const dueAt = random.chance(0.8) ? submittedAt + DECISION_HOURS * 3_600_000 : null;
    const deadline = dueAt ?? submittedAt + DECISION_HOURS * 3_600_000;
    const decidedAt = random.chance(0.75) ? submittedAt + random.pick([DECISION_HOURS * 3_600_000, random.int(1, 120) * 3_600_000 + random.int(0, 3_599_999)]) : null;
    registrations.push({
      dealId: `r${index}`,
      partnerId: String(5000 + random.int(0, partners - 1)),
      submittedAt,
      decidedAt,
      dueAt,
      // docs/registrations.md "Decision deadline": decided after the deadline, or undecided once it passed.
      slaBreached: decidedAt === null ? NOW >= deadline : decidedAt > deadline,
    });
  }
  const ledger: LedgerSum[] = [];
  for (let index = 0; index < partners * 6; index++) {
    ledger.push({
      partnerId: String(5000 + random.int(0, partners - 1)),
      kind: random.pick(['accrual', 'clawback', 'payment', 'approval'] as const),
      bucket: random.pick(['spiff', 'rebate', 'mdf', 'bonus'] as const),
      amountMinor: random.int(-50_000, 900_000),
      occurredOn: randomDay(random),
    });
  }
  return { snapshots, deals, registrations, ledger };
}

async function store(db: Kysely<Database>, portalId: string, program: RandomProgram): Promise<void> {
  await new PartnerDaySnapshotStore(db).insert(portalId, program.snapshots.map((snapshot) => ({ snapshot, certifications: [] })));
  await new DealFactsStore(db).upsert(portalId, program.deals.map((deal) => ({ ...deal, currency: null, productLine: null, pipelineId: null })));
  for (const registration of program.registrations) {
    await db.insertInto('registration_customers').values({
      portal_id: portalId, deal_id: registration.dealId, partner_id: registration.partnerId, customer_domain: null, customer_name: null,
      submitted_at: new Date(registration.submittedAt), due_at: registration.dueAt === null ? null : new Date(registration.dueAt), conflict_reasons: null,
    }).execute();
    await db.insertInto('index_registrations').values({
      portal_id: portalId, deal_id: registration.dealId, partner_id: registration.partnerId, company_id: null,
      status: registration.decidedAt === null ? 'submitted' : 'approved', submitted_at: new Date(registration.submittedAt), expires_on: null,
      decided_at: registration.decidedAt === null ? null : new Date(registration.decidedAt), indexed_at: new Date(NOW),
    }).execute();
  }
  for (const [index, entry] of program.ledger.entries()) {
    await db.insertInto('ledger_entries').values({
      portal_id: portalId, entry_key: `k${index}`, partner_id: entry.partnerId, kind: entry.kind, bucket: entry.bucket, rule: 'r',
      amount_minor: entry.amountMinor, currency: 'USD', source_type: 's', source_id: String(index), reason: 'random program', occurred_on: entry.occurredOn,
    } as never).execute();
  }
}

/** The straightforward dashboard: every record of the program, cut into nine quarters in memory. */
function straightforwardDashboard(program: RandomProgram, quarter: string): ProgramDashboard {
  const history: ProgramHistory = {
    snapshots: program.snapshots,
    deals: program.deals,
    registrations: program.registrations.map(({ dueAt: _dueAt, ...registration }) => registration),
    ledger: program.ledger,
  };
  return buildProgramDashboard({
    quarters: listDashboardQuarters(parseQuarterLabel(quarter, 1), 1).map((each) => selectQuarterData(history, each, TIME_ZONE)),
    currency: 'USD',
    targets: SEED_METRIC_TARGETS,
    revenueTargets: DEFAULT_PROGRAM.governance.health.revenueTargets,
  });
}

let database: TestDatabase;
let db: Kysely<Database>;
const programs = new Map<string, RandomProgram>();

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  for (const [portalId, seed] of [['701', 1], ['702', 2], ['703', 3]] as const) {
    const program = randomProgram(seed, 30);
    programs.set(portalId, program);
    await store(db, portalId, program);
  }
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('the program dashboard read from PostgreSQL', () => {
  for (const [portalId, quarter] of [['701', '2027Q1'], ['702', '2027Q1'], ['703', '2027Q1'], ['701', '2026Q3'], ['702', '2025Q4']] as const) {
    it(`is exactly the straightforward dashboard of random program ${portalId} for ${quarter}`, async () => {
      const program = programs.get(portalId)!;
      const expected = straightforwardDashboard(program, quarter);
      const loaded = await loadProgramDashboard({ db, portalId, program: DEFAULT_PROGRAM, timeZone: TIME_ZONE, currency: 'USD', targets: SEED_METRIC_TARGETS, quarter, now: NOW });
      expect(JSON.parse(JSON.stringify(loaded))).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(JSON.stringify(loaded)).toBe(JSON.stringify(expected));
    });
  }

  it('is compared on programs where every series metric has values, partners leave and registrations are late', () => {
    const dashboard = straightforwardDashboard(programs.get('701')!, '2027Q1');
    for (const metric of ['partnersInProgram', 'averageReadiness', 'certificationCompletionPercent', 'trainingCompletionPercent', 'daysToFirstCertification', 'renewalRatePercent', 'registrationDecisionHours'] as const) {
      expect(dashboard.series.values[metric].filter((value) => value !== null && value !== 0).length, metric).toBeGreaterThanOrEqual(4);
    }
    const exited = [...programs.values()].map((program) => straightforwardDashboard(program, '2027Q1').partners.exited);
    expect(exited.some((metric) => (metric.value ?? 0) + (metric.previous ?? 0) > 0)).toBe(true);
    expect(dashboard.registrations.slaBreaches).toBeGreaterThan(0);
  });
});
