import { computeTrend, type CurrentScore } from '../domain/compute-trend.js';
import type { ScorePoint, Trend } from '../domain/types.js';
import type { Program } from '../program/program-schema.js';

const MS_PER_DAY = 86_400_000;

/**
 * The trend of an evaluation from the partner's recorded history.
 *
 * History records only evaluations that changed something, so a score that held steady for
 * months has a single point, older than the window. It was still the partner's score when the
 * window opened: that point is moved to the window's start before the rules look at it, so a
 * drop after a long plateau counts as a drop. (Without this, the rules would need a point per
 * partner per day to see the plateau.)
 */
export function trendFromHistory(history: readonly ScorePoint[], current: CurrentScore, program: Program): Trend {
  const windowStart = current.at - program.trend.windowDays * MS_PER_DAY;
  let carried: ScorePoint | undefined;
  const inWindow: ScorePoint[] = [];
  for (const point of history) {
    if (point.at >= current.at) continue;
    if (point.at >= windowStart) inWindow.push(point);
    else if (!carried || point.at > carried.at) carried = point;
  }
  const points = carried ? [{ ...carried, at: windowStart }, ...inWindow] : inWindow;
  return computeTrend(points, current, program);
}
