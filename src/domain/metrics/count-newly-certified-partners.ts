import type { QuarterData } from './types.js';

/** Partners whose first certification date falls in the quarter (docs/metrics.md "Enablement"). */
export function countNewlyCertifiedPartners(data: QuarterData): number {
  const { firstDay, lastDay } = data.quarter;
  return data.states.filter((state) => state.firstCertifiedOn !== null && state.firstCertifiedOn >= firstDay && state.firstCertifiedOn <= lastDay).length;
}
