import { medianOf } from './median-of.js';
import type { QuarterEndTotals } from './types.js';

/**
 * Median days from agreement to first certification over partners first certified in the quarter,
 * leaving out those certified before their agreement (docs/metrics.md "Enablement").
 */
export function medianDaysToFirstCertification(totals: Pick<QuarterEndTotals, 'daysToFirstCertification'>): number | null {
  return medianOf(totals.daysToFirstCertification);
}
