import { daysBetween } from '../calendar-date.js';
import type { QuarterData, QuarterEndTotals } from './types.js';

/**
 * The quarter-end states of a quarter totalled as the headline metrics read them (docs/metrics.md
 * "Enablement"): the one definition the stored aggregation of older quarters must agree with.
 */
export function sumQuarterEndStates(data: Pick<QuarterData, 'quarter' | 'states'>): QuarterEndTotals {
  const { firstDay, lastDay } = data.quarter;
  const totals = { partnersInProgram: 0, readinessTotal: 0, readinessScored: 0, certifiedPartners: 0, modulesAssigned: 0, modulesCompleted: 0 };
  const daysToFirstCertification: number[] = [];
  for (const state of data.states) {
    const { agreementSignedOn: signed, firstCertifiedOn: certified } = state;
    // Every partner first certified in the quarter, whether or not it left again.
    if (signed !== null && certified !== null && certified >= firstDay && certified <= lastDay) {
      const elapsed = daysBetween(signed, certified);
      if (elapsed >= 0) daysToFirstCertification.push(elapsed);
    }
    if (state.programStatus === 'exited') continue;
    totals.partnersInProgram += 1;
    if (state.readinessScore !== null) {
      totals.readinessTotal += state.readinessScore;
      totals.readinessScored += 1;
    }
    if (state.certifiedStaff > 0) totals.certifiedPartners += 1;
    totals.modulesAssigned += state.modulesAssigned;
    totals.modulesCompleted += state.modulesCompleted;
  }
  return { ...totals, daysToFirstCertification };
}
