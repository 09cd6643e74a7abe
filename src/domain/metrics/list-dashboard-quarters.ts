import type { Quarter } from '../governance/types.js';
import { previousQuarter } from './previous-quarter.js';

/**
 * The quarters a dashboard reads, oldest first and `reported` last: eight for the series and the
 * one before them for the first trend (docs/metrics.md "Trend series").
 */
export function listDashboardQuarters(reported: Quarter, fiscalYearStartMonth: number, count = 9): Quarter[] {
  const quarters = [reported];
  while (quarters.length < count) quarters.unshift(previousQuarter(quarters[0]!, fiscalYearStartMonth));
  return quarters;
}
