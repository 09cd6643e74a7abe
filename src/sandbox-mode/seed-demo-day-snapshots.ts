import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/database-schema.js';
import { todayIn } from '../domain/calendar-date.js';
import { evaluatePartner } from '../domain/evaluate-partner.js';
import { quarterContaining } from '../domain/governance/quarter-containing.js';
import { countRenewals } from '../domain/metrics/count-renewals.js';
import { lastClosedQuarter } from '../domain/metrics/last-closed-quarter.js';
import { listDashboardQuarters } from '../domain/metrics/list-dashboard-quarters.js';
import type { CalendarDate } from '../domain/types.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import { readDate } from '../hubspot/read-property-value.js';
import { PartnerDaySnapshotStore, type StoredDaySnapshot } from '../program-metrics/partner-day-snapshot-store.js';
import { NO_DEAL_FIGURES, readPartnerDaySnapshot, type PartnerDealFigures } from '../program-metrics/read-partner-day-snapshot.js';
import type { Program, TierOrNone } from '../program/program-schema.js';
import { TIER_IDS } from '../program/program-schema.js';
import { sweepPartnerIds } from '../recalculation/sweep-partner-ids.js';

const ignore = () => undefined;

/** What the seeding needs of the running services (sandbox mode passes its `Services`). */
export interface DemoDaySnapshotServices {
  db: Kysely<Database>;
  portalId: string;
  program: Program;
  /** The portal's time zone: days and quarters follow it. */
  portalTimeZone: string;
  repositoryFor(portalId: string): Pick<PartnerRepository, 'searchPartnerIds' | 'loadPartners'>;
  conflictIndex: { isEmpty(portalId: string): Promise<boolean> };
  conflictIndexUpdaterFor(portalId: string): { repair(): Promise<unknown> };
}

export interface DemoDaySnapshotsOutcome {
  /** The past days written, oldest first; empty when the portal already had history. */
  days: CalendarDate[];
  inserted: number;
}

/**
 * The days the dashboard reads for its nine quarters (docs/metrics.md "Daily snapshots": a
 * partner's state at quarter end is its latest snapshot inside the quarter): each quarter's last day.
 */
function quarterEndDays(now: number, timeZone: string, fiscalYearStartMonth: number): CalendarDate[] {
  const closed = lastClosedQuarter(now, timeZone, fiscalYearStartMonth);
  return listDashboardQuarters(closed, fiscalYearStartMonth).map((quarter) => quarter.lastDay);
}

/** True when the portal has a snapshot of a day before `today`: it has history, and none is invented. */
async function hasHistory(db: Kysely<Database>, portalId: string, today: CalendarDate): Promise<boolean> {
  const row = await db.selectFrom('partner_day_snapshots').select('day').where('portal_id', '=', portalId).where('day', '<', today).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Each partner's open pipeline at the end of `day`: its deals with an amount that were not closed
 * by then (open now, or closed later). The mirror keeps no creation date, so a deal counts as open
 * from the start of the history (docs/metrics.md "The demo portal").
 */
async function openPipelineOn(db: Kysely<Database>, portalId: string, day: CalendarDate, timeZone: string): Promise<Map<string, number>> {
  const dayEnds = DateTime.fromISO(day, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();
  const amount = sql<string>`coalesce(amount_in_home_currency, amount, 0)`;
  const rows = await db
    .selectFrom('deal_facts')
    .select(['partner_company_id', sql<string>`coalesce(sum(${amount}), 0)`.as('pipeline')])
    .where('portal_id', '=', portalId)
    .where('partner_company_id', 'is not', null)
    .where(sql<boolean>`${amount} > 0 and (not is_closed or closed_at >= ${dayEnds})`)
    .groupBy('partner_company_id')
    .execute();
  return new Map(rows.map((row) => [row.partner_company_id!, Number(row.pipeline)]));
}

/** The official tier of each partner per quarter label, where quarter closes recorded one. */
async function closedQuarterTiers(db: Kysely<Database>, portalId: string): Promise<Map<string, TierOrNone>> {
  const rows = await db.selectFrom('tier_snapshots').select(['company_id', 'quarter', 'tier_after']).where('portal_id', '=', portalId).execute();
  const tiers = new Map<string, TierOrNone>();
  for (const row of rows) {
    if ((['none', ...TIER_IDS] as string[]).includes(row.tier_after)) tiers.set(`${row.company_id}:${row.quarter}`, row.tier_after as TierOrNone);
  }
  return tiers;
}

/**
 * The company as it stood on `day`: the tier (the quarter close's when there is one, else the
 * readiness tier the rules give that day) and readiness score of that day; health left to be
 * computed from that day's deal figures; not yet exited when the exit came later. Null before the
 * partner's agreement: it was not in the program yet.
 */
function companyOn(company: HubSpotRecord, contacts: readonly HubSpotRecord[], program: Program, day: CalendarDate, quarterTier: TierOrNone | undefined): HubSpotRecord | null {
  const { snapshot } = readPartnerSnapshot(company, contacts, program);
  const raw = company.properties;
  const signed = readDate(raw.pe_agreement_signed_on, snapshot.timeZone, ignore);
  if (signed !== null && signed > day) return null;
  const evaluation = evaluatePartner(snapshot, program, day);
  const exitedOn = readDate(raw.pe_exit_confirmed_on, snapshot.timeZone, ignore);
  const exitedLater = raw.pe_program_status === 'exited' && (exitedOn === null || exitedOn > day);
  return {
    ...company,
    properties: {
      ...raw,
      pe_tier: quarterTier ?? evaluation.tier,
      pe_readiness_score: String(evaluation.score),
      pe_health_score: '',
      pe_health_status: '',
      ...(exitedLater ? { pe_program_status: 'active' } : {}),
    },
  };
}

/**
 * docs/metrics.md "The demo portal": the dashboard reads history from daily snapshots, so a fresh
 * sandbox would show a last closed quarter of "—" and empty charts. The demo portal stands for an
 * installation that has been running (as {@link seedDemoHistory} does for the trend): when the
 * portal has no snapshot before today, each partner's state at the end of each of the nine
 * quarters the dashboard reads is derived from the demo data as of that day — trailing revenue
 * and pipeline from the deal mirror, certifications valid that day from their earned dates, the
 * tier of that day — through the product's own snapshot builder, and stored marked caught up.
 * Only sandbox mode calls this; a real portal's history is never invented.
 */
export async function seedDemoDaySnapshots(services: DemoDaySnapshotServices, now: number = Date.now()): Promise<DemoDaySnapshotsOutcome> {
  const { db, portalId, program, portalTimeZone: timeZone } = services;
  const today = todayIn(timeZone, now);
  if (await hasHistory(db, portalId, today)) return { days: [], inserted: 0 };
  // The deal mirror is filled by the first start's index repair; the past is read from it, so fill it now.
  if (await services.conflictIndex.isEmpty(portalId)) await services.conflictIndexUpdaterFor(portalId).repair();

  const fiscal = program.governance.fiscalYearStartMonth;
  const days = quarterEndDays(now, timeZone, fiscal).filter((day) => day < today);
  const store = new PartnerDaySnapshotStore(db);
  const tiers = await closedQuarterTiers(db, portalId);
  const figuresByDay = new Map<CalendarDate, { deals: Map<string, PartnerDealFigures>; pipeline: Map<string, number> }>();
  for (const day of days) {
    figuresByDay.set(day, { deals: await store.dealFigures(portalId, day, timeZone), pipeline: await openPipelineOn(db, portalId, day, timeZone) });
  }

  const repository = services.repositoryFor(portalId);
  let inserted = 0;
  await sweepPartnerIds(repository, async (ids) => {
    const { partners } = await repository.loadPartners(ids);
    const rows: StoredDaySnapshot[] = [];
    for (const { company, contacts } of partners) {
      let previous: StoredDaySnapshot | null = null;
      for (const day of days) {
        const asOfDay = companyOn(company, contacts, program, day, tiers.get(`${company.id}:${quarterContaining(day, fiscal).label}`));
        if (asOfDay === null) continue;
        const { deals, pipeline } = figuresByDay.get(day)!;
        const figures = { ...(deals.get(company.id) ?? NO_DEAL_FIGURES), openPipeline: pipeline.get(company.id) ?? 0 };
        const taken = readPartnerDaySnapshot(asOfDay, contacts, figures, program, day);
        const renewals = countRenewals(previous?.certifications ?? null, previous?.snapshot.day ?? null, taken.certifications, day, program.gracePeriodDays);
        const row: StoredDaySnapshot = { snapshot: { ...taken.snapshot, renewalsDue: renewals.due, renewalsRenewed: renewals.renewed, caughtUp: true }, certifications: taken.certifications };
        rows.push(row);
        previous = row;
      }
    }
    inserted += await store.insert(portalId, rows, new Date(now));
  });
  return { days, inserted };
}
