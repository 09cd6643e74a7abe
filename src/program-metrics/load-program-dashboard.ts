import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/database-schema.js';
import { parseQuarterLabel } from '../domain/governance/parse-quarter-label.js';
import type { Quarter } from '../domain/governance/types.js';
import { buildProgramDashboard, type ProgramDashboard } from '../domain/metrics/build-program-dashboard.js';
import { isRegistrationDecisionLate } from '../domain/metrics/is-registration-decision-late.js';
import { lastClosedQuarter } from '../domain/metrics/last-closed-quarter.js';
import { listDashboardQuarters } from '../domain/metrics/list-dashboard-quarters.js';
import type { MetricTargets } from '../domain/metrics/metric-targets.js';
import { selectQuarterData } from '../domain/metrics/select-quarter-data.js';
import type { LedgerSum, QuarterData, QuarterSeriesData, RegistrationRecord } from '../domain/metrics/types.js';
import type { LedgerBucket, LedgerEntryKind } from '../domain/incentives/types.js';
import { pendingRegistrationId } from '../domain/registrations/pending-registration-id.js';
import { addDecisionHours } from '../domain/registrations/add-decision-hours.js';
import { AppError } from '../errors.js';
import type { Program } from '../program/program-schema.js';
import { PartnerDaySnapshotStore } from './partner-day-snapshot-store.js';

export interface LoadProgramDashboardOptions {
  db: Kysely<Database>;
  portalId: string;
  program: Program;
  /** The portal's time zone: quarters and days follow it. */
  timeZone: string;
  /** The portal's company currency. */
  currency: string;
  targets: MetricTargets;
  /** `YYYYQn`; default the last closed quarter. */
  quarter?: string;
  now?: number;
}

/** The quarters read in full: the reported one and the previous one (every metric's trend). */
const DETAILED_QUARTERS = 2;
/** Quarters in the trend series (docs/metrics.md "Trend series"). */
const SERIES_QUARTERS = 8;

function startOf(day: string, timeZone: string, plusDays = 0): Date {
  return DateTime.fromISO(day, { zone: timeZone }).plus({ days: plusDays }).startOf('day').toJSDate();
}

/**
 * The dashboard of a closed quarter from PostgreSQL (docs/metrics.md, "Cost (measured)"): the reported and
 * the previous quarter in full — each partner's quarter-end snapshot beside its closed deals'
 * tally, the registrations and the ledger — and the six before them as the totals their series
 * values read, summed in PostgreSQL, with the partners' statuses at the end of the last of them
 * (the previous quarter's exits and retention). Independent reads run in parallel.
 *
 * @throws AppError `INVALID_INPUT` for a quarter that has not closed yet.
 */
export async function loadProgramDashboard(options: LoadProgramDashboardOptions): Promise<ProgramDashboard> {
  const { db, portalId, program, timeZone } = options;
  const fiscal = program.governance.fiscalYearStartMonth;
  const now = options.now ?? Date.now();
  const closed = lastClosedQuarter(now, timeZone, fiscal);
  const reported: Quarter = options.quarter === undefined ? closed : parseQuarterLabel(options.quarter, fiscal);
  if (reported.lastDay > closed.lastDay) {
    throw new AppError('INVALID_INPUT', `${reported.label} has not closed yet: the last closed quarter is ${closed.label}`);
  }
  const series = listDashboardQuarters(reported, fiscal, SERIES_QUARTERS);
  const earlier = series.slice(0, -DETAILED_QUARTERS);
  const detailed = series.slice(-DETAILED_QUARTERS);
  const store = new PartnerDaySnapshotStore(db);

  const [registrations, ledger, earlierRevenue, earlierTotals, statusesBeforePrevious, detailedReads] = await Promise.all([
    readRegistrations(db, portalId, program, timeZone, startOf(series[0]!.firstDay, timeZone), startOf(reported.lastDay, timeZone, 1), now),
    readLedger(db, portalId, detailed[0]!.firstDay, reported.lastDay),
    readPartnerRevenue(db, portalId, earlier, timeZone),
    store.seriesTotals(portalId, earlier),
    store.statusesAtEnd(portalId, earlier[earlier.length - 1]!),
    Promise.all(detailed.map((quarter) => Promise.all([
      store.quarterEnd(portalId, quarter, startOf(quarter.firstDay, timeZone), startOf(quarter.lastDay, timeZone, 1)),
      store.renewalsInRange(portalId, quarter.firstDay, quarter.lastDay),
    ]))),
  ]);
  const history = { snapshots: [], deals: [], registrations, ledger };
  const quarters: QuarterData[] = detailed.map((quarter, index) => {
    const [{ states, dealTallies }, renewals] = detailedReads[index]!;
    return { ...selectQuarterData(history, quarter, timeZone), states, dealTallies, renewals };
  });
  const earlierSeries: QuarterSeriesData[] = earlier.map((quarter) => ({
    quarter,
    ...earlierTotals.get(quarter.label)!,
    partnerRevenue: earlierRevenue.get(quarter.label) ?? 0,
    registrations: selectQuarterData({ snapshots: [], deals: [], registrations, ledger: [] }, quarter, timeZone).registrations,
  }));
  return buildProgramDashboard({ quarters, earlier: earlierSeries, statusesBeforePrevious, currency: options.currency, targets: options.targets, revenueTargets: program.governance.health.revenueTargets });
}

/**
 * Partner-sourced revenue won in each quarter, minor units, by quarter label: `sumPartnerRevenue`
 * summed in PostgreSQL. A quarter's deals are those closed from its first day to its last in `timeZone`.
 */
async function readPartnerRevenue(db: Kysely<Database>, portalId: string, quarters: readonly Quarter[], timeZone: string): Promise<Map<string, number>> {
  const bounds = sql.join(quarters.map((quarter) => sql`(${quarter.label}::text, ${startOf(quarter.firstDay, timeZone)}::timestamptz, ${startOf(quarter.lastDay, timeZone, 1)}::timestamptz)`));
  const rows = await sql<{ label: string; revenue: string }>`
    with bounds (label, opens, closes) as (values ${bounds})
    select b.label, sum(coalesce(d.amount_in_home_currency, d.amount, 0))::text as revenue
    from bounds b
    join deal_facts d on d.portal_id = ${portalId} and d.is_closed and d.closed_at >= b.opens and d.closed_at < b.closes
    where d.is_won and d.partner_company_id is not null
    group by b.label`.execute(db);
  return new Map(rows.rows.map((row) => [row.label, Number(row.revenue)]));
}

/**
 * Registrations submitted in `[from, to)` with their decision time from the registration index
 * (docs/metrics.md "Registrations"). A registration is late when decided after its deadline, or
 * still undecided at `now` with the deadline passed; the deadline is the one planned at
 * submission, else `decisionHours` after it.
 */
async function readRegistrations(db: Kysely<Database>, portalId: string, program: Program, timeZone: string, from: Date, to: Date, now: number): Promise<RegistrationRecord[]> {
  const rows = await db
    .selectFrom('registration_customers as c')
    .leftJoin('index_registrations as r', (join) => join.onRef('r.portal_id', '=', 'c.portal_id').onRef('r.deal_id', '=', 'c.deal_id'))
    .select(['c.deal_id', 'c.partner_id', 'c.submitted_at', 'c.due_at', 'r.decided_at'])
    .where('c.portal_id', '=', portalId)
    .where('c.submitted_at', '>=', from)
    .where('c.submitted_at', '<', to)
    // A claim whose deal was never made is no registration (docs/data.md, "Registration customers").
    .where('c.deal_id', 'not like', `${pendingRegistrationId('')}%`)
    .execute();
  const settings = program.registrations;
  return rows.map((row): RegistrationRecord => {
    const submittedAt = row.submitted_at.getTime();
    const decidedAt = row.decided_at === null ? null : row.decided_at.getTime();
    const dueAt = row.due_at === null ? addDecisionHours(submittedAt, settings.decisionHours, settings, timeZone) : row.due_at.getTime();
    return { dealId: row.deal_id, partnerId: row.partner_id, submittedAt, decidedAt, slaBreached: isRegistrationDecisionLate({ dueAt, decidedAt }, now) };
  });
}

/** Ledger sums per partner, kind, bucket and day between two days inclusive. */
async function readLedger(db: Kysely<Database>, portalId: string, from: string, to: string): Promise<LedgerSum[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['partner_id', 'kind', 'bucket', 'occurred_on', sql<string>`sum(amount_minor)`.as('amount')])
    .where('portal_id', '=', portalId)
    .where('occurred_on', '>=', from)
    .where('occurred_on', '<=', to)
    .groupBy(['partner_id', 'kind', 'bucket', 'occurred_on'])
    .execute();
  return rows.map((row): LedgerSum => ({ partnerId: row.partner_id, kind: row.kind as LedgerEntryKind, bucket: row.bucket as LedgerBucket, amountMinor: Number(row.amount), occurredOn: row.occurred_on }));
}
