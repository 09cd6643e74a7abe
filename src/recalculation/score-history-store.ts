import type { Redis } from 'ioredis';
import type { ScorePoint, Trend } from '../domain/types.js';
import { TIER_IDS, type TierOrNone } from '../program/program-schema.js';
import { defineRedisScript, pipelineWithScripts, queueRedisScript } from '../redis-script.js';

/** A recorded evaluation of one partner: what the trend is computed from. */
export interface HistoryPoint extends ScorePoint {
  /** The trend written with this evaluation (the previous trend of the next one). */
  trend: Trend;
}

export interface ScoreHistoryStoreOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
  /**
   * Points older than this are dropped, except the newest of them (it still says what the score
   * was when the window opened). Default 60 days: twice the default trend window.
   */
  keepDays?: number;
  /** Most points kept per company, oldest dropped first. Default 200. */
  maxPoints?: number;
}

const MS_PER_DAY = 86_400_000;
/** A company nobody evaluated for this long loses its history (deleted companies clean themselves up). */
const IDLE_EXPIRY_SECONDS = 400 * 24 * 3600;

// KEYS[1] the company's history. ARGV: at, member, cutoff ms, max points, expiry seconds.
// Adds the point, then drops points older than the cutoff except the newest of them, then the
// oldest beyond the cap — in one step, so a concurrent reader never sees a half-trimmed history.
const APPEND_SCRIPT = defineRedisScript('scoreHistoryAppend', `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
local old = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[3])
if old > 1 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, old - 2) end
local size = redis.call('ZCARD', KEYS[1])
local max = tonumber(ARGV[4])
if size > max then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - max - 1) end
redis.call('EXPIRE', KEYS[1], ARGV[5])
return size
`);

/**
 * Score history per partner, in Redis: one small sorted set per company (member = the point,
 * score = its time). Only evaluations that changed the score, tier or trend are recorded (see
 * `shouldRecord`), and the set is bounded by age and count, so a partner costs a few hundred bytes
 * however often it is evaluated.
 */
export class ScoreHistoryStore {
  private readonly prefix: string;
  private readonly keepMs: number;
  private readonly maxPoints: number;

  constructor(
    private readonly redis: Redis,
    options: ScoreHistoryStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pe';
    this.keepMs = (options.keepDays ?? 60) * MS_PER_DAY;
    this.maxPoints = options.maxPoints ?? 200;
  }

  /** The history of each company (oldest first), in one round trip. */
  async read(portalId: string, companyIds: readonly string[]): Promise<Map<string, HistoryPoint[]>> {
    const histories = new Map<string, HistoryPoint[]>();
    if (companyIds.length === 0) return histories;
    const pipeline = this.redis.pipeline();
    for (const companyId of companyIds) pipeline.zrange(this.key(portalId, companyId), 0, -1);
    const results = (await pipeline.exec()) ?? [];
    companyIds.forEach((companyId, index) => {
      const [error, members] = results[index] ?? [null, []];
      if (error) throw error;
      histories.set(companyId, (members as string[]).map(parsePoint).filter((point): point is HistoryPoint => point !== null));
    });
    return histories;
  }

  /** Records points (one or more per company), trimming each history as it goes. */
  async append(portalId: string, points: ReadonlyArray<{ companyId: string; point: HistoryPoint }>): Promise<void> {
    if (points.length === 0) return;
    const pipeline = pipelineWithScripts(this.redis, [APPEND_SCRIPT]);
    for (const { companyId, point } of points) {
      queueRedisScript(pipeline, APPEND_SCRIPT, [this.key(portalId, companyId)], [
        String(point.at),
        formatPoint(point),
        String(point.at - this.keepMs),
        String(this.maxPoints),
        String(IDLE_EXPIRY_SECONDS),
      ]);
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure?.[0]) throw failure[0];
  }

  private key(portalId: string, companyId: string): string {
    return `${this.prefix}:recalc:history:${portalId}:${companyId}`;
  }
}

/** True when an evaluation is worth a point: the first one, or one that changed what a point holds. */
export function shouldRecord(previous: HistoryPoint | undefined, current: Omit<HistoryPoint, 'at'>): boolean {
  return !previous || previous.score !== current.score || previous.tier !== current.tier || previous.trend !== current.trend;
}

/** The newest point strictly before `at`, if any. */
export function latestBefore(history: readonly HistoryPoint[], at: number): HistoryPoint | undefined {
  let latest: HistoryPoint | undefined;
  for (const point of history) if (point.at < at && (!latest || point.at > latest.at)) latest = point;
  return latest;
}

// `at|score|tier|trend`: compact, and unique per company because `at` is.
function formatPoint(point: HistoryPoint): string {
  return `${point.at}|${point.score}|${point.tier}|${point.trend}`;
}

const TIERS = new Set<string>(['none', ...TIER_IDS]);
const TRENDS = new Set<string>(['improving', 'stable', 'declining']);

function parsePoint(member: string): HistoryPoint | null {
  const [at, score, tier, trend] = member.split('|');
  if (at === undefined || score === undefined || !tier || !trend || !TIERS.has(tier) || !TRENDS.has(trend)) return null;
  const point = { at: Number(at), score: Number(score), tier: tier as TierOrNone, trend: trend as Trend };
  return Number.isFinite(point.at) && Number.isFinite(point.score) ? point : null;
}
