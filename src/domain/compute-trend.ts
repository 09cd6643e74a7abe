import type { Program, TierOrNone } from '../program/program-schema.js';
import { tierRank } from './tier-requirements.js';
import type { ScorePoint, Trend } from './types.js';

const MS_PER_DAY = 86_400_000;

/** The evaluation the trend is computed for. */
export interface CurrentScore {
  /** Epoch milliseconds of the evaluation. */
  at: number;
  score: number;
  tier: TierOrNone;
}

/**
 * `declining` when the score is at least `thresholdPoints` below the highest score of the previous
 * `windowDays` days, or the tier is lower than at the latest earlier point (however old);
 * `improving` when at least `thresholdPoints` above the lowest score of that window; else `stable`.
 * The window is the points with `current.at − windowDays × 24 h ≤ at < current.at` (instants, so no
 * time zone is involved; a point exactly at the start counts). Declining wins over improving when a
 * volatile window satisfies both: a drop is what someone must act on. No history is `stable`.
 */
export function computeTrend(history: readonly ScorePoint[], current: CurrentScore, program: Program): Trend {
  const windowStart = current.at - program.trend.windowDays * MS_PER_DAY;
  let highest = -Infinity;
  let lowest = Infinity;
  let latest: ScorePoint | undefined;
  for (const point of history) {
    if (point.at >= current.at) continue;
    if (!latest || point.at > latest.at) latest = point;
    if (point.at < windowStart) continue;
    highest = Math.max(highest, point.score);
    lowest = Math.min(lowest, point.score);
  }
  const threshold = program.trend.thresholdPoints;
  const tierWentDown = latest !== undefined && tierRank(current.tier) < tierRank(latest.tier);
  if (tierWentDown || highest - current.score >= threshold) return 'declining';
  if (current.score - lowest >= threshold) return 'improving';
  return 'stable';
}

/** True when the trend has just become `declining`: the moment to escalate, once. */
export function entersDeclining(previous: Trend | null, current: Trend): boolean {
  return current === 'declining' && previous !== 'declining';
}
