import type { QuarterData } from './types.js';

/** Partner-sourced deals won in the quarter: their count and amount in minor units (docs/metrics.md "Revenue and pipeline"). */
export function sumPartnerRevenue(data: Pick<QuarterData, 'dealTallies'>): { wonDeals: number; revenue: number } {
  let wonDeals = 0;
  let revenue = 0;
  for (const tally of data.dealTallies) {
    if (tally.partnerId === null) continue;
    wonDeals += tally.wonDeals;
    revenue += tally.wonRevenue;
  }
  return { wonDeals, revenue };
}
