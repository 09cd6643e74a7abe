import { percentOf } from './percent-of.js';
import type { QuarterEndTotals } from './types.js';

/** Modules completed / assigned over the partners in the program at quarter end, in percent (docs/metrics.md "Enablement"). */
export function measureTrainingCompletion(totals: Pick<QuarterEndTotals, 'modulesAssigned' | 'modulesCompleted'>): number | null {
  return percentOf(totals.modulesCompleted, totals.modulesAssigned);
}
