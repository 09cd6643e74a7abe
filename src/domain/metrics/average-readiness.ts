import { roundToTenth } from './round-to-tenth.js';
import type { QuarterEndTotals } from './types.js';

/** Mean readiness score of the partners in the program at quarter end that have one (docs/metrics.md "Enablement"). */
export function averageReadiness(totals: Pick<QuarterEndTotals, 'readinessTotal' | 'readinessScored'>): number | null {
  return totals.readinessScored === 0 ? null : roundToTenth(totals.readinessTotal / totals.readinessScored);
}
