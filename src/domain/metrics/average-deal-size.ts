import { sumPartnerRevenue } from './sum-partner-revenue.js';
import type { QuarterData } from './types.js';

/** Partner-sourced revenue per won deal, rounded down to a minor unit; null without a won deal (docs/metrics.md "Revenue and pipeline"). */
export function averageDealSize(data: Pick<QuarterData, 'dealTallies'>): number | null {
  const { wonDeals, revenue } = sumPartnerRevenue(data);
  return wonDeals === 0 ? null : Math.floor(revenue / wonDeals);
}
