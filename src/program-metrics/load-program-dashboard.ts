import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/database-schema.js';
import type { DealFact } from '../domain/governance/deal-fact.js';
import { parseQuarterLabel } from '../domain/governance/parse-quarter-label.js';
import type { Quarter } from '../domain/governance/types.js';
import { buildProgramDashboard, type ProgramDashboard } from '../domain/metrics/build-program-dashboard.js';
import { lastClosedQuarter } from '../domain/metrics/last-closed-quarter.js';
import { listDashboardQuarters } from '../domain/metrics/list-dashboard-quarters.js';
import type { MetricTargets } from '../domain/metrics/metric-targets.js';
import { selectQuarterData } from '../domain/metrics/select-quarter-data.js';
import type { LedgerSum, QuarterData, RegistrationRecord } from '../domain/metrics/types.js';
import type { LedgerBucket, LedgerEntryKind } from '../domain/incentives/types.js';
import { pendingRegistrationId } from '../domain/registrations/pending-registration-id.js';
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

function startOf(day: string, timeZone: string, plusDays = 0): Date {
  return DateTime.fromISO(day, { zone: timeZone }).plus({ days: plusDays }).startOf('day').toJSDate();
}

/**
 * The dashboard of a closed quarter from PostgreSQL (docs/metrics.md): the partner day snapshots,
 * the deal mirror, the registration index and the incentive ledger, over the nine quarters the
 * series and the first trend need.
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
  const quarters = listDashboardQuarters(reported, fiscal);
  const from = startOf(quarters[0]!.firstDay, timeZone);
  const to = startOf(reported.lastDay, timeZone, 1);

  const [deals, registrations, ledger] = await Promise.all([
    db.selectFrom('deal_facts').select(['deal_id', 'partner_company_id', 'customer_company_id', 'amount_in_home_currency', 'amount', 'is_closed', 'is_won', 'closed_at', 'strategic']).where('portal_id', '=', portalId).where('is_closed', '=', true).where('closed_at', '>=', from).where('closed_at', '<', to).execute(),
    db
      .selectFrom('registration_customers')
      .select(['deal_id', 'partner_id', 'submitted_at'])
      .where('portal_id', '=', portalId)
      .where('submitted_at', '>=', from)
      .where('submitted_at', '<', to)
      // A claim whose deal was never made is no registration (docs/data.md, "Registration customers").
      .where('deal_id', 'not like', `${pendingRegistrationId('')}%`)
      .execute(),
    db
      .selectFrom('ledger_entries')
      .select(['partner_id', 'kind', 'bucket', 'occurred_on', sql<string>`sum(amount_minor)`.as('amount')])
      .where('portal_id', '=', portalId)
      .where('occurred_on', '>=', quarters[0]!.firstDay)
      .where('occurred_on', '<=', reported.lastDay)
      .groupBy(['partner_id', 'kind', 'bucket', 'occurred_on'])
      .execute(),
  ]);
  const history = {
    snapshots: [],
    deals: deals.map((row): DealFact => ({
      dealId: row.deal_id,
      partnerCompanyId: row.partner_company_id,
      customerCompanyId: row.customer_company_id,
      amountInHomeCurrency: row.amount_in_home_currency === null ? null : Number(row.amount_in_home_currency),
      amount: row.amount === null ? null : Number(row.amount),
      isClosed: row.is_closed,
      isWon: row.is_won,
      closedAt: row.closed_at === null ? null : row.closed_at.getTime(),
      strategic: row.strategic,
    })),
    // The decision time and the SLA flag live on the HubSpot deal; the index keeps submissions only.
    registrations: registrations.map((row): RegistrationRecord => ({ dealId: row.deal_id, partnerId: row.partner_id, submittedAt: row.submitted_at.getTime(), decidedAt: null, slaBreached: false })),
    ledger: ledger.map((row): LedgerSum => ({ partnerId: row.partner_id, kind: row.kind as LedgerEntryKind, bucket: row.bucket as LedgerBucket, amountMinor: Number(row.amount), occurredOn: row.occurred_on })),
  };
  const store = new PartnerDaySnapshotStore(db);
  const data: QuarterData[] = await Promise.all(
    quarters.map(async (quarter) => {
      const [states, renewals] = await Promise.all([store.latestInRange(portalId, quarter.firstDay, quarter.lastDay), store.renewalsInRange(portalId, quarter.firstDay, quarter.lastDay)]);
      return { ...selectQuarterData(history, quarter, timeZone), states, renewals };
    }),
  );
  return buildProgramDashboard({ quarters: data, currency: options.currency, targets: options.targets, revenueTargets: program.governance.health.revenueTargets });
}
