import type { TierOrNone } from '../../program/program-schema.js';
import type { QuarterData } from './types.js';

export interface TopPartner {
  companyId: string;
  name: string | null;
  tier: TierOrNone | null;
  revenue: number;
  wonDeals: number;
}

/** The partners with the most partner-sourced revenue won in the quarter, ties by id (docs/metrics.md "Revenue and pipeline"). */
export function rankTopPartners(data: QuarterData, limit = 10): TopPartner[] {
  const totals = new Map<string, { revenue: number; wonDeals: number }>();
  for (const tally of data.dealTallies) {
    if (tally.partnerId === null || tally.wonDeals === 0) continue;
    totals.set(tally.partnerId, { revenue: tally.wonRevenue, wonDeals: tally.wonDeals });
  }
  const top = [...totals].sort(([idA, a], [idB, b]) => b.revenue - a.revenue || idA.localeCompare(idB)).slice(0, limit);
  // Only the listed partners' states are looked up: the program may have thousands.
  const listed = new Set(top.map(([companyId]) => companyId));
  const states = new Map(data.states.filter((state) => listed.has(state.companyId)).map((state) => [state.companyId, state]));
  return top.map(([companyId, total]) => ({ companyId, name: states.get(companyId)?.name ?? null, tier: states.get(companyId)?.tier ?? null, ...total }));
}
