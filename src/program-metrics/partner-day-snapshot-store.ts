import { sql, type Kysely, type Selectable } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, PartnerDaySnapshotsTable } from '../db/database-schema.js';
import { trailingTwelveMonths } from '../domain/governance/trailing-twelve-months.js';
import type { CertificationExpiry } from '../domain/metrics/count-renewals.js';
import type { Quarter } from '../domain/governance/types.js';
import type { DealTally, PartnerDaySnapshot, QuarterEndState, QuarterEndStatus, QuarterEndTotals } from '../domain/metrics/types.js';
import type { CalendarDate } from '../domain/types.js';
import type { PartnerDealFigures } from './read-partner-day-snapshot.js';

/** A snapshot row as stored: the snapshot and the expiries that tell renewals apart. */
export interface StoredDaySnapshot {
  snapshot: PartnerDaySnapshot;
  certifications: readonly CertificationExpiry[];
}

/** What the quarter's metrics read of a partner's quarter-end snapshot (`QuarterEndState`). */
const QUARTER_END_COLUMNS = [
  'company_id', 'name', 'tier', 'program_status', 'readiness_score', 'health_score', 'health_status', 'certified_staff',
  'agreement_signed_on', 'first_certified_on', 'modules_assigned', 'modules_completed', 'open_pipeline',
] as const;

/** A row of `quarterEnd`: a partner's quarter-end snapshot, its deal tally, or both. */
type QuarterEndRow = { [column in (typeof QUARTER_END_COLUMNS)[number]]: Selectable<PartnerDaySnapshotsTable>[column] | null } & {
  tally_partner_id: string | null;
  won_deals: number | null;
  won_revenue: string | null;
  lost_deals: number | null;
};

interface SeriesTotalsRow {
  label: string;
  partners: number;
  readiness_total: string;
  readiness_scored: number;
  certified: number;
  modules_assigned: string;
  modules_completed: string;
  days_to_first_certification: (number | string)[];
  due: string;
  renewed: string;
}

const NO_TOTALS = { partnersInProgram: 0, readinessTotal: 0, readinessScored: 0, certifiedPartners: 0, modulesAssigned: 0, modulesCompleted: 0 };

/** Rows per insert statement: well under PostgreSQL's 65,535 bound parameters (22 per row). */
const ROWS_PER_INSERT = 1_000;

/**
 * The program dashboard's daily partner snapshots (docs/data.md, "Partner day snapshots"). A day
 * of a partner is written once: a second write of the same day changes nothing.
 */
export class PartnerDaySnapshotStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the rows that are not there yet; resolves with how many were new. */
  async insert(portalId: string, rows: readonly StoredDaySnapshot[], takenAt: Date = new Date()): Promise<number> {
    let inserted = 0;
    for (let index = 0; index < rows.length; index += ROWS_PER_INSERT) {
      const values = rows.slice(index, index + ROWS_PER_INSERT).map(({ snapshot, certifications }) => ({
        portal_id: portalId,
        company_id: snapshot.companyId,
        day: snapshot.day,
        name: snapshot.name,
        tier: snapshot.tier,
        program_status: snapshot.programStatus,
        readiness_score: snapshot.readinessScore,
        health_score: snapshot.healthScore,
        health_status: snapshot.healthStatus,
        certified_staff: snapshot.certifiedStaff,
        valid_certifications: snapshot.validCertifications,
        agreement_signed_on: snapshot.agreementSignedOn,
        first_certified_on: snapshot.firstCertifiedOn,
        modules_assigned: snapshot.modulesAssigned,
        modules_completed: snapshot.modulesCompleted,
        renewals_due: snapshot.renewalsDue,
        renewals_renewed: snapshot.renewalsRenewed,
        revenue_12m: snapshot.revenue12m,
        open_pipeline: snapshot.openPipeline,
        certifications: JSON.stringify(certifications),
        caught_up: snapshot.caughtUp,
        taken_at: takenAt,
      }));
      const result = await this.db
        .insertInto('partner_day_snapshots')
        .values(values)
        .onConflict((conflict) => conflict.columns(['portal_id', 'company_id', 'day']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  }

  /** The latest day the portal has a snapshot of, or null when it has none. */
  async lastDay(portalId: string): Promise<CalendarDate | null> {
    const row = await this.db.selectFrom('partner_day_snapshots').select((eb) => eb.fn.max('day').as('day')).where('portal_id', '=', portalId).executeTakeFirst();
    return (row?.day as CalendarDate | null | undefined) ?? null;
  }

  /** Each partner's snapshot of `day`, by company id. */
  async onDay(portalId: string, day: CalendarDate): Promise<Map<string, StoredDaySnapshot>> {
    const rows = await this.db.selectFrom('partner_day_snapshots').selectAll().where('portal_id', '=', portalId).where('day', '=', day).execute();
    return new Map(rows.map((row) => [row.company_id, toStored(row)]));
  }

  /** Every snapshot of the portal between two days inclusive, oldest first. */
  async between(portalId: string, from: CalendarDate, to: CalendarDate): Promise<PartnerDaySnapshot[]> {
    const rows = await this.db
      .selectFrom('partner_day_snapshots')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .orderBy('company_id')
      .execute();
    return rows.map((row) => toStored(row).snapshot);
  }

  /**
   * A quarter as its detailed metrics read it (docs/metrics.md "Cost (measured)"): each partner's latest
   * snapshot inside it, and the deals closed in `[closesFrom, closesTo)` tallied per partner as
   * `tallyClosedDeals` does, in one statement whose rows carry both, so that the deals cost no
   * row of their own. A partner with deals and no snapshot, and the direct deals, come as tallies alone.
   */
  async quarterEnd(portalId: string, quarter: Quarter, closesFrom: Date, closesTo: Date): Promise<{ states: QuarterEndState[]; dealTallies: DealTally[] }> {
    const amount = sql`coalesce(amount_in_home_currency, amount, 0)`;
    const columns = sql.join(QUARTER_END_COLUMNS.map((column) => sql.ref(column)));
    const rows = await sql<QuarterEndRow>`
      with ends as (
        select distinct on (company_id) ${columns} from partner_day_snapshots
        where portal_id = ${portalId} and day between ${quarter.firstDay} and ${quarter.lastDay}
        order by company_id, day desc
      ),
      tallies as (
        select partner_company_id, count(*) filter (where is_won)::int as won_deals,
          coalesce(sum(${amount}) filter (where is_won), 0)::text as won_revenue, count(*) filter (where not is_won)::int as lost_deals
        from deal_facts
        where portal_id = ${portalId} and is_closed and closed_at >= ${closesFrom} and closed_at < ${closesTo}
        group by partner_company_id
      )
      select e.*, t.partner_company_id as tally_partner_id, t.won_deals, t.won_revenue, t.lost_deals
      from ends e full join tallies t on t.partner_company_id = e.company_id
      order by e.company_id`.execute(this.db);
    const states: QuarterEndState[] = [];
    const dealTallies: DealTally[] = [];
    for (const row of rows.rows) {
      if (row.company_id !== null) states.push(toQuarterEndState(row as QuarterEndRow & { company_id: string }));
      if (row.won_deals !== null) dealTallies.push({ partnerId: row.tally_partner_id, wonDeals: row.won_deals, wonRevenue: Number(row.won_revenue), lostDeals: row.lost_deals! });
    }
    dealTallies.sort((a, b) => (a.partnerId === null ? -1 : b.partnerId === null ? 1 : a.partnerId.localeCompare(b.partnerId)));
    return { states, dealTallies };
  }

  /** Each partner's program status in its latest snapshot inside the quarter: what exits and retention read of it. */
  async statusesAtEnd(portalId: string, quarter: Quarter): Promise<QuarterEndStatus[]> {
    const rows = await this.db
      .selectFrom('partner_day_snapshots')
      .select(['company_id', 'program_status'])
      .distinctOn('company_id')
      .where('portal_id', '=', portalId)
      .where('day', '>=', quarter.firstDay)
      .where('day', '<=', quarter.lastDay)
      .orderBy('company_id')
      .orderBy('day', 'desc')
      .execute();
    return rows.map((row) => ({ companyId: row.company_id, programStatus: row.program_status as QuarterEndStatus['programStatus'] }));
  }

  /** Renewals due and renewed, summed over the snapshots between two days inclusive. */
  async renewalsInRange(portalId: string, from: CalendarDate, to: CalendarDate): Promise<{ due: number; renewed: number }> {
    const row = await this.db
      .selectFrom('partner_day_snapshots')
      .select([sql<string>`coalesce(sum(renewals_due), 0)`.as('due'), sql<string>`coalesce(sum(renewals_renewed), 0)`.as('renewed')])
      .where('portal_id', '=', portalId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .executeTakeFirst();
    return { due: Number(row?.due ?? 0), renewed: Number(row?.renewed ?? 0) };
  }

  /**
   * For each quarter, its partners' quarter-end states totalled as the headline series reads them
   * (docs/metrics.md "Cost (measured)"), and its renewals: what `sumQuarterEndStates` computes from the states,
   * summed in PostgreSQL so that the quarters shown only in the series send one row each, not one
   * per partner. A quarter without snapshots is all zeros.
   */
  async seriesTotals(portalId: string, quarters: readonly Quarter[]): Promise<Map<string, { totals: QuarterEndTotals; renewals: { due: number; renewed: number } }>> {
    const result = new Map(quarters.map((quarter) => [quarter.label, { totals: { ...NO_TOTALS, daysToFirstCertification: [] as number[] }, renewals: { due: 0, renewed: 0 } }]));
    if (quarters.length === 0) return result;
    const bounds = sql.join(quarters.map((quarter) => sql`(${quarter.label}::text, ${quarter.firstDay}::date, ${quarter.lastDay}::date)`));
    const rows = await sql<SeriesTotalsRow>`
      with bounds (label, first_day, last_day) as (values ${bounds}),
      ends as (
        select distinct on (b.label, s.company_id)
          b.label, b.first_day, b.last_day, s.program_status <> 'exited' as in_program, s.readiness_score, s.certified_staff,
          s.modules_assigned, s.modules_completed, s.agreement_signed_on, s.first_certified_on
        from bounds b
        join partner_day_snapshots s on s.portal_id = ${portalId} and s.day between b.first_day and b.last_day
        order by b.label, s.company_id, s.day desc
      ),
      totals as (
        select label,
          count(*) filter (where in_program)::int as partners,
          coalesce(sum(readiness_score) filter (where in_program), 0)::bigint as readiness_total,
          count(readiness_score) filter (where in_program)::int as readiness_scored,
          count(*) filter (where in_program and certified_staff > 0)::int as certified,
          coalesce(sum(modules_assigned) filter (where in_program), 0)::bigint as modules_assigned,
          coalesce(sum(modules_completed) filter (where in_program), 0)::bigint as modules_completed,
          coalesce(array_agg(first_certified_on - agreement_signed_on) filter (
            where first_certified_on between first_day and last_day and first_certified_on >= agreement_signed_on
          ), '{}') as days_to_first_certification
        from ends group by label
      ),
      renewals as (
        select b.label, coalesce(sum(s.renewals_due), 0)::bigint as due, coalesce(sum(s.renewals_renewed), 0)::bigint as renewed
        from bounds b
        join partner_day_snapshots s on s.portal_id = ${portalId} and s.day between b.first_day and b.last_day
        group by b.label
      )
      select t.*, r.due, r.renewed from totals t join renewals r using (label)`.execute(this.db);
    for (const row of rows.rows) {
      result.set(row.label, {
        totals: {
          partnersInProgram: row.partners,
          readinessTotal: Number(row.readiness_total),
          readinessScored: row.readiness_scored,
          certifiedPartners: row.certified,
          modulesAssigned: Number(row.modules_assigned),
          modulesCompleted: Number(row.modules_completed),
          daysToFirstCertification: row.days_to_first_certification.map(Number),
        },
        renewals: { due: Number(row.due), renewed: Number(row.renewed) },
      });
    }
    return result;
  }

  /**
   * Every partner's deal figures over the trailing 12 months up to `day` in `timeZone`, from the
   * deal mirror (docs/governance.md "Partner-sourced deals").
   */
  async dealFigures(portalId: string, day: CalendarDate, timeZone: string): Promise<Map<string, PartnerDealFigures>> {
    const window = trailingTwelveMonths(day);
    const from = DateTime.fromISO(window.from, { zone: timeZone }).startOf('day').toJSDate();
    const to = DateTime.fromISO(window.to, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();
    const amount = sql<string>`coalesce(amount_in_home_currency, amount, 0)`;
    const inWindow = sql<boolean>`is_closed and closed_at >= ${from} and closed_at < ${to}`;
    const rows = await this.db
      .selectFrom('deal_facts')
      .select([
        'partner_company_id',
        sql<string>`coalesce(sum(${amount}) filter (where is_won and ${inWindow}), 0)`.as('revenue'),
        sql<string>`coalesce(sum(${amount}) filter (where not is_closed and ${amount} > 0), 0)`.as('pipeline'),
        sql<number>`count(*) filter (where is_won and ${inWindow})::int`.as('won'),
        sql<number>`count(*) filter (where not is_won and ${inWindow})::int`.as('lost'),
      ])
      .where('portal_id', '=', portalId)
      .where('partner_company_id', 'is not', null)
      .groupBy('partner_company_id')
      .execute();
    return new Map(
      rows.map((row) => [row.partner_company_id!, { revenue12m: Number(row.revenue), openPipeline: Number(row.pipeline), wonDeals12m: row.won, lostDeals12m: row.lost }]),
    );
  }
}


function toQuarterEndState(row: QuarterEndRow & { company_id: string }): QuarterEndState {
  return {
    companyId: row.company_id,
    name: row.name,
    tier: row.tier as QuarterEndState['tier'],
    programStatus: row.program_status as QuarterEndState['programStatus'],
    readinessScore: row.readiness_score,
    healthScore: row.health_score,
    healthStatus: row.health_status as QuarterEndState['healthStatus'],
    certifiedStaff: row.certified_staff!,
    agreementSignedOn: row.agreement_signed_on,
    firstCertifiedOn: row.first_certified_on,
    modulesAssigned: row.modules_assigned!,
    modulesCompleted: row.modules_completed!,
    openPipeline: Number(row.open_pipeline),
  };
}

function toStored(row: Omit<Selectable<PartnerDaySnapshotsTable>, 'portal_id' | 'taken_at'>): StoredDaySnapshot {
  return {
    snapshot: {
      companyId: row.company_id,
      day: row.day,
      name: row.name,
      tier: row.tier as PartnerDaySnapshot['tier'],
      programStatus: row.program_status as PartnerDaySnapshot['programStatus'],
      readinessScore: row.readiness_score,
      healthScore: row.health_score,
      healthStatus: row.health_status as PartnerDaySnapshot['healthStatus'],
      certifiedStaff: row.certified_staff,
      validCertifications: row.valid_certifications,
      agreementSignedOn: row.agreement_signed_on,
      firstCertifiedOn: row.first_certified_on,
      modulesAssigned: row.modules_assigned,
      modulesCompleted: row.modules_completed,
      renewalsDue: row.renewals_due,
      renewalsRenewed: row.renewals_renewed,
      revenue12m: Number(row.revenue_12m),
      openPipeline: Number(row.open_pipeline),
      caughtUp: row.caught_up,
    },
    certifications: row.certifications as CertificationExpiry[],
  };
}
