import { todayIn } from '../calendar-date.js';
import { quarterContaining } from '../governance/quarter-containing.js';
import type { Quarter } from '../governance/types.js';
import { previousQuarter } from './previous-quarter.js';

/**
 * The latest quarter whose close has passed at `now` in the portal's `timeZone`: the one before
 * the quarter today falls in (docs/metrics.md "Quarters and time zones").
 */
export function lastClosedQuarter(now: number, timeZone: string, fiscalYearStartMonth: number): Quarter {
  return previousQuarter(quarterContaining(todayIn(timeZone, now), fiscalYearStartMonth), fiscalYearStartMonth);
}
