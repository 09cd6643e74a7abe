import { sql, type Kysely, type Selectable } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, PartnerDaySnapshotsTable } from '../db/database-schema.js';
import { trailingTwelveMonths } from '../domain/governance/trailing-twelve-months.js';
import type { CertificationExpiry } from '../domain/metrics/count-renewals.js';
import type { PartnerDaySnapshot } from '../domain/metrics/types.js';
import type { CalendarDate } from '../domain/types.js';
import type { PartnerDealFigures } from './read-partner-day-snapshot.js';

/** A snapshot row as stored: the snapshot and the expiries that tell renewals apart. */
export interface StoredDaySnapshot {
  snapshot: PartnerDaySnapshot;
  certifications: readonly CertificationExpiry[];
}

const SNAPSHOT_COLUMNS = [
  'company_id', 'day', 'name', 'tier', 'program_status', 'readiness_score', 'health_score', 'health_status', 'certified_staff',
  'valid_certifications', 'agreement_signed_on', 'first_certified_on', 'modules_assigned', 'modules_completed', 'renewals_due',
  'renewals_renewed', 'revenue_12m', 'open_pipeline', 'caught_up',
] as const;

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

  /** Each partner's latest snapshot between two days inclusive (its state at the end of that range), by company id. */
  async latestInRange(portalId: string, from: CalendarDate, to: CalendarDate): Promise<PartnerDaySnapshot[]> {
    const rows = await this.db
      .selectFrom('partner_day_snapshots')
      // Not the certification expiries: the dashboard reads none, and they are the bulk of a row.
      .select(SNAPSHOT_COLUMNS)
      .distinctOn('company_id')
      .where('portal_id', '=', portalId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('company_id')
      .orderBy('day', 'desc')
      .execute();
    return rows.map((row) => toStored({ ...row, certifications: [] }).snapshot);
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
