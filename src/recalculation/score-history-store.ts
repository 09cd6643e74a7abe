import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { CalendarDate, ScorePoint, Trend } from '../domain/types.js';
import { TIER_IDS, type TierOrNone } from '../program/program-schema.js';

/** A recorded evaluation of one partner: what the trend is computed from. */
export interface HistoryPoint extends ScorePoint {
  /** The partner's calendar day (its time zone) the point belongs to: at most one point per day. */
  day: CalendarDate;
  /** The trend written with this evaluation (the previous trend of the next one). */
  trend: Trend;
}

export interface ScoreHistoryStoreOptions {
  /**
   * Points read back: those of this many days before now, and the newest older one (it still
   * says what the score was when the window opened). Default 60 days: twice the default trend window.
   */
  readDays?: number;
}

const MS_PER_DAY = 86_400_000;
const TIERS = new Set<string>(['none', ...TIER_IDS]);
const TRENDS = new Set<string>(['improving', 'stable', 'declining']);

/**
 * Score history per partner, in PostgreSQL (`score_points`): at most one point per partner per
 * day, the day's first recorded evaluation (the primary key keeps it so: a later one of the same
 * day, a retried batch or a re-delivered event inserts nothing). The trend is computed from the
 * points of earlier days only, so it does not depend on how often a partner is evaluated.
 */
export class ScoreHistoryStore {
  private readonly readMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: ScoreHistoryStoreOptions = {},
  ) {
    this.readMs = (options.readDays ?? 60) * MS_PER_DAY;
  }

  /** The recent history of each company (oldest first) as of `now`: two queries for the whole batch. */
  async read(portalId: string, companyIds: readonly string[], now: number): Promise<Map<string, HistoryPoint[]>> {
    const histories = new Map<string, HistoryPoint[]>(companyIds.map((companyId) => [companyId, []]));
    if (companyIds.length === 0) return histories;
    const since = new Date(now - this.readMs);
    const columns = ['company_id', 'day', 'at', 'score', 'tier', 'trend'] as const;
    const [older, recent] = await Promise.all([
      this.db
        .selectFrom('score_points')
        .select(columns)
        .distinctOn('company_id')
        .where('portal_id', '=', portalId)
        .where('company_id', 'in', companyIds)
        .where('at', '<', since)
        .orderBy('company_id')
        .orderBy('at', 'desc')
        .execute(),
      this.db
        .selectFrom('score_points')
        .select(columns)
        .where('portal_id', '=', portalId)
        .where('company_id', 'in', companyIds)
        .where('at', '>=', since)
        .orderBy('company_id')
        .orderBy('at')
        .execute(),
    ]);
    for (const row of [...older, ...recent]) {
      const point = toPoint(row);
      if (point) histories.get(row.company_id)?.push(point);
    }
    return histories;
  }

  /** Records points, one multi-row statement; a company's day that has a point already keeps it. */
  async append(portalId: string, points: ReadonlyArray<{ companyId: string; point: HistoryPoint }>, db: Kysely<Database> = this.db): Promise<void> {
    if (points.length === 0) return;
    await db
      .insertInto('score_points')
      .values(
        points.map(({ companyId, point }) => ({
          portal_id: portalId,
          company_id: companyId,
          day: point.day,
          at: new Date(point.at),
          score: point.score,
          tier: point.tier,
          trend: point.trend,
        })),
      )
      .onConflict((conflict) => conflict.columns(['portal_id', 'company_id', 'day']).doNothing())
      .execute();
  }
}

/** True when an evaluation is worth a point: the first one, or one that changed what a point holds. */
export function shouldRecord(previous: HistoryPoint | undefined, current: Omit<HistoryPoint, 'at' | 'day'>): boolean {
  return !previous || previous.score !== current.score || previous.tier !== current.tier || previous.trend !== current.trend;
}

/** The newest point strictly before `at`, if any. */
export function latestBefore(history: readonly HistoryPoint[], at: number): HistoryPoint | undefined {
  let latest: HistoryPoint | undefined;
  for (const point of history) if (point.at < at && (!latest || point.at > latest.at)) latest = point;
  return latest;
}

function toPoint(row: { day: string; at: Date; score: number; tier: string; trend: string }): HistoryPoint | null {
  if (!TIERS.has(row.tier) || !TRENDS.has(row.trend)) return null;
  return { day: row.day as CalendarDate, at: row.at.getTime(), score: row.score, tier: row.tier as TierOrNone, trend: row.trend as Trend };
}
