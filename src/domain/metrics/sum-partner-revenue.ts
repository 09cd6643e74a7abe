import { dealAmount } from './deal-amount.js';
import type { QuarterData } from './types.js';

/** Partner-sourced deals won in the quarter: their count and amount in minor units (docs/metrics.md "Revenue and pipeline"). */
export function sumPartnerRevenue(data: QuarterData): { wonDeals: number; revenue: number } {
  let wonDeals = 0;
  let revenue = 0;
  for (const deal of data.closedDeals) {
    if (deal.partnerCompanyId === null || !deal.isWon) continue;
    wonDeals += 1;
    revenue += dealAmount(deal);
  }
  return { wonDeals, revenue };
}
