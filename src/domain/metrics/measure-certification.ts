import { percentOf } from './percent-of.js';
import type { QuarterEndTotals } from './types.js';

/**
 * Partners in the program at quarter end with at least one certified staff member, and their
 * percentage of all partners in the program (docs/metrics.md "Enablement").
 */
export function measureCertification(totals: Pick<QuarterEndTotals, 'certifiedPartners' | 'partnersInProgram'>): { certifiedPartners: number; completionPercent: number | null } {
  return { certifiedPartners: totals.certifiedPartners, completionPercent: percentOf(totals.certifiedPartners, totals.partnersInProgram) };
}
