import { daysBetween } from '../calendar-date.js';
import { medianOf } from './median-of.js';
import type { QuarterData } from './types.js';

/**
 * Median days from agreement to first certification over partners first certified in the quarter,
 * leaving out those certified before their agreement (docs/metrics.md "Enablement").
 */
export function medianDaysToFirstCertification(data: QuarterData): number | null {
  const { firstDay, lastDay } = data.quarter;
  const days: number[] = [];
  for (const state of data.states) {
    const { agreementSignedOn: signed, firstCertifiedOn: certified } = state;
    if (signed === null || certified === null || certified < firstDay || certified > lastDay) continue;
    const elapsed = daysBetween(signed, certified);
    if (elapsed >= 0) days.push(elapsed);
  }
  return medianOf(days);
}
