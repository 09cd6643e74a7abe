import type { QuarterData } from './types.js';

/** Partners whose agreement date falls in the quarter, whether or not they left again (docs/metrics.md "Partners who join or leave"). */
export function countOnboardedPartners(data: QuarterData): number {
  const { firstDay, lastDay } = data.quarter;
  return data.states.filter((state) => state.agreementSignedOn !== null && state.agreementSignedOn >= firstDay && state.agreementSignedOn <= lastDay).length;
}
